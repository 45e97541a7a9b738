"""Units of analysis: turning coders' claims into reliability data (coders × units) per dimension.

Four units, as researchers compare them in other tools:

* ``claim`` — matched claims (see ``matching``): a unit is a set of claims of different coders on
  the same passage; a coder who coded the document but made no claim there gets "(no claim)".
* ``sentence`` — every sentence of the compared documents; each coder's value is that of the
  claim covering most of the sentence, or "(no claim)".
* ``character`` — every character, per theme and per actor: coded with it or not (as NVivo).
* ``document`` — every document, per theme and per actor: present or absent (as MAXQDA).

A coder who did not code a document has *missing* values there, never "(no claim)". An incomplete
claim (no actor) is missing for actor: on matched claims its unit has no actor value from that
coder; on documents that coder's "absent" for every actor of the document is unknown (a present
actor stays present); on characters it marks no actor. Stance is on
the codebook's scale only where a claim gives a level; "(no claim)" and claims without a stance
are missing for stance (unmatched claims count against the nominal dimensions and spans).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from afpak_coder.analysis.matching import DEFAULT_THRESHOLD, Matching, match_claims
from afpak_coder.core.progress import Progress, ensure_progress
from afpak_coder.core.text import sentence_spans  # the same splitter as selecting a sentence in the app

UNITS = ("claim", "sentence", "character", "document")
DIMENSIONS = ("theme", "actor", "target", "stance")
NO_CLAIM = "(no claim)"
NO_TARGET = "(no target)"
ABSENT, PRESENT = "absent", "present"
UNIT_DESCRIPTIONS = {
    "claim": "matched claims: one unit per passage on which the coders' claims were aligned",
    "sentence": "sentences: each coder's codes on every sentence (the claim covering most of it)",
    "character": "characters: each character coded with a theme or actor or not (comparable with NVivo)",
    "document": "documents: each theme or actor present in a document or not (comparable with MAXQDA)",
}


@dataclass
class CodingData:
    """The selected coders' claims in the selected documents, as plain data."""

    claims: pd.DataFrame  # claim_id, document_id, coder, start, end, theme, actor, target, stance, ...
    documents: pd.DataFrame  # indexed by document_id: title, length
    coders: tuple[str, ...]  # sorted by name
    coded: frozenset  # (document_id, coder) pairs: the coder coded the document
    themes: tuple[str, ...]
    actors: tuple[str, ...]
    stance_values: tuple[int, ...]
    text: Callable[[str], str] = field(repr=False, default=lambda _document_id: "")

    def compared_documents(self) -> list[str]:
        """Documents coded by two or more of the coders, in the order given."""
        return [document for document in self.documents.index
                if sum((document, coder) in self.coded for coder in self.coders) >= 2]


@dataclass
class Dimension:
    """Reliability data of one dimension: ``codes[coder, unit]`` indexes ``categories`` (-1 missing)."""

    name: str
    level: str  # nominal or ordinal
    categories: tuple
    codes: np.ndarray
    documents: np.ndarray  # document number (in UnitSet.documents) of each unit
    weights: np.ndarray | None = None  # characters: one row stands for a run of identical characters
    numeric: np.ndarray | None = None  # stance: the level values, for interval alpha
    one_vs_rest: tuple = ()  # codebook categories reported one against the rest
    category_of_unit: np.ndarray | None = None  # characters, documents: which category a 0/1 row is about
    not_applicable: str = ""
    unit_label: str = "units"  # what one unit is, in words ("matched claims", "sentences", ...)
    claimed: np.ndarray | None = None  # matched claims: claimed[coder, unit] the coder has a claim there

    def pair(self, first: int, second: int) -> tuple[np.ndarray, np.ndarray | None]:
        """Codes and weights of two coders, on the units that exist for them: for matched claims,
        those where at least one of the two made a claim (a passage only a third coder marked is
        not a unit of theirs)."""
        codes = self.codes[[first, second]]
        if self.claimed is None:
            return codes, self.weights
        keep = self.claimed[first] | self.claimed[second]
        return codes[:, keep], None if self.weights is None else self.weights[keep]

    def binary(self, category_number: int) -> tuple[np.ndarray, np.ndarray | None, np.ndarray]:
        """0/1 codes for one category of ``one_vs_rest`` against all others, with weights and documents."""
        if self.category_of_unit is not None:
            rows = self.category_of_unit == category_number
            weights = None if self.weights is None else self.weights[rows]
            return self.codes[:, rows], weights, self.documents[rows]
        target = self.categories.index(self.one_vs_rest[category_number])
        codes = np.where(self.codes < 0, -1, (self.codes == target).astype(np.int64))
        return codes, self.weights, self.documents


