"""Import a REFI-QDA project (.qdpx) into a project: sources → documents, codes → themes (and our
Actors/Targets/Stance codes → actors, targets, stance levels), users → coders (matched by name, or
as the caller maps them), every coding → a claim of its coder with that theme.

Offsets are mapped twice: from the file's counting model (see refi_offsets) onto the text as read,
then through our normalisation (see core.text_offsets) onto the text as stored. Everything read and
checked before anything is stored; whatever is not taken is counted by kind in the report.
"""

from __future__ import annotations

import collections
import datetime as dt
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from afpak_coder.core.errors import DuplicateError, ValidationError
from afpak_coder.core.text import text_sha256
from afpak_coder.core.text_offsets import normalise_with_offsets
from afpak_coder.exchange.refi_codebook import fill_colors
from afpak_coder.exchange.refi_common import CATEGORIES_PREFIX, derived_guid
from afpak_coder.exchange.refi_export import METADATA
from afpak_coder.exchange.refi_offsets import TextOffsets, choose_model
from afpak_coder.exchange.refi_read import QdpxContent, Source, read_qdpx

UNKNOWN_CODER = "Unknown coder (REFI-QDA import)"
_KIND_OF_TYPE = {"Integer": "number", "Float": "number", "Date": "date", "DateTime": "date"}


@dataclass
class QdpxImportReport:
    path: Path
    offset_model: str = ""
    documents_added: int = 0
    documents_present: int = 0
    claims_added: int = 0
    claims_present: int = 0
    incomplete: int = 0
    coders_added: list[str] = field(default_factory=list)
    not_taken: collections.Counter = field(default_factory=collections.Counter)

    def summary(self) -> str:
        lines = [f"{self.path}: {self.documents_added} documents added ({self.documents_present} already present), "
                 f"{self.claims_added} claims added ({self.claims_present} already present, "
                 f"{self.incomplete} incomplete: no actor or no stance)",
                 f"offsets counted as: {self.offset_model}"]
        if self.coders_added:
            lines.append("new coders: " + ", ".join(self.coders_added))
        lines += [f"not taken: {count} {kind}" for kind, count in sorted(self.not_taken.items())]
        return "\n".join(lines)


def file_users(content: QdpxContent) -> dict[uuid.UUID | None, str]:
    """Every user whose codings the file holds → the name to match (or to give a new coder)."""
    found: dict[uuid.UUID | None, str] = {}
    for source in content.sources:
        for coding in [c for s in source.selections for c in s.codings] + source.whole_codings:
            if coding.user not in found:
                name = content.users.get(coding.user) if coding.user else None
                found[coding.user] = name or (f"User {str(coding.user)[:8]}" if coding.user else UNKNOWN_CODER)
    return found


def import_qdpx(project, path: Path, *, coders: dict | None = None, content: QdpxContent | None = None,
                progress=None) -> QdpxImportReport:
    """``coders``: file user GUID (or None for codings without one) → coder name in the project
    (existing or new); by default each user's own name."""
    content = content or read_qdpx(path)
    report = QdpxImportReport(Path(path), not_taken=collections.Counter(content.not_taken))
    names = {**file_users(content), **(coders or {})}
    texts = {}
    for source in content.sources:
        if source.text is None or not source.text.strip():
            report.not_taken["sources without text"] += 1
        else:
            texts[source.guid] = TextOffsets(source.text)
    spans = [(texts[s.guid], [(x.start, x.end) for x in s.selections]) for s in content.sources if s.guid in texts]
    report.offset_model, _scores = choose_model(spans, content.origin)
    plans = [_plan_source(source, texts[source.guid], report, content, names)
             for source in content.sources if source.guid in texts]
    # Checked; now stored.
    if content.codebook.data["themes"] or content.codebook.data["actors"] or content.codebook.data["stance"]:
        project.import_codebook(fill_colors(content.codebook.data))
    _define_variables(project, content)
    known = {c.name.casefold(): c for c in project.coders()}
    for name in dict.fromkeys(names.values()):
        if name.casefold() not in known:
            known[name.casefold()] = project.add_coder(name)
            report.coders_added.append(name)
    themes = {t.path: t for t in project.themes()}
    actors = {a.name: a for a in project.actors()}
    existing_claims = {c.id for c in project.claims()}
    rows = []
    for number, (source, stored, claims) in enumerate(plans):
        if progress is not None:
            progress.update(number, len(plans), "Importing sources")
        document = _document(project, source, stored, report)
        for claim in claims:
            if claim["id"] in existing_claims:
                report.claims_present += 1
                continue
            theme = themes.get(claim.pop("theme_path"))
            if theme is None or theme.archived:
                report.not_taken["codings of codes not in the codebook or archived"] += 1
                continue
            claim.update(document=document, coder=known[claim.pop("coder_name").casefold()], theme=theme)
            for role in ("actor", "target"):
                claim[role] = actors.get(claim[role]) if claim[role] else None
            existing_claims.add(claim["id"])
            report.incomplete += claim["actor"] is None or claim["stance"] is None
            rows.append(claim)
    report.claims_added = project.add_claims(rows) if rows else 0
    return report


