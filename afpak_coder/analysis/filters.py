"""Which claims an export or an overview covers: coders, documents, dates, themes.

    selection = select_claims(project, ClaimFilter(coders=("Ayesha",), date_from=date(2024, 1, 1)))
    selection.frame        # the claims (columns of Project.claims_frame), filtered
    selection.documents    # the documents the filter keeps, also those without claims
    selection.codebook     # themes, actors, stance scale, coders: the order of every table

Rules (also in docs/export.md):

* Coders: the named coders, or the coder named "Consensus" only; none named = every coder.
* Documents: the chosen document ids, and/or documents whose variable has a given value
  (compared as text, ignoring case). Several variable conditions must all hold.
* Dates: the document's publication date, both ends included. With a date range, documents
  without a publication date are left out.
* Themes: a theme given by name or path keeps its sub-themes too.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from afpak_coder.core import records
from afpak_coder.core.errors import NotFoundError, ValidationError

CONSENSUS_CODER = "Consensus"


@dataclass(frozen=True)
class ClaimFilter:
    coders: tuple[str, ...] = ()
    consensus_only: bool = False
    documents: tuple[str, ...] = ()  # document ids (as text)
    variables: tuple[tuple[str, str], ...] = ()  # (variable name, value)
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    themes: tuple[str, ...] = ()  # theme names or paths ("Security › TTP sanctuaries")

    def __post_init__(self) -> None:
        if self.date_from and self.date_to and self.date_from > self.date_to:
            raise ValidationError(f"date range: {self.date_from} is after {self.date_to}")
        if self.consensus_only and self.coders:
            raise ValidationError("choose either coders or the consensus coder only, not both")

    @property
    def is_empty(self) -> bool:
        return self == ClaimFilter()

    def describe(self) -> list[str]:
        """One line per condition, for the README sheet and reports."""
        lines = []
        if self.consensus_only:
            lines.append(f"coder: {CONSENSUS_CODER} only")
        elif self.coders:
            lines.append("coders: " + ", ".join(self.coders))
        if self.documents:
            lines.append(f"documents: {len(self.documents)} chosen")
        lines += [f"document variable {name} = {value}" for name, value in self.variables]
        if self.date_from or self.date_to:
            start = self.date_from.isoformat() if self.date_from else "any date"
            end = self.date_to.isoformat() if self.date_to else "any date"
            lines.append(f"published: {start} to {end} (both included; undated documents left out)")
        if self.themes:
            lines.append("themes (with their sub-themes): " + ", ".join(self.themes))
        return lines or ["none: every claim of every coder"]


@dataclass(frozen=True)
class Codebook:
    """The project's categories in their codebook order (themes in tree order)."""

    themes: list[records.Theme]
    actors: list[records.Actor]
    stance_levels: list[records.StanceLevel]
    coders: list[records.Coder]
    variables: list[records.Variable] = field(default_factory=list)

    @classmethod
    def of(cls, project: Any) -> Codebook:
        return cls(project.themes(), project.actors(), project.stance_levels(), project.coders(),
                   project.variables())


@dataclass
class Selection:
    frame: pd.DataFrame | None  # None: not read yet (see select_without_claims)
    documents: list[records.Document]  # ordered by document number
    coders: list[records.Coder]  # the coders the filter keeps, in project order
    codebook: Codebook
    filter: ClaimFilter
    project_name: str = ""
    project_path: str = ""
    statuses: dict = field(default_factory=dict)  # (document id, coder id) -> status


def select_claims(project: Any, claim_filter: ClaimFilter | None = None, *,
                  frame: pd.DataFrame | None = None) -> Selection:
    """Read the project once and keep what ``claim_filter`` asks for."""
    selection = select_without_claims(project, claim_filter)
    if frame is None:
        coders, everyone = selection.coders, selection.codebook.coders
        only_one = len(coders) == 1 and len(everyone) > 1
        frame = project.claims_frame(coder=coders[0] if only_one else None)  # only that coder's claims
    selection.frame = filter_frame(frame, selection.filter, selection.documents, selection.coders,
                                   selection.codebook.themes, project.path)
    return selection


def select_without_claims(project: Any, claim_filter: ClaimFilter | None = None) -> Selection:
    """What ``select_claims`` keeps but the claims themselves (``frame`` is None): for work that
    reads them in chunks, ``project.claim_chunks(**chunk_filters(selection))``."""
    claim_filter = claim_filter or ClaimFilter()
    codebook = Codebook.of(project)
    coders = chosen_coders(codebook.coders, claim_filter, project.path)
    documents = chosen_documents(project.documents(), claim_filter, codebook.variables, project.path)
    return Selection(frame=None, documents=documents, coders=coders, codebook=codebook,
                     filter=claim_filter, project_name=project.name, project_path=str(project.path),
                     statuses=project.statuses())


