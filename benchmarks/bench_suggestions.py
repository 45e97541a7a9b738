"""Suggestion figures (issue 17), each beside its baseline measured in the same run.

1. Quality on the sample project, per coder: cross-validated top-1 / top-3 accuracy of the theme,
   actor, target and stance suggestions against always suggesting the most frequent codes.
2. Training time for one coder with ``--claims`` claims (default 200,000) on a synthetic project:
   the models the workspace uses, and the cross-validated quality figures, beside the bare TF-IDF
   vectorising of the same passages (the floor any text model pays).
3. Selection → suggestions shown in the coding panel (offscreen window on the sample project), beside
   the same selection with suggestions switched off. Target: < 100 ms.

    python benchmarks/bench_suggestions.py [--claims 200000] [--keep DIR]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
import warnings
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).parent))
warnings.filterwarnings("ignore")


def quality_on_sample(folder: Path) -> Path:
    from afpak_coder.analysis.suggester import train_suggestions
    from afpak_coder.core.project import open_project
    from afpak_coder.core.sample import build_sample_project

    path = folder / "sample.afpak"
    for stale in (path, path.with_suffix(".ini")):
        stale.unlink(missing_ok=True)  # a kept folder: a fresh sample each run
    build_sample_project(path).close()
    print("1. Quality on the sample project (5-fold cross-validation; baseline = most frequent codes)")
    print(f"   {'coder':<8}{'dimension':<10}{'claims':>7}{'top-1':>8}{'base':>7}{'top-3':>8}{'base':>7}  shown")
    with open_project(path) as project:
        for coder in project.coders():
            trained = train_suggestions(project, coder)
            for dimension, q in trained.quality.items():
                print(f"   {coder.name:<8}{dimension:<10}{q.claims:>7}{q.top1:>8.2f}{q.baseline_top1:>7.2f}"
                      f"{q.top3:>8.2f}{q.baseline_top3:>7.2f}  {'yes' if q.useful else 'no'}")
    return path


def training_time(folder: Path, claims: int) -> None:
    from generate import generate
    from sklearn.feature_extraction.text import TfidfVectorizer

    from afpak_coder.analysis.suggester import fit_suggestions, read_training_data
    from afpak_coder.core.project import open_project

    path = folder / f"synthetic-{claims}.afpak"
    if not path.exists():
        started = time.perf_counter()
        generate(path, documents=max(200, claims // 100), claims=claims, coders=1, heavy_claims=0)
        print(f"   (built the synthetic project in {time.perf_counter() - started:.0f} s)")
    with open_project(path) as project:
        coder = project.coders()[0]
        started = time.perf_counter()
        data = read_training_data(project, coder)
        read = time.perf_counter() - started
    started = time.perf_counter()
    TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, max_features=200_000).fit_transform(
        data.frame["quote"].astype(str))
    floor = time.perf_counter() - started
    started = time.perf_counter()
    fit_suggestions(data, evaluate=False)
    models = time.perf_counter() - started
    started = time.perf_counter()
    fit_suggestions(data, evaluate=True)
    with_quality = time.perf_counter() - started
    print(f"2. Training for one coder with {len(data.frame):,} claims")
    print(f"   read claims and texts            {read:8.1f} s")
    print(f"   TF-IDF of the passages (floor)   {floor:8.1f} s")
    print(f"   models used while coding         {models:8.1f} s  ({models / floor:.1f}x the floor)")
    print(f"   models + cross-validated quality {with_quality:8.1f} s  ({with_quality / floor:.1f}x the floor)")


def selection_latency(sample: Path, repeats: int = 40) -> None:
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from afpak_coder.gui.main_window import MainWindow

    app = QApplication.instance() or QApplication([])
    settings = QSettings(str(sample.with_suffix(".ini")), QSettings.Format.IniFormat)
    window = MainWindow(settings, ask_coder=lambda coders, current: coders[0])
    window.resize(1400, 860)
    window.show()
    window.open_path(sample)
    while window.suggestions.trained is None or window.suggestions.training:
        app.processEvents()
        time.sleep(0.02)
    document = max(window.project.documents(), key=lambda d: len(d.text))
    window.controller.open_document(document)
    app.processEvents()
    spans = [(start, start + 120) for start in range(0, len(document.text) - 200, 97)][:repeats]

    def timed(enabled: bool) -> list[float]:
        window.suggestions.enabled = enabled
        times = []
        for start, end in spans:
            window.coding_panel.reset()
            app.processEvents()
            began = time.perf_counter()
            window.document_view.select_span(start, end)
            app.processEvents()  # the chips are laid out and painted
            times.append(time.perf_counter() - began)
        return times

    timed(True)  # warm
    off, on = [], []
    for _ in range(3):  # alternate, so load changes hit both alike
        off += timed(False)
        on += timed(True)
    shown = window.suggestions.bar.chips
    window.suggestions.wait()
    window.coding_panel.reset()
    window.close_project()
    off_ms, on_ms = statistics.median(off) * 1000, statistics.median(on) * 1000
    print(f"3. Selection → panel shown, median of {len(on)} selections ({len(shown)} chips shown)")
    print(f"   suggestions off (baseline)  {off_ms:7.1f} ms")
    print(f"   suggestions on              {on_ms:7.1f} ms  (+{on_ms - off_ms:.1f} ms; "
          f"95th percentile {sorted(on)[int(len(on) * .95)] * 1000:.1f} ms; target < 100 ms)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=200_000)
    parser.add_argument("--keep", type=Path, help="a folder for the projects (reused across runs)")
    arguments = parser.parse_args()
    folder = arguments.keep or Path(tempfile.mkdtemp(prefix="bench-suggest-"))
    folder.mkdir(parents=True, exist_ok=True)
    sample = quality_on_sample(folder)
    selection_latency(sample)
    training_time(folder, arguments.claims)


if __name__ == "__main__":
    main()
