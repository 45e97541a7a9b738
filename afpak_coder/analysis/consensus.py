"""Disagreements between coders, and reconciling them into the claims of a "Consensus" coder.

A *disagreement* is a unit of matched claims (see ``matching``) on which the coders differ: a
coder who coded the document made no claim there (*unmatched*), or the claims differ in theme,
actor, target or stance. Reconciling one means writing the agreed version as a claim of the
Consensus coder: one coder's version as it stands, or a merged one edited by the lead. The
consensus claims are ordinary claims, so they export like any coder's.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from afpak_coder.analysis.matching import DEFAULT_THRESHOLD
from afpak_coder.core.errors import NotFoundError, ValidationError
from afpak_coder.core.progress import Progress, ensure_progress

CONSENSUS = "Consensus"
FIELDS = ("theme", "actor", "target", "stance")


# Named tuples, not dataclasses: a report on a large project holds hundreds of thousands of them.
class Version(NamedTuple):
    """One coder's claim on a disagreement's passage, or their absence of one (``claim_id`` None)."""

    coder: str
    claim_id: str | None = None
    start: int | None = None
    end: int | None = None
    quote: str = ""
    theme: str | None = None
    actor: str | None = None
    target: str | None = None
    stance: int | None = None
    stance_label: str | None = None
    memo: str = ""

    @property
    def has_claim(self) -> bool:
        return self.claim_id is not None

    def values(self) -> tuple:
        return (self.theme, self.actor, self.target, self.stance)


class Disagreement(NamedTuple):
    number: int
    document_id: str
    title: str
    start: int  # the passage: from the first version's start to the last version's end
    end: int
    kinds: tuple[str, ...]  # "unmatched" and/or the fields that differ
    versions: tuple[Version, ...]  # one per coder who coded the document, by coder name

    def describe(self) -> str:
        parts = []
        if "unmatched" in self.kinds:
            missing = [v.coder for v in self.versions if not v.has_claim]
            present = [v.coder for v in self.versions if v.has_claim]
            parts.append(f"only {_names(present)} made a claim here (not {_names(missing)})")
        differing = [kind for kind in self.kinds if kind != "unmatched"]
        if len(differing) == 1:
            parts.append(f"{differing[0]} differs")
        elif differing:
            parts.append(f"{', '.join(differing[:-1])} and {differing[-1]} differ")
        return "; ".join(parts)


def _names(names: list[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


# Rows turned into Versions at a time: the columns' Python lists are held for one chunk only.
CHUNK = 50_000


def _shared_offsets(claims: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """The claims' starts and ends as Python ints, one int object per distinct offset, and where
    each row's start and end are among them: a million claims fall on a few hundred thousand
    offsets at most, so their Versions share those ints rather than holding two ints each."""
    offsets = np.concatenate([claims["start"].to_numpy(), claims["end"].to_numpy()])
    distinct, inverse = np.unique(offsets, return_inverse=True)
    objects = np.empty(len(distinct), dtype=object)
    objects[:] = distinct.tolist()
    return objects, inverse.reshape(2, len(claims))


def _claim_versions(claims: pd.DataFrame) -> list[Version]:
    """A Version for every row of a claims frame (as ``units.claims`` holds them), a chunk of rows
    at a time."""
    found: list[Version] = []
    offsets, where = _shared_offsets(claims)
    for begin in range(0, len(claims), CHUNK):
        chunk, rows = claims.iloc[begin:begin + CHUNK], slice(begin, begin + CHUNK)

        def column(name, chunk=chunk):
            return chunk[name].astype(object).where(chunk[name].notna(), None).tolist()

        found += [
            Version(coder, str(claim_id), int(start), int(end), str(quote), theme, actor, target,
                    None if stance is None else int(stance), label, memo or "")
            for coder, claim_id, start, end, quote, theme, actor, target, stance, label, memo in zip(
                column("coder"), column("claim_id"), offsets[where[0, rows]].tolist(),
                offsets[where[1, rows]].tolist(), column("quote"), column("theme"), column("actor"),
                column("target"), column("stance"), column("stance_label"), column("memo"))
        ]
    return found


def _unit_versions(units, coded: frozenset, titles: dict):
    """``unit_versions`` one unit at a time (the units' rows taken a chunk at a time)."""
    versions = _claim_versions(units.claims)
    documents = units.claims["document_id"].tolist()
    absent = [Version(coder) for coder in units.coders]
    coders_of: dict[str, tuple] = {}
    for begin in range(0, len(units.members), CHUNK):
        for rows in units.members[begin:begin + CHUNK].tolist():
            document = documents[next(row for row in rows if row >= 0)]
            if document not in coders_of:
                coders_of[document] = tuple((document, coder) in coded for coder in units.coders)
            chosen = coders_of[document]
            yield (document, titles.get(document, ""), tuple(
                versions[row] if row >= 0 else absent[number]
                for number, row in enumerate(rows) if chosen[number]))


def unit_versions(units, coded: frozenset, titles: dict) -> list[tuple[str, str, tuple[Version, ...]]]:
    """(document id, title, versions) for every matched-claims unit (a ``UnitSet`` of unit "claim"):
    one version per coder who coded the document, by coder name."""
    return list(_unit_versions(units, coded, titles))


def kinds_of(versions: Sequence[Version]) -> tuple[str, ...]:
    with_claim = [v for v in versions if v.claim_id is not None]
    kinds = ["unmatched"] if len(with_claim) < len(versions) else []
    if len(with_claim) > 1:
        first = with_claim[0]
        for name, value in zip(FIELDS, (first.theme, first.actor, first.target, first.stance)):
            if any(getattr(other, name) != value for other in with_claim[1:]):
                kinds.append(name)
    return tuple(kinds)


def _ranks(values: list) -> np.ndarray:
    """Each value's place among the distinct values in Python's order (for sorting with NumPy)."""
    place = {value: number for number, value in enumerate(sorted(set(values)))}
    return np.fromiter((place[value] for value in values), dtype=np.int64, count=len(values))


def compare_units(units, coded: frozenset, titles: dict) -> tuple[list[Disagreement], list[tuple[str, Version]]]:
    """The disagreements, in text order (title, document, start, end; ties in unit order) and
    numbered from 1, and the fully agreed units as (document id, representative version): the claim
    overlapping the others most (ties: the coder first by name). Held as one list per field until
    they are sorted, and the few distinct tuples of kinds shared, for a large project's sake."""
    documents, names, starts, ends, kinds_found, versions_found = [], [], [], [], [], []
    shared: dict[tuple, tuple] = {}
    agreed = []
    for document, title, versions in _unit_versions(units, coded, titles):
        if len(versions) < 2:
            continue
        kinds = kinds_of(versions)
        if not kinds:
            agreed.append((document, max(versions, key=lambda v: (_closeness(v, versions), -versions.index(v)))))
            continue
        documents.append(document)
        names.append(title)
        starts.append(min(v.start for v in versions if v.claim_id is not None))
        ends.append(max(v.end for v in versions if v.claim_id is not None))
        kinds_found.append(shared.setdefault(kinds, kinds))
        versions_found.append(versions)
    order = np.lexsort((np.asarray(ends, dtype=np.int64), np.asarray(starts, dtype=np.int64), _ranks(documents),
                        _ranks(names))) if documents else []
    disagreements = [Disagreement(number, documents[row], names[row], starts[row], ends[row], kinds_found[row],
                                  versions_found[row]) for number, row in enumerate(map(int, order), 1)]
    return disagreements, agreed


def find_disagreements(units, coded: frozenset, titles: dict) -> list[Disagreement]:
    """Every unit on which the coders who coded its document do not all agree, in text order."""
    return compare_units(units, coded, titles)[0]


def agreed_versions(units, coded: frozenset, titles: dict) -> list[tuple[str, Version]]:
    """(document id, representative version) of every unit on which all coders fully agree."""
    return compare_units(units, coded, titles)[1]


def _closeness(version: Version, versions: Sequence[Version]) -> float:
    total = 0.0
    for other in versions:
        if other is version:
            continue
        shared = max(0, min(version.end, other.end) - max(version.start, other.start))
        total += shared / (max(version.end, other.end) - min(version.start, other.start))
    return total


# -- writing the consensus ------------------------------------------------------------------------------

def consensus_coder(project, name: str = CONSENSUS):
    """The Consensus coder, created if the project has none."""
    try:
        return project.coder(name)
    except NotFoundError:
        return project.add_coder(name)


def consensus_claims(project, disagreement: Disagreement, name: str = CONSENSUS,
                     threshold: float = DEFAULT_THRESHOLD) -> list:
    """The Consensus coder's claims already recorded on this disagreement's passage."""
    try:
        coder = project.coder(name)
    except NotFoundError:
        return []
    return [claim for claim in project.claims(document=disagreement.document_id, coder=coder)
            if _overlaps(claim.start, claim.end, disagreement.start, disagreement.end, threshold)]


def _overlaps(start: int, end: int, other_start: int, other_end: int, threshold: float) -> bool:
    shared = min(end, other_end) - max(start, other_start)
    return shared > 0 and shared >= threshold * min(end - start, other_end - other_start)


def claim_values(version: Version, **changes: Any) -> dict:
    """The fields ``Project.add_claim`` needs to record ``version`` (with ``changes``) as a claim."""
    if not version.has_claim and not changes:
        raise ValidationError(f"{version.coder} made no claim here; there is nothing to accept")
    values = dict(start=version.start, end=version.end, theme=version.theme, actor=version.actor,
                  target=version.target, stance=version.stance, memo=version.memo)
    values.update(changes)
    for required in ("start", "end", "theme", "actor"):
        if values.get(required) is None:
            raise ValidationError(f"a consensus claim needs a {required}")
    return values


def record(project, disagreement: Disagreement, values: dict | None, name: str = CONSENSUS,
           threshold: float = DEFAULT_THRESHOLD):
    """Make ``values`` the consensus on this disagreement, replacing any consensus claim already on
    its passage; ``values`` None records that the consensus is "no claim here". Returns the claim."""
    coder = consensus_coder(project, name)
    for claim in consensus_claims(project, disagreement, name, threshold):
        project.delete_claim(claim)
    if values is None:
        return None
    return project.add_claim(document=disagreement.document_id, coder=coder, **values)


def accept(project, disagreement: Disagreement, coder: str, name: str = CONSENSUS,
           threshold: float = DEFAULT_THRESHOLD):
    """Accept one coder's version as the consensus (their "no claim" too)."""
    chosen = next((v for v in disagreement.versions if v.coder == coder), None)
    if chosen is None:
        raise NotFoundError(f"coder {coder!r} has no version of this disagreement")
    return record(project, disagreement, claim_values(chosen) if chosen.has_claim else None, name, threshold)


def accept_all(project, disagreements: Iterable[Disagreement], coder: str, name: str = CONSENSUS,
               threshold: float = DEFAULT_THRESHOLD, progress: Progress | None = None) -> int:
    """Accept ``coder``'s version on every disagreement given; returns how many were recorded.
    Cancelling keeps the ones already recorded."""
    progress = ensure_progress(progress)
    chosen = list(disagreements)
    for number, disagreement in enumerate(chosen):
        progress.update(number, len(chosen), f"Accepting {coder}'s versions")
        progress.check()
        accept(project, disagreement, coder, name, threshold)
    progress.update(len(chosen), len(chosen), "Done")
    return len(chosen)


def copy_agreed(project, agreed: Sequence[tuple[str, Version]], name: str = CONSENSUS,
                threshold: float = DEFAULT_THRESHOLD, progress: Progress | None = None) -> int:
    """Copy every fully agreed claim into the consensus, skipping passages the Consensus coder has
    a claim on already. Returns how many claims were added; cancelling keeps those already added."""
    progress = ensure_progress(progress)
    coder = consensus_coder(project, name)
    existing: dict[str, np.ndarray] = {}
    batch, added = [], 0
    for number, (document, version) in enumerate(agreed):
        if number % 50 == 0:
            progress.update(number, len(agreed), "Copying agreed claims to the consensus")
            progress.check()
        if document not in existing:
            spans = [(c.start, c.end) for c in project.claims(document=document, coder=coder)]
            existing[document] = np.asarray(spans, dtype=np.int64).reshape(-1, 2)
        if any(_overlaps(s, e, version.start, version.end, threshold) for s, e in existing[document]):
            continue
        batch.append(dict(document=document, coder=coder, **claim_values(version)))
        if len(batch) >= 500:
            added += project.add_claims(batch)
            batch.clear()
    if batch:
        added += project.add_claims(batch)
    progress.update(len(agreed), len(agreed), "Done")
    return added


def reconciled(project, disagreements: Sequence[Disagreement], name: str = CONSENSUS,
               threshold: float = DEFAULT_THRESHOLD) -> dict[int, str]:
    """Disagreement number -> a short description of the consensus claim already on its passage."""
    try:
        coder = project.coder(name)
    except NotFoundError:
        return {}
    by_document: dict[str, list] = {}
    for claim in project.claims(coder=coder):
        by_document.setdefault(str(claim.document.id), []).append(claim)
    found = {}
    for disagreement in disagreements:
        for claim in by_document.get(disagreement.document_id, []):
            if _overlaps(claim.start, claim.end, disagreement.start, disagreement.end, threshold):
                found[disagreement.number] = f"recorded: {claim.theme.name}"
                break
    return found
