"""Which claims a network is built from, and time windows (one network per period).

    choice = NetworkFilter(claims=ClaimFilter(coders=("Ayesha",)), outlets=("Dawn",), duplicates="document")
    frame, selection = network_claims(project, choice)
    for label, part in split_windows(frame, "quarter").items(): ...

Coders: one or more named coders, the Consensus coder, or all coders. With all coders (or
several), every coder's claims count — a passage coded by three coders counts three times — and
``pooling_note`` says so; for findings choose one coder or the consensus.
Documents, dates, themes (a theme with its sub-themes) and document variables work as in the
export (``analysis.filters``); outlets are compared ignoring case.
Duplicates: ``"all"`` keeps every claim; ``"document"`` keeps one of identical claims in a
document (same coder, actor, target, theme and stance), as DNA's "one per document".
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from afpak_coder.analysis.filters import ClaimFilter, Selection, select_claims
from afpak_coder.core.errors import ValidationError

DUPLICATES = ("all", "document")
WINDOWS = ("none", "month", "quarter", "year")
IDENTITY = ["document_id", "coder", "actor", "target", "theme_path", "stance"]


@dataclass(frozen=True)
class NetworkFilter:
    claims: ClaimFilter = field(default_factory=ClaimFilter)
    outlets: tuple[str, ...] = ()
    duplicates: str = "all"

    def __post_init__(self) -> None:
        if self.duplicates not in DUPLICATES:
            raise ValidationError(f"duplicates {self.duplicates!r} is not one of {', '.join(DUPLICATES)}")

    def describe(self) -> list[str]:
        lines = [line for line in self.claims.describe() if not line.startswith("none")]
        if self.outlets:
            lines.append("outlets: " + ", ".join(self.outlets))
        if self.duplicates == "document":
            lines.append("duplicates: one of identical claims per document")
        return lines or ["none: every claim of every coder"]


def network_claims(project, choice: NetworkFilter | None = None) -> tuple[pd.DataFrame, Selection]:
    """The claims ``choice`` keeps (columns of ``Project.claims_frame``) and the selection behind them."""
    choice = choice or NetworkFilter()
    selection = select_claims(project, choice.claims)
    return filter_claims(selection.frame, choice), selection


def filter_claims(frame: pd.DataFrame, choice: NetworkFilter) -> pd.DataFrame:
    """The outlet and duplicate rules on an already filtered claims frame."""
    if choice.outlets:
        wanted = {outlet.strip().casefold() for outlet in choice.outlets}
        frame = frame[frame["outlet"].fillna("").str.casefold().isin(wanted)]
    if choice.duplicates == "document":
        frame = frame.drop_duplicates(subset=IDENTITY, keep="first")
    return frame.reset_index(drop=True)


def pooling_note(frame: pd.DataFrame) -> str:
    """Empty for one coder's claims; otherwise the warning that each coder's claims count."""
    coders = sorted(frame["coder"].dropna().unique())
    if len(coders) <= 1:
        return ""
    return (f"claims of {len(coders)} coders pooled ({', '.join(coders)}): a passage coded by several "
            "coders counts once per coder; choose one coder or the consensus for findings")


def split_windows(frame: pd.DataFrame, window: str) -> dict[str, pd.DataFrame]:
    """One frame per calendar month, quarter or year of publication, from the first to the last
    period with claims (empty periods included, so that a series of networks has no gaps).
    Claims of undated documents are left out."""
    if window not in WINDOWS or window == "none":
        raise ValidationError(f"window {window!r} is not one of {', '.join(WINDOWS[1:])}")
    dated = frame[frame["published"].notna()]
    if dated.empty:
        return {}
    code = {"month": "M", "quarter": "Q", "year": "Y"}[window]
    periods = pd.PeriodIndex(dated["published"], freq=code)
    every = pd.period_range(periods.min(), periods.max(), freq=code)
    return {_label(period, window): dated[periods == period].reset_index(drop=True) for period in every}


def _label(period: pd.Period, window: str) -> str:
    if window == "month":
        return period.strftime("%Y-%m")
    if window == "quarter":
        return f"{period.year}-Q{period.quarter}"
    return str(period.year)
