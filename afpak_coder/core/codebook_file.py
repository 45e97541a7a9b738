"""The codebook as a YAML file: the default one shipped in ``resources/``, and import/export.

Format (``format: afpak-codebook``, ``format_version: 1``): ``themes`` is a tree of entries with
id, name, color, definition and children; ``actors`` have id, name, type, aliases, color and
definition; ``stance`` levels have value, label, color and definition. Ids are UUIDs, stable
across projects, so the same codebook entry is recognised when project files are merged.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from afpak_coder.core.errors import ValidationError

FORMAT = "afpak-codebook"
FORMAT_VERSION = 1


def default_codebook_text() -> str:
    return resources.files("afpak_coder").joinpath("resources/codebook.yaml").read_text("utf-8")


def load_default_codebook() -> dict[str, Any]:
    return parse_codebook(default_codebook_text(), "the default codebook")


def read_codebook(path: Path) -> dict[str, Any]:
    path = Path(path)
    try:
        content = path.read_text("utf-8")
    except OSError as error:
        raise ValidationError(f"{path}: cannot be read ({error.strerror})") from error
    except UnicodeDecodeError as error:
        raise ValidationError(f"{path}: is not UTF-8 text") from error
    return parse_codebook(content, str(path))


def parse_codebook(content: str, source: str) -> dict[str, Any]:
    try:
        data = yaml.safe_load(content)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark else ""
        raise ValidationError(f"{source}: is not valid YAML{where}") from error
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ValidationError(f"{source}: is not an afpak-coder codebook (format: {FORMAT} missing)")
    if int(data.get("format_version", 0)) > FORMAT_VERSION:
        raise ValidationError(f"{source}: codebook format {data['format_version']} is newer than this version reads")
    for key in ("themes", "actors", "stance"):
        if not isinstance(data.get(key, []), list):
            raise ValidationError(f"{source}: '{key}' must be a list")
    return data


def write_codebook(path: Path, data: dict[str, Any]) -> None:
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
    temporary = Path(path).with_name(Path(path).name + ".part")
    temporary.write_text(text, "utf-8")
    temporary.replace(path)
