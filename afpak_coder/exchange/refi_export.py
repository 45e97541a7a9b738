"""Write a REFI-QDA project (.qdpx): a zip of ``project.qde`` (QDA-XML, checked against
Project.xsd before the file is written) and ``sources/<guid>.txt`` (UTF-8 without BOM, LF).

Mapping (see docs/refi-qda.md): documents → TextSource with their metadata and variables as typed
VariableValues and their memo as Description; coders → Users; the codebook → Codes (see
refi_codebook); each claim → one PlainTextSelection (code points, end exclusive, the claim id as
guid) with one Coding per coded dimension (theme, actor, target, stance), each created by the
claim's coder; a claim's memo → a Note linked by NoteRef. Filters as in the Excel export.
"""

from __future__ import annotations

import datetime as dt
import uuid
import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree as ET

from afpak_coder import __version__
from afpak_coder.analysis.filters import ClaimFilter, select_claims
from afpak_coder.exchange.atomic import atomic_outputs
from afpak_coder.exchange.refi_codebook import codes_element
from afpak_coder.exchange.refi_common import (
    CATEGORIES_PREFIX, ORIGIN, PROJECT_NS, RefiError, derived_guid, guid, schema_errors, target_guid, to_bytes,
)

METADATA = ("outlet", "author", "published", "url", "language", "genre")
_METADATA_NAMESPACE = uuid.UUID("e3a4b1c2-7d6f-4e8a-9b0c-1d2e3f4a5b6c")
_KINDS = {"text": "Text", "category": "Text", "date": "Date"}


def variable_guid(name: str) -> uuid.UUID:
    return uuid.uuid5(_METADATA_NAMESPACE, name)


@dataclass
class QdpxReport:
    path: Path
    documents: int
    claims: int
    codings: int
    notes: int

    def summary(self) -> str:
        return (f"{self.path}: REFI-QDA project with {self.documents} documents, {self.claims} claims "
                f"({self.codings} codings, {self.notes} memos as notes)")


def _q(name: str) -> str:
    return f"{{{PROJECT_NS}}}{name}"


def _stamp(value: dt.datetime | None) -> str | None:
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.timezone.utc)
    return value.isoformat()


