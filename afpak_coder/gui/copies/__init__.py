"""Coder copies: making them and merging them back."""
