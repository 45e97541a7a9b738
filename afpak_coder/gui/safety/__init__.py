"""Keeping the project safe: folding saved work into the file when idle, checking the project,
listing and restoring backups."""
