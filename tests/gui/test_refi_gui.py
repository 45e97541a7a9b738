"""REFI-QDA in the window: File → Export claims… writes a .qdpx; a .qdpx dropped on the document
list is imported after the coder of each of its users is chosen in the dialog."""

import zipfile

from PySide6.QtCore import QMimeData, QPoint, Qt, QTimer, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QMessageBox

import afpak_coder
from afpak_coder.analysis.filters import ClaimFilter
from afpak_coder.core.sample import build_sample_project
from afpak_coder.exchange.refi_common import schema_errors
from afpak_coder.exchange.refi_export import export_qdpx
from afpak_coder.gui.exporting.export_dialog import ExportDialog
from afpak_coder.gui.importing.refi_import_dialog import CoderMappingDialog


def test_the_export_dialog_writes_a_valid_qdpx(qtbot, tmp_path, errors):
    with build_sample_project(tmp_path / "sample.afpak") as project:
        dialog = ExportDialog(project)
        qtbot.addWidget(dialog)
        dialog.show()
        dialog.output_checks["xlsx"].setChecked(False)
        dialog.output_checks["qdpx"].setChecked(True)
        dialog.output_paths["qdpx"].setText(str(tmp_path / "out.qdpx"))
        dialog.grab().save(str(tmp_path / "export.png"))
        with qtbot.waitSignal(dialog.exported, timeout=60000) as signal:
            qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
        assert "REFI-QDA project with 11 documents" in signal.args[0][0]
        with zipfile.ZipFile(tmp_path / "out.qdpx") as archive:
            assert schema_errors(archive.read("project.qde"), "Project") == []
        assert errors == []


def drop(window, path):
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(path))])
    viewport = window.documents_table.viewport()
    enter = QDragEnterEvent(QPoint(10, 10), Qt.DropAction.CopyAction, data, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(viewport, enter)
    QApplication.sendEvent(viewport, QDropEvent(QPoint(10, 10), Qt.DropAction.CopyAction, data,
                                                Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier))


def test_a_dropped_qdpx_asks_for_the_coders_and_imports(window, qtbot, tmp_path, monkeypatch):
    with build_sample_project(tmp_path / "sample.afpak") as sample:
        export_qdpx(sample, tmp_path / "two.qdpx", claim_filter=ClaimFilter(coders=("Ayesha", "Bilal")))
        expected = len(sample.claims(coder="Ayesha")) + len(sample.claims(coder="Bilal"))
    path = tmp_path / "study.afpak"
    with afpak_coder.create_project(path) as project:
        project.add_coder("Ayesha")
        project.add_coder("Clara")
    window.open_path(path)
    reports = []
    monkeypatch.setattr(QMessageBox, "information", lambda _parent, _title, text: reports.append(text))
    seen = {}

    def answer():
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, CoderMappingDialog)
        boxes = {dialog.users[user]: box for user, box in dialog.choices.items()}
        seen["defaults"] = {name: box.currentText() for name, box in boxes.items()}
        boxes["Bilal"].setCurrentText("Clara")  # Bilal's claims go to Clara
        dialog.grab().save(str(tmp_path / "coders.png"))
        dialog.accept()

    QTimer.singleShot(0, answer)
    drop(window, tmp_path / "two.qdpx")
    qtbot.waitUntil(lambda: bool(reports), timeout=60000)
    assert seen["defaults"] == {"Ayesha": "Ayesha", "Bilal": "new coder: Bilal"}
    assert "offsets counted as: code points" in reports[0]
    assert {c.name for c in window.project.coders()} == {"Ayesha", "Clara"}
    assert len(window.project.claims()) == expected
    assert len(window.project.claims(coder="Clara")) == expected - len(window.project.claims(coder="Ayesha"))
    qtbot.waitUntil(lambda: window.documents_proxy.rowCount() == 11, timeout=5000)
    for other in QApplication.topLevelWidgets():
        if other.isVisible() and other is not window:
            other.close()
