"""The inter-coder agreement report: every coefficient for each dimension, and what it means.

    data = load_coding_data(project, coders=["Ayesha", "Bilal"])       # or all coders but Consensus
    report = compute_report(data, unit="claim", threshold=0.5, seed=1)
    report.summary_frame()      # one row per dimension: agreement, alpha with its 95 % interval, ...
    print(report.reading())     # the plain-language reading of each alpha

Theme, actor and target are nominal; stance is ordinal (alpha also at the interval level; Cohen's
kappa weighted quadratically). Every figure carries the number of units behind it; undefined
figures say why. Alpha gets a bootstrap interval (Krippendorff's algorithm; Hayes & Krippendorff 2007) in the summary and
per coder pair. The list of disagreements always compares matched claims, whatever the unit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from afpak_coder.analysis import agreement as coefficients
from afpak_coder.analysis.agreement import AlphaInterval, Coefficient, format_value, undefined
from afpak_coder.analysis.consensus import CONSENSUS, Disagreement, compare_units
from afpak_coder.analysis.matching import DEFAULT_THRESHOLD, check_threshold, rule_text
from afpak_coder.analysis.units import (DIMENSIONS, UNIT_DESCRIPTIONS, UNITS, CodingData, Dimension, UnitSet,
                                        build_units)
from afpak_coder.analysis.unitizing import UnitizingResult, unitizing_alpha
from afpak_coder.core.claim_chunks import joined
from afpak_coder.core.errors import NotFoundError, ValidationError
from afpak_coder.core.progress import Progress, ensure_progress

DEFAULT_DRAWS = 10_000
RELIABLE, TENTATIVE = 0.800, 0.667


class AgreementError(ValidationError):
    """Agreement cannot be computed for this choice of coders and documents."""


# -- loading -----------------------------------------------------------------------------------------------

def load_coding_data(project, coders: Sequence | None = None, documents: Sequence | None = None) -> CodingData:
    """The claims agreement is computed from. ``coders``: names or records (default: every coder
    but Consensus); ``documents``: records or ids (default: all documents coded by two or more of
    them). A coder *coded* a document when they made a claim in it or marked it done."""
    everyone = project.coders()
    try:
        names = sorted({project.coder(c).name for c in coders} if coders is not None
                       else {c.name for c in everyone if c.name != CONSENSUS})
    except NotFoundError as error:
        raise NotFoundError(f"{project.path}: {error}") from error
    if len(names) < 2:
        raise AgreementError(f"{project.path}: agreement needs two or more coders, "
                             f"got {', '.join(names) or 'none'}")
    # Only the columns agreement reads, taken chunk by chunk: the other columns of a large project's
    # claims are never held together, and rows are copied only when some are dropped.
    with project.claim_chunks() as chunks:
        parts = [chunk[list(CLAIM_COLUMNS)] for chunk in chunks]
    frame = _rows_where(joined(parts), "coder", set(names))
    del parts
    coder_names = {c.id: c.name for c in everyone}
    coded = {(d, c) for d, c in zip(frame["document_id"], frame["coder"])}
    coded |= {(str(d), coder_names[c]) for (d, c), status in project.statuses().items()
              if status == "done" and coder_names.get(c) in names}
    records = {str(d.id): d for d in project.documents()}
    if documents is None:
        chosen = [d for d in records if sum((d, name) in coded for name in names) >= 2]
    else:
        chosen = list(dict.fromkeys(str(project.document(getattr(ref, "id", ref)).id) for ref in documents))
    table = pd.DataFrame({"title": [records[d].title for d in chosen], "length": [records[d].length for d in chosen]},
                         index=pd.Index(chosen, name="document_id"))
    themes = [t for t in project.themes() if not t.archived or t.path_label in set(frame["theme_path"])]
    actors = [a.name for a in project.actors() if not a.archived or a.name in set(frame["actor"])
              or a.name in set(frame["target"].dropna())]
    claims = _rows_where(frame, "document_id", set(chosen)).rename(columns={"theme_path": "theme"})
    levels = tuple(sorted(level.value for level in project.stance_levels()))
    return CodingData(claims, table, tuple(names), frozenset(coded), tuple(t.path_label for t in themes),
                      tuple(actors), levels, text=lambda document_id: project.document(document_id).text)


CLAIM_COLUMNS = ("claim_id", "document_id", "coder", "start", "end", "quote", "theme_path", "actor", "target",
                 "stance", "stance_label", "memo")


def _rows_where(frame: pd.DataFrame, column: str, wanted: set) -> pd.DataFrame:
    keep = frame[column].isin(wanted)
    return (frame if keep.all() else frame[keep]).reset_index(drop=True)


# -- the report ------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Settings:
    coders: tuple[str, ...]
    unit: str
    threshold: float
    documents: int
    draws: int
    seed: int | None
    computed: str
    unit_description: str
    matching_rule: str


@dataclass(frozen=True)
class DimensionFigures:
    dimension: str
    level: str
    units: float  # units coded by two or more coders
    percent: Coefficient
    alpha: Coefficient
    interval: AlphaInterval | None
    alpha_interval_level: Coefficient | None  # stance only: alpha with interval differences
    kappa: Coefficient  # Cohen's kappa (weighted for stance); with 3+ coders the mean over pairs
    fleiss: Coefficient
    scott: Coefficient
    ac1: Coefficient
    bp: Coefficient
    reading: str
    not_applicable: str = ""


@dataclass(frozen=True)
class CategoryFigures:
    dimension: str
    category: str
    units: float
    uses: dict  # coder -> units they put in this category
    percent: Coefficient
    alpha: Coefficient
    unitizing: float | None = None  # claim unit, themes: unitizing alpha of this theme


@dataclass(frozen=True)
class DocumentFigures:
    document_id: str
    title: str
    dimension: str
    percent: Coefficient
    alpha: Coefficient


@dataclass(frozen=True)
class PairFigures:
    first: str
    second: str
    dimension: str
    percent: Coefficient
    alpha: Coefficient
    interval: AlphaInterval | None
    kappa: Coefficient
    scott: Coefficient
    ac1: Coefficient
    bp: Coefficient


@dataclass(frozen=True)
class SpanFigures:
    claims: int  # claims in documents coded by two or more coders
    matched: int  # of them, claims matched with another coder's claim
    per_coder: dict  # coder -> (claims, matched)
    documents: int  # documents coded by every coder (the unitizing continuum)
    unitizing_spans: UnitizingResult | None  # where claims are, whatever their theme
    unitizing_themes: UnitizingResult | None  # joint over themes

    @property
    def share(self) -> float | None:
        return self.matched / self.claims if self.claims else None


@dataclass
class AgreementReport:
    settings: Settings
    summary: list[DimensionFigures]
    span: SpanFigures
    categories: list[CategoryFigures]
    documents: list[DocumentFigures]
    pairs: list[PairFigures]
    confusion: dict  # (dimension, first coder, second coder) -> DataFrame of counts
    disagreements: list[Disagreement]
    agreed: list = field(default_factory=list)  # (document id, Version) of fully agreed units
    notes: list[str] = field(default_factory=list)

    def reading(self) -> str:
        lines = [row.reading for row in self.summary]
        return "\n".join(lines + self.notes)

    def figure(self, dimension: str) -> DimensionFigures:
        return next(row for row in self.summary if row.dimension == dimension)


def reading(dimension: str, alpha: Coefficient, interval: AlphaInterval | None = None,
            unit_label: str = "units") -> str:
    """Krippendorff's (2004) guidance in plain words: ≥ .800 reliable; .667–.800 tentative only."""
    units = f"{int(round(alpha.units)):,} {unit_label}"
    if not alpha.defined:
        return f"{dimension.capitalize()}: undefined — {alpha.reason} ({units})."
    value = alpha.text()
    if alpha.value >= RELIABLE:
        text = f"{dimension.capitalize()}: reliable (α = {value} ≥ .800, {units}); the codes can be relied on."
    elif alpha.value >= TENTATIVE:
        text = (f"{dimension.capitalize()}: tentative (α = {value}, between .667 and .800, {units}); draw only "
                "tentative conclusions from these codes.")
    else:
        text = (f"{dimension.capitalize()}: not reliable (α = {value} < .667, {units}); do not rely on these codes "
                "— sharpen the codebook's definitions and retrain before coding on.")
    if interval is not None and interval.defined:
        bounds = f"{format_value(interval.low)} to {format_value(interval.high)}"
        short = [t for t in (TENTATIVE, RELIABLE) if interval.low < t <= alpha.value]
        if short:
            text += (f" The 95 % interval ({bounds}) reaches below {format_value(short[0])}: "
                     f"{interval.below.get(short[0], 0):.0%} of resamples fall short of it.")
    return text


