"""Opening the claims browser from anywhere (the menu, a count in the codebook, a table cell),
one per main window, filtered as the caller asks."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from afpak_coder.gui.browser.claims_browser import ClaimsBrowser

_ATTRIBUTE = "_claims_browser"


def main_window_of(widget: QWidget | None):
    """The main window above ``widget`` (the one holding the project and the coding controller)."""
    while widget is not None and not (hasattr(widget, "controller") and hasattr(widget, "project")):
        widget = widget.parentWidget()
    return widget


def open_claims_browser(widget: QWidget, filters: dict | None = None, *, owner: QWidget | None = None
                        ) -> ClaimsBrowser | None:
    """Show the claims browser of ``widget``'s main window with ``filters`` (None: keep them).
    ``owner``: a modal dialog opening it, which then owns a browser of its own (a modal dialog
    blocks every window but its own children)."""
    window = main_window_of(widget)
    if window is None or window.project is None:
        return None
    holder = owner or window
    browser = getattr(holder, _ATTRIBUTE, None)
    if browser is not None and browser.project is not window.project:
        browser.close()
        browser.deleteLater()
        browser = None
    if browser is None:
        browser = ClaimsBrowser(window.project, window.controller, holder)
        browser.setWindowFlag(Qt.WindowType.Window)
        browser.resize(1300, 700)
        browser.claim_opened.connect(lambda row: open_claim(window, row.claim))
        browser.message.connect(lambda text: window.statusBar().showMessage(text, 10000))
        setattr(holder, _ATTRIBUTE, browser)
        close_with_project(window, browser)
    else:
        browser.reload_choices()
    if filters is not None:
        browser.set_filters(filters)
    browser.show()
    browser.raise_()
    browser.activateWindow()
    return browser


def close_with_project(window, shown: QWidget) -> None:
    """Close ``shown`` (a window over the open project) once the main window's project changes."""
    project = window.project

    def check() -> None:  # the controller has the new project (or none) before the list resets
        if window.controller.project is not project:
            shown.close()

    window.documents_model.modelReset.connect(check)
    shown.destroyed.connect(lambda: window.documents_model.modelReset.disconnect(check))


def open_document(window, document) -> None:
    """The document in the main window, which comes to the front."""
    window.controller.open_document(window.project.document(document.id))
    window.raise_()
    window.activateWindow()


def open_claim(window, claim) -> None:
    """The document at the claim, with the claim in the coding panel."""
    if not window.controller.open_document(window.project.document(claim.document.id)):
        return  # the coder kept an unsaved draft (Cancel)
    if window.controller.edit_claim(claim):
        window.document_view.select_span(claim.start, claim.end)
    window.raise_()
    window.activateWindow()
