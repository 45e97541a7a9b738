"""Two programs on one project: writers and a reader at once, and a CLI import while another
program saves. Prints each figure beside a baseline measured in the same run.

    .venv/bin/python benchmarks/stress_writers.py [--claims 2000] [--writers 2] [--imports 5] [--json OUT]

1. Baseline: one writer process adds ``--claims`` claims through ``Project.add_claim`` (one
   transaction each), nobody else on the file.
2. Contention: ``--writers`` writer processes add ``--claims`` claims each to the same file while a
   reader process lists documents, claim counts and one document's claims in a loop.
   Counted: failed writes (any exception from ``add_claim``), reader errors, and claims lost (an id
   a writer got back that is not in the file afterwards).
3. ``afpak-coder import`` of a folder of text files, ``--imports`` times, each while a writer process
   saves claims: exit status and whether a traceback was printed.

Targets: 0 failed writes, 0 reader errors, 0 lost, 0 tracebacks. The script exits 1 when a target is
missed (the test suite runs a small version of it).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import afpak_coder

SCRIPT = Path(__file__).resolve()
TEXT = ("Islamabad and Kabul traded accusations over the border crossing on Tuesday. "
        "Officials in both capitals said the talks would resume after the holiday. ")


def build(path: Path, documents: int = 10) -> None:
    with afpak_coder.create_project(path) as project:
        for number in range(documents):
            project.add_document(f"Report {number}. " + TEXT * 20, title=f"Report {number}")


def writer(path: Path, coder: str, claims: int, ids_out: Path, pause: float) -> dict:
    """Add ``claims`` claims one by one; every id returned goes to ``ids_out`` at once."""
    failed, errors, waits = 0, [], []
    with afpak_coder.open_project(path) as project, ids_out.open("w") as out:
        me = project.add_coder(coder) if coder not in {c.name for c in project.coders()} else project.coder(coder)
        documents = project.documents()
        theme, actor, level = project.themes()[0], project.actors()[0], project.stance_levels()[0]
        rng = random.Random(coder)
        for _ in range(claims):
            document = rng.choice(documents)
            start = rng.randrange(0, document.length - 40)
            began = time.perf_counter()
            try:
                claim = project.add_claim(document=document, coder=me, start=start, end=start + 30, theme=theme,
                                          actor=actor, stance=level)
            except Exception as error:  # noqa: BLE001 - counting every failure is the point
                failed += 1
                errors.append(f"{type(error).__name__}: {error}")
                continue
            waits.append(time.perf_counter() - began)
            out.write(claim.id.hex + "\n")
            out.flush()
            if pause:
                time.sleep(pause)
    waits.sort()
    return {"failed": failed, "errors": errors[:5], "stored": len(waits),
            "median_ms": 1000 * waits[len(waits) // 2] if waits else 0.0,
            "max_ms": 1000 * waits[-1] if waits else 0.0}


def reader(path: Path, stop_file: Path) -> dict:
    reads, errors = 0, []
    with afpak_coder.open_project(path) as project:
        while not stop_file.exists():
            try:
                documents = project.documents()
                project.claim_counts()
                project.claims(document=documents[reads % len(documents)])
                project.summary()
                reads += 1
            except Exception as error:  # noqa: BLE001
                errors.append(f"{type(error).__name__}: {error}")
    return {"reads": reads, "errors": len(errors), "first_errors": errors[:5]}


def _spawn(*args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, str(SCRIPT), *args], stdout=subprocess.PIPE, text=True)


def _result(process: subprocess.Popen) -> dict:
    output, _ = process.communicate()
    return json.loads(output.strip().splitlines()[-1])


def _stored_ids(path: Path) -> set[str]:
    with afpak_coder.open_project(path) as project:
        return {claim.id.hex for claim in project.claims()}


def contention(folder: Path, claims: int, writers: int) -> dict:
    baseline_file = folder / "baseline.afpak"
    build(baseline_file)
    began = time.perf_counter()
    alone = _result(_spawn("--role", "writer", "--project", str(baseline_file), "--coder", "Solo",
                           "--claims", str(claims), "--ids", str(folder / "solo.ids")))
    alone_seconds = time.perf_counter() - began

    shared = folder / "shared.afpak"
    build(shared)
    stop = folder / "stop"
    reading = _spawn("--role", "reader", "--project", str(shared), "--stop", str(stop))
    began = time.perf_counter()
    processes = [_spawn("--role", "writer", "--project", str(shared), "--coder", f"Writer {n}",
                        "--claims", str(claims), "--ids", str(folder / f"w{n}.ids")) for n in range(writers)]
    results = [_result(process) for process in processes]
    together_seconds = time.perf_counter() - began
    stop.touch()
    read = _result(reading)
    returned = set()
    for n in range(writers):
        returned |= set((folder / f"w{n}.ids").read_text().split())
    lost = len(returned - _stored_ids(shared))
    return {
        "claims_per_writer": claims, "writers": writers,
        "baseline_claims_per_s": claims / alone_seconds, "baseline_median_ms": alone["median_ms"],
        "together_claims_per_s": claims * writers / together_seconds,
        "together_median_ms": max(r["median_ms"] for r in results),
        "together_max_ms": max(r["max_ms"] for r in results),
        "failed_writes": sum(r["failed"] for r in results) + alone["failed"],
        "failure_examples": [e for r in results for e in r["errors"]][:5],
        "lost": lost, "reader_reads": read["reads"], "reader_errors": read["errors"],
        "reader_error_examples": read["first_errors"],
    }


def imports_while_saving(folder: Path, runs: int) -> dict:
    articles = folder / "articles"
    articles.mkdir()
    for number in range(40):
        (articles / f"article-{number:02d}.txt").write_text(f"Article {number} of the stress run.\n\n" + TEXT * 30)
    command = Path(sys.executable).with_name("afpak-coder")
    failures, tracebacks = [], 0
    for run in range(runs):
        project = folder / f"import-{run}.afpak"
        build(project, documents=3)
        saving = _spawn("--role", "writer", "--project", str(project), "--coder", "Saver",
                        "--claims", "400", "--ids", str(folder / f"saver-{run}.ids"))
        time.sleep(0.3)
        done = subprocess.run([str(command), "import", str(project), str(articles)], capture_output=True, text=True)
        saved = _result(saving)
        if "Traceback" in done.stderr:
            tracebacks += 1
        if done.returncode != 0 or saved["failed"]:
            failures.append(f"exit {done.returncode}: {done.stderr.strip()[-200:]}; saver failed {saved['failed']}")
    return {"import_runs": runs, "import_failures": len(failures), "import_tracebacks": tracebacks,
            "import_failure_examples": failures[:3]}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=2000)
    parser.add_argument("--writers", type=int, default=2)
    parser.add_argument("--imports", type=int, default=5)
    parser.add_argument("--json", type=Path)
    parser.add_argument("--role", choices=("writer", "reader"), help=argparse.SUPPRESS)
    parser.add_argument("--project", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--coder", help=argparse.SUPPRESS)
    parser.add_argument("--ids", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--stop", type=Path, help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.role == "writer":
        print(json.dumps(writer(arguments.project, arguments.coder, arguments.claims, arguments.ids, 0.0)))
        return 0
    if arguments.role == "reader":
        print(json.dumps(reader(arguments.project, arguments.stop)))
        return 0
    with tempfile.TemporaryDirectory(prefix="afpak-stress-") as folder:
        figures = contention(Path(folder), arguments.claims, arguments.writers)
        figures.update(imports_while_saving(Path(folder), arguments.imports))
    print(f"machine: {os.cpu_count()} cores, SQLite {afpak_coder.core.database.sqlite3.sqlite_version}")
    print(f"one writer alone:        {figures['baseline_claims_per_s']:8.0f} claims/s  "
          f"(median {figures['baseline_median_ms']:.1f} ms per claim)")
    print(f"{arguments.writers} writers + a reader:   {figures['together_claims_per_s']:8.0f} claims/s  "
          f"(median {figures['together_median_ms']:.1f} ms, slowest {figures['together_max_ms']:.0f} ms per claim)")
    print(f"failed writes: {figures['failed_writes']}   lost: {figures['lost']}   "
          f"reader errors: {figures['reader_errors']} in {figures['reader_reads']} reads   (targets: 0, 0, 0)")
    print(f"CLI import while saving: {figures['import_failures']} failed, {figures['import_tracebacks']} "
          f"tracebacks in {figures['import_runs']} runs   (targets: 0, 0)")
    for example in (figures["failure_examples"] + figures["reader_error_examples"]
                    + figures["import_failure_examples"]):
        print("  e.g.", example)
    if arguments.json:
        arguments.json.write_text(json.dumps(figures, indent=2))
    missed = (figures["failed_writes"] or figures["lost"] or figures["reader_errors"]
              or figures["import_failures"] or figures["import_tracebacks"])
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
