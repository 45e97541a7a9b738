"""Errors of making coder copies and merging them; each message is one line naming the file."""

from __future__ import annotations

from afpak_coder.core.errors import AfpakError


class CoderCopyError(AfpakError):
    """A coder copy cannot be made (the master is itself a copy, the output exists, ...)."""


class MergeInputError(AfpakError):
    """A file given to merge cannot be merged as it is."""


class ForeignCopyError(MergeInputError):
    """The file is not a coder copy of this master (another project, or no coder copy at all);
    merging it needs confirmation (the CLI's ``--force``)."""


class SameProjectError(MergeInputError):
    """The file is the master itself, or a coder copy already given in the same merge."""


class MergeConflictError(AfpakError):
    """The master changed while the merge was being worked out; nothing was written."""
