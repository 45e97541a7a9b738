"""Documents as cases: the documents table with their metadata, variables and claim counts."""
