"""The codebook as REFI-QDA codes (a ``<Codes>`` tree, also alone as a ``.qdc`` codebook file).

Written: the theme tree as it is; then parent codes "Actors" (actors grouped by their type),
"Targets" (one code per actor, as addressee) and "Stance" (one code per level, named "+1 Cooperative"),
not codable themselves. Definitions become Descriptions (an actor's aliases on a last line
"Aliases: …"), colours ``#RRGGBB``.

Read: our parent codes (known by their fixed GUIDs) give back actors, targets and stance levels;
every other code is a theme (the tree kept; ATLAS.ti's ``A::B`` names and Taguette's ``A/B`` paths
become nested themes).
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree as ET

from afpak_coder.core.records import THEME_PATH_SEPARATOR
from afpak_coder.exchange.atomic import atomic_outputs
from afpak_coder.exchange.refi_common import (
    ACTORS_GUID, ALIASES_PREFIX, CODEBOOK_NS, GROUP_NAMES, ORIGIN, STANCE_GUID, TARGETS_GUID, RefiError, child,
    child_text, children, guid, local, parse_color, parse_guid, parse_xml, schema_errors, target_guid, to_bytes,
    type_group_guid, write_color,
)

_STANCE_NAME = re.compile(r"^\s*([+\-−]?\d+)\s*(.*)$")
_SPLIT_ANYWHERE = uuid.UUID("7c1d2f0a-9e55-4b8c-b7a1-3f6e0d2c9a41")


# -- writing ---------------------------------------------------------------------------------------

def codes_element(data: dict, namespace: str) -> ET.Element:
    """``<Codes>`` for a codebook given as ``Project.codebook_data()``."""
    q = lambda name: f"{{{namespace}}}{name}"  # noqa: E731 - a short qualifier
    codes = ET.Element(q("Codes"))

    def code(parent, guid_value, name, color=None, description="", codable=True):
        element = ET.SubElement(parent, q("Code"), guid=guid(guid_value), name=name,
                                isCodable="true" if codable else "false")
        if write_color(color):
            element.set("color", write_color(color))
        if description:
            ET.SubElement(element, q("Description")).text = description
        return element

    def themes(parent, entries):
        for entry in entries:
            themes(code(parent, uuid.UUID(entry["id"]), entry["name"], entry["color"], entry["definition"]),
                   entry["children"])

    themes(codes, data["themes"])
    for group_guid, make_guid in ((ACTORS_GUID, lambda a: uuid.UUID(a["id"])),
                                  (TARGETS_GUID, lambda a: target_guid(uuid.UUID(a["id"])))):
        group = code(codes, group_guid, GROUP_NAMES[group_guid], codable=False)
        by_type: dict[str, ET.Element] = {}
        for actor in data["actors"]:
            parent = group
            if actor["type"]:
                parent = by_type.get(actor["type"])
                if parent is None:
                    parent = by_type[actor["type"]] = code(group, type_group_guid(group_guid, actor["type"]),
                                                           actor["type"], codable=False)
            aliases = [a for a in actor["aliases"] if a != actor["name"]]
            description = actor["definition"]
            if aliases and group_guid == ACTORS_GUID:
                description = (description + "\n\n" if description else "") + ALIASES_PREFIX + "; ".join(aliases)
            code(parent, make_guid(actor), actor["name"], actor["color"], description)
    stance = code(codes, STANCE_GUID, GROUP_NAMES[STANCE_GUID], codable=False)
    for level in data["stance"]:
        code(stance, uuid.UUID(level["id"]), f"{level['value']:+d} {level['label']}", level["color"], level["definition"])
    return codes


def write_qdc(project, path: Path, *, overwrite: bool = False) -> None:
    """The project's codebook as a REFI-QDA codebook file (.qdc), checked against Codebook.xsd."""
    root = ET.Element(f"{{{CODEBOOK_NS}}}CodeBook", origin=ORIGIN)
    root.append(codes_element(project.codebook_data(), CODEBOOK_NS))
    ET.register_namespace("", CODEBOOK_NS)
    xml = to_bytes(root)
    errors = schema_errors(xml, "Codebook")
    if errors:  # a bug of ours: never hand out a file other tools may refuse
        raise RefiError(f"{path}: the codebook written does not validate ({errors[0]})")
    with atomic_outputs([Path(path)], overwrite=overwrite) as (temporary,):
        temporary.write_bytes(xml)


# -- reading ---------------------------------------------------------------------------------------

@dataclass
class CodeMeaning:
    """What a code stands for here: a theme (its path), an actor or target (its name), a stance
    level (its value), or a group/folder that carries no claim ("group")."""

    kind: str
    key: object = None


@dataclass
class ReadCodebook:
    data: dict = field(default_factory=lambda: {"themes": [], "actors": [], "stance": []})
    meaning: dict[uuid.UUID, CodeMeaning] = field(default_factory=dict)
    nested_names: int = 0  # codes whose A::B or path names were turned into nested themes


