"""Make the README's and docs' screenshots with the app itself, offscreen, on a fresh sample project.

    .venv/bin/python docs/screenshot.py

writes docs/main-window.png (the coding workspace), urdu-document.png, import-preview.png,
export-dialog.png, agreement.png, overview.png and networks.png. Offscreen Qt has almost no
system fonts, so the pictures also show what the bundled fonts cover.
"""

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEventLoop, QSettings, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from afpak_coder.core.sample import build_sample_project  # noqa: E402
from afpak_coder.gui.main_window import MainWindow  # noqa: E402

HERE = Path(__file__).parent
SIZE = (1280, 800)  # a common laptop screen: nothing may be cut off at this size

# Invented files to import (never real articles): a saved web page, a text file and a spreadsheet row.
PAGE = """<html><head><title>Border Desk | The Khyber Courier</title>
<meta property="og:title" content="Traders count losses as Torkham stays shut for a ninth day">
<meta name="author" content="Samina Afridi"><meta property="og:site_name" content="The Khyber Courier">
<meta property="article:published_time" content="2024-03-14"></head><body><nav>Home | Region</nav>
<article><h1>Traders count losses as Torkham stays shut for a ninth day</h1>
<p>Fruit sellers on both sides of the crossing said their stock had spoiled in the queue of lorries.</p>
<p>A customs official in Landi Kotal said talks between the two border commands would resume on Monday.</p>
</article></body></html>"""
TEXT = ("Kabul calls for joint patrols along the Durand Line\n\n"
        "The Afghan interim administration proposed joint patrols, a spokesman said on 14/03/2024, "
        "while Islamabad repeated that sanctuaries for armed groups must close first.\n")
TABLE = ("title,outlet,published,text\n"
         "Chaman sit-in enters its fourth month,Quetta Observer,02.02.2024,"
         "\"Protesters at Chaman said the passport rule had cut off families living on both sides.\"\n")


def wait_for(signal, seconds=120):
    loop = QEventLoop()
    signal.connect(loop.quit)
    QTimer.singleShot(int(seconds * 1000), loop.quit)
    loop.exec()


def settle(app, rounds=5):
    for _ in range(rounds):
        app.processEvents()


def select_document(window, title_part):
    proxy = window.documents_proxy
    for row in range(proxy.rowCount()):
        if title_part in proxy.index(row, 0).data():
            window.documents_table.selectRow(row)
            return window.document_view.document_shown
    raise SystemExit(f"no sample document titled like {title_part!r}")


def shoot(app, widget, name, size=SIZE):
    widget.resize(*size)
    widget.show()
    settle(app)
    widget.grab().save(str(HERE / name))
    return HERE / name


def workspace(app, window):
    document = select_document(window, "Torkham reopens")
    claim = window.project.claims(document=document, coder=window.controller.coder)[2]
    window.claims_table.selectRow(window.claims_model.row_of(claim.id))
    written = [shoot(app, window, "main-window.png", (1500, 900))]
    select_document(window, "چمن")
    written.append(shoot(app, window, "urdu-document.png", (1500, 900)))
    return written


def import_preview(app, window, folder):
    from afpak_coder.gui.importing.import_dialog import ImportDialog

    files = folder / "to-import"
    files.mkdir()
    (files / "torkham-losses.html").write_text(PAGE, encoding="utf-8")
    (files / "joint-patrols.txt").write_text(TEXT, encoding="utf-8")
    (files / "chaman.csv").write_text(TABLE, encoding="utf-8")
    # The spreadsheet's columns are taken as guessed (the column dialog would wait for a click).
    dialog = ImportDialog(window.project, window, choose_mapping=lambda _parent, _path, guessed, _frame: guessed)
    dialog.show()
    dialog.add_paths(sorted(files.iterdir()))
    wait_for(dialog.preview_ready)
    dialog.table.selectRow(0)
    written = shoot(app, dialog, "import-preview.png")
    dialog.close()
    return written


def export_dialog(app, window):
    from afpak_coder.gui.exporting.export_dialog import ExportDialog

    dialog = ExportDialog(window.project, window, selected_documents=window.selected_documents())
    written = shoot(app, dialog, "export-dialog.png", (dialog.sizeHint().width(), dialog.sizeHint().height()))
    dialog.close()
    return written


def agreement(app, window):
    from afpak_coder.gui.agreement.agreement_dialog import AgreementDialog

    dialog = AgreementDialog(window.project, window, seed=1)
    dialog.resize(*SIZE)
    dialog.show()
    task = dialog.compute()
    if task is not None:
        wait_for(task.finished)
    written = shoot(app, dialog, "agreement.png")
    dialog.close()
    return written


def overview(app, window):
    from afpak_coder.gui.analysis.overview_window import OverviewWindow

    widget = OverviewWindow(window.project)
    written = shoot(app, widget, "overview.png")
    widget.close()
    return written


def networks(app, window):
    from afpak_coder.gui.networks.network_window import NetworkWindow

    from PySide6.QtCore import QDate

    widget = NetworkWindow(window.project)
    # One coder, 2025 on, the Security themes, identical claims once per document: the filters at work.
    widget.coder_box.setCurrentIndex(max(0, widget.coder_box.findText("Ayesha")))
    widget.filters.date_from.setDate(QDate(2025, 1, 1))
    widget.filters.theme_box.setCurrentIndex(max(0, widget.filters.theme_box.findText("Security")))
    widget.filters.duplicates_box.setChecked(True)
    written = shoot(app, widget, "networks.png")
    widget.close()
    return written


def main() -> int:
    app = QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        build_sample_project(folder / "sample.afpak").close()
        settings = QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat)
        window = MainWindow(settings, ask_coder=lambda coders, current: coders[0])
        window.resize(1500, 900)
        window.show()
        window.open_path(folder / "sample.afpak")
        written = workspace(app, window)
        written.append(export_dialog(app, window))
        written.append(import_preview(app, window, folder))
        written.append(agreement(app, window))
        written.append(overview(app, window))
        written.append(networks(app, window))
        window.close()
    print("wrote", ", ".join(path.name for path in written), "in", HERE)
    return 0


if __name__ == "__main__":
    sys.exit(main())
