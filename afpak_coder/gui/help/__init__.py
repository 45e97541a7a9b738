"""Help menu: the user guide, the About box."""
