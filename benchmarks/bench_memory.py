"""Peak memory of exporting and of agreement on a 1,000,000-claim project, each in a fresh process.

    .venv/bin/python benchmarks/bench_memory.py [--project FILE.afpak] [--claims 1000000] [--only export|agreement]

Without ``--project``, builds the project (10,000 documents, the claims spread over 3 coders;
``generate.py``) in a temporary folder, which takes several minutes, and removes it afterwards.
Figures (peak resident memory of the whole process, as the kernel counts it):
* ``export --xlsx`` of every claim (target < 1 GB);
* ``agreement`` on matched claims, 200 bootstrap draws (target < 1.5 GB, read as 1,500 MB: 1,430 MiB);
* beside them, the same interpreter importing pandas and openpyxl and reading every claim row
  with plain sqlite3 (the floor any export from SQL pays: the rows it must see once).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from generate import generate  # noqa: E402

PEAK = "import resource; print('peak', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"

EXPORT = f"""
import sys
from afpak_coder.cli import main
main(["export", sys.argv[1], "--xlsx", sys.argv[2], "--force"])
{PEAK}
"""

AGREEMENT = f"""
import sys
from afpak_coder.cli import main
main(["agreement", sys.argv[1], "--draws", "200"])
{PEAK}
"""

BARE = f"""
import sqlite3, sys
import pandas, openpyxl
connection = sqlite3.connect(sys.argv[1])
rows = 0
for row in connection.execute("SELECT * FROM claim"):
    rows += 1
{PEAK}
"""

TARGETS = {"export --xlsx": 1024, "agreement": 1430}  # agreement: 1.5 GB read as 1,500 MB


def peak_of(code: str, *arguments: str) -> tuple[float, float]:
    """(peak MiB, seconds) of a fresh interpreter running ``code``."""
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-c", code, *arguments], capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"failed: {result.stderr.strip()[-2000:]}")
    line = next(line for line in result.stdout.splitlines() if line.startswith("peak "))
    return int(line.split()[1]) / 1024, seconds


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--project", type=Path, help="an existing project (default: build one)")
    parser.add_argument("--claims", type=int, default=1_000_000)
    parser.add_argument("--only", choices=("export", "agreement"), help="measure one of the two (and the bare baseline)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        project = args.project
        if project is None:
            project = Path(folder) / "memory.afpak"
            started = time.perf_counter()
            generate(project, documents=10_000, claims=args.claims, coders=3, seed=1)
            print(f"built {project.name} ({args.claims:,} claims) in {time.perf_counter() - started:.0f} s")
        print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
        bare, bare_seconds = peak_of(BARE, str(project))
        print(f"{'bare: pandas + openpyxl + every claim row read':<48} {bare:7.0f} MiB  {bare_seconds:6.1f} s")
        for name, code, extra in (("export --xlsx", EXPORT, [str(Path(folder) / "claims.xlsx")]),
                                  ("agreement", AGREEMENT, [])):
            if args.only and not name.startswith(args.only):
                continue
            peak, seconds = peak_of(code, str(project), *extra)
            verdict = "met" if peak < TARGETS[name] else "MISSED"
            print(f"{name:<48} {peak:7.0f} MiB  {seconds:6.1f} s  target < {TARGETS[name]} MiB  {verdict}"
                  f"  ({peak / bare:.1f}× bare)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
