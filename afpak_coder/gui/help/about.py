"""Help → About afpak-coder: version, the versions it runs on, licence, how to cite it, About Qt."""

from __future__ import annotations

import html
import platform
from datetime import date
from pathlib import Path

import PySide6
import yaml
from PySide6.QtCore import Qt, qVersion
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QMessageBox, QPushButton, QVBoxLayout

from afpak_coder import __version__
from afpak_coder.gui.help.user_guide import guide_folder

FALLBACK_TITLE = "afpak-coder"


def citation(cff: Path | None = None, year: int | None = None) -> str:
    """A reference in APA style made from CITATION.cff (shipped with the guide) and the running version."""
    folder = guide_folder()
    cff = cff or (folder / "CITATION.cff" if folder else None)
    title, authors = FALLBACK_TITLE, "the afpak-coder authors"
    if cff is not None and cff.is_file():
        data = yaml.safe_load(cff.read_text(encoding="utf-8")) or {}
        title = data.get("title", title)
        names = [a.get("name") or " ".join(filter(None, (a.get("given-names"), a.get("family-names"))))
                 for a in data.get("authors", [])]
        authors = ", ".join(n for n in names if n) or authors
    return f"{authors} ({year or date.today().year}). {title} (version {__version__}) [Computer software]."


def about_html() -> str:
    return (
        f"<h3>afpak-coder {__version__}</h3>"
        "<p>Political claims analysis of news and policy texts on Afghanistan–Pakistan relations: "
        "who claims what, about whom, on which issue, with what stance.</p>"
        f"<p>Python {platform.python_version()} · Qt {qVersion()} · PySide6 {PySide6.__version__}</p>"
        "<p><b>Licence:</b> MIT. Copyright © the afpak-coder authors. The bundled Noto Naskh Arabic and "
        "Noto Nastaliq Urdu fonts are under the SIL Open Font License 1.1.</p>"
        f"<p><b>How to cite:</b> {html.escape(citation())}</p>"
    )


class AboutDialog(QDialog):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle("About afpak-coder")
        self.text = QLabel(about_html(), objectName="aboutText", wordWrap=True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.about_qt = QPushButton("About &Qt")
        buttons.addButton(self.about_qt, QDialogButtonBox.ButtonRole.ActionRole)
        self.about_qt.clicked.connect(lambda: QMessageBox.aboutQt(self, "About Qt"))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(buttons)
        self.setMinimumWidth(520)
