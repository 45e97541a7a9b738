"""Import from the main window: files dropped on the document list, and editing details."""

from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication

import afpak_coder
from afpak_coder.gui.importing.import_dialog import ImportDialog


def test_files_dropped_on_the_document_list_are_imported(window, qtbot, tmp_path):
    path = tmp_path / "study.afpak"
    afpak_coder.create_project(path).close()
    window.open_path(path)
    article = tmp_path / "chaman.txt"
    article.write_text("Chaman crossing reopened\n\nTraders returned to the Chaman crossing on Monday.", "utf-8")
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(article))])
    viewport = window.documents_table.viewport()
    enter = QDragEnterEvent(QPoint(10, 10), Qt.DropAction.CopyAction, data, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(viewport, enter)  # a drop only lands where the drag was accepted
    assert enter.isAccepted()
    drop = QDropEvent(QPoint(10, 10), Qt.DropAction.CopyAction, data, Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(viewport, drop)
    dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, ImportDialog) and w.isVisible())
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 1, timeout=30000)
    with qtbot.waitSignal(dialog.imported, timeout=30000):
        dialog.import_button.click()
    qtbot.waitUntil(lambda: window.documents_proxy.rowCount() == 1, timeout=5000)
    assert window.documents_proxy.index(0, 0).data() == "Chaman crossing reopened"
    dialog.close()
    for other in QApplication.topLevelWidgets():
        if other.isVisible() and other is not window:
            other.close()


def test_details_of_several_selected_documents(window, tmp_path, monkeypatch):
    from afpak_coder.gui.importing import import_metadata_dialog

    path = tmp_path / "study.afpak"
    with afpak_coder.create_project(path) as project:
        project.add_document("First text.", title="One")
        project.add_document("Second text.", title="Two")
    window.open_path(path)
    window.documents_table.selectAll()
    seen = []
    monkeypatch.setattr(import_metadata_dialog.DocumentDetailsDialog, "exec",
                        lambda self: seen.append([d.title for d in self.documents]))
    next(a for a in window.actions.menus["file"].actions() if a.text().startswith("Edit document &details")).trigger()
    assert sorted(seen[0]) == ["One", "Two"]
