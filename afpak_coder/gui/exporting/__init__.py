"""Exporting the coded dataset."""
