"""Reading a REFI-QDA project (.qdpx) leniently into plain data, before anything is stored.

Real files: the XML is ``project.qde``, ``Project.qde`` or ``<Name>.qde`` (the one ``*.qde`` is
taken); sources lie in ``sources`` or ``Sources``; ``internal://X`` is resolved case-insensitively,
``relative:///`` and ``absolute:///`` paths and bare paths by their file name; texts come with or
without a byte-order mark, in UTF-8 or UTF-16. The coder of a coding is its Coding's
``creatingUser`` (not the selection's). Memos come as Notes + NoteRef or as a Description.
"""

from __future__ import annotations

import collections
import datetime as dt
import uuid
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from afpak_coder.exchange.refi_codebook import ReadCodebook, read_codes
from afpak_coder.exchange.refi_common import RefiError, child, child_text, children, local, parse_guid, parse_xml

# What we do not take, by the kind named in the import report.
_NOT_TAKEN = {"PictureSource": "picture sources", "PDFSource": "PDF sources", "AudioSource": "audio sources",
              "VideoSource": "video sources"}
_PER_ELEMENT = {"PictureSelection": "picture area selections", "PDFSelection": "PDF area selections",
                "AudioSelection": "audio selections", "VideoSelection": "video selections",
                "Transcript": "transcripts", "TranscriptSelection": "transcript selections"}
_MAX_XML = 500_000_000  # bytes: refuse a zip bomb before inflating it


@dataclass
class Coding:
    code: uuid.UUID | None
    user: uuid.UUID | None


@dataclass
class Selection:
    guid: uuid.UUID
    start: int
    end: int
    codings: list[Coding]
    memo: str
    created: dt.datetime | None
    modified: dt.datetime | None


@dataclass
class Source:
    guid: uuid.UUID
    name: str
    text: str | None  # byte-order mark removed; None when the source has no readable text
    memo: str
    values: dict[str, object]  # variable name → value
    selections: list[Selection]
    whole_codings: list[Coding]  # codings of the whole source


@dataclass
class QdpxContent:
    path: Path
    origin: str
    users: dict[uuid.UUID, str]
    codebook: ReadCodebook
    variables: dict[uuid.UUID, tuple[str, str, str]]  # guid → (name, typeOfVariable, description)
    sources: list[Source]
    not_taken: collections.Counter = field(default_factory=collections.Counter)
    problems: list[str] = field(default_factory=list)


def read_qdpx(path: Path) -> QdpxContent:
    path = Path(path)
    try:
        archive = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as error:
        raise RefiError(f"{path}: is not a REFI-QDA project (.qdpx is a zip archive): {error}") from error
    with archive:
        entries = {info.filename.replace("\\", "/"): info for info in archive.infolist() if not info.is_dir()}
        projects = [name for name in entries if name.lower().endswith(".qde") and "/" not in name.strip("/")]
        if not projects:
            raise RefiError(f"{path}: holds no project XML (*.qde)")
        chosen = next((n for n in projects if n.lower() == "project.qde"), sorted(projects)[0])
        if entries[chosen].file_size > _MAX_XML:
            raise RefiError(f"{path}: its project XML is implausibly large ({entries[chosen].file_size} bytes)")
        root = parse_xml(archive.read(chosen), f"{path} ({chosen})")
        if local(root.tag) != "Project":
            raise RefiError(f"{path}: {chosen} is not a REFI-QDA project (root element {local(root.tag)!r})")
        by_name = {_file_key(name): name for name in entries}
        return _content(path, root, lambda ref: _read_text(archive, entries, by_name, ref))


