"""Importing documents: file choice, preview, column mapping, report, metadata editing."""
