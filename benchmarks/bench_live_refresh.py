"""How soon another coder's saved claim shows in the lead's window (live refresh, issue 14).

    .venv/bin/python benchmarks/bench_live_refresh.py [--saves 40] [--interval 0.25]

A throwaway PostgreSQL server (tests/postgres_server.py) holds the published sample project. The
lead's real window (offscreen) shows one document with every coder's claims; a coder's login, in
this process's other connection, saves ``--saves`` claims into that document, one every
``--interval`` s. For each save: the save itself (``add_claim``, the baseline measured in the same
run), and the time from its return until the claim is a row of the lead's claims list. The GUI's
event loop runs between saves, as it would while the lead reads.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from afpak_coder.core.sample import build_sample_project  # noqa: E402
from afpak_coder.core.server_access import add_coder_login, login_name  # noqa: E402
from afpak_coder.core.server_project import open_server_project  # noqa: E402
from afpak_coder.core.server_transfer import publish  # noqa: E402
from afpak_coder.gui.main_window import MainWindow  # noqa: E402
from afpak_coder.gui.workspace.coding_controller import ALL  # noqa: E402
from postgres_server import start_cluster, stop_cluster  # noqa: E402

CODER_PASSWORD = "bench-only-1"


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def run(saves: int, interval: float) -> None:
    app = QApplication.instance() or QApplication(sys.argv)
    cluster = start_cluster()
    folder = Path(tempfile.mkdtemp(prefix="afpak-live-bench-"))
    coder = f"Bench {os.getpid()}"
    try:
        database = cluster.new_database("live")
        lead_url = cluster.superuser_url(database)
        build_sample_project(folder / "sample.afpak").close()
        publish(folder / "sample.afpak", lead_url, name="Live refresh bench")
        with open_server_project(lead_url) as lead:
            add_coder_login(lead, coder, CODER_PASSWORD)
        settings = QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat)
        settings.setValue("suggestions/enabled", False)
        window = MainWindow(settings, ask_coder=lambda coders, current: coders[0])
        window.show()
        window.show_opened_project(open_server_project(lead_url))
        window.controller.set_view_mode(ALL)
        document = window.project.documents()[0]
        window.open_document_by_id(document.id)
        deadline = time.monotonic() + 10
        while not window.live.listener.listening and time.monotonic() < deadline:
            app.processEvents()
        theme = next(t for t in window.project.themes() if t.depth > 0)
        save_ms, shown_ms, missing = [], [], 0
        with open_server_project(cluster.url(database, login_name(coder), CODER_PASSWORD)) as colleague:
            me = colleague.my_coder
            for number in range(saves):
                started = time.perf_counter()
                claim = colleague.add_claim(document=document.id, coder=me, start=number % 50,
                                            end=number % 50 + 5, theme=theme.id)
                saved = time.perf_counter()
                save_ms.append((saved - started) * 1000)
                while window.claims_model.claim(claim.id) is None and time.perf_counter() - saved < 5:
                    app.processEvents()
                    time.sleep(0.001)
                if window.claims_model.claim(claim.id) is None:
                    missing += 1
                else:
                    shown_ms.append((time.perf_counter() - saved) * 1000)
                rest = interval - (time.perf_counter() - started)
                end = time.perf_counter() + max(rest, 0)
                while time.perf_counter() < end:
                    app.processEvents()
                    time.sleep(0.005)
        window.close_project()
        print(f"saves: {saves}, shown in the lead's claims list: {len(shown_ms)}, not shown within 5 s: {missing}")
        print(f"save (add_claim, baseline) p50 / p95: {statistics.median(save_ms):.1f} / {percentile(save_ms, 0.95):.1f} ms")
        if shown_ms:
            print(f"lead's list shows it, p50 / p95 / max: {statistics.median(shown_ms):.0f} / "
                  f"{percentile(shown_ms, 0.95):.0f} / {max(shown_ms):.0f} ms "
                  f"(p50 = {statistics.median(shown_ms) / statistics.median(save_ms):.1f}× a save)")
        print(f"load average: {os.getloadavg()[0]:.1f}")
    finally:
        cluster.run_sql(f'DROP ROLE IF EXISTS "{login_name(coder)}"')
        stop_cluster(cluster)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--saves", type=int, default=40)
    parser.add_argument("--interval", type=float, default=0.25)
    arguments = parser.parse_args()
    run(arguments.saves, arguments.interval)
    return 0


if __name__ == "__main__":
    sys.exit(main())
