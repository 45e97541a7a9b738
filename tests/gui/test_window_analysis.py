"""Export, overview and agreement reached from the main window's menus."""

from PySide6.QtWidgets import QApplication, QDialog

from afpak_coder.gui.agreement.agreement_dialog import AgreementDialog
from afpak_coder.gui.exporting.export_dialog import ExportDialog
from afpak_coder.gui.analysis.overview_window import OverviewWindow


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


def test_coder_copy_and_merge_from_the_file_menu(window, monkeypatch, tmp_path):
    from afpak_coder.gui.copies.coder_copy_dialog import CoderCopyDialog
    from afpak_coder.gui.copies.merge_dialog import MergeDialog

    window.open_sample_project()
    shown = []
    for dialog_class in (CoderCopyDialog, MergeDialog):
        monkeypatch.setattr(dialog_class, "exec", lambda self: shown.append(type(self)) or QDialog.DialogCode.Rejected)
    menu_action(window, "file", "Create a coder copy").trigger()
    menu_action(window, "file", "Merge coder files").trigger()
    assert shown == [CoderCopyDialog, MergeDialog]


def test_a_coder_copy_cannot_hand_out_copies(window, tmp_path):
    from afpak_coder.core.copies.make_copy import create_coder_copy

    window.open_sample_project()
    copy = tmp_path / "bilal.afpak"
    create_coder_copy(window.project, "Bilal", copy)
    window.open_path(copy)
    assert window.project.is_coder_copy
    assert not menu_action(window, "file", "Create a coder copy").isEnabled()
    assert not menu_action(window, "file", "Merge coder files").isEnabled()