@dataclass
class UnitSet:
    unit: str
    coders: tuple[str, ...]
    documents: list[str]  # document ids compared
    dimensions: dict[str, Dimension]
    matching: Matching | None = None  # claim unit: how claims were aligned
    members: np.ndarray | None = None  # claim unit: row of ``claims`` per (unit, coder), -1 none
    unit_total: int = 0
    claims: pd.DataFrame | None = None  # claim unit: the compared claims, numbered 0, 1, ...


def build_units(data: CodingData, unit: str = "claim", threshold: float = DEFAULT_THRESHOLD,
                progress: Progress | None = None) -> UnitSet:
    if unit not in UNITS:
        raise ValueError(f"unit must be one of {', '.join(UNITS)}, not {unit!r}")
    progress = ensure_progress(progress)
    builder = {"claim": _claim_units, "sentence": _sentence_units,
               "character": _character_units, "document": _document_units}[unit]
    return builder(data, threshold, progress)


def _compared_claims(data: CodingData) -> tuple[list[str], pd.DataFrame]:
    documents = data.compared_documents()
    keep = set(documents)
    claims = data.claims
    rows = (claims["document_id"].isin(keep) & claims["coder"].isin(data.coders)).to_numpy()
    rows = rows & np.array([(d, c) in data.coded for d, c in zip(claims["document_id"].tolist(),
                                                                  claims["coder"].tolist())], dtype=bool)
    # Rows are copied only when some are left out (usually none are: a large project's claims once).
    return documents, claims if rows.all() else claims[rows]


def _coded_matrix(data: CodingData, documents: list[str]) -> np.ndarray:
    """coded[coder, document number]: did the coder code the document?"""
    return np.array([[(document, coder) in data.coded for document in documents] for coder in data.coders],
                    dtype=bool).reshape(len(data.coders), len(documents))


def _value_dimensions(data: CodingData, rows: np.ndarray, claims: pd.DataFrame, coded: np.ndarray,
                      unit_documents: np.ndarray) -> dict[str, Dimension]:
    """Theme, actor, target and stance codes where ``rows[coder, unit]`` is a claim (row of
    ``claims``), -1 for "no claim"; ``coded[coder, unit]`` says whether the coder coded it at all."""
    dimensions = {}
    has_claim = rows >= 0
    safe = np.where(has_claim, rows, 0)
    nominal = {
        "theme": (data.themes + (NO_CLAIM,), claims["theme"].to_numpy(dtype=object), data.themes),
        "actor": (data.actors + (NO_CLAIM,), claims["actor"].to_numpy(dtype=object), data.actors),
        "target": (data.actors + (NO_TARGET, NO_CLAIM),
                   claims["target"].where(claims["target"].notna(), NO_TARGET).to_numpy(dtype=object), data.actors),
    }
    for name, (categories, values, one_vs_rest) in nominal.items():
        index = pd.Index(categories, dtype=object)
        value_codes = index.get_indexer(pd.Index(values, dtype=object)) if len(values) else np.zeros(0, int)
        # A claim without its actor (an incomplete claim) is missing there (-1), never a category.
        stray_codes = (value_codes < 0) & ~pd.isna(values) if len(values) else np.zeros(0, bool)
        if stray_codes.any():
            stray = values[stray_codes][0]
            raise ValueError(f"{name} {stray!r} is not in the codebook")
        codes = np.where(has_claim, value_codes[safe] if len(values) else -1, len(categories) - 1)
        codes = np.where(coded, codes, -1)
        dimensions[name] = Dimension(name, "nominal", categories, codes.astype(np.int64), unit_documents,
                                     one_vs_rest=one_vs_rest)
    levels = pd.Index(list(data.stance_values), dtype=object)
    stance = claims["stance"].astype(object).where(claims["stance"].notna(), None).to_numpy(dtype=object)
    stance_codes = np.array([levels.get_loc(v) if v is not None else -1 for v in stance], dtype=np.int64)
    codes = np.where(has_claim & coded, stance_codes[safe] if len(stance) else -1, -1)
    dimensions["stance"] = Dimension("stance", "ordinal", data.stance_values, codes.astype(np.int64), unit_documents,
                                     numeric=np.asarray(data.stance_values, dtype=float))
    return dimensions


# -- matched claims ----------------------------------------------------------------------------------

