"""From the agreement report's numbers to their claims in the claims browser: a row of the
per-category table, a cell of a confusion matrix (matched-claims unit only: other units are
sentences, characters or documents, not claims)."""

from __future__ import annotations

from afpak_coder.analysis.agreement_claims import category_claims, confusion_claims
from afpak_coder.analysis.agreement_report import load_coding_data
from afpak_coder.gui.browser.opening import open_claims_browser


def _claim_unit(dialog) -> bool:
    if dialog.report is None:
        return False
    if dialog.report.settings.unit != "claim":
        dialog.status.setText("The claims behind a number are shown for the matched-claims unit only.")
        return False
    return True


def claims_behind_category(dialog, index) -> list[str]:
    """Double-click on a row of Per category: the claims of that category on that dimension."""
    if not _claim_unit(dialog):
        return []
    frame = dialog.category_proxy.sourceModel().frame
    row = dialog.category_proxy.mapToSource(index).row()
    ids = category_claims(dialog.report, frame["dimension"].iat[row], str(frame["category"].iat[row]))
    _show(dialog, ids)
    return ids


def claims_behind_confusion(dialog, index) -> list[str]:
    """Double-click on a cell of a confusion matrix: the units where the row coder coded the row's
    category and the column coder the column's (both coders' claims when they differ)."""
    key = dialog.confusion_choice.currentData()
    if key is None or index.column() == 0 or not _claim_unit(dialog):
        return []
    dimension, first, second = key
    names = dialog.confusion_proxy.sourceModel().names
    source = dialog.confusion_proxy.mapToSource(index)
    settings = dialog.report.settings
    coded = load_coding_data(dialog.project, list(settings.coders), dialog.chosen_documents()).coded
    ids = confusion_claims(dialog.report, coded, dimension, first, second, names[source.row()],
                           names[source.column() - 1])
    _show(dialog, ids)
    return ids


def _show(dialog, ids: list[str]) -> None:
    if ids:
        open_claims_browser(dialog.parentWidget() or dialog, {"ids": ids}, owner=dialog)