def compute_report(data: CodingData, unit: str = "claim", threshold: float = DEFAULT_THRESHOLD,
                   draws: int = DEFAULT_DRAWS, seed: int | None = None,
                   progress: Progress | None = None) -> AgreementReport:
    if unit not in UNITS:
        raise AgreementError(f"unit must be one of {', '.join(UNITS)}, not {unit!r}")
    threshold = check_threshold(threshold)
    progress = ensure_progress(progress)
    progress.update(0, 6, "Matching claims")
    claim_units = build_units(data, "claim", threshold, progress)
    chosen = claim_units if unit == "claim" else build_units(data, unit, threshold, progress)
    titles = data.documents["title"].to_dict()
    settings = Settings(data.coders, unit, threshold, len(chosen.documents), draws, seed,
                        dt.datetime.now().isoformat(timespec="seconds"), UNIT_DESCRIPTIONS[unit], rule_text(threshold))
    progress.update(2, 6, "Computing agreement per dimension")
    summary = [_dimension_figures(chosen.dimensions[name], data.coders, draws, seed) for name in DIMENSIONS]
    progress.check()
    progress.update(3, 6, "Comparing coder pairs and categories")
    pairs = [figures for name in DIMENSIONS for figures in _pair_figures(chosen.dimensions[name], data.coders, draws, seed)]
    span = _span_figures(data, claim_units)
    categories = [row for name in ("theme", "actor") for row in _category_figures(chosen.dimensions[name], data.coders,
                                                                                   span if unit == "claim" else None)]
    progress.check()
    progress.update(4, 6, "Comparing documents")
    documents = [row for name in DIMENSIONS for row in _document_figures(chosen.dimensions[name], chosen.documents, titles)]
    confusion = {key: frame for name in DIMENSIONS for key, frame in _confusions(chosen.dimensions[name], data.coders)}
    progress.update(5, 6, "Listing disagreements")
    listed = replace(claim_units, dimensions={}, matching=None)  # codes let go before the long list below
    del chosen, claim_units
    disagreements, agreed = compare_units(listed, data.coded, titles)
    notes = []
    if unit == "character":
        notes.append("Characters are not independent units: the bootstrap intervals at the character level rest on "
                     "the algorithm's cap of draws, not on how many passages were coded, and percent agreement is "
                     "inflated by text no coder coded; read alpha.")
    progress.update(6, 6, "Done")
    return AgreementReport(settings, summary, span, categories, documents, pairs, confusion, disagreements, agreed, notes)


