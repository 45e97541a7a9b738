"""The codebook editor and its undoable commands."""
