"""Speed of finding claims (the claims browser, counts beside the codebook) on the synthetic project.

    .venv/bin/python benchmarks/bench_browser.py                 # 10,000 documents, 200,000 claims
    .venv/bin/python benchmarks/bench_browser.py --small         # 500 documents, 10,000 claims
    .venv/bin/python benchmarks/bench_browser.py --project some.afpak

Figures (median of --repeats), each beside its target and beside a baseline measured in the same run
— a bare sqlite3 scan of every claim row (``SELECT count(*) FROM claim WHERE +coder_id IN (…)``),
the least any query that looks at every claim costs — so that runs on a loaded machine compare:

* browser first rows: the browser's table model asked for every claim of all three coders (the lead's
  view), ordered by date: count, first page of 200 rows with their context. Target < 0.5 s.
* filter change: the same with one filter set — a theme subtree, an actor, a document variable, a
  stance range, a date range, text in quote or memo. Target < 0.3 s each.
* theme-tree counts: claims per theme (mine / shown, one GROUP BY) rolled up to parents. Target < 0.2 s.

Runs offscreen; prints and never fails.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
HERE = Path(__file__).resolve().parent
OUTPUT = HERE / "output"
sys.path.insert(0, str(HERE))


def project_for(args) -> Path:
    if args.project:
        return args.project
    documents, claims = (500, 10_000) if args.small else (10_000, 200_000)
    path = OUTPUT / f"bench-{documents}d-{claims}c-3k-s1.afpak"
    if not path.exists():
        from generate import generate

        OUTPUT.mkdir(parents=True, exist_ok=True)
        print(f"building {path} ({documents} documents, {claims} claims) …", flush=True)
        generate(path, documents=documents, claims=claims, coders=3, seed=1)
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--project", type=Path)
    parser.add_argument("--small", action="store_true")
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args(argv)
    path = project_for(args)

    from PySide6.QtWidgets import QApplication

    from bench_workspace import timed  # median of repeated runs

    import afpak_coder
    from afpak_coder.core.claim_query import roll_up
    from afpak_coder.gui.browser.browser_model import ClaimsBrowserModel

    app = QApplication.instance() or QApplication(sys.argv[:1])  # noqa: F841 - models need one
    project = afpak_coder.open_project(path)  # creates the counting indexes once, if missing
    coders = project.coders()
    visible = [c.id for c in coders]
    mine = coders[0]
    print(f"{path.name}: {project.count_claims():,} claims, {len(project.documents()):,} documents, "
          f"{len(coders)} coders; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")

    raw = sqlite3.connect(path)
    marks = ", ".join("?" * len(visible))
    baseline = timed(lambda: raw.execute(f"SELECT count(*) FROM claim WHERE +coder_id IN ({marks})",
                                         [c.hex for c in visible]).fetchone(), args.repeats)
    raw.close()
    print(f"baseline: bare scan of every claim row  {baseline * 1000:7.0f} ms")

    model = ClaimsBrowserModel()

    def report(label: str, seconds: float, target: float) -> None:
        verdict = "met" if seconds < target else "NOT met"
        print(f"{label:<48} {seconds * 1000:7.0f} ms  ({seconds / baseline:4.2f}x baseline)  "
              f"target < {target * 1000:.0f} ms: {verdict}")

    filters = {
        "theme subtree (Security)": {"theme": "Security"},
        "actor (Pakistani military)": {"actor": "Pakistani military"},
        "document variable (outlet)": {"where": {"outlet": "Khyber Courier"}},
        "stance range (-2 to -1)": {"stance": (-2, -1)},
        "date range (2025)": {"published": ("2025-01-01", "2025-12-31")},
        "text in quote or memo": {"text": "border"},
    }
    for view, shown in (("the lead, all coders", visible), ("a coder, blind", visible[:1])):
        print(f"-- as {view}")

        def show(chosen: dict, shown=shown) -> None:
            model.set_query(project, {"coder": shown, **chosen})
            assert model.rowCount() == min(model.page, model.total)

        report("browser first rows (all claims, by date)", timed(lambda: show({}), args.repeats), 0.5)
        for label, chosen in filters.items():
            report(f"filter change: {label}", timed(lambda chosen=chosen: show(chosen), args.repeats), 0.3)
    print("-- counts beside the codebook (mine / all coders shown)")
    themes = project.themes()
    report("theme-tree counts (mine / shown, rolled up)",
           timed(lambda: roll_up(themes, project.claim_tallies("theme", mine=mine, coder=visible)), args.repeats), 0.2)
    report("actor-list counts (mine / shown)",
           timed(lambda: project.claim_tallies("actor", mine=mine, coder=visible), args.repeats), 0.2)
    project.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
