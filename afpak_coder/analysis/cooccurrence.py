"""Which themes go together: theme × theme co-occurrence, and the claims behind each number.

Two ways of going together (``mode``), always within one coder's claims (two coders coding the same
passage is agreement, not co-occurrence):

* ``"overlap"``: two claims whose spans share at least one character. A cell counts such pairs of
  claims; the diagonal counts pairs of overlapping claims on the same theme.
* ``"document"``: two themes coded in the same document by the same coder. A cell counts such
  (document, coder) units; the diagonal counts the units in which the theme occurs at all.

``level`` "theme" uses every theme by its path, "top" the top-level themes. Input is a claims frame
(``Project.claims_frame`` columns: claim_id, document_id, coder, theme_path, top_theme, start, end).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence

import pandas as pd

MODES = ("overlap", "document")


def _theme_column(level: str) -> str:
    if level not in ("theme", "top"):
        raise ValueError(f"theme level must be 'theme' or 'top', not {level!r}")
    return "theme_path" if level == "theme" else "top_theme"


def _groups(frame: pd.DataFrame, column: str) -> Iterator[list[tuple[int, int, str, str]]]:
    """Each (document, coder)'s claims as (start, end, theme, claim id), by start."""
    ordered = frame.sort_values(["document_id", "coder", "start", "end"], kind="stable")
    keys = list(zip(ordered["document_id"], ordered["coder"]))
    rows = list(zip(ordered["start"], ordered["end"], ordered[column], ordered["claim_id"]))
    group: list = []
    for number, row in enumerate(rows):
        if number and keys[number] != keys[number - 1]:
            yield group
            group = []
        group.append(row)
    if group:
        yield group


def _overlapping_pairs(group) -> Iterator[tuple[tuple, tuple]]:
    for i, first in enumerate(group):
        for second in group[i + 1:]:
            if second[0] >= first[1]:
                break  # sorted by start: no later claim reaches back into this one
            yield first, second


def cooccurrence(frame: pd.DataFrame, themes: Sequence[str], mode: str = "overlap", level: str = "theme") -> pd.DataFrame:
    """A symmetric theme × theme table of counts (``themes`` gives the rows' and columns' order;
    themes of the claims missing from it are added at the end)."""
    if mode not in MODES:
        raise ValueError(f"co-occurrence mode must be one of {MODES}, not {mode!r}")
    column = _theme_column(level)
    names = list(themes) + sorted(set(frame[column].dropna()) - set(themes))
    counts: dict[tuple[str, str], int] = defaultdict(int)
    for group in _groups(frame, column):
        if mode == "overlap":
            for first, second in _overlapping_pairs(group):
                counts[first[2], second[2]] += 1
                if first[2] != second[2]:
                    counts[second[2], first[2]] += 1
        else:
            present = sorted({row[2] for row in group})
            for a in present:
                for b in present:
                    counts[a, b] += 1
    table = pd.DataFrame(0, index=pd.Index(names, name="theme"), columns=pd.Index(names, name="theme"), dtype="int64")
    for (a, b), count in counts.items():
        table.loc[a, b] = count
    return table


def cooccurrence_claims(frame: pd.DataFrame, first: str, second: str, mode: str = "overlap",
                        level: str = "theme") -> list[str]:
    """The claims behind cell (``first``, ``second``): the claims of the overlapping pairs, or of
    ``first`` and ``second`` in the (document, coder) units holding both."""
    column = _theme_column(level)
    wanted = {first, second}
    found: dict[str, None] = {}
    for group in _groups(frame, column):
        if mode == "overlap":
            for a, b in _overlapping_pairs(group):
                if {a[2], b[2]} == wanted:
                    found.update(dict.fromkeys((a[3], b[3])))
        else:
            if wanted <= {row[2] for row in group}:
                found.update(dict.fromkeys(row[3] for row in group if row[2] in wanted))
    return list(found)
