"""Coding actions in a document holding many claims (offscreen Qt), beside bare equivalents.

    .venv/bin/python benchmarks/bench_coding.py [--claims 5000 25000] [--repeats 9]

For each claim count, a project whose 1,000,000-character document holds that many claims (built in
a temporary folder; removed afterwards). Every figure is the median of alternating runs, with its
baseline measured in the same round:
* Enter → claim committed and painted, against a raw sqlite3 INSERT + COMMIT of an equivalent row
  on a second connection plus a repaint of the document view (target ≤ 20 ms at any claim count);
* Ctrl+Z of that claim, against a raw DELETE + COMMIT plus the same repaint (target ≤ 20 ms);
* opening the document until the claims on its first screen are highlighted, against a bare
  QPlainTextEdit showing the same text (target ≤ 150 ms), and until all its claims are read off the
  GUI thread and listed (information).
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication, QPlainTextEdit  # noqa: E402

sys.path.insert(0, str(Path(__file__).parent))
from generate import generate  # noqa: E402

from afpak_coder.gui.main_window import MainWindow  # noqa: E402


SUGGESTIONS = False


def milliseconds(values: list[float]) -> float:
    return statistics.median(values) * 1000


class RawClaims:
    """INSERT and DELETE of one claim row through plain sqlite3, the cheapest a commit can be."""

    def __init__(self, path: Path) -> None:
        self.connection = sqlite3.connect(path, isolation_level=None)
        self.connection.execute("PRAGMA synchronous = FULL")
        self.connection.execute("PRAGMA busy_timeout = 10000")
        cursor = self.connection.execute("SELECT * FROM claim LIMIT 1")
        self.columns = [d[0] for d in cursor.description]
        self.template = list(cursor.fetchone())
        self.id_column = self.columns.index("id")
        names = ", ".join(f"[{c}]" for c in self.columns)
        self.insert = f"INSERT INTO claim ({names}) VALUES ({', '.join('?' * len(self.columns))})"
        self.last_id = None

    def add(self) -> None:
        row = list(self.template)
        self.last_id = row[self.id_column] = uuid.uuid4().hex if isinstance(row[self.id_column], str) \
            else uuid.uuid4().bytes
        self.connection.execute("BEGIN IMMEDIATE")
        self.connection.execute(self.insert, row)
        self.connection.execute("COMMIT")

    def remove(self) -> None:
        self.connection.execute("BEGIN IMMEDIATE")
        self.connection.execute("DELETE FROM claim WHERE id = ?", (self.last_id,))
        self.connection.execute("COMMIT")


def measure(claims: int, repeats: int, folder: Path, app: QApplication) -> dict[str, tuple[float, float]]:
    path = folder / f"coding-{claims}.afpak"
    started = time.perf_counter()
    generate(path, documents=20, claims=claims, coders=1, heavy_claims=claims)
    print(f"  built the {claims:,}-claim project in {time.perf_counter() - started:.0f} s")
    settings = QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat)
    # Suggestions train on a worker thread after every few saves; off unless asked, so that the
    # figures are the coding actions' own (--suggestions: with that training running beside them).
    settings.setValue("suggestions/enabled", SUGGESTIONS)
    window = MainWindow(settings, ask_coder=lambda coders, current: coders[0])
    window.resize(1400, 900)
    window.show()
    window.open_path(path)
    project, controller, view = window.project, window.controller, window.document_view
    heavy = max(project.documents(), key=lambda d: d.length)
    bare = QPlainTextEdit()
    bare.resize(view.size())
    bare.show()
    raw = RawClaims(path)
    theme, actor = project.themes()[1].id, project.actors()[0].id

    def open_heavy() -> None:
        """Open the document until the claims on its first screen are highlighted; then, timed
        apart, until all its claims are read off the GUI thread and listed."""
        controller.document = None
        begin = time.perf_counter()
        controller.open_document(heavy)
        view.viewport().repaint()
        app.processEvents()
        times["open"].append(time.perf_counter() - begin)
        if view.painted_claims == 0:
            raise SystemExit("no claim was highlighted on the first screen")
        while controller._loading is not None:
            app.processEvents()
        times["all read"].append(time.perf_counter() - begin)

    def settle() -> None:
        """What opening leaves to do shortly after (the codebook counts read again, the document
        list's counts) is done before Enter is timed: a coder codes in an open document."""
        until = time.perf_counter() + 0.5
        while time.perf_counter() < until:
            app.processEvents()
            time.sleep(0.005)

    def show_bare() -> None:
        bare.setPlainText(heavy.text)
        bare.viewport().repaint()
        app.processEvents()

    def repaint() -> None:
        """Paint now, then everything the action left to do (a list row inserted is laid out and
        painted a turn later): without this, the next figure timed would pay for it."""
        view.viewport().repaint()
        for _ in range(3):
            app.sendPostedEvents()
            app.processEvents()

    times: dict[str, list[float]] = {name: [] for name in
                                     ("open", "all read", "bare show", "enter", "raw insert", "undo", "raw delete")}

    def timed(name: str, action) -> None:
        begin = time.perf_counter()
        action()
        times[name].append(time.perf_counter() - begin)

    open_heavy()
    before = len(window.claims_model.claims())
    for number in range(repeats):
        timed("bare show", show_bare)
        open_heavy()
        settle()
        start = (number * 7919) % (heavy.length - 100)
        view.select_span(start, start + 80)
        window.coding_panel.themes.set_current(theme)
        window.coding_panel.actor.set_actor(actor)
        app.processEvents()
        timed("enter", lambda: (controller.save(), repaint()))
        if len(window.claims_model.claims()) != before + 1:
            raise SystemExit(f"the claim was not saved: {window.coding_panel.message.text()}")
        timed("raw insert", lambda: (raw.add(), repaint()))
        timed("undo", lambda: (controller.undo_stack.undo(), repaint()))
        timed("raw delete", lambda: (raw.remove(), repaint()))
        if len(window.claims_model.claims()) != before:
            raise SystemExit("the undo did not remove the claim")
    window.close_project()
    window.close()
    bare.close()
    raw.connection.close()
    return {
        "Enter → committed + painted": (milliseconds(times["enter"]), milliseconds(times["raw insert"])),
        "Ctrl+Z → committed + painted": (milliseconds(times["undo"]), milliseconds(times["raw delete"])),
        "open → claims highlighted": (milliseconds(times["open"]), milliseconds(times["bare show"])),
        "open → all claims listed": (milliseconds(times["all read"]), milliseconds(times["bare show"])),
    }


TARGETS = {"Enter → committed + painted": 20, "Ctrl+Z → committed + painted": 20, "open → claims highlighted": 150,
           "open → all claims listed": float("inf")}
BASELINES = {"Enter → committed + painted": "raw INSERT+COMMIT+repaint",
             "Ctrl+Z → committed + painted": "raw DELETE+COMMIT+repaint",
             "open → claims highlighted": "bare QPlainTextEdit show",
             "open → all claims listed": "bare QPlainTextEdit show"}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--claims", type=int, nargs="+", default=[5_000, 25_000])
    parser.add_argument("--repeats", type=int, default=9)
    parser.add_argument("--suggestions", action="store_true", help="suggestions on (training beside the actions)")
    args = parser.parse_args(argv)
    global SUGGESTIONS
    SUGGESTIONS = args.suggestions
    app = QApplication(sys.argv[:1])
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs; median of {args.repeats} rounds; "
          f"suggestions {'on' if SUGGESTIONS else 'off'}")
    with tempfile.TemporaryDirectory() as folder:
        for claims in args.claims:
            for name, (ours, base) in measure(claims, args.repeats, Path(folder), app).items():
                target = TARGETS[name]
                verdict = "information" if target == float("inf") else \
                    f"target ≤ {target} ms, {'met' if ours <= target else 'MISSED'}"
                print(f"{claims:>7,} claims  {name:<30} {ours:7.1f} ms  ({verdict})"
                      f"  vs {BASELINES[name]} {base:6.1f} ms  = {ours / base:5.2f}×")
    return 0


if __name__ == "__main__":
    sys.exit(main())