def agreement_report(project, coders: Sequence | None = None, documents: Sequence | None = None,
                     unit: str = "claim", threshold: float = DEFAULT_THRESHOLD, draws: int = DEFAULT_DRAWS,
                     seed: int | None = None, progress: Progress | None = None) -> AgreementReport:
    """Load the coders' claims from ``project`` and compute the report (see ``compute_report``)."""
    data = load_coding_data(project, coders, documents)
    if not data.compared_documents():
        raise AgreementError(f"{project.path}: no document was coded by two or more of {', '.join(data.coders)}")
    return compute_report(data, unit, threshold, draws, seed, progress)


# -- figures ---------------------------------------------------------------------------------------------------

def _kappa_kind(dimension: Dimension) -> str | None:
    return "quadratic" if dimension.level == "ordinal" else None


def _kappas(dimension: Dimension, coders: int) -> list[Coefficient]:
    size = len(dimension.categories)
    tables = (coefficients.pair_table(codes[0], codes[1], size, weights)
              for codes, weights in (dimension.pair(i, j) for i in range(coders) for j in range(i + 1, coders)))
    return [coefficients.kappa_from_table(table, _kappa_kind(dimension)) for table in tables]


def _all_figures(dimension: Dimension, codes: np.ndarray, weights, draws: int, seed: int | None):
    size = len(dimension.categories)
    counts = coefficients.unit_counts(codes, size)
    alpha = coefficients.alpha_from_codes(codes, size, dimension.level, weights, dimension.numeric)
    interval = (coefficients.bootstrap_from_codes(codes, size, dimension.level, weights, dimension.numeric, draws, seed)
                if alpha.defined and draws else None)
    shares = coefficients.category_shares(counts, weights)  # shared by the four coefficients below
    return (coefficients.percent_from_counts(counts, weights, shares), alpha, interval,
            coefficients.fleiss_from_counts(counts, weights, shares),
            coefficients.ac1_from_counts(counts, weights, shares), coefficients.bp_from_counts(counts, size, weights, shares))


