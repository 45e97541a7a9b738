"""Start-up of afpak-coder against bare equivalents, each run in a fresh interpreter.

    .venv/bin/python benchmarks/bench_startup.py [--repeats 7]

Figures (median wall time of alternating runs, ratio to the bare run of the same round):
* the desktop app opened on the sample project until its window is painted, against a bare PySide6
  QMainWindow painted (target ≤ 3×), with each process's peak memory; and until the project's
  first document is shown (information; the project opens after the first paint);
* ``afpak-coder --version`` and ``--help`` against ``python -c "import sqlite3"`` (target ≤ 2×);
* ``afpak-coder info`` on the sample project against the same (target ≤ 4×).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# A child may print "painted <epoch seconds>" when its window is first painted; each prints its
# peak resident memory (KiB on Linux) as its last line.
PEAK = "import resource; print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"
PAINTED = "window.repaint(); app.processEvents(); print('painted', time.time())"

BARE_WINDOW = f"""
import time
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([])
window = QMainWindow(); window.resize(1400, 900); window.show()
{PAINTED}
{PEAK}
"""

# What afpak_coder.gui.app.main does: show the window, paint it, then open the project.
APP_WINDOW = f"""
import sys, time
from pathlib import Path
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication
from afpak_coder.gui.main_window import MainWindow
app = QApplication([])
settings = QSettings(sys.argv[2], QSettings.Format.IniFormat)
window = MainWindow(settings, ask_coder=lambda coders, current: coders[0])
window.resize(1400, 900); window.show()
{PAINTED}
window.open_path(Path(sys.argv[1]))
window.repaint(); app.processEvents()
{PEAK}
"""

BARE_SQLITE = "import sqlite3\n" + PEAK


def run(arguments: list[str]) -> tuple[float, float, int]:
    """Seconds until the child exits, until it painted its window (or exited), and its peak KiB."""
    started = time.time()
    result = subprocess.run(arguments, capture_output=True, text=True, check=True,
                            env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    elapsed = time.time() - started
    lines = result.stdout.strip().splitlines() or [""]
    painted = next((float(line.split()[1]) - started for line in lines if line.startswith("painted ")), elapsed)
    return elapsed, painted, int(lines[-1]) if lines[-1].isdigit() else 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args(argv)
    python = sys.executable
    with tempfile.TemporaryDirectory() as folder:
        sample = Path(folder) / "sample.afpak"
        subprocess.run([python, "-m", "afpak_coder", "sample", str(sample)], check=True, capture_output=True)
        settings = str(Path(folder) / "settings.ini")
        cases = {
            "bare QMainWindow": [python, "-c", BARE_WINDOW],
            "app on the sample project": [python, "-c", APP_WINDOW, str(sample), settings],
            "python -c 'import sqlite3'": [python, "-c", BARE_SQLITE],
            "afpak-coder --version": [python, "-m", "afpak_coder", "--version"],
            "afpak-coder --help": [python, "-m", "afpak_coder", "--help"],
            "afpak-coder info": [python, "-m", "afpak_coder", "info", str(sample)],
        }
        times: dict[str, list[float]] = {name: [] for name in [*cases, "app: project shown"]}
        peaks: dict[str, int] = {}
        for _ in range(args.repeats):  # alternate, so a burst of load hits every case alike
            for name, command in cases.items():
                elapsed, painted, peak = run(command)
                times[name].append(painted)
                if name == "app on the sample project":
                    times["app: project shown"].append(elapsed)
                peaks[name] = max(peaks.get(name, 0), peak)
    median = {name: statistics.median(values) for name, values in times.items()}
    load = os.getloadavg()[0]
    print(f"load average {load:.1f} on {os.cpu_count()} CPUs; median of {args.repeats} alternating runs")

    def row(name: str, base: str, target: float) -> None:
        ratio = median[name] / median[base]
        memory = f"  peak {peaks[name] / 1024:.0f} MB vs {peaks[base] / 1024:.0f} MB" if peaks.get(name) else ""
        print(f"{name:<28} {median[name] * 1000:7.0f} ms  vs {base:<28} {median[base] * 1000:6.0f} ms"
              f"  {ratio:5.2f}×  {verdict(ratio, target)}{memory}")

    def verdict(ratio: float, target: float) -> str:
        if target == float("inf"):
            return "information"
        return f"target ≤ {target:g}×  {'met' if ratio <= target else 'MISSED'}"

    row("app on the sample project", "bare QMainWindow", 3)
    row("app: project shown", "bare QMainWindow", float("inf"))
    row("afpak-coder --version", "python -c 'import sqlite3'", 2)
    row("afpak-coder --help", "python -c 'import sqlite3'", 2)
    row("afpak-coder info", "python -c 'import sqlite3'", 4)
    return 0


if __name__ == "__main__":
    sys.exit(main())
