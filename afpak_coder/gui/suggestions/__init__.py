"""Suggestions while coding: chips in the coding panel, candidate sentences in the margin, and the quality dialog."""