def _not_applicable(dimension: Dimension) -> DimensionFigures:
    blank = undefined("-", 0, dimension.not_applicable)
    return DimensionFigures(dimension.name, dimension.level, 0, blank, blank, None, None, blank, blank, blank, blank,
                            blank, f"{dimension.name.capitalize()}: {dimension.not_applicable}.", dimension.not_applicable)


def _dimension_figures(dimension: Dimension, coders: Sequence[str], draws: int, seed: int | None) -> DimensionFigures:
    if dimension.not_applicable:
        return _not_applicable(dimension)
    percent, alpha, interval, fleiss, ac1, bp = _all_figures(dimension, dimension.codes, dimension.weights, draws, seed)
    interval_level = None
    if dimension.numeric is not None:
        interval_level = coefficients.alpha_from_codes(dimension.codes, len(dimension.categories), "interval",
                                                       dimension.weights, dimension.numeric)
    kappas = _kappas(dimension, len(coders))
    if len(coders) == 2:
        kappa, scott = kappas[0], coefficients.pi_from_table(coefficients.pair_table(
            dimension.codes[0], dimension.codes[1], len(dimension.categories), dimension.weights))
    else:
        defined = [k for k in kappas if k.defined]
        name = kappas[0].name + " (mean of pairs)"
        kappa = (Coefficient(name, float(np.mean([k.value for k in defined])), min(k.units for k in defined))
                 if defined else undefined(name, 0, "no pair of coders has a defined kappa"))
        scott = undefined("Scott's pi", alpha.units, "Scott's pi compares two coders; Fleiss' kappa generalises it "
                          "(see also the per-pair table)")
    return DimensionFigures(dimension.name, dimension.level, alpha.units, percent, alpha, interval, interval_level,
                            kappa, fleiss, scott, ac1, bp, reading(dimension.name, alpha, interval, dimension.unit_label))


def _pair_figures(dimension: Dimension, coders: Sequence[str], draws: int, seed: int | None) -> list[PairFigures]:
    if dimension.not_applicable:
        return []
    found = []
    size = len(dimension.categories)
    for i in range(len(coders)):
        for j in range(i + 1, len(coders)):
            codes, weights = dimension.pair(i, j)
            percent, alpha, interval, _fleiss, ac1, bp = _all_figures(dimension, codes, weights, draws, seed)
            table = coefficients.pair_table(codes[0], codes[1], size, weights)
            found.append(PairFigures(coders[i], coders[j], dimension.name, percent, alpha, interval,
                                     coefficients.kappa_from_table(table, _kappa_kind(dimension)),
                                     coefficients.pi_from_table(table), ac1, bp))
    return found


def _category_figures(dimension: Dimension, coders: Sequence[str], span: SpanFigures | None) -> list[CategoryFigures]:
    if dimension.not_applicable:
        return []
    found = []
    by_theme = span.unitizing_themes.per_category if span and span.unitizing_themes and dimension.name == "theme" else {}
    for number, category in enumerate(dimension.one_vs_rest):
        codes, weights, _documents = dimension.binary(number)
        unit_weights = np.ones(codes.shape[1]) if weights is None else weights
        uses = {coder: float(unit_weights[codes[k] == 1].sum()) for k, coder in enumerate(coders)}
        counts = coefficients.unit_counts(codes, 2)
        alpha = coefficients.alpha_from_codes(codes, 2, "nominal", weights)
        if alpha.defined is False and not any(uses.values()):
            alpha = undefined(alpha.name, alpha.units, "no coder used this category")
        unitizing = by_theme.get(category)
        found.append(CategoryFigures(dimension.name, category, alpha.units, uses,
                                     coefficients.percent_from_counts(counts, weights), alpha,
                                     None if unitizing is None else unitizing.value))
    return found


