"""Help → User guide: the README and the docs pages, shipped with the app and read offline.

In a wheel the pages sit in ``afpak_coder/resources/guide`` (``setup.py`` copies them there at build
time); in a source checkout (``pip install -e``) they are read from the repository itself, so the
guide always shows the docs as written.
"""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QImage, QTextCursor
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QListWidget, QListWidgetItem, QSplitter, QTextBrowser, QVBoxLayout

PACKAGE = Path(__file__).resolve().parents[2]
_HEADING = re.compile(r"^#\s+(.+)$", re.MULTILINE)


def guide_folder() -> Path | None:
    """Where README.md and docs/ are: inside the package, else the source checkout."""
    for folder in (PACKAGE / "resources" / "guide", PACKAGE.parent):
        if (folder / "README.md").is_file() and (folder / "docs").is_dir():
            return folder
    return None


def guide_pages(folder: Path) -> list[tuple[str, Path]]:
    """(title, path) of each page: the README first ("Getting started"), then docs/*.md by title."""
    pages = [("Getting started", folder / "README.md")]
    for path in sorted((folder / "docs").glob("*.md")):
        match = _HEADING.search(path.read_text(encoding="utf-8"))
        pages.append((match.group(1).strip() if match else path.stem, path))
    return pages


class UserGuide(QDialog):
    def __init__(self, parent=None, folder: Path | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("afpak-coder user guide")
        self.setObjectName("userGuide")
        self.folder = folder or guide_folder()
        self.pages = QListWidget(objectName="guidePages")
        self.browser = QTextBrowser(objectName="guideBrowser")
        self.browser.setOpenLinks(False)  # .md links open here; web links in the user's browser
        self.browser.anchorClicked.connect(self._follow)
        splitter = QSplitter()
        splitter.addWidget(self.pages)
        splitter.addWidget(self.browser)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([200, 840])
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        layout.addWidget(buttons)
        self.resize(1040, 760)
        if self.folder is None:
            self.browser.setPlainText("The user guide is not installed with this copy of afpak-coder.")
            return
        for title, path in guide_pages(self.folder):
            item = QListWidgetItem(re.split(r"[:,]", title)[0])  # "Coder copies: coding on…" → "Coder copies"
            item.setToolTip(title)
            item.setData(Qt.ItemDataRole.UserRole, path)
            self.pages.addItem(item)
        self.pages.currentItemChanged.connect(lambda item, _old: item and self.show_page(item.data(Qt.ItemDataRole.UserRole)))
        self.pages.setCurrentRow(0)

    def show_page(self, path: Path, anchor: str = "") -> None:
        self.shown = path
        # Images and links are relative to the page's folder (README's to the root, the docs' to docs/).
        self.browser.setSearchPaths([str(path.parent), str(self.folder)])
        self.browser.document().setBaseUrl(QUrl.fromLocalFile(str(path.parent) + "/"))
        self.browser.setMarkdown(path.read_text(encoding="utf-8"))
        self._fit_images()
        if anchor:
            self.browser.scrollToAnchor(anchor)
        for row in range(self.pages.count()):
            if self.pages.item(row).data(Qt.ItemDataRole.UserRole) == path and self.pages.currentRow() != row:
                self.pages.blockSignals(True)
                self.pages.setCurrentRow(row)
                self.pages.blockSignals(False)

    def _fit_images(self) -> None:
        """Screenshots are shown no wider than the page (they are 1500 px wide)."""
        document = self.browser.document()
        widest = max(320, self.browser.viewport().width() - 40)
        block = document.begin()
        while block.isValid():
            iterator = block.begin()
            while not iterator.atEnd():
                fragment = iterator.fragment()
                image_format = fragment.charFormat().toImageFormat()
                if fragment.charFormat().isImageFormat():
                    natural = self._image(image_format.name())
                    width = natural.width()
                    if width > widest:
                        image_format.setWidth(widest)
                        image_format.setHeight(natural.height() * widest / width)
                        cursor = QTextCursor(document)
                        cursor.setPosition(fragment.position())
                        cursor.setPosition(fragment.position() + fragment.length(), QTextCursor.MoveMode.KeepAnchor)
                        cursor.setCharFormat(image_format)
                iterator += 1
            block = block.next()

    def _image(self, name: str) -> QImage:
        for folder in (self.shown.parent, self.folder):
            if (folder / name).is_file():
                return QImage(str(folder / name))
        return QImage()

    def _follow(self, url: QUrl) -> None:
        if url.scheme() in ("http", "https", "mailto"):
            QDesktopServices.openUrl(url)
            return
        target = Path(url.toLocalFile()) if url.isLocalFile() else self.shown.parent / url.path()
        if target.suffix == ".md" and target.resolve().is_file():
            self.show_page(target.resolve(), url.fragment())
        elif target.is_file():
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(target.resolve())))
