"""The end-of-import report: imported, skipped as duplicate, failed (with reasons), skipped."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QLabel, QPushButton, QTreeWidget, QTreeWidgetItem, QVBoxLayout,
)

from afpak_coder.core.importing import ImportReport


class ImportReportDialog(QDialog):
    def __init__(self, report: ImportReport, parent=None) -> None:
        super().__init__(parent)
        self.report = report
        self.setWindowTitle("Import finished" if not report.cancelled else "Import cancelled")
        self.summary = QLabel(report.summary()[:1].upper() + report.summary()[1:] + ".", objectName="importSummary",
                              wordWrap=True)
        self.tree = QTreeWidget(objectName="importReportTree")
        self.tree.setHeaderLabels(["File", "Result"])
        self.tree.setColumnWidth(0, 280)
        groups = [
            ("Failed", [(f.label, f.reason.removeprefix(f"{f.path}: ")) for f in report.failed]),
            ("Skipped as duplicate", [(d.label, f"the same text is already #{d.existing.number} {_quoted(d.existing.title)}")
                                      for d in report.duplicates]),
            ("Imported", [(i.label, f"#{i.document.number} {_quoted(i.document.title)}") for i in report.imported]),
            ("Not a supported format", [(s.label, s.reason) for s in report.skipped]),
            ("Left out", [(label, "unticked in the preview") for label in report.left_out]),
        ]
        for name, rows in groups:
            if not rows:
                continue
            group = QTreeWidgetItem(self.tree, [f"{name} ({len(rows)})"])
            for label, result in rows:
                child = QTreeWidgetItem(group, [label, result])
                child.setToolTip(1, result)
            group.setExpanded(name != "Imported" or len(rows) <= 20)
        copy = QPushButton("Copy report")
        copy.clicked.connect(lambda: QGuiApplication.clipboard().setText("\n".join(report.lines())))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(copy, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.tree)
        layout.addWidget(buttons)
        self.resize(760, 420)

    def group_texts(self) -> dict[str, list[str]]:
        """What the tree shows, by group (for tests and for reading the report back)."""
        found = {}
        for index in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(index)
            found[group.text(0).rsplit(" (", 1)[0]] = [
                f"{group.child(row).text(0)}: {group.child(row).text(1)}" for row in range(group.childCount())]
        return found


def _quoted(title: str) -> str:
    # First-strong isolate: an Urdu or Dari title does not reorder the number and quotes around it.
    return f"“\u2068{title}\u2069”"
