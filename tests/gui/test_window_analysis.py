"""Export, overview and agreement reached from the main window's menus."""

from PySide6.QtWidgets import QApplication, QDialog

from afpak_coder.gui.agreement_dialog import AgreementDialog
from afpak_coder.gui.export_dialog import ExportDialog
from afpak_coder.gui.overview_window import OverviewWindow


def menu_action(window, menu, text_start):
    return next(a for a in window.actions.menus[menu].actions() if a.text().replace("&", "").startswith(text_start))


def test_analysis_menu_opens_overview_and_agreement(window, monkeypatch):
    window.open_sample_project()
    shown = []
    monkeypatch.setattr(AgreementDialog, "exec", lambda self: shown.append(self) or QDialog.DialogCode.Rejected)
    menu_action(window, "analysis", "Coder agreement").trigger()
    assert shown and shown[0].project is window.project
    menu_action(window, "analysis", "Overview").trigger()
    overviews = [w for w in QApplication.topLevelWidgets() if isinstance(w, OverviewWindow) and w.isVisible()]
    assert overviews and overviews[0].isWindow()
    overviews[0].close()


def test_export_gets_the_selected_documents(window, monkeypatch):
    window.open_sample_project()
    window.documents_table.selectRow(0)
    shown = []
    monkeypatch.setattr(ExportDialog, "exec", lambda self: shown.append(self) or QDialog.DialogCode.Rejected)
    menu_action(window, "file", "Export claims").trigger()
    assert [d.id for d in shown[0].selected_documents] == [window.document_view.document_shown.id]


def test_reconciling_shows_the_consensus_coder(window):
    window.open_sample_project()
    window.project.add_coder("Consensus")
    window.actions._consensus_changed()
    assert any("Consensus" in a.text() for a in window.actions.show_menu.actions())
