"""Analysis over project data (frames, crosstabs, agreement): pure functions, no Qt."""
