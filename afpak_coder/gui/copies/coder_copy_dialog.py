"""File → Create a coder copy…: a blind project file for one coder to code on their own computer.

    dialog = CoderCopyDialog(window.project, window)
    dialog.copy_created.connect(lambda result: window.statusBar().showMessage(result.text(), 15000))
    dialog.coders_changed.connect(window.reload_coders)   # a new coder name was added to the master
    dialog.exec()

The copy is written in a worker thread (``gui.background``); a failure shows its one-line message
and keeps the dialog open. ``choose_path(parent, caption, suggested, filter) -> str`` asks where to
save (a file dialog by default; tests pass a function).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox, QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QListWidget,
    QListWidgetItem, QPushButton, QVBoxLayout, QWidget,
)

from afpak_coder.analysis.consensus import CONSENSUS
from afpak_coder.core.copies.make_copy import CoderCopyResult, create_coder_copy
from afpak_coder.gui.background import BackgroundTask, run_with_progress
from afpak_coder.wording import plural

DocumentRole = Qt.ItemDataRole.UserRole + 1
PathChooser = Callable[[QWidget, str, str, str], str]
FILE_FILTER = "afpak-coder project (*.afpak)"


def choose_path_with_dialog(parent: QWidget, caption: str, suggested: str, file_filter: str) -> str:
    return QFileDialog.getSaveFileName(parent, caption, suggested, file_filter)[0]


class CoderCopyDialog(QDialog):
    copy_created = Signal(object)  # the CoderCopyResult
    coders_changed = Signal()  # the coder was new and has been added to the master

    def __init__(self, project, parent: QWidget | None = None, *,
                 choose_path: PathChooser = choose_path_with_dialog) -> None:
        super().__init__(parent)
        self.project = project
        self.choose_path = choose_path
        self.task: BackgroundTask | None = None
        self.result_: CoderCopyResult | None = None
        self._path_edited = False
        self.setWindowTitle("Create coder copy")

        intro = QLabel(
            "A coder copy is a new project file for one coder: the chosen documents, the codebook, the coder's "
            "own claims and nothing of the other coders. The coder codes in it on their own computer; "
            "<b>File → Merge coder files…</b> brings the work back into this project.", wordWrap=True)
        self.coder_box = QComboBox(objectName="copyCoder", editable=True)
        self.coder_box.addItems([c.name for c in project.coders() if c.name != CONSENSUS])
        self.coder_box.setCurrentIndex(-1)
        self.coder_box.lineEdit().setPlaceholderText("a coder, or type a new name")
        self.coder_box.currentTextChanged.connect(self._coder_changed)
        self.coder_note = QLabel(objectName="copyCoderNote", wordWrap=True)

        self.document_list = QListWidget(objectName="copyDocuments")
        for document in sorted(project.documents(), key=lambda d: d.number):
            # A left-to-right mark and an isolated title: an Urdu or Dari title does not turn the line
            # right to left and pull the number to its end.
            item = QListWidgetItem(f"\u200e{document.number:>4}  \u2068{document.title}\u2069")
            item.setToolTip(document.title)
            item.setData(DocumentRole, document.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            self.document_list.addItem(item)
        self.document_list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.document_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.document_list.itemChanged.connect(self._update)
        self.all_button, self.none_button = QPushButton("All"), QPushButton("None")
        self.all_button.clicked.connect(lambda: self._check_all(Qt.CheckState.Checked))
        self.none_button.clicked.connect(lambda: self._check_all(Qt.CheckState.Unchecked))
        self.document_count = QLabel(objectName="copyDocumentCount")
        document_buttons = QHBoxLayout()
        for widget in (self.all_button, self.none_button):
            document_buttons.addWidget(widget)
        document_buttons.addWidget(self.document_count, 1)

        self.path_edit = QLineEdit(objectName="copyPath")
        self.path_edit.textEdited.connect(self._path_typed)
        self.path_edit.textChanged.connect(self._update)
        self.browse_button = QPushButton("Browse…")
        self.browse_button.clicked.connect(self._browse)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path_edit, 1)
        path_row.addWidget(self.browse_button)

        self.status = QLabel(objectName="copyStatus", wordWrap=True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.create_button = self.buttons.addButton("Create copy", QDialogButtonBox.ButtonRole.AcceptRole)
        self.create_button.setObjectName("createCopy")
        self.create_button.setDefault(True)
        self.buttons.accepted.connect(self.start)
        self.buttons.rejected.connect(self.reject)

        form = QFormLayout()
        form.addRow("Coder:", self.coder_box)
        form.addRow("", self.coder_note)
        form.addRow("Documents:", self.document_list)
        form.addRow("", document_buttons)
        form.addRow("Save as:", path_row)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        self.resize(620, 560)
        if project.is_coder_copy:
            self._show_status("This project is itself a coder copy: make coder copies from the master project.",
                              error=True)
        self._update()

    # -- what is chosen -----------------------------------------------------------------------

    def coder_name(self) -> str:
        return self.coder_box.currentText().strip()

    def chosen_documents(self) -> list:
        return [self.document_list.item(i).data(DocumentRole) for i in range(self.document_list.count())
                if self.document_list.item(i).checkState() == Qt.CheckState.Checked]

    def output_path(self) -> Path | None:
        text = self.path_edit.text().strip()
        return Path(text) if text else None

    # -- reacting -----------------------------------------------------------------------------

    def _coder_changed(self, _text: str) -> None:
        name = self.coder_name()
        known = name in {c.name for c in self.project.coders()}
        self.coder_note.setText("" if not name or known else f"{name!r} is new: they are added to this project as a coder.")
        if not self._path_edited:
            stem = self.project.path.stem
            suggested = self.project.path.with_name(f"{stem}-{_file_part(name)}.afpak") if name else ""
            self.path_edit.setText(str(suggested))
        self._update()

    def _path_typed(self, _text: str) -> None:
        self._path_edited = True

    def _browse(self) -> None:
        suggested = self.path_edit.text() or str(self.project.path.parent)
        path = self.choose_path(self, "Save the coder copy as", suggested, FILE_FILTER)
        if path:
            if not path.endswith(".afpak"):
                path += ".afpak"
            self._path_edited = True
            self.path_edit.setText(path)

    def _check_all(self, state: Qt.CheckState) -> None:
        for index in range(self.document_list.count()):
            self.document_list.item(index).setCheckState(state)

    def _update(self, *_args) -> None:
        chosen, total = len(self.chosen_documents()), self.document_list.count()
        self.document_count.setText(f"{chosen} of {plural(total, 'document')}")
        ready = (bool(self.coder_name()) and chosen > 0 and self.output_path() is not None
                 and self.task is None and self.result_ is None and not self.project.is_coder_copy)
        self.create_button.setEnabled(ready)

    def _show_status(self, text: str, *, error: bool = False) -> None:
        self.status.setText(text)
        self.status.setStyleSheet("color: #b2182b;" if error else "color: #1b7837;")

    # -- creating -----------------------------------------------------------------------------

    def start(self) -> None:
        if not self.create_button.isEnabled():
            return
        path = self.output_path()
        if path.exists():
            self._show_status(f"{path}: a file of that name already exists; choose another name", error=True)
            return
        coder, documents = self.coder_name(), self.chosen_documents()
        everything = len(documents) == self.document_list.count()
        project = self.project
        self._show_status("")
        self.task = run_with_progress(self, "Creating the coder copy", lambda progress: create_coder_copy(
            project, coder, path, documents=None if everything else documents, progress=progress))
        self.task.succeeded.connect(self._created)
        self.task.failed.connect(lambda message: self._show_status(message, error=True))
        self.task.finished.connect(self._task_done)
        self._update()

    def _task_done(self) -> None:
        self.task = None
        self._update()

    def _created(self, result: CoderCopyResult) -> None:
        self.result_ = result
        self.coder_note.clear()
        self._show_status(f"{result.text()}.\nGive this file to {result.coder}; when it comes back, merge it with "
                          "File → Merge coder files…")
        self.copy_created.emit(result)
        if result.coder_added:
            self.coders_changed.emit()


def _file_part(name: str) -> str:
    """A coder's name as part of a file name."""
    cleaned = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in name.strip())
    return cleaned.strip("-") or "coder"