def _claim_units(data: CodingData, threshold: float, progress: Progress) -> UnitSet:
    documents, claims = _compared_claims(data)
    claims = claims.reset_index(drop=True)
    matching = match_claims(claims["document_id"].tolist(), claims["coder"].tolist(),
                            claims["start"].to_numpy(), claims["end"].to_numpy(), threshold, progress)
    coder_number = {coder: number for number, coder in enumerate(data.coders)}
    members = np.full((matching.units, len(data.coders)), -1, dtype=np.int64)
    members[matching.unit, claims["coder"].map(coder_number).to_numpy()] = np.arange(len(claims))
    document_number = {document: number for number, document in enumerate(documents)}
    unit_documents = np.zeros(matching.units, dtype=np.int64)
    unit_documents[matching.unit] = claims["document_id"].map(document_number).to_numpy()
    coded = _coded_matrix(data, documents)[:, unit_documents] if matching.units else np.zeros((len(data.coders), 0), bool)
    dimensions = _value_dimensions(data, members.T, claims, coded, unit_documents)
    for dimension in dimensions.values():
        dimension.unit_label, dimension.claimed = "matched claims", members.T >= 0
    return UnitSet("claim", data.coders, documents, dimensions, matching, members, matching.units, claims)


# -- sentences -------------------------------------------------------------------------------------------

