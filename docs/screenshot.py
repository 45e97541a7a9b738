"""Make the README's screenshots with the app itself, offscreen, on a fresh sample project.

    .venv/bin/python docs/screenshot.py        # writes docs/main-window.png and docs/urdu-document.png
"""

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from afpak_coder.core.sample import build_sample_project  # noqa: E402
from afpak_coder.gui.main_window import MainWindow  # noqa: E402

HERE = Path(__file__).parent


def select_document(window, title_part):
    proxy = window.documents_proxy
    for row in range(proxy.rowCount()):
        if title_part in proxy.index(row, 0).data():
            window.documents_table.selectRow(row)
            return window.document_view.document_shown
    raise SystemExit(f"no sample document titled like {title_part!r}")


def main() -> int:
    app = QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory() as folder:
        build_sample_project(Path(folder) / "sample.afpak").close()
        settings = QSettings(str(Path(folder) / "settings.ini"), QSettings.Format.IniFormat)
        window = MainWindow(settings, ask_coder=lambda coders, current: coders[0])
        window.resize(1500, 900)
        window.show()
        window.open_path(Path(folder) / "sample.afpak")
        document = select_document(window, "Torkham reopens")
        claim = window.project.claims(document=document, coder=window.controller.coder)[2]
        window.claims_table.selectRow(window.claims_model.row_of(claim.id))
        app.processEvents()
        window.grab().save(str(HERE / "main-window.png"))
        select_document(window, "چمن")
        app.processEvents()
        window.grab().save(str(HERE / "urdu-document.png"))
        window.close()
    print("wrote", HERE / "main-window.png", "and", HERE / "urdu-document.png")
    return 0


if __name__ == "__main__":
    sys.exit(main())
