"""The claims behind a number of the agreement report (matched-claims unit): a row of the
per-category table, a cell of a confusion matrix.

A unit on which every coder agrees fully is kept in the report by one representative claim; a
unit with any difference keeps every coder's version. So a cell of agreement shows one claim per
unit, a cell of disagreement both coders' claims, side by side in the browser.
"""

from __future__ import annotations

from collections.abc import Iterator

NO_CLAIM = "(no claim)"


def _label(version, dimension: str) -> str:
    if version.claim_id is None:
        return NO_CLAIM
    value = getattr(version, dimension)
    return f"(no {dimension})" if value is None else str(value)


def _units(report) -> Iterator[tuple[str, tuple]]:
    for disagreement in report.disagreements:
        yield disagreement.document_id, disagreement.versions
    for document, version in report.agreed:
        yield document, (version,)


def confusion_units(report, coded: frozenset, dimension: str, first: str, second: str, row: str,
                    column: str) -> list[list[str]]:
    """The units where ``first`` coded ``row`` and ``second`` coded ``column`` on ``dimension``:
    each as the ids of its claims shown (one when all agreed, else both coders'). ``coded``:
    (document id, coder) of every document a coder coded (``CodingData.coded``)."""
    found: list[list[str]] = []
    for document, versions in _units(report):
        if len(versions) == 1:  # fully agreed: every coder of the document coded as the representative
            version = versions[0]
            if (row == column == _label(version, dimension) and (document, first) in coded
                    and (document, second) in coded):
                found.append([version.claim_id])
            continue
        by_coder = {version.coder: version for version in versions}
        if row == column == NO_CLAIM:
            continue  # neither of the two made a claim here: the pair has no unit
        if first in by_coder and second in by_coder and (_label(by_coder[first], dimension), _label(
                by_coder[second], dimension)) == (row, column):
            found.append([v.claim_id for v in (by_coder[first], by_coder[second]) if v.claim_id is not None])
    return found


def confusion_claims(report, coded: frozenset, dimension: str, first: str, second: str, row: str,
                     column: str) -> list[str]:
    units = confusion_units(report, coded, dimension, first, second, row, column)
    return [claim for unit in units for claim in unit]


def category_claims(report, dimension: str, category: str) -> list[str]:
    """Claims of the units in ``category`` on ``dimension`` (by any of the compared coders)."""
    found: list[str] = []
    for _document, versions in _units(report):
        found += [v.claim_id for v in versions if v.claim_id is not None and _label(v, dimension) == category]
    return found
