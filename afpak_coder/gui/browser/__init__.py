"""The claims browser (Analysis → Claims): every claim of the project, filtered and sorted."""
