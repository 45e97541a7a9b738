"""File → Merge coder files…: choose the coder copies, look at the plan and answer what it asks,
merge, read the report.

    dialog = MergeDialog(window.project, window)
    dialog.master_changed.connect(lambda report: window.reload_everything())   # documents, claims, coders
    dialog.exec()

Three pages: the files; the plan (``MergePlanView``: files from another project to confirm, coders
whose name is taken, new themes and actors, documents in conflict); the report. Reading the files
and merging run in worker threads (``gui.background``) with progress and Cancel; a failed or
cancelled merge leaves the project as it was and keeps the plan on screen.
``choose_files(parent, caption, folder, filter) -> list[str]`` asks for files (a file dialog by
default; tests pass a function).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog, QFileDialog, QHBoxLayout, QLabel, QListWidget, QPushButton, QScrollArea, QStackedWidget, QTextBrowser,
    QVBoxLayout, QWidget,
)

from afpak_coder.core.copies.apply import apply_merge
from afpak_coder.core.copies.plan import MergePlan, build_merge_plan
from afpak_coder.core.copies.report import MergeReport
from afpak_coder.gui.background import BackgroundTask, run_with_progress
from afpak_coder.gui.copies.merge_plan_view import MergePlanView
from afpak_coder.gui.copies.merge_report_view import report_html

FileChooser = Callable[[QWidget, str, str, str], list[str]]
FILE_FILTER = "afpak-coder projects (*.afpak);;All files (*)"
FILES, PLAN, REPORT = range(3)


def choose_files_with_dialog(parent: QWidget, caption: str, folder: str, file_filter: str) -> list[str]:
    return QFileDialog.getOpenFileNames(parent, caption, folder, file_filter)[0]


class MergeDialog(QDialog):
    merged = Signal(object)  # the MergeReport of a finished merge
    master_changed = Signal(object)  # the MergeReport, when the merge changed the project

    def __init__(self, project, parent: QWidget | None = None, *, paths: Iterable[str | Path] = (),
                 choose_files: FileChooser = choose_files_with_dialog) -> None:
        super().__init__(parent)
        self.project = project
        self.choose_files = choose_files
        self.plan: MergePlan | None = None
        self.plan_view: MergePlanView | None = None
        self.report: MergeReport | None = None
        self.task: BackgroundTask | None = None
        self.setWindowTitle("Merge coder files")

        self.pages = QStackedWidget()
        self.pages.addWidget(self._files_page())
        self.plan_area = QScrollArea(objectName="planArea", widgetResizable=True)
        self.pages.addWidget(self.plan_area)
        self.report_view = QTextBrowser(objectName="mergeReport", openExternalLinks=False)
        self.pages.addWidget(self.report_view)

        self.status = QLabel(objectName="mergeStatus", wordWrap=True)
        self.status.setStyleSheet("color: #b2182b;")
        self.back_button = QPushButton("Back", objectName="mergeBack")
        self.back_button.clicked.connect(self.back)
        self.next_button = QPushButton("Read files", objectName="mergeNext")
        self.next_button.setDefault(True)
        self.next_button.clicked.connect(self.next)
        self.close_button = QPushButton("Cancel", objectName="mergeClose")
        self.close_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for button in (self.back_button, self.next_button, self.close_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.status)
        layout.addLayout(buttons)
        self.resize(980, 680)
        self.add_paths(paths)
        self._update()

    # -- the files ----------------------------------------------------------------------------

    def _files_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(QLabel(
            "Choose the coder copies to merge into this project. Documents are matched by their text, never by "
            "title or file name; each coder's claims are added, updated or removed as the coder left them, and a "
            "backup of the project is taken first. Merging the same file again changes nothing.", wordWrap=True))
        self.file_list = QListWidget(objectName="mergeFiles")
        self.file_list.setSelectionMode(QListWidget.SelectionMode.ExtendedSelection)
        layout.addWidget(self.file_list, 1)
        self.add_button = QPushButton("Add files…", objectName="addMergeFiles")
        self.remove_button = QPushButton("Remove", objectName="removeMergeFiles")
        self.add_button.clicked.connect(self._choose)
        self.remove_button.clicked.connect(self._remove_selected)
        row = QHBoxLayout()
        row.addWidget(self.add_button)
        row.addWidget(self.remove_button)
        row.addStretch(1)
        layout.addLayout(row)
        return page

    def paths(self) -> list[Path]:
        return [Path(self.file_list.item(i).text()) for i in range(self.file_list.count())]

    def add_paths(self, paths: Iterable[str | Path]) -> None:
        known = set(self.paths())
        for path in map(Path, paths):
            if path not in known:
                self.file_list.addItem(str(path))
                known.add(path)
        self._update()

    def _choose(self) -> None:
        self.add_paths(self.choose_files(self, "Coder copies to merge", str(self.project.path.parent), FILE_FILTER))

    def _remove_selected(self) -> None:
        for item in self.file_list.selectedItems():
            self.file_list.takeItem(self.file_list.row(item))
        self._update()

    # -- moving between pages -----------------------------------------------------------------

    def next(self) -> None:
        if self.task is not None or not self.next_button.isEnabled():
            return
        if self.pages.currentIndex() == FILES:
            self.read_files()
        elif self.pages.currentIndex() == PLAN:
            self.merge()

    def back(self) -> None:
        if self.task is None and self.pages.currentIndex() == PLAN:
            self.pages.setCurrentIndex(FILES)
            self.status.clear()
            self._update()

    def read_files(self) -> None:
        project, paths = self.project, self.paths()
        self.status.clear()
        self.task = run_with_progress(self, "Reading the coder files",
                                      lambda progress: build_merge_plan(project, paths, progress=progress))
        self.task.succeeded.connect(self._show_plan)
        self._watch(self.task)

    def _show_plan(self, plan: MergePlan) -> None:
        self.plan = plan
        self.plan_view = MergePlanView(plan, self.project)
        self.plan_view.answers_changed.connect(self._update)
        self.plan_area.setWidget(self.plan_view)
        self.pages.setCurrentIndex(PLAN)

    def merge(self) -> None:
        project, plan = self.project, self.plan
        self.status.clear()
        self.task = run_with_progress(self, "Merging the coder files",
                                      lambda progress: apply_merge(project, plan, progress=progress))
        self.task.succeeded.connect(self._show_report)
        self.task.cancelled.connect(lambda: self.status.setText("Cancelled: the project is as it was."))
        self._watch(self.task)

    def _show_report(self, report: MergeReport) -> None:
        self.report = report
        self.report_view.setHtml(report_html(report))
        self.pages.setCurrentIndex(REPORT)
        self.merged.emit(report)
        if report.changed:
            self.master_changed.emit(report)

    def _watch(self, task: BackgroundTask) -> None:
        task.failed.connect(self.status.setText)
        task.finished.connect(self._task_done)
        self._update()

    def _task_done(self) -> None:
        self.task = None
        self._update()

    def _update(self, *_args) -> None:
        page = self.pages.currentIndex()
        idle = self.task is None
        self.back_button.setVisible(page == PLAN)
        self.back_button.setEnabled(idle)
        self.next_button.setVisible(page != REPORT)
        self.next_button.setText("Merge" if page == PLAN else "Read files")
        if page == FILES:
            ready = bool(self.paths())
        elif page == PLAN:
            ready = self.plan_view is not None and not self.plan_view.unanswered() and not self.project.read_only
            if self.project.read_only:
                self.status.setText(f"{self.project.path}: is open read-only; nothing can be merged into it")
        else:
            ready = False
        self.next_button.setEnabled(ready and idle)
        self.close_button.setText("Close" if page == REPORT else "Cancel")