def _dominant_claims(sentences: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """For each sentence, the claim (index) covering most of it, or -1; ties go to the earlier claim."""
    best = np.full(len(sentences), -1, dtype=np.int64)
    if not len(starts):
        return best
    order = np.argsort(starts, kind="stable")
    starts, ends = starts[order], ends[order]
    for low in range(0, len(sentences), 2000):
        chunk = sentences[low:low + 2000]
        shared = np.minimum(chunk[:, 1:2], ends[None, :]) - np.maximum(chunk[:, 0:1], starts[None, :])
        shared = np.maximum(shared, 0)
        pick = np.argmax(shared, axis=1)
        found = shared[np.arange(len(chunk)), pick] > 0
        best[low:low + len(chunk)] = np.where(found, order[pick], -1)
    return best


def _sentence_units(data: CodingData, _threshold: float, progress: Progress) -> UnitSet:
    documents, claims = _compared_claims(data)
    claims = claims.reset_index(drop=True)
    coded_docs = _coded_matrix(data, documents)
    row_blocks, doc_blocks = [], []
    by_document = dict(tuple(claims.groupby("document_id", sort=False)))
    for number, document in enumerate(documents):
        progress.update(number, len(documents), "Splitting documents into sentences")
        progress.check()
        sentences = np.asarray(sentence_spans(data.text(document)), dtype=np.int64).reshape(-1, 2)
        rows = np.full((len(data.coders), len(sentences)), -1, dtype=np.int64)
        found = by_document.get(document)
        for coder_number, coder in enumerate(data.coders):
            if found is None or not coded_docs[coder_number, number]:
                continue
            mine = found[found["coder"] == coder]
            if mine.empty:  # coded the document, claimed nothing: "no claim" on every sentence
                continue
            picked = _dominant_claims(sentences, mine["start"].to_numpy(), mine["end"].to_numpy())
            rows[coder_number] = np.where(picked >= 0, mine.index.to_numpy()[np.maximum(picked, 0)], -1)
        row_blocks.append(rows)
        doc_blocks.append(np.full(len(sentences), number, dtype=np.int64))
    rows = np.concatenate(row_blocks, axis=1) if row_blocks else np.zeros((len(data.coders), 0), np.int64)
    unit_documents = np.concatenate(doc_blocks) if doc_blocks else np.zeros(0, np.int64)
    coded = coded_docs[:, unit_documents]
    dimensions = _value_dimensions(data, rows, claims, coded, unit_documents)
    for dimension in dimensions.values():
        dimension.unit_label = "sentences"
    return UnitSet("sentence", data.coders, documents, dimensions, unit_total=rows.shape[1])


# -- characters and documents: one category at a time ---------------------------------------------------------

def _presence_dimension(name: str, categories: tuple, codes: list, weights: list | None, documents: list,
                        which: list) -> Dimension:
    stacked = np.concatenate(codes, axis=1) if codes else np.zeros((0, 0), np.int64)
    return Dimension(name, "nominal", (ABSENT, PRESENT), stacked.astype(np.int64), np.concatenate(documents),
                     None if weights is None else np.concatenate(weights).astype(float),
                     one_vs_rest=categories, category_of_unit=np.concatenate(which))


def _not_measured(name: str, unit: str, coders: int) -> Dimension:
    return Dimension(name, "ordinal" if name == "stance" else "nominal", (), np.zeros((coders, 0), np.int64),
                     np.zeros(0, np.int64), not_applicable=f"{name} is not compared at the {unit} level")


def _character_runs(intervals: list[tuple[np.ndarray, np.ndarray]], coded: np.ndarray, length: int):
    """Runs of characters over which every coder's coverage is constant: (patterns, run lengths).
    ``intervals[coder]`` are that coder's (starts, ends) for one category."""
    points = np.unique(np.concatenate([[0, length]] + [np.concatenate([s, e]) for s, e in intervals]))
    runs = np.diff(points)
    patterns = np.full((len(intervals), len(runs)), -1, dtype=np.int64)
    for coder, (starts, ends) in enumerate(intervals):
        if not coded[coder]:
            continue
        change = np.zeros(len(points), dtype=np.int64)
        np.add.at(change, np.searchsorted(points, starts), 1)
        np.add.at(change, np.searchsorted(points, ends), -1)
        patterns[coder] = (np.cumsum(change)[:-1] > 0).astype(np.int64)
    unique, inverse = np.unique(patterns, axis=1, return_inverse=True)
    return unique, np.bincount(inverse.ravel(), weights=runs, minlength=unique.shape[1])


def _character_units(data: CodingData, _threshold: float, progress: Progress) -> UnitSet:
    documents, claims = _compared_claims(data)
    coded_docs = _coded_matrix(data, documents)
    by_document = dict(tuple(claims.groupby("document_id", sort=False)))
    empty = (np.zeros(0, np.int64), np.zeros(0, np.int64))
    dimensions = {}
    for name, categories in (("theme", data.themes), ("actor", data.actors)):
        codes, weights, docs, which = [], [], [], []
        for number, document in enumerate(documents):
            progress.update(number, len(documents), f"Comparing characters ({name})")
            progress.check()
            length = int(data.documents.at[document, "length"])
            found = by_document.get(document)
            used = {} if found is None else dict(tuple(found.groupby(name, sort=False)))
            coded = coded_docs[:, number]
            for category_number, category in enumerate(categories):
                mine = used.get(category)
                if mine is None:  # nobody used it here: every coder who coded the document agrees on "absent"
                    pattern, runs = np.where(coded, 0, -1)[:, None], np.array([float(length)])
                else:
                    intervals = [(mine.loc[mine["coder"] == c, "start"].to_numpy(),
                                  mine.loc[mine["coder"] == c, "end"].to_numpy()) if coded[k] else empty
                                 for k, c in enumerate(data.coders)]
                    pattern, runs = _character_runs(intervals, coded, length)
                codes.append(pattern)
                weights.append(runs)
                docs.append(np.full(len(runs), number, dtype=np.int64))
                which.append(np.full(len(runs), category_number, dtype=np.int64))
        dimensions[name] = _presence_dimension(name, categories, codes, weights, docs, which)
        dimensions[name].unit_label = f"character × {name} pairs"
    for name in ("target", "stance"):
        dimensions[name] = _not_measured(name, "character", len(data.coders))
    total = int(sum(int(data.documents.at[d, "length"]) for d in documents))
    return UnitSet("character", data.coders, documents, dimensions, unit_total=total)


def _document_units(data: CodingData, _threshold: float, progress: Progress) -> UnitSet:
    documents, claims = _compared_claims(data)
    coded_docs = _coded_matrix(data, documents)
    number_of = {document: number for number, document in enumerate(documents)}
    coder_of = {coder: number for number, coder in enumerate(data.coders)}
    dimensions = {}
    for name, categories in (("theme", data.themes), ("actor", data.actors)):
        progress.check()
        index = {category: number for number, category in enumerate(categories)}
        present = np.zeros((len(data.coders), len(documents), len(categories)), dtype=np.int64)
        for document, coder, value in zip(claims["document_id"].tolist(), claims["coder"].tolist(),
                                          claims[name].tolist()):
            if pd.isna(value):
                # An incomplete claim: which actor it has is unknown, so "absent" is unknown too.
                present[coder_of[coder], number_of[document]] = np.where(
                    present[coder_of[coder], number_of[document]] == 1, 1, -1)
                continue
            present[coder_of[coder], number_of[document], index[value]] = 1
        codes = np.where(coded_docs[:, :, None], present, -1).reshape(len(data.coders), -1)
        docs = np.repeat(np.arange(len(documents)), len(categories))
        which = np.tile(np.arange(len(categories)), len(documents))
        dimensions[name] = Dimension(name, "nominal", (ABSENT, PRESENT), codes, docs, one_vs_rest=categories,
                                     category_of_unit=which, unit_label=f"document × {name} pairs")
    for name in ("target", "stance"):
        dimensions[name] = _not_measured(name, "document", len(data.coders))
    return UnitSet("document", data.coders, documents, dimensions, unit_total=len(documents))
