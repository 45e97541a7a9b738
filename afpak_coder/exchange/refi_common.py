"""What the REFI-QDA reader and writers share: namespaces, GUIDs, colours, our fixed group codes,
safe parsing and validation against the standard's schemas (shipped in ``resources/refi``).

Read leniently (any namespace version, GUIDs in any case, with or without braces, colours in any
common form), write strictly (namespace 1.0, lower-case GUIDs, ``#RRGGBB``), validate what we write.
"""

from __future__ import annotations

import re
import uuid
from importlib import resources
from xml.etree import ElementTree as ET

from defusedxml import ElementTree as SafeET

from afpak_coder.core.errors import AfpakError

PROJECT_NS = "urn:QDA-XML:project:1.0"
CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"
ORIGIN = "afpak-coder"

# Our parent codes for the claim dimensions REFI-QDA has no place for; fixed GUIDs, so that a file
# we wrote is recognised whatever another tool renamed them to.
_GROUPS = uuid.UUID("5d0c3a52-6b0e-4c8e-9a57-0a1f6b7e2c10")
ACTORS_GUID = uuid.uuid5(_GROUPS, "actors")
TARGETS_GUID = uuid.uuid5(_GROUPS, "targets")
STANCE_GUID = uuid.uuid5(_GROUPS, "stance")
GROUP_NAMES = {ACTORS_GUID: "Actors", TARGETS_GUID: "Targets", STANCE_GUID: "Stance"}
ALIASES_PREFIX = "Aliases: "
CATEGORIES_PREFIX = "Categories: "


class RefiError(AfpakError):
    """A REFI-QDA file that cannot be read or written."""


def type_group_guid(group: uuid.UUID, actor_type: str) -> uuid.UUID:
    return uuid.uuid5(group, "type:" + actor_type)


def target_guid(actor_id: uuid.UUID) -> uuid.UUID:
    return uuid.uuid5(actor_id, "target")


def derived_guid(base: uuid.UUID, what: str) -> uuid.UUID:
    """A stable GUID for something made from ``base`` (a claim's codings and memo note)."""
    return uuid.uuid5(base, what)


_GUID = re.compile(r"^\{?([0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12})\}?$")
_FOREIGN = uuid.UUID("0b8f7e4e-33a1-4d0f-8f5e-6a2b9d1c4e77")


def parse_guid(value: str | None) -> uuid.UUID | None:
    """A GUID as written by any tool (upper or lower case, braces or none); a value that is not a
    GUID at all gets a stable UUID made from its text, so references to it still match."""
    if value is None or not value.strip():
        return None
    match = _GUID.match(value.strip())
    return uuid.UUID(match.group(1)) if match else uuid.uuid5(_FOREIGN, value.strip())


def guid(value: uuid.UUID) -> str:
    return str(value)


_RGBA = re.compile(r"^rgba?\(\s*(\d+)\s*,\s*(\d+)\s*,\s*(\d+)")


def parse_color(value: str | None) -> str | None:
    """``#RRGGBB`` from ``#RGB``, ``#RRGGBB``, ``#AARRGGBB``-less forms, ``rgb(...)``/``rgba(...)``;
    None when absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    if re.fullmatch(r"#[0-9a-fA-F]{6}", value):
        return value.lower()
    if re.fullmatch(r"#[0-9a-fA-F]{3}", value):
        return "#" + "".join(c * 2 for c in value[1:]).lower()
    if re.fullmatch(r"#[0-9a-fA-F]{8}", value):
        return "#" + value[3:].lower()  # #AARRGGBB (as some tools write)
    match = _RGBA.match(value)
    if match:
        return "#" + "".join(f"{min(int(part), 255):02x}" for part in match.groups())
    return None


def write_color(value: str | None) -> str | None:
    return parse_color(value)


def local(tag: str) -> str:
    """An element's name without its namespace (files use codebook:1.0, codebook:0:4, …)."""
    return tag.rsplit("}", 1)[-1]


def children(element, name: str) -> list:
    return [child for child in element if local(child.tag) == name]


def child(element, name: str):
    return next((c for c in element if local(c.tag) == name), None)


def child_text(element, name: str) -> str:
    found = child(element, name)
    return (found.text or "") if found is not None else ""


def parse_xml(data: bytes, what: str):
    """The root element, parsed safely (no entities, no external references)."""
    try:
        return SafeET.fromstring(data)
    except ET.ParseError as error:
        raise RefiError(f"{what}: not well-formed XML ({error})") from error
    except Exception as error:  # defusedxml refuses entity declarations and the like
        raise RefiError(f"{what}: refused unsafe XML ({type(error).__name__})") from error


def schema_errors(xml: bytes, which: str) -> list[str]:
    """Where ``xml`` breaks the standard's schema ``which`` ("Project" or "Codebook"); empty when valid."""
    from lxml import etree  # only when validating

    schema_text = resources.files("afpak_coder").joinpath(f"resources/refi/{which}.xsd").read_bytes()
    schema = etree.XMLSchema(etree.fromstring(schema_text))
    document = etree.fromstring(xml, parser=etree.XMLParser(resolve_entities=False, no_network=True))
    if schema.validate(document):
        return []
    return [f"line {e.line}: {e.message}" for e in schema.error_log]


def to_bytes(root) -> bytes:
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)
