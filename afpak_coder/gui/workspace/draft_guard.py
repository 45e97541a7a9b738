"""Asking before a draft is dropped: Save / Discard / Cancel.

One function, so that every place that could drop unsaved work (switching document, closing the
project or the window, switching coder, closing the codebook editor) asks the same question.
"""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

SAVE, DISCARD, CANCEL = "save", "discard", "cancel"


def ask_about_draft(parent, question: str, detail: str = "", can_save: bool = True) -> str:
    """SAVE, DISCARD or CANCEL (without Save when ``can_save`` is False); Esc or closing is CANCEL."""
    box = QMessageBox(parent)
    box.setObjectName("draftQuestion")
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle("Unsaved changes")
    box.setText(question)
    if detail:
        box.setInformativeText(detail)
    buttons = {box.addButton(QMessageBox.StandardButton.Save): SAVE} if can_save else {}
    buttons[box.addButton(QMessageBox.StandardButton.Discard)] = DISCARD
    buttons[box.addButton(QMessageBox.StandardButton.Cancel)] = CANCEL
    box.setDefaultButton(QMessageBox.StandardButton.Save if can_save else QMessageBox.StandardButton.Cancel)
    box.setEscapeButton(QMessageBox.StandardButton.Cancel)
    box.exec()
    return buttons.get(box.clickedButton(), CANCEL)