def _document_figures(dimension: Dimension, documents: list[str], titles: dict) -> list[DocumentFigures]:
    if dimension.not_applicable or not len(dimension.documents):
        return []
    size, count = len(dimension.categories), len(documents)
    alphas = coefficients.alpha_by_group(dimension.codes, size, dimension.level, dimension.documents, count,
                                         dimension.weights, dimension.numeric)
    percents = coefficients.percent_by_group(dimension.codes, size, dimension.documents, count, dimension.weights)
    return [DocumentFigures(document, titles.get(document, ""), dimension.name, percent, alpha)
            for document, percent, alpha in zip(documents, percents, alphas)]


def _confusions(dimension: Dimension, coders: Sequence[str]):
    if dimension.not_applicable:
        return
    size = len(dimension.categories)
    labels = [str(category) for category in dimension.categories]
    for i in range(len(coders)):
        for j in range(i + 1, len(coders)):
            codes, weights = dimension.pair(i, j)
            table = coefficients.pair_table(codes[0], codes[1], size, weights)
            used = (table.sum(axis=0) + table.sum(axis=1)) > 0  # the codebook is long; show what was used
            frame = pd.DataFrame(table[np.ix_(used, used)], index=[labels[k] for k in np.flatnonzero(used)],
                                 columns=[labels[k] for k in np.flatnonzero(used)])
            yield (dimension.name, coders[i], coders[j]), frame.round(0).astype(np.int64)


def _span_figures(data: CodingData, units: UnitSet) -> SpanFigures:
    claims = units.claims
    matched = units.matching.matched() if len(claims) else np.zeros(0, bool)
    per_coder = {coder: (int((claims["coder"] == coder).sum()), int(matched[(claims["coder"] == coder).to_numpy()].sum()))
                 for coder in data.coders}
    everyone = [d for d in units.documents if all((d, c) in data.coded for c in data.coders)]
    spans = themes = None
    if everyone:
        offsets, position = {}, 0
        for document in everyone:
            offsets[document] = position
            position += int(data.documents.at[document, "length"])
        mine = claims[claims["document_id"].isin(offsets)]
        begin = (mine["document_id"].map(offsets) + mine["start"]).to_numpy()
        lengths = (mine["end"] - mine["start"]).to_numpy()
        observers = list(data.coders)
        spans = unitizing_alpha(zip(mine["coder"], begin, lengths, ["claim"] * len(mine)), 0, position, observers)
        themes = unitizing_alpha(zip(mine["coder"], begin, lengths, mine["theme"]), 0, position, observers)
    return SpanFigures(len(claims), int(matched.sum()), per_coder, len(everyone), spans, themes)


# -- tables ----------------------------------------------------------------------------------------------------

def _value(coefficient: Coefficient | None) -> float | None:
    return None if coefficient is None or not coefficient.defined else round(float(coefficient.value), 6)


def _reasons(**named: Coefficient | None) -> str:
    return "; ".join(f"{name}: {c.reason}" for name, c in named.items() if c is not None and not c.defined and c.reason)


def summary_frame(report: AgreementReport) -> pd.DataFrame:
    rows = []
    for row in report.summary:
        interval = row.interval if row.interval is not None and row.interval.defined else None
        rows.append({
            "dimension": row.dimension, "level": row.level, "units": round(row.units, 6),
            "percent agreement": _value(row.percent), "alpha": _value(row.alpha),
            "alpha 95% low": None if interval is None else round(interval.low, 6),
            "alpha 95% high": None if interval is None else round(interval.high, 6),
            "P(alpha < .667)": None if interval is None else interval.below.get(TENTATIVE),
            "P(alpha < .800)": None if interval is None else interval.below.get(RELIABLE),
            "alpha (interval level)": _value(row.alpha_interval_level), "kappa": _value(row.kappa),
            "kappa is": row.kappa.name, "Fleiss' kappa": _value(row.fleiss), "Scott's pi": _value(row.scott),
            "Gwet's AC1": _value(row.ac1), "Brennan-Prediger": _value(row.bp), "reading": row.reading,
            "notes": row.not_applicable or _reasons(alpha=row.alpha, kappa=row.kappa, fleiss=row.fleiss,
                                                     scott=row.scott, ac1=row.ac1, bp=row.bp),
        })
    return pd.DataFrame(rows)


