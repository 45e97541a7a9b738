"""Actors named in a passage, by their name or any alias: the workspace offers them first and the
suggestions rank them first."""

from __future__ import annotations

import re
from functools import lru_cache

from afpak_coder.core.records import Actor


def actors_mentioned(text: str, actors: list[Actor]) -> list[Actor]:
    """Actors whose name or an alias occurs in ``text`` as whole words, by first occurrence.
    Longer names win where one name contains another ("Pakistani Taliban" over "Taliban")."""
    pattern, by_name = _names_pattern(tuple((actor.name, tuple(actor.aliases)) for actor in actors))
    if pattern is None:
        return []
    by_key = {key: actors[index] for key, index in by_name.items()}
    found: list[Actor] = []
    # One pass: at each position the alternation tries longer names first, and a match is never
    # searched for inside a longer one already taken.
    for match in pattern.finditer(text):
        actor = by_key.get(match.group().lower()) or _by_full_match(match.group(), actors)
        if actor is not None and actor not in found:
            found.append(actor)
    return found


@lru_cache(maxsize=16)
def _names_pattern(entries: tuple[tuple[str, tuple[str, ...]], ...]) -> tuple[re.Pattern | None, dict[str, int]]:
    """One compiled pattern for every name and alias (cached: the codebook rarely changes), and
    each lower-cased name's actor index (the first actor wins where two share a name)."""
    by_name: dict[str, int] = {}
    for index, (name, aliases) in enumerate(entries):
        for each in (name, *aliases):
            if len(each) >= 2:
                by_name.setdefault(each.lower(), index)
    if not by_name:
        return None, {}
    names = sorted({each for name, aliases in entries for each in (name, *aliases) if len(each) >= 2},
                   key=lambda each: (-len(each), each))
    alternation = "|".join(re.escape(each) for each in names)
    return re.compile(rf"(?<!\w)(?:{alternation})(?!\w)", re.IGNORECASE), by_name


def _by_full_match(matched: str, actors: list[Actor]) -> Actor | None:
    """Case-insensitive matches whose lower case differs from the name's (rare letters)."""
    for actor in actors:
        for name in (actor.name, *actor.aliases):
            if re.fullmatch(re.escape(name), matched, flags=re.IGNORECASE):
                return actor
    return None
