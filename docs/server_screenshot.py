"""Make docs/team-server.md's screenshots with the app itself, offscreen, on a throwaway PostgreSQL
server (the tests' own, tests/postgres_server.py) holding the published sample project.

    .venv/bin/python docs/server_screenshot.py

writes docs/server-login.png (File → Open server project…), docs/server-project.png (the lead's
window on the server project; offscreen windows have no title bar, so the window title is drawn
above the picture) and docs/server-live.png (the lead's view just after another coder's save
arrived: the new claim listed and highlighted, the lead's own claim still open with a draft memo).
"""

import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QRect, QSettings, Qt  # noqa: E402
from PySide6.QtGui import QColor, QFont, QPainter, QPixmap  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from afpak_coder.core.sample import build_sample_project  # noqa: E402
from afpak_coder.core.server_access import add_coder_login, login_name  # noqa: E402
from afpak_coder.core.server_project import open_server_project  # noqa: E402
from afpak_coder.core.server_transfer import publish  # noqa: E402
from afpak_coder.gui.main_window import MainWindow  # noqa: E402
from afpak_coder.gui.workspace.coding_controller import ALL  # noqa: E402

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE.parent / "tests"))
from postgres_server import start_cluster, stop_cluster  # noqa: E402

SIZE = (1500, 900)
LEAD, LEAD_PASSWORD, BILAL_PASSWORD = "amina", "shown-nowhere-1", "shown-nowhere-2"


def wait(app, condition, seconds=10.0):
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.02)
    if not condition():
        raise SystemExit("the window did not get there in time")


def with_title(window) -> QPixmap:
    """The window's picture with its title drawn above, as a desktop's title bar would show it."""
    shot = window.grab()
    framed = QPixmap(shot.width(), shot.height() + 30)
    framed.fill(QColor("#dcdcdc"))
    painter = QPainter(framed)
    font = QFont(window.font())
    font.setBold(True)
    painter.setFont(font)
    painter.drawText(QRect(0, 0, shot.width(), 30), Qt.AlignmentFlag.AlignCenter, window.windowTitle())
    painter.drawPixmap(0, 30, shot)
    painter.end()
    return framed


def main() -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    cluster = start_cluster()
    folder = Path(tempfile.mkdtemp(prefix="afpak-server-shots-"))
    try:
        database = cluster.new_database("afpak_press")
        cluster.run_sql(f"CREATE ROLE {LEAD} LOGIN CREATEROLE PASSWORD '{LEAD_PASSWORD}'")
        cluster.run_sql(f'ALTER DATABASE "{database}" OWNER TO {LEAD}')
        build_sample_project(folder / "sample.afpak").close()
        publish(folder / "sample.afpak", cluster.url(database, LEAD, LEAD_PASSWORD), name="AfPak press 2025")
        with open_server_project(cluster.url(database, LEAD, LEAD_PASSWORD)) as lead:
            add_coder_login(lead, "Bilal", BILAL_PASSWORD)

        settings = QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat)
        settings.setValue("suggestions/enabled", False)
        settings.setValue("recent_projects", [f"postgresql://{login_name('Bilal')}@{cluster.host}:{cluster.port}/{database}"])
        window = MainWindow(settings, ask_coder=lambda coders, current: next(c for c in coders if c.name == "Ayesha"))
        window.resize(*SIZE)
        window.show()
        window.open_server()
        dialog = window.server_dialog
        dialog.address.setText(f"postgresql://{cluster.host}:{cluster.port}/{database}")
        dialog.user.setText(LEAD)
        QTest.keyClicks(dialog.password, LEAD_PASSWORD)
        app.processEvents()
        dialog.grab().save(str(HERE / "server-login.png"))
        dialog.connect_to_server()
        wait(app, lambda: window.project is not None)

        document = next(d for d in window.project.documents() if "Torkham" in d.title)
        window.open_document_by_id(document.id)
        wait(app, lambda: window.live.listener.listening)
        app.processEvents()
        with_title(window).save(str(HERE / "server-project.png"))

        window.actions.view_group.actions()[1].trigger()  # Show claims of → All coders: the lead's view
        wait(app, lambda: window.controller.view_mode == ALL)
        mine = window.project.claims(document=document, coder="Ayesha")[0]
        window.claims_table.selectRow(window.claims_model.row_of(mine.id))
        window.coding_panel.memo.setFocus()
        QTest.keyClicks(window.coding_panel.memo, " (check the date with the ministry)")
        with open_server_project(cluster.url(database, login_name("Bilal"), BILAL_PASSWORD)) as bilal:
            theme = next(t for t in bilal.themes() if t.name.startswith("Border closures"))
            start = document.text.index(".") + 2
            new = bilal.add_claim(document=document.id, coder=bilal.my_coder, start=start,
                                  end=document.text.index(".", start) + 1, theme=theme.id,
                                  memo="arrived live from Bilal's program")
        wait(app, lambda: window.claims_model.claim(new.id) is not None, 3)
        window.claims_table.scrollTo(window.claims_model.index(window.claims_model.row_of(new.id), 0))
        app.processEvents()
        with_title(window).save(str(HERE / "server-live.png"))
        window.coding_panel.reset()  # the draft memo was for the picture only
        window.close()
    finally:
        cluster.run_sql(f"DROP ROLE IF EXISTS {login_name('Bilal')}")
        stop_cluster(cluster)
    for name in ("server-login.png", "server-project.png", "server-live.png"):
        print(HERE / name)
    return 0


if __name__ == "__main__":
    sys.exit(main())
