"""Overview: crosstabs and charts."""
