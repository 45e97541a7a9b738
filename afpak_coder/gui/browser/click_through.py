"""From a number in a table to the claims behind it, in the claims browser: Overview crosstabs
and the document × theme matrix (the agreement tables have their own, in gui/agreement)."""

from __future__ import annotations

from afpak_coder.analysis import crosstabs
from afpak_coder.analysis.cell_claims import claims_behind
from afpak_coder.analysis.filters import Selection
from afpak_coder.gui.browser.opening import open_claims_browser

DOCUMENT_MATRIX = "Document × theme"


def matrix_claims(selection: Selection, number, column: int) -> list[str]:
    """Claims of document ``number`` behind column ``column`` of the document × theme matrix (a
    theme, or the total); none for its title, outlet and date columns."""
    matrix = crosstabs.document_by_theme(selection)
    label = matrix.columns[column + 1]  # the screen's matrix shows the number as its row label
    document = next((d for d in selection.documents if d.number == number), None)
    if document is None or label in ("title", "outlet", "published"):
        return []
    frame = selection.frame
    keep = frame["document_id"] == str(document.id)
    if label != crosstabs.TOTAL:
        keep &= frame["theme_path"] == label
    return frame["claim_id"][keep].tolist()


def open_table_cell(widget, selection: Selection, title: str, frame, row: int, column: int,
                    level: str = "theme") -> list[str]:
    """Open the browser on the claims behind cell (row, column) of table ``title`` as shown
    (``frame``); returns their ids (none for a cell that counts no claims, e.g. a title)."""
    row_label, column_label = frame.index[row], frame.columns[column]
    if title == DOCUMENT_MATRIX:
        ids = matrix_claims(selection, row_label, column)
    else:
        ids = claims_behind(selection, title, str(row_label), str(column_label), level)
    if ids:
        open_claims_browser(widget, {"ids": ids})
    return ids