def _plan_source(source: Source, offsets: TextOffsets, report: QdpxImportReport, content: QdpxContent,
                 names: dict) -> tuple[Source, str, list[dict]]:
    stored, _steps, mapping = normalise_with_offsets(source.text)
    meaning = content.codebook.meaning
    claims = []
    selections = [(s, offsets.span(report.offset_model, s.start, s.end)) for s in source.selections]
    for selection, span in selections:
        if span is None:
            report.not_taken["selections outside their text"] += 1
            continue
        if not selection.codings:
            report.not_taken["memos on selections without a coding" if selection.memo
                              else "selections without a coding"] += 1
            continue
        start, end = mapping.span(*span)
        by_user: dict = {}
        for coding in selection.codings:
            kind = meaning.get(coding.code)
            if kind is None or kind.kind == "group":
                report.not_taken["codings of codes not in the codebook"] += 1
                continue
            by_user.setdefault(coding.user, []).append(kind)
        for user, kinds in by_user.items():
            themes = [k.key for k in kinds if k.kind == "theme"]
            if not themes:
                report.not_taken["codings without a theme (actor, target or stance only)"] += 1
                continue
            values = {k.kind: k.key for k in kinds if k.kind in ("actor", "target", "stance")}
            one = len(themes) == 1 and len(by_user) == 1
            for path in themes:
                claims.append(dict(
                    id=selection.guid if one else derived_guid(selection.guid, f"{user}:{'/'.join(path)}"),
                    start=start, end=end, theme_path=path, coder_name=names[user],
                    actor=values.get("actor"), target=values.get("target"), stance=values.get("stance"),
                    memo=selection.memo, created=selection.created or _now(),
                    updated=selection.modified or selection.created or _now()))
    for coding in source.whole_codings:
        kind = meaning.get(coding.code)
        if kind is None or kind.kind != "theme":
            report.not_taken["codings of whole sources without a theme"] += 1
            continue
        report.not_taken["codings of whole sources (taken as claims on the whole text)"] += 1
        claims.append(dict(id=derived_guid(source.guid, f"whole:{coding.user}:{'/'.join(kind.key)}"), start=0,
                           end=len(stored), theme_path=kind.key, coder_name=names[coding.user], actor=None,
                           target=None, stance=None, memo="", created=_now(), updated=_now()))
    return source, stored, claims


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def _define_variables(project, content: QdpxContent) -> None:
    known = {v.name.casefold() for v in project.variables()}
    for name, kind, description in content.variables.values():
        if not name or name.casefold() in known or name.casefold() in METADATA:
            continue
        categories = ()
        our_kind = _KIND_OF_TYPE.get(kind, "text")
        if description.startswith(CATEGORIES_PREFIX):
            our_kind = "category"
            categories = [c.strip() for c in description[len(CATEGORIES_PREFIX):].split(";") if c.strip()]
        try:
            project.define_variable(name, our_kind, categories)
        except (DuplicateError, ValidationError):
            pass  # a name the project already has in another spelling, or an odd value: kept as text
        known.add(name.casefold())


def _document(project, source: Source, stored: str, report: QdpxImportReport):
    existing = project.find_document_by_hash(text_sha256(stored))
    if existing is not None:
        report.documents_present += 1
        return existing
    metadata, variables = {}, {}
    for name, value in source.values.items():
        if name.casefold() in METADATA:
            metadata[name.casefold()] = value if name.casefold() == "published" else str(value)
        else:
            variables[name] = value
    taken = {d.id for d in project.documents()}
    try:
        document = project.add_document(source.text, title=source.name or None, variables=variables,
                                        id=None if source.guid in taken else source.guid,
                                        source_format="REFI-QDA", **metadata)
    except ValidationError:  # e.g. a date we cannot read: keep the metadata as variables
        document = project.add_document(source.text, title=source.name or None, variables={**variables, **metadata},
                                        id=None if source.guid in taken else source.guid, source_format="REFI-QDA")
    if source.memo:
        document = project.set_document_memo(document, source.memo)
    report.documents_added += 1
    return document