def _content(path: Path, root, read_text) -> QdpxContent:
    origin = root.get("origin") or ""
    users_element = child(root, "Users")
    users = {parse_guid(u.get("guid")): (u.get("name") or "").strip()
             for u in (children(users_element, "User") if users_element is not None else [])}
    codebook_element = child(root, "CodeBook")
    codes = child(codebook_element, "Codes") if codebook_element is not None else None
    codebook = read_codes(codes, split_paths="taguette" in origin.lower()) if codes is not None else ReadCodebook()
    variables = {}
    variables_element = child(root, "Variables")
    for variable in children(variables_element, "Variable") if variables_element is not None else []:
        variables[parse_guid(variable.get("guid"))] = (
            (variable.get("name") or "").strip(), variable.get("typeOfVariable") or "Text",
            child_text(variable, "Description"))
    notes = {}
    notes_element = child(root, "Notes")
    for note in children(notes_element, "Note") if notes_element is not None else []:
        content = child_text(note, "PlainTextContent")
        if not content and note.get("plainTextPath"):
            content = read_text(note.get("plainTextPath")) or ""
        notes[parse_guid(note.get("guid"))] = content.strip()
    content = QdpxContent(path, origin, users, codebook, variables, [])
    sources_element = child(root, "Sources")
    for source in list(sources_element) if sources_element is not None else []:
        kind = local(source.tag)
        if kind == "TextSource":
            content.sources.append(_source(source, variables, notes, read_text, content))
        elif kind in _NOT_TAKEN:
            content.not_taken[_NOT_TAKEN[kind]] += 1
            for element in source.iter():
                if local(element.tag) in _PER_ELEMENT:
                    content.not_taken[_PER_ELEMENT[local(element.tag)]] += 1
    for kind, label in (("Sets", "sets"), ("Links", "links"), ("Graphs", "graphs"), ("Cases", "cases")):
        element = child(root, kind)
        if element is not None and len(element):
            content.not_taken[label] += len(element)
    return content


def _memo(element, notes: dict) -> str:
    parts = [child_text(element, "Description").strip()]
    parts += [notes.get(parse_guid(ref.get("targetGUID")), "") for ref in children(element, "NoteRef")]
    return "\n\n".join(part for part in parts if part)


def _codings(element) -> list[Coding]:
    found = []
    for coding in children(element, "Coding"):
        reference = child(coding, "CodeRef")
        found.append(Coding(parse_guid(reference.get("targetGUID")) if reference is not None else None,
                            parse_guid(coding.get("creatingUser"))))
    return found


def _source(element, variables, notes, read_text, content: QdpxContent) -> Source:
    name = (element.get("name") or "").strip()
    text = child_text(element, "PlainTextContent") or None
    if text is None and element.get("plainTextPath"):
        text = read_text(element.get("plainTextPath"))
    if text is not None:
        text = text.removeprefix("\ufeff")
    values = {}
    for value in children(element, "VariableValue"):
        reference = child(value, "VariableRef")
        variable = variables.get(parse_guid(reference.get("targetGUID"))) if reference is not None else None
        typed = next((v for v in value if local(v.tag) != "VariableRef"), None)
        if variable is not None and typed is not None and (typed.text or "").strip():
            values[variable[0]] = _typed(local(typed.tag), typed.text.strip())
    selections = []
    for selection in children(element, "PlainTextSelection"):
        try:
            start, end = int(selection.get("startPosition")), int(selection.get("endPosition"))
        except (TypeError, ValueError):
            content.not_taken["selections with unreadable positions"] += 1
            continue
        selections.append(Selection(parse_guid(selection.get("guid")) or uuid.uuid4(), start, end,
                                    _codings(selection), _memo(selection, notes),
                                    _time(selection.get("creationDateTime")), _time(selection.get("modifiedDateTime"))))
    return Source(parse_guid(element.get("guid")) or uuid.uuid4(), name, text, _memo(element, notes), values,
                  selections, _codings(element))


def _typed(tag: str, text: str) -> object:
    try:
        if tag == "IntegerValue":
            return int(text)
        if tag == "FloatValue":
            return float(text)
    except ValueError:
        return text
    if tag == "BooleanValue":
        return text.lower() in ("true", "1")
    return text


def _time(value: str | None) -> dt.datetime | None:
    if not value:
        return None
    try:
        parsed = dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return (parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.timezone.utc)).astimezone(dt.timezone.utc)


def _read_text(archive: zipfile.ZipFile, entries: dict, by_name: dict, reference: str) -> str | None:
    """The text a source path points at, decoded; None when it is not in the archive."""
    wanted = reference.strip()
    for prefix in ("internal://", "relative:///", "relative://", "absolute:///", "absolute://", "file:///"):
        if wanted.lower().startswith(prefix):
            wanted = wanted[len(prefix):]
            break
    entry = by_name.get(_file_key(wanted))
    if entry is None:
        return None
    return decode(archive.read(entry))


def _file_key(path: str) -> str:
    """A file's name for matching references: case and GUID braces do not matter."""
    return PurePosixPath(path.replace("\\", "/")).name.lower().replace("{", "").replace("}", "")


def decode(data: bytes) -> str:
    """Text bytes as written by QDA tools: UTF-8 (with or without BOM) or UTF-16 with a BOM; others
    guessed. A UTF-8 BOM stays as U+FEFF for the caller to drop."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        from charset_normalizer import from_bytes  # only for the odd file

        best = from_bytes(data).best()
        return str(best) if best is not None else data.decode("latin-1")
