"""What the README sheet says: where the data came from, and what every column means."""

from __future__ import annotations

import datetime as dt
import textwrap

from afpak_coder import __version__
from afpak_coder.analysis import crosstabs
from afpak_coder.analysis.filters import Selection
from afpak_coder.exchange.data_codebook import variable_columns_of

ITEM_LINE = 110  # characters per line of the notes at the top

DOCUMENT_FIELDS = {
    "number": "Number of the document in the project (1, 2, 3, … in the order of import).",
    "document_id": "Unique id of the document (UUID); joins the Claims and Documents sheets.",
    "title": "Title of the document.",
    "outlet": "Newspaper, agency, think tank or blog that published the document.",
    "author": "Author(s) as given on the document.",
    "published": "Publication date of the document (an Excel date).",
    "url": "Web address of the document, where it has one.",
    "language": "Language code of the document (en English, ur Urdu, fa Dari/Persian, ps Pashto, …).",
    "genre": "Kind of text: news, op-ed, editorial, analysis, policy brief, interview, blog, ….",
}

CLAIM_FIELDS = {
    "claim_id": "Unique id of the claim (UUID); stays the same in every copy of the project.",
    **{k: v for k, v in DOCUMENT_FIELDS.items() if k != "number"},
    "coder": "Who coded the claim.",
    "theme": "Theme of the claim: its own name in the codebook.",
    "theme_path": "Full path of the theme in the codebook tree, top level first, e.g. “Security › Transnational "
                  "jihadist networks”.",
    "top_theme": "The top-level theme the claim's theme belongs to (the theme itself when it is top level).",
    "actor": "Who makes the claim (the claimant); empty for an incomplete claim (one imported from another "
             "tool with a theme only, say): a missing value, not a category, and agreement treats it as missing.",
    "actor_type": "Type of the actor in the codebook (state, government, military, armed group, …).",
    "target": "About or against whom the claim is made (the addressee); empty when the claim has none.",
    "target_type": "Type of the target in the codebook; empty when there is no target.",
    "stance": "Position taken, as a number on the project's stance scale ({scale}); empty when not coded, which is a missing value (an incomplete claim), never a category.",
    "stance_label": "The name of the stance value (see the Stance scale sheet).",
    "quote": "The coded passage exactly as in the document text. Characters a spreadsheet cannot hold are "
             "shown as �; text longer than Excel's 32,767-character limit is cut and ends in “… [truncated]”.",
    "start": "Where the passage starts in the document text: characters (Unicode code points) counted from 0.",
    "end": "Where the passage ends: the first character after it (end exclusive, as in Python and REFI-QDA); "
           "end − start is the passage's length.",
    "memo": "The coder's note on the claim.",
    "created": "When the claim was recorded, in UTC (Coordinated Universal Time), as an Excel date and time.",
    "updated": "When the claim was last changed, in UTC.",
}

CODEBOOK_SHEETS = {
    "Themes": {
        "theme": "Name of the theme.",
        "path": "Full path in the theme tree; this is how the Claims sheet's theme_path names it.",
        "top_theme": "The top-level theme it belongs to.",
        "level": "1 for a top-level theme, 2 for a sub-theme, and so on.",
        "colour": "The theme's colour in the app (the cell is filled with it).",
        "definition": "When to use the theme, as written in the codebook.",
        "archived": "yes when the theme is retired from coding (old claims may still use it).",
        "claims": "Claims in this export coded with the theme itself (not its sub-themes).",
    },
    "Actors": {
        "actor": "Name of the actor.",
        "type": "Type of actor.",
        "aliases": "Other names that mean this actor, separated by “;”.",
        "colour": "The actor's colour in the app (the cell is filled with it).",
        "definition": "Who counts as this actor, as written in the codebook.",
        "archived": "yes when the actor is retired from coding.",
        "claims_as_actor": "Claims in this export made by the actor.",
        "claims_as_target": "Claims in this export aimed at the actor.",
    },
    "Stance scale": {
        "value": "The stance as a number (the Claims sheet's stance column).",
        "label": "Its name (the Claims sheet's stance_label column).",
        "colour": "Its colour in the app (the cell is filled with it).",
        "definition": "When to use this value, as written in the codebook.",
        "claims": "Claims in this export with this stance.",
    },
    "Coders": {
        "coder": "Name of the coder.",
        "colour": "The coder's colour in the app (the cell is filled with it).",
        "in_export": "yes when the export's filters keep this coder's claims.",
        "claims": "Claims by the coder in this export.",
        "documents_done": "Documents the coder has marked done (in the whole project).",
        "documents_in_progress": "Documents the coder has marked in progress (in the whole project).",
    },
    "Data codebook": {
        "variable": "A column of the Claims sheet (the same names in the CSV, Stata and SPSS files).",
        "label": "Its short label (the variable label in Stata and SPSS; a document variable's own name).",
        "type": "text, integer, number, date, datetime, or category (a coded column).",
        "value": "For coded columns one row per value: the stance by its value; theme, top_theme, actor, target, "
                 "actor_type, target_type and coder numbered 1, 2, … in codebook order (the codes of the Stata "
                 "and SPSS files; CSV and Excel hold the labels). A category variable's categories.",
        "value_label": "The name that goes with the value.",
        "description": "Notes, e.g. a document variable whose name was changed to fit every statistics package.",
    },
}

ROW_THEMES = ("Rows: every theme of the codebook, by its path, in tree order (themes without claims are "
              "rows of zeros; archived themes only when claims use them).")
