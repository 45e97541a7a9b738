"""Actors named in a passage, by their name or any alias: the workspace offers them first and the
suggestions rank them first."""

from __future__ import annotations

import re

from afpak_coder.core.records import Actor


def actors_mentioned(text: str, actors: list[Actor]) -> list[Actor]:
    """Actors whose name or an alias occurs in ``text`` as whole words, by first occurrence.
    Longer names win where one name contains another ("Pakistani Taliban" over "Taliban")."""
    spans: list[tuple[int, int, Actor]] = []
    for actor in actors:
        for name in (actor.name, *actor.aliases):
            if len(name) < 2:
                continue
            pattern = r"(?<!\w)" + re.escape(name) + r"(?!\w)"
            for match in re.finditer(pattern, text, flags=re.IGNORECASE):
                spans.append((match.start(), match.end(), actor))
    spans.sort(key=lambda s: (s[0], -(s[1] - s[0])))
    found: list[Actor] = []
    covered_until = -1
    for start, end, actor in spans:
        if start < covered_until:
            continue  # inside a longer name already matched
        covered_until = end
        if actor not in found:
            found.append(actor)
    return found
