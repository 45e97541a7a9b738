"""Analysis → Networks: the discourse network drawn, its matrix, centralities and the claims behind an edge."""