def chunk_filters(selection: Selection) -> dict[str, Any]:
    """The arguments of ``Project.claim_chunks`` that keep the claims ``filter_frame`` keeps."""
    claim_filter = selection.filter
    if claim_filter.is_empty:
        return {}
    themes = None
    if claim_filter.themes:
        paths = chosen_theme_paths(selection.codebook.themes, claim_filter.themes, selection.project_path)
        themes = [theme for theme in selection.codebook.themes if theme.path_label in paths]
    return {"coders": selection.coders, "documents": selection.documents, "themes": themes}


def chosen_coders(coders: list[records.Coder], claim_filter: ClaimFilter, where: Any = "") -> list[records.Coder]:
    wanted = (CONSENSUS_CODER,) if claim_filter.consensus_only else claim_filter.coders
    if not wanted:
        return list(coders)
    by_name = {coder.name.casefold(): coder for coder in coders}
    missing = [name for name in wanted if name.strip().casefold() not in by_name]
    if missing:
        known = ", ".join(coder.name for coder in coders) or "none"
        if claim_filter.consensus_only:
            raise NotFoundError(f"{where}: has no {CONSENSUS_CODER} coder yet (coders: {known})")
        raise NotFoundError(f"{where}: no coder named {', '.join(map(repr, missing))} (coders: {known})")
    keep = {by_name[name.strip().casefold()].id for name in wanted}
    return [coder for coder in coders if coder.id in keep]


def chosen_documents(documents: Iterable[records.Document], claim_filter: ClaimFilter,
                     variables: Iterable[records.Variable] = (), where: Any = "") -> list[records.Document]:
    known_variables = {variable.name.casefold(): variable.name for variable in variables}
    for name, _value in claim_filter.variables:
        if known_variables and name.casefold() not in known_variables:
            raise NotFoundError(f"{where}: no document variable named {name!r} "
                                f"(variables: {', '.join(known_variables.values())})")
    ids = set(claim_filter.documents)
    kept = []
    for document in documents:
        if ids and str(document.id) not in ids:
            continue
        if not _variables_match(document, claim_filter.variables):
            continue
        if claim_filter.date_from or claim_filter.date_to:
            if document.published is None:
                continue
            if claim_filter.date_from and document.published < claim_filter.date_from:
                continue
            if claim_filter.date_to and document.published > claim_filter.date_to:
                continue
        kept.append(document)
    return sorted(kept, key=lambda d: d.number)


def chosen_theme_paths(themes: list[records.Theme], names: Iterable[str], where: Any = "") -> set[str]:
    """Path labels of the named themes and all their sub-themes."""
    chosen: set[tuple[str, ...]] = set()
    for name in names:
        wanted = name.strip()
        matches = [t.path for t in themes if wanted in (t.name, t.path_label, "/".join(t.path))]
        if not matches:
            raise NotFoundError(f"{where}: no theme named {name!r}")
        if len(matches) > 1:
            raise ValidationError(f"{where}: several themes are named {name!r}; give its path, "
                                  f"e.g. {' › '.join(matches[0])!r}")
        chosen.add(matches[0])
    return {t.path_label for t in themes if any(t.path[: len(path)] == path for path in chosen)}


def filter_frame(frame: pd.DataFrame, claim_filter: ClaimFilter, documents: list[records.Document],
                 coders: list[records.Coder], themes: list[records.Theme], where: Any = "") -> pd.DataFrame:
    keep = pd.Series(True, index=frame.index)
    if not claim_filter.is_empty:
        keep &= frame["document_id"].isin({str(d.id) for d in documents})
        keep &= frame["coder"].isin({c.name for c in coders})
        if claim_filter.themes:
            keep &= frame["theme_path"].isin(chosen_theme_paths(themes, claim_filter.themes, where))
    if bool(keep.all()):
        return frame
    return frame.loc[keep].reset_index(drop=True)


def _variables_match(document: records.Document, conditions: tuple[tuple[str, str], ...]) -> bool:
    if not conditions:
        return True
    values = {name.casefold(): value for name, value in document.variables.items()}
    return all(_value_matches(values.get(name.casefold()), wanted) for name, wanted in conditions)


def _value_matches(value: Any, wanted: str) -> bool:
    if value is None:
        return False
    wanted = str(wanted).strip().casefold()
    if isinstance(value, bool):
        return wanted in (("yes", "true", "1") if value else ("no", "false", "0"))
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).casefold() == wanted