def span_frame(report: AgreementReport) -> pd.DataFrame:
    span = report.span
    rows = [{"measure": "claims matched with another coder's claim", "value": span.share, "units": span.claims,
             "note": f"{span.matched} of {span.claims} claims"}]
    for coder, (claims, matched) in span.per_coder.items():
        rows.append({"measure": f"claims matched: {coder}", "value": matched / claims if claims else None,
                     "units": claims, "note": f"{matched} of {claims} claims"})
    for label, result in (("unitizing alpha: where claims are (any theme)", span.unitizing_spans),
                          ("unitizing alpha: joint over themes", span.unitizing_themes)):
        rows.append({"measure": label, "value": None if result is None else result.value,
                     "units": span.documents, "note": "documents coded by every coder" if result is None or
                     result.defined else result.reason})
    return pd.DataFrame(rows)


def category_frame(report: AgreementReport) -> pd.DataFrame:
    rows = []
    for row in report.categories:
        entry = {"dimension": row.dimension, "category": row.category, "units": round(row.units, 6),
                 "alpha": _value(row.alpha), "percent agreement": _value(row.percent), "unitizing alpha": row.unitizing}
        entry.update({f"used by {coder}": round(uses, 6) for coder, uses in row.uses.items()})
        entry["notes"] = _reasons(alpha=row.alpha)
        rows.append(entry)
    return pd.DataFrame(rows)


def document_frame(report: AgreementReport) -> pd.DataFrame:
    return pd.DataFrame([{"document_id": row.document_id, "title": row.title, "dimension": row.dimension,
                          "units": round(row.alpha.units, 6), "alpha": _value(row.alpha),
                          "percent agreement": _value(row.percent), "notes": _reasons(alpha=row.alpha)}
                         for row in report.documents],
                        columns=["document_id", "title", "dimension", "units", "alpha", "percent agreement", "notes"])


def pair_frame(report: AgreementReport) -> pd.DataFrame:
    rows = []
    for row in report.pairs:
        interval = row.interval if row.interval is not None and row.interval.defined else None
        rows.append({"coder A": row.first, "coder B": row.second, "dimension": row.dimension,
                     "units": round(row.alpha.units, 6), "percent agreement": _value(row.percent),
                     "alpha": _value(row.alpha), "alpha 95% low": None if interval is None else round(interval.low, 6),
                     "alpha 95% high": None if interval is None else round(interval.high, 6),
                     "kappa": _value(row.kappa), "kappa is": row.kappa.name, "Scott's pi": _value(row.scott),
                     "Gwet's AC1": _value(row.ac1), "Brennan-Prediger": _value(row.bp),
                     "notes": _reasons(alpha=row.alpha, kappa=row.kappa, scott=row.scott)})
    return pd.DataFrame(rows)


def disagreement_frame(report: AgreementReport) -> pd.DataFrame:
    columns = ["number", "document_id", "title", "start", "end", "what differs", "coder", "quote", "theme", "actor",
               "target", "stance", "stance label", "memo", "claim_id"]
    rows = [[d.number, d.document_id, d.title, d.start, d.end, d.describe(), v.coder,
             v.quote if v.has_claim else "(no claim)", v.theme, v.actor, v.target, v.stance, v.stance_label, v.memo,
             v.claim_id] for d in report.disagreements for v in d.versions]
    frame = pd.DataFrame(rows, columns=columns)
    frame["stance"] = frame["stance"].astype("Int64")  # levels are whole numbers; "no stance" stays empty
    return frame


def settings_frame(report: AgreementReport) -> pd.DataFrame:
    s = report.settings
    rows = [("coders", ", ".join(s.coders)), ("unit of analysis", s.unit_description),
            ("documents compared", s.documents), ("claim matching", s.matching_rule),
            ("overlap threshold", s.threshold), ("bootstrap draws", s.draws),
            ("bootstrap seed", "none (random)" if s.seed is None else s.seed), ("computed", s.computed)]
    rows += [("note", note) for note in report.notes]
    return pd.DataFrame(rows, columns=["setting", "value"])