CROSSTAB_SHEETS = {
    "Theme × actor": f"Claims counted by theme and actor. {ROW_THEMES} Columns: every actor of the codebook. "
                     "A Total row and a Total column sum the counts.",
    "Theme × stance": f"Claims counted by theme and stance. {ROW_THEMES} Columns: the stance scale from lowest "
                      "to highest, “no stance”, Total, “mean stance” (average stance value of the row's claims "
                      "that have one) and “claims with a stance” (how many claims that average rests on).",
    "Actor × stance": "As Theme × stance, with a row for every actor of the codebook.",
    "Theme × outlet": f"Claims counted by theme and outlet. {ROW_THEMES} Columns: the outlets of the exported "
                      "documents, alphabetically (“(no outlet)” for documents without one).",
    "Themes per month": f"Claims counted by theme and month of publication. {ROW_THEMES} Columns: every month "
                        "from the earliest to the latest publication date, empty months included.",
    "Stance per month": "Claims per month of publication by stance (columns as in Theme × stance), with the "
                        "mean stance of each month.",
    "Document × theme": "One row per exported document (also documents without claims) with its number, title, "
                        "outlet and date, then the number of its claims on each theme (columns: every theme, by "
                        "path) and their Total: a matrix ready for regression models. No total row.",
}


def readme_rows(selection: Selection, exported_at: dt.datetime, claim_columns: list[str],
                document_columns: list[str], crosstab_titles: list[str], *, made_safe: int = 0,
                truncated: int = 0) -> list[tuple[str, list]]:
    """The README sheet as rows: (kind, values), kind one of title, item, blank, header, column."""
    coders = ", ".join(c.name for c in selection.coders) or "none"
    rows: list[tuple[str, list]] = [
        ("title", [f"Coded claims: {selection.project_name}"]),
        ("blank", []),
        ("item", ["Project", selection.project_name]),
        ("item", ["Project file", selection.project_path]),
        ("item", ["Exported", exported_at.astimezone(dt.timezone.utc).strftime("%Y-%m-%d %H:%M:%S UTC")]),
        ("item", ["Tool", f"afpak-coder {__version__}"]),
    ]
    for number, line in enumerate(selection.filter.describe()):
        rows.append(("item", ["Filters" if number == 0 else "", line]))
    rows += [
        ("item", ["Claims", len(selection.frame)]),
        ("item", ["Documents", len(selection.documents)]),
        ("item", ["Coders", coders]),
        ("item", ["Counting", "Each claim counts once in every table. Where several coders coded the same "
                              "text, each coder's claims are counted: filter to one coder or the consensus "
                              "coder before reading the tables as findings."]),
        ("item", ["Times", "created and updated are in UTC; published is a date without a time."]),
        ("item", ["Safety", f"Text that starts with = + - @, a tab or a carriage return is stored as plain "
                            f"text, never as a formula. Cells made safe: {made_safe}. Cells cut to Excel's "
                            f"limit: {truncated}."]),
        ("blank", []),
        ("header", ["sheet", "column", "meaning"]),
    ]
    rows = [part for row in rows for part in _short_lines(row)]
    scale = _scale_text(selection)
    variables = variable_columns_of(selection.codebook.variables)
    for column in claim_columns:
        rows.append(("column", ["Claims", column, _meaning(column, CLAIM_FIELDS, variables, scale)]))
    per_coder = {key: name for key, name in zip(
        [f"{what} {c.name}" for what in ("claims", "status") for c in selection.coders],
        document_columns[len(document_columns) - 2 * len(selection.coders):])}
    for column in document_columns:
        rows.append(("column", ["Documents", column, _document_meaning(column, variables, per_coder)]))
    for sheet, columns in CODEBOOK_SHEETS.items():
        rows += [("column", [sheet, column, meaning]) for column, meaning in columns.items()]
    for title in [*crosstab_titles, "Document × theme"]:
        rows.append(("column", [title, "(whole sheet)", CROSSTAB_SHEETS.get(title, "")]))
    return rows


def _short_lines(row: tuple[str, list]) -> list[tuple[str, list]]:
    """An item whose text is long becomes several rows, so that it reads without wrapping."""
    kind, values = row
    if kind != "item" or not isinstance(values[1], str) or len(values[1]) <= ITEM_LINE:
        return [row]
    lines = textwrap.wrap(values[1], ITEM_LINE)
    return [("item", [values[0] if number == 0 else "", line]) for number, line in enumerate(lines)]


def _meaning(column: str, fields: dict, variables: dict, scale: str) -> str:
    if column in fields:
        return fields[column].format(scale=scale)
    variable = variables.get(column)
    if variable is None:
        return f"Document variable “{column}”, as set on the document."
    renamed = "" if variable.name == column else (f" The column name is “{variable.name}” made fit for every "
                                                  "statistics package (snake_case, ASCII, unique).")
    return f"Document variable “{variable.name}” ({variable.kind}), as set on the document.{renamed}"


def _document_meaning(column: str, variables: dict, coder_columns: dict[str, str]) -> str:
    if column in DOCUMENT_FIELDS:
        return DOCUMENT_FIELDS[column]
    if column == "characters":
        return "Length of the document text in characters (Unicode code points)."
    if column == "claims":
        return "Claims in this export on the document (all exported coders together)."
    for key, name in coder_columns.items():
        if name == column:
            what, coder = key.split(" ", 1)
            if what == "claims":
                return f"Claims in this export coded by {coder} on the document."
            return f"{coder}'s coding status: not started, in progress or done."
    return _meaning(column, {}, variables, "")


def _scale_text(selection: Selection) -> str:
    levels = selection.codebook.stance_levels
    if not levels:
        return "this project has no stance scale"
    return "; ".join(crosstabs.stance_label(level.value, level.label) for level in levels)
