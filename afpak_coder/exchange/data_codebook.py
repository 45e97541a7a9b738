"""The data codebook: every column of the Claims table with its label, type and values.

    table = data_codebook(selection)   # variable, label, type, value, value_label, description

One row per column, or per value of a coded column. Written as ``codebook.csv`` beside a CSV export, as the "Data codebook" sheet of the workbook, and
used for the variable and value labels of the Stata and SPSS files (``stats_export``), so that
all of them say the same. Categorical columns list their values as ``code = label`` pairs: the
stance by its value on the scale; theme, top_theme, actor, target, actor_type, target_type and
coder by a code 1, 2, … in codebook order. The CSV and the workbook hold the labels; the Stata
and SPSS files hold the codes with these labels attached.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from afpak_coder.analysis.filters import Selection
from afpak_coder.core.frames import variable_columns
from afpak_coder.core.records import Variable

LABEL_LENGTH = 80  # Stata's limit for a variable label

# Short labels (Stata shows them in `describe`); the README sheet explains each column at length.
CLAIM_LABELS = {
    "claim_id": "Claim id (UUID)",
    "document_id": "Document id (UUID)",
    "title": "Document title",
    "outlet": "Outlet that published the document",
    "author": "Author(s) of the document",
    "published": "Publication date of the document",
    "url": "Web address of the document",
    "language": "Language code of the document",
    "genre": "Kind of text (news, op-ed, analysis, ...)",
    "coder": "Coder",
    "theme": "Theme of the claim",
    "theme_path": "Full path of the theme in the codebook tree",
    "top_theme": "Top-level theme of the claim's theme",
    "actor": "Actor making the claim (claimant)",
    "actor_type": "Type of the actor",
    "target": "Target of the claim (addressee)",
    "target_type": "Type of the target",
    "stance": "Stance of the claim",
    "stance_label": "Name of the stance value",
    "quote": "Coded passage",
    "start": "Start of the passage (code points from 0)",
    "end": "End of the passage (exclusive)",
    "memo": "Coder's memo",
    "created": "When the claim was recorded (UTC)",
    "updated": "When the claim was last changed (UTC)",
}
CLAIM_TYPES = {"published": "date", "stance": "integer", "start": "integer", "end": "integer",
               "created": "datetime", "updated": "datetime"}
CODED = ("coder", "theme", "top_theme", "actor", "target", "actor_type", "target_type")  # labelled codes
VARIABLE_TYPES = {"number": "number", "date": "date", "text": "text", "category": "text"}


@dataclass(frozen=True)
class ColumnInfo:
    variable: str  # the column's name
    label: str  # short label (for Stata and SPSS)
    type: str  # text, integer, number, date, datetime, category
    value_labels: dict  # code → label; empty for columns without coded values
    original: str = ""  # a document variable's name as the user wrote it


def variable_columns_of(variables: list[Variable]) -> dict[str, Variable]:
    """Column name → the document variable it holds (the names ``Project.claims_frame`` uses)."""
    by_name = {v.name: v for v in variables}
    return {column: by_name[name] for name, column in variable_columns(list(by_name)).items()}


def value_labels(selection: Selection) -> dict[str, dict]:
    """Coded columns → {code: label}: the stance scale by value, the rest numbered 1, 2, …"""
    codebook = selection.codebook
    types = sorted({a.type for a in codebook.actors if a.type}, key=str.casefold)
    actors = {number: a.name for number, a in enumerate(codebook.actors, 1)}
    labels = {
        "coder": {number: c.name for number, c in enumerate(codebook.coders, 1)},
        "theme": {number: t.name for number, t in enumerate(codebook.themes, 1)},
        "top_theme": {number: t.name for number, t in enumerate((t for t in codebook.themes if t.depth == 0), 1)},
        "actor": actors,
        "target": dict(actors),
        "actor_type": {number: name for number, name in enumerate(types, 1)},
        "target_type": {number: name for number, name in enumerate(types, 1)},
        "stance": {level.value: level.label for level in codebook.stance_levels},
    }
    return labels


def column_infos(selection: Selection) -> list[ColumnInfo]:
    """One entry per column of the selection's claims table, in its order."""
    variables = variable_columns_of(selection.codebook.variables)
    coded = value_labels(selection)
    infos = []
    for column in selection.frame.columns:
        if column in CLAIM_LABELS:
            kind = "category" if column in CODED else CLAIM_TYPES.get(column, "text")
            infos.append(ColumnInfo(column, CLAIM_LABELS[column], kind, coded.get(column, {})))
            continue
        variable = variables.get(column)
        name = variable.name if variable else column
        kind = VARIABLE_TYPES.get(variable.kind, "text") if variable else "text"
        if kind == "number" and _whole_numbers(selection.frame[column]):
            kind = "integer"
        infos.append(ColumnInfo(column, name[:LABEL_LENGTH], kind, {}, original=name))
    return infos


def data_codebook(selection: Selection) -> pd.DataFrame:
    """The codebook as a long table: one row per column of the Claims table, or one per value of a
    coded column (variable, label, type, value, value_label, description)."""
    variables = variable_columns_of(selection.codebook.variables)
    rows = []
    for info in column_infos(selection):
        values = list(info.value_labels.items())
        variable = variables.get(info.variable) if info.original else None
        if not values and variable is not None and variable.categories:
            values = [(category, category) for category in variable.categories]
        for value, value_label in values or [(None, None)]:
            rows.append((info.variable, info.label, info.type, value, value_label, _description(info)))
    return pd.DataFrame(rows, columns=["variable", "label", "type", "value", "value_label", "description"],
                        dtype=object)


def _description(info: ColumnInfo) -> str:
    if info.original:
        renamed = "" if info.original == info.variable else f" (column renamed from “{info.original}”)"
        return f"Document variable “{info.original}”{renamed}."
    if info.variable == "stance":
        return "Stance on the project's scale: each value with its name."
    if info.value_labels:
        return "CSV and Excel hold the value_label; Stata and SPSS files the value, with its label attached."
    return ""


def _whole_numbers(series: pd.Series) -> bool:
    numbers = pd.to_numeric(series, errors="coerce").dropna()
    return bool(len(numbers)) and bool((numbers == numbers.round()).all())
