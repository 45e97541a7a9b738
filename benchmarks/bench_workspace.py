"""Speed of the coding workspace (offscreen Qt): prints each figure beside its target.

    .venv/bin/python benchmarks/bench_workspace.py [--documents 10000] [--reuse]

Figures:
* show the 1,000,000-character document with its 5,000 claims highlighted and scroll through it,
  against a bare QPlainTextEdit showing the same text and scrolling the same way (target ≤ 2×);
* after adding a claim, the time until its highlight is on screen (target < 50 ms), and the same
  with the service call that commits it;
* one keystroke in the document filter box over all documents (target: no stall, < 100 ms).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication, QPlainTextEdit  # noqa: E402

sys.path.insert(0, str(Path(__file__).parent))
from generate import generate  # noqa: E402

from afpak_coder.gui.main_window import MainWindow  # noqa: E402

OUTPUT = Path(__file__).parent / "output"


def scroll_through(widget: QPlainTextEdit, app: QApplication) -> None:
    """Lay out and paint the top, the middle and the end of the text."""
    bar = widget.verticalScrollBar()
    for fraction in (0.0, 0.5, 1.0, 0.0):
        bar.setValue(int(bar.maximum() * fraction))
        widget.viewport().repaint()
        app.processEvents()


def timed(action, repeats: int = 5) -> float:
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=10_000)
    parser.add_argument("--reuse", action="store_true", help="reuse benchmarks/output/workspace.afpak")
    args = parser.parse_args(argv)
    OUTPUT.mkdir(exist_ok=True)
    path = OUTPUT / "workspace.afpak"
    if not (args.reuse and path.exists()):
        for leftover in OUTPUT.glob("workspace.afpak*"):
            leftover.unlink()
        print(f"building {args.documents} documents and the 1M-character document with 5,000 claims …")
        generate(path, documents=args.documents, claims=5_000, coders=1)
    app = QApplication(sys.argv[:1])
    settings = QSettings(str(OUTPUT / "bench-settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(settings, ask_coder=lambda coders, current: coders[0])
    window.resize(1400, 900)
    window.show()
    window.open_path(path)
    app.processEvents()
    project = window.project
    heavy = max(project.documents(), key=lambda d: d.length)
    text = heavy.text
    claims = project.claims(document=heavy)

    bare = QPlainTextEdit()
    bare.resize(window.document_view.size())
    bare.show()

    def show_bare():
        bare.setPlainText(text)
        scroll_through(bare, app)

    def show_ours():
        window.controller.document = None
        window.controller.open_document(heavy)
        scroll_through(window.document_view, app)

    def claims_arrived():
        """Open the document and wait until its claims are read (off the GUI thread) and highlighted."""
        show_ours()
        while window.controller._loading is not None or window.document_view.painted_claims == 0:
            app.processEvents()

    bare_time = timed(show_bare, 3)
    ours_time = timed(show_ours, 3)
    window.controller.loader.wait()
    arrived_time = timed(claims_arrived, 3)


    panel = window.coding_panel

    def add_and_highlight():
        """What Enter does: commit the claim through the service, then show it; then undo it."""
        start = len(text) // 2
        window.document_view.select_span(start, start + 80)
        panel.themes.set_current(project.themes()[1].id)
        panel.actor.set_actor(project.actors()[0].id)
        app.processEvents()
        before = len(window.claims_model.claims())
        started = time.perf_counter()
        window.controller.save()
        window.document_view.viewport().repaint()
        app.processEvents()
        elapsed = time.perf_counter() - started
        if len(window.claims_model.claims()) != before + 1:
            raise SystemExit(f"the claim was not saved: {panel.message.text()}")
        window.controller.undo_stack.undo()
        return elapsed

    full_times = [add_and_highlight() for _ in range(5)]

    def keystroke():
        window.filter_box.setText("a")
        app.processEvents()
        window.filter_box.setText("")
        app.processEvents()

    filter_time = timed(keystroke, 5) / 2
    documents = len(project.documents())
    window.close()

    rows = [
        ("Bare QPlainTextEdit: show + scroll 1M characters", f"{bare_time * 1000:.0f} ms", "reference", ""),
        ("Document view: same, in the window", f"{ours_time * 1000:.0f} ms",
         "≤ 2× bare", "met" if ours_time <= 2 * bare_time else "MISSED"),
        ("  ratio", f"{ours_time / bare_time:.2f}×", "≤ 2.00×", ""),
        (f"  until its {len(claims):,} claims are read and the visible ones highlighted",
         f"{arrived_time * 1000:.0f} ms", "info", ""),
        ("Enter → claim committed and its highlight on screen", f"{statistics.median(full_times) * 1000:.1f} ms",
         "< 50 ms", "met" if statistics.median(full_times) < 0.05 else "MISSED"),
        (f"Filter keystroke over {documents:,} documents", f"{filter_time * 1000:.1f} ms", "< 100 ms",
         "met" if filter_time < 0.1 else "MISSED"),
    ]
    width = max(len(r[0]) for r in rows)
    for name, value, target, verdict in rows:
        print(f"{name:<{width}}  {value:>10}  {target:>10}  {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
