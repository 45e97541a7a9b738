"""Importing a REFI-QDA project (.qdpx) from File → Import documents…: the file is read, the
researcher says which coder each of its users is (an existing coder, matched by name by default,
or a new one), then documents, codebook and codings are stored in a worker thread and the report
(offset model used, what was not taken) is shown."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QMessageBox, QVBoxLayout, QWidget

from afpak_coder.core.errors import AfpakError
from afpak_coder.exchange.refi_import import file_users, import_qdpx
from afpak_coder.exchange.refi_read import QdpxContent, read_qdpx
from afpak_coder.gui.background import run_with_progress

NEW = "new coder: "


class CoderMappingDialog(QDialog):
    """One row per user of the file: which coder their codings belong to."""

    def __init__(self, content: QdpxContent, coder_names: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Coders of {content.path.name}")
        self.users = file_users(content)
        counts = Counter(user for s in content.sources for sel in s.selections for user in {c.user for c in sel.codings})
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Whose claims are these? Each user of the file becomes one of your coders.",
                                wordWrap=True))
        form = QFormLayout()
        self.choices: dict = {}
        known = {name.casefold(): name for name in coder_names}
        for user, name in self.users.items():
            box = QComboBox(objectName="coderChoice")
            box.addItems(coder_names)
            box.addItem(NEW + name)
            match = known.get(name.casefold())
            box.setCurrentText(match if match else NEW + name)
            form.addRow(f"{name} ({counts[user]} coded passages)", box)
            self.choices[user] = box
        layout.addLayout(form)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def mapping(self) -> dict:
        """File user → coder name (an existing coder's, or the new coder's)."""
        return {user: box.currentText().removeprefix(NEW) for user, box in self.choices.items()}


def ask_coders_with_dialog(parent: QWidget | None, content: QdpxContent, coder_names: list[str]) -> dict | None:
    dialog = CoderMappingDialog(content, coder_names, parent)
    return dialog.mapping() if dialog.exec() == QDialog.DialogCode.Accepted else None


def import_qdpx_interactively(parent: QWidget | None, project, path: Path, *,
                              on_done: Callable[[str], None] | None = None,
                              ask_coders=ask_coders_with_dialog, show_report=None) -> None:
    """Read ``path``, ask about its coders, import it in a worker thread, show the report."""
    show_report = show_report or (lambda text: QMessageBox.information(parent, "REFI-QDA import", text))
    try:
        content = read_qdpx(path)
    except AfpakError as error:
        QMessageBox.critical(parent, "REFI-QDA import", str(error))
        return
    mapping = ask_coders(parent, content, [c.name for c in project.coders()])
    if mapping is None:
        return
    task = run_with_progress(parent, f"Importing {Path(path).name}", lambda progress: import_qdpx(
        project, path, coders=mapping, content=content, progress=progress))

    def succeeded(report) -> None:
        show_report(report.summary())
        if on_done is not None:
            on_done(report.summary())

    task.succeeded.connect(succeeded)
    task.failed.connect(lambda message: QMessageBox.critical(parent, "REFI-QDA import failed", message))