def export_qdpx(project, path: Path, *, claim_filter: ClaimFilter | None = None,
                overwrite: bool = False) -> QdpxReport:
    path = Path(path)
    selection = select_claims(project, claim_filter)
    wanted = set(selection.frame["claim_id"])
    documents = selection.documents
    kept_documents = {d.id for d in documents}
    claims = [c for c in project.claims() if str(c.id) in wanted and c.document.id in kept_documents]
    root, counts = _project_element(project, documents, claims)
    ET.register_namespace("", PROJECT_NS)
    xml = to_bytes(root)
    errors = schema_errors(xml, "Project")
    if errors:  # a bug of ours: never hand out a file other tools may refuse
        raise RefiError(f"{path}: the project written does not validate against Project.xsd ({errors[0]})")
    with atomic_outputs([path], overwrite=overwrite) as (temporary,):
        with zipfile.ZipFile(temporary, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("project.qde", xml)
            for document in documents:
                archive.writestr(f"sources/{document.id}.txt", document.text.encode("utf-8"))
    return QdpxReport(path, len(documents), len(claims), counts["codings"], counts["notes"])


def _project_element(project, documents, claims) -> tuple[ET.Element, dict]:
    now = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    root = ET.Element(_q("Project"), name=project.name, origin=f"{ORIGIN} {__version__}",
                      creationDateTime=now.isoformat())
    coders = project.coders()
    if coders:
        users = ET.SubElement(root, _q("Users"))
        for coder in coders:
            ET.SubElement(users, _q("User"), guid=guid(coder.id), name=coder.name)
    codebook = ET.SubElement(root, _q("CodeBook"))
    codebook.append(codes_element(project.codebook_data(), PROJECT_NS))
    variables = _variables(project, documents)
    if variables:
        element = ET.SubElement(root, _q("Variables"))
        for name, (kind, description) in variables.items():
            variable = ET.SubElement(element, _q("Variable"), guid=guid(variable_guid(name)), name=name,
                                     typeOfVariable=kind)
            if description:
                ET.SubElement(variable, _q("Description")).text = description
    by_document: dict[uuid.UUID, list] = {}
    for claim in claims:
        by_document.setdefault(claim.document.id, []).append(claim)
    counts = {"codings": 0, "notes": 0}
    notes: list[ET.Element] = []
    if documents:
        sources = ET.SubElement(root, _q("Sources"))
        for document in documents:
            _source(sources, document, by_document.get(document.id, []), variables, notes, counts)
    if notes:
        ET.SubElement(root, _q("Notes")).extend(notes)
    return root, counts


def _variables(project, documents) -> dict[str, tuple[str, str]]:
    """name → (typeOfVariable, description) for the metadata the documents use and every variable."""
    found: dict[str, tuple[str, str]] = {}
    for name in METADATA:
        if any(getattr(d, name) is not None for d in documents):
            found[name] = ("Date" if name == "published" else "Text", "document metadata")
    for variable in project.variables():
        kind = _KINDS.get(variable.kind)
        if variable.kind == "number":
            numbers = [d.variables.get(variable.name) for d in documents]
            whole = all(isinstance(n, int) and not isinstance(n, bool) for n in numbers if n is not None)
            kind = "Integer" if whole else "Float"
        description = CATEGORIES_PREFIX + "; ".join(variable.categories) if variable.kind == "category" else ""
        found.setdefault(variable.name, (kind, description))
    return found


def _value_element(parent, name: str, kind: str, value) -> None:
    element = ET.SubElement(parent, _q("VariableValue"))
    ET.SubElement(element, _q("VariableRef"), targetGUID=guid(variable_guid(name)))
    tag = {"Text": "TextValue", "Date": "DateValue", "Integer": "IntegerValue", "Float": "FloatValue"}[kind]
    ET.SubElement(element, _q(tag)).text = value.isoformat() if isinstance(value, dt.date) else str(value)


def _source(sources, document, claims, variables, notes, counts) -> None:
    source = ET.SubElement(sources, _q("TextSource"), guid=guid(document.id), name=document.title,
                           plainTextPath=f"internal://{document.id}.txt",
                           creationDateTime=_stamp(document.imported_at))
    if document.memo:
        ET.SubElement(source, _q("Description")).text = document.memo
    for claim in sorted(claims, key=lambda c: (c.start, c.end, c.coder.name)):
        user = guid(claim.coder.id)
        selection = ET.SubElement(source, _q("PlainTextSelection"), guid=guid(claim.id),
                                  name=claim.quote[:60], startPosition=str(claim.start), endPosition=str(claim.end),
                                  creatingUser=user, creationDateTime=_stamp(claim.created),
                                  modifyingUser=user, modifiedDateTime=_stamp(claim.updated))
        codes = [("theme", claim.theme.id)]
        if claim.actor is not None:
            codes.append(("actor", claim.actor.id))
        if claim.target is not None:
            codes.append(("target", target_guid(claim.target.id)))
        if claim.stance is not None:
            codes.append(("stance", claim.stance.id))
        for what, code in codes:
            coding = ET.SubElement(selection, _q("Coding"), guid=guid(derived_guid(claim.id, what)),
                                   creatingUser=user, creationDateTime=_stamp(claim.created))
            ET.SubElement(coding, _q("CodeRef"), targetGUID=guid(code))
            counts["codings"] += 1
        if claim.memo:
            note_guid = guid(derived_guid(claim.id, "memo"))
            ET.SubElement(selection, _q("NoteRef"), targetGUID=note_guid)
            note = ET.Element(_q("Note"), guid=note_guid, name=f"Memo: {claim.quote[:40]}", creatingUser=user,
                              creationDateTime=_stamp(claim.created))
            ET.SubElement(note, _q("PlainTextContent")).text = claim.memo
            notes.append(note)
            counts["notes"] += 1
    for name, (kind, _description) in variables.items():
        value = getattr(document, name) if name in METADATA else document.variables.get(name)
        if value is not None and value != "":
            _value_element(source, name, kind, value)
