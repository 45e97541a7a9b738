"""The coding workspace: document list, document view, coding panel, claims list, find and search."""