def read_codes(codes, *, split_paths: bool = False) -> ReadCodebook:
    """Read a ``<Codes>`` element (of any namespace version) into codebook data and code meanings."""
    result = ReadCodebook()
    top = children(codes, "Code")
    for element in top:
        code_guid = parse_guid(element.get("guid"))
        if code_guid == ACTORS_GUID:
            _read_actors(element, result, "actor", "")
        elif code_guid == TARGETS_GUID:
            _read_actors(element, result, "target", "")
        elif code_guid == STANCE_GUID:
            result.meaning[code_guid] = CodeMeaning("group")
            for level in children(element, "Code"):
                match = _STANCE_NAME.match(level.get("name") or "")
                if not match:
                    continue
                value = int(match.group(1).replace("−", "-"))
                result.data["stance"].append({
                    "id": str(parse_guid(level.get("guid"))), "value": value,
                    "label": match.group(2).strip() or str(value), "color": parse_color(level.get("color")),
                    "definition": child_text(level, "Description")})
                result.meaning[parse_guid(level.get("guid"))] = CodeMeaning("stance", value)
        else:
            _read_theme(element, result, result.data["themes"], (), split_paths)
    return result


def _read_actors(group, result: ReadCodebook, kind: str, actor_type: str) -> None:
    result.meaning[parse_guid(group.get("guid"))] = CodeMeaning("group")
    for element in children(group, "Code"):
        if children(element, "Code") or element.get("isCodable") == "false":
            _read_actors(element, result, kind, element.get("name") or "")  # a folder: the actors' type
            continue
        name = (element.get("name") or "").strip()
        result.meaning[parse_guid(element.get("guid"))] = CodeMeaning(kind, name)
        if kind != "actor":
            continue
        definition, aliases = child_text(element, "Description"), []
        lines = definition.rstrip().split("\n")
        if lines and lines[-1].startswith(ALIASES_PREFIX):
            aliases = [a.strip() for a in lines[-1][len(ALIASES_PREFIX):].split(";") if a.strip()]
            definition = "\n".join(lines[:-1]).rstrip()
        result.data["actors"].append({
            "id": str(parse_guid(element.get("guid"))), "name": name, "type": actor_type, "aliases": aliases,
            "color": parse_color(element.get("color")), "definition": definition})


def _read_theme(element, result: ReadCodebook, siblings: list, path: tuple, split_paths: bool) -> None:
    name = (element.get("name") or "").strip() or "(unnamed code)"
    parts = [p.strip() for p in re.split(r"::|/" if split_paths else r"::", name) if p.strip()] or [name]
    if len(parts) > 1:
        result.nested_names += 1
    for folder in parts[:-1]:  # A::B: A becomes (or is) the parent theme
        found = next((e for e in siblings if e["name"] == folder), None)
        if found is None:
            found = {"id": str(uuid.uuid5(_SPLIT_ANYWHERE, THEME_PATH_SEPARATOR.join((*path, folder)))),
                     "name": folder, "color": None, "definition": "", "children": []}
            siblings.append(found)
        path, siblings = (*path, folder), found["children"]
    code_guid = parse_guid(element.get("guid"))
    path = (*path, parts[-1])
    existing = next((e for e in siblings if e["name"] == parts[-1]), None)
    if existing is None:
        existing = {"id": str(code_guid), "name": parts[-1], "color": parse_color(element.get("color")),
                    "definition": child_text(element, "Description"), "children": []}
        siblings.append(existing)
    result.meaning[code_guid] = CodeMeaning("theme", path)
    for sub in children(element, "Code"):
        _read_theme(sub, result, existing["children"], path, split_paths)


def read_qdc(path: Path) -> ReadCodebook:
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise RefiError(f"{path}: cannot be read ({error.strerror})") from error
    root = parse_xml(data, str(path))
    if local(root.tag) != "CodeBook":
        raise RefiError(f"{path}: is not a REFI-QDA codebook (its root element is {local(root.tag)!r})")
    codes = child(root, "Codes")
    if codes is None:
        raise RefiError(f"{path}: the codebook has no <Codes>")
    return read_codes(codes, split_paths="taguette" in (root.get("origin") or "").lower())


def import_qdc(project, path: Path) -> dict[str, int]:
    """Add the codes of a .qdc file that the project lacks (as ``import_codebook``)."""
    read = read_qdc(path)
    return project.import_codebook(fill_colors(read.data))


def fill_colors(data: dict) -> dict:
    """Entries without a colour lose the key, so that the project picks one."""
    def clean(entry):
        entry = {k: v for k, v in entry.items() if not (k == "color" and v is None)}
        if "children" in entry:
            entry["children"] = [clean(c) for c in entry["children"]]
        return entry
    return {key: [clean(e) for e in entries] for key, entries in data.items()}


def theme_label(path: tuple) -> str:
    return THEME_PATH_SEPARATOR.join(path)
