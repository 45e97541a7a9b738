"""Helpers shared by the GUI tests."""


class CoderChoice:
    """Stands in for the "Who is coding?" dialog: answers with a name (existing or new) or None."""

    def __init__(self, name="Ayesha"):
        self.name = name
        self.asked = 0

    def __call__(self, coders, current):
        self.asked += 1
        if self.name is None:
            return None
        return next((c for c in coders if c.name == self.name), self.name)
