"""Coder agreement: the report dialog, disagreements and reconciling into a consensus."""
