"""Performance figures of afpak-coder on a large synthetic project (see benchmarks/README.md).

    .venv/bin/python benchmarks/run_benchmarks.py            # 10,000 documents, 200,000 claims, 3 coders
    .venv/bin/python benchmarks/run_benchmarks.py --small    # 500 documents, 10,000 claims: a quick run
    .venv/bin/python benchmarks/run_benchmarks.py --reuse    # keep the project built by an earlier run

Prints each figure beside its target and whether it is met; never fails on a missed target (the exit
status is 0 unless something breaks). The project is built under benchmarks/output/ (gitignored).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import shutil
import sqlite3
import statistics
import sys
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy

sys.path.insert(0, str(Path(__file__).resolve().parent))

import afpak_coder  # noqa: E402
from afpak_coder.core.database import SCHEMA_VERSION  # noqa: E402
from generate import GenerationResult, generate, schema_of  # noqa: E402

HERE = Path(__file__).resolve().parent
OUTPUT = HERE / "output"

CLAIMS_PER_SECOND_TARGET = 20_000
LIST_TARGET = 0.3  # seconds
LOAD_TARGET = 0.1  # seconds
ADD_CLAIM_RATIO_TARGET = 3.0


# -- reporting ----------------------------------------------------------------------------------

@dataclass
class Figure:
    name: str
    value: float
    unit: str  # "s", "ms", "claims/s", "documents/s", "x"
    shown: str  # the value as printed
    target: str = "(info)"
    met: bool | None = None  # None: no target
    detail: str = ""


def seconds(value: float) -> str:
    return f"{value * 1000:.1f} ms" if value < 1 else f"{value:.2f} s"


def median_time(action: Callable[[], object], repeats: int) -> tuple[float, list[float]]:
    times = []
    for _ in range(repeats):
        begin = time.perf_counter()
        action()
        times.append(time.perf_counter() - begin)
    return statistics.median(times), times


def print_figures(figures: list[Figure]) -> None:
    name_width = max(len(f.name) for f in figures)
    value_width = max(len(f.shown) for f in figures)
    target_width = max(len(f.target) for f in figures)
    print()
    print(f"{'figure'.ljust(name_width)}  {'measured'.rjust(value_width)}  {'target'.ljust(target_width)}  met")
    print("-" * (name_width + value_width + target_width + 10))
    for f in figures:
        met = "" if f.met is None else ("yes" if f.met else "NO")
        print(f"{f.name.ljust(name_width)}  {f.shown.rjust(value_width)}  {f.target.ljust(target_width)}  {met}")
        if f.detail:
            print(f"{''.ljust(name_width)}    {f.detail}")


# -- the machine --------------------------------------------------------------------------------

def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.lower().startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine() or "unknown"


def ram_gib() -> str:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    return "unknown"


def file_system(path: Path) -> str:
    """Type and device of the file system holding ``path`` (commit speed depends on it)."""
    try:
        best = ("", "unknown", "")
        target = str(path.resolve())
        for line in Path("/proc/mounts").read_text().splitlines():
            device, mount, kind = line.split()[:3]
            if (target == mount or target.startswith(mount.rstrip("/") + "/")) and len(mount) >= len(best[0]):
                best = (mount, kind, device)
        return f"{best[1]} on {best[2]}" if best[0] else "unknown"
    except OSError:
        return "unknown"


def print_environment() -> None:
    print(f"date:       {dt.date.today().isoformat()}")
    print(f"python:     {platform.python_version()} ({platform.python_implementation()})")
    print(f"sqlite:     {sqlite3.sqlite_version}   sqlalchemy: {sqlalchemy.__version__}   "
          f"afpak-coder: {afpak_coder.__version__}")
    print(f"cpu:        {cpu_model()}, {os.cpu_count()} cores")
    print(f"ram:        {ram_gib()}")
    print(f"os:         {platform.platform()}")
    print(f"disk:       {file_system(OUTPUT)}")


# -- the project --------------------------------------------------------------------------------

def remove_project(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    shutil.rmtree(path.with_name(path.name + ".backups"), ignore_errors=True)


def build_or_reuse(args) -> tuple[Path, GenerationResult, bool]:
    OUTPUT.mkdir(parents=True, exist_ok=True)
    stem = f"bench-{args.documents}d-{args.claims}c-{args.coders}k-s{args.seed}"
    path = OUTPUT / f"{stem}.afpak"
    sidecar = OUTPUT / f"{stem}.build.json"
    if args.reuse and path.exists() and sidecar.exists():
        stored = schema_of(path)
        if stored == SCHEMA_VERSION:
            print(f"reusing {path} (built {GenerationResult.load(sidecar).built_on})")
            return path, GenerationResult.load(sidecar), True
        # Opening it would migrate it (and back it up) first: not what the figures should measure.
        print(f"not reusing {path}: its schema is {stored}, this afpak-coder writes {SCHEMA_VERSION}")
    remove_project(path)
    sidecar.unlink(missing_ok=True)
    print(f"building {path}: {args.documents} documents, {args.claims} claims, {args.coders} coders, "
          f"seed {args.seed} ...", flush=True)
    result = generate(path, documents=args.documents, claims=args.claims, coders=args.coders, seed=args.seed,
                      progress=lambda message: print(f"  {message}", flush=True))
    result.save(sidecar)
    return path, result, False


# -- the figures --------------------------------------------------------------------------------

def build_figures(result: GenerationResult, reused: bool) -> list[Figure]:
    note = " (from the earlier build)" if reused else ""
    mib = result.characters / 1e6
    return [
        Figure(f"build: add_document x {result.documents:,}", result.documents_per_second, "documents/s",
               f"{result.documents_per_second:,.0f} documents/s",
               detail=f"{result.document_seconds:.1f} s for {mib:,.0f} M characters, one call per document{note}"),
        Figure(f"build: add_claims x {result.claims:,}", result.claims_per_second, "claims/s",
               f"{result.claims_per_second:,.0f} claims/s", f">= {CLAIMS_PER_SECOND_TARGET:,} claims/s",
               result.claims_per_second >= CLAIMS_PER_SECOND_TARGET,
               detail=f"{result.claim_seconds:.1f} s in add_claims, chunks of {result.chunk:,}{note}"),
    ]


def open_figure(path: Path, repeats: int) -> Figure:
    times = []
    for _ in range(repeats):
        begin = time.perf_counter()
        project = afpak_coder.open_project(path)
        times.append(time.perf_counter() - begin)
        project.close()
    size = path.stat().st_size / 2**20
    value = statistics.median(times)
    return Figure("open_project", value, "s", seconds(value),
                  detail=f"median of {repeats}; file {size:,.0f} MiB; runs {', '.join(seconds(t) for t in times)}")


def list_figure(project, repeats: int) -> Figure:
    documents = project.documents()
    counts = project.claim_counts()
    parts = {"documents()": [], "claim_counts()": []}

    def both():
        begin = time.perf_counter()
        project.documents()
        middle = time.perf_counter()
        project.claim_counts()
        parts["documents()"].append(middle - begin)
        parts["claim_counts()"].append(time.perf_counter() - middle)

    value, _times = median_time(both, repeats)
    split = ", ".join(f"{name} {seconds(statistics.median(t))}" for name, t in parts.items())
    return Figure("list documents + per-coder claim counts", value, "s", seconds(value),
                  f"< {seconds(LIST_TARGET)}", value < LIST_TARGET,
                  detail=f"median of {repeats}; {len(documents):,} documents, {len(counts):,} (document, coder) "
                         f"pairs; {split}")


def heavy_document_id(project, result: GenerationResult):
    wanted = result.heavy_document_id
    if wanted:
        return uuid.UUID(wanted)
    totals: dict = {}
    for (document_id, _coder_id), count in project.claim_counts().items():
        totals[document_id] = totals.get(document_id, 0) + count
    return max(totals, key=totals.get)


def load_figure(project, document_id, repeats: int) -> Figure:
    parts = {"text": [], "claims()": []}
    found = {}

    def load():
        begin = time.perf_counter()
        text = project.document(document_id).text  # a fresh record each time: the text is read anew
        middle = time.perf_counter()
        claims = project.claims(document=document_id)
        parts["text"].append(middle - begin)
        parts["claims()"].append(time.perf_counter() - middle)
        found.update(length=len(text), claims=len(claims))

    value, _times = median_time(load, repeats)
    split = ", ".join(f"{name} {seconds(statistics.median(t))}" for name, t in parts.items())
    return Figure(f"load one document with its {found['claims']:,} claims", value, "s", seconds(value),
                  f"< {seconds(LOAD_TARGET)}", value < LOAD_TARGET,
                  detail=f"median of {repeats}; {found['length']:,} characters; {split}")


def add_claim_figure(path: Path, calls: int, seed: int) -> Figure:
    """``add_claim`` against a bare sqlite3 INSERT + COMMIT of an equivalent row, interleaved, on a
    copy of the project file (the built project is left untouched)."""
    copy = OUTPUT / "add-claim-copy.afpak"
    remove_project(copy)
    shutil.copyfile(path, copy)  # the file was closed (checkpointed), so it holds everything
    rng = random.Random(seed)
    project = afpak_coder.open_project(copy)
    raw = sqlite3.connect(copy, isolation_level=None)  # autocommit: BEGIN/COMMIT written out below
    try:
        # The same settings as the project's own connections (see core/database.py).
        raw.execute("PRAGMA synchronous = FULL")
        raw.execute("PRAGMA foreign_keys = ON")
        raw.execute("PRAGMA busy_timeout = 10000")
        raw.execute("PRAGMA cache_size = -65536")
        journal = raw.execute("PRAGMA journal_mode").fetchone()[0]
        # Templates: existing claim rows (random documents, coders, codebook entries), so that the
        # raw INSERT touches index pages as spread out as add_claim's do; only the id is new.
        cursor = raw.execute("SELECT * FROM claim WHERE rowid % 97 = 0 LIMIT 1000")
        columns = [d[0] for d in cursor.description]
        templates = cursor.fetchall()
        id_column = columns.index("id")
        insert = (f"INSERT INTO claim ({', '.join(f'[{c}]' for c in columns)}) "
                  f"VALUES ({', '.join('?' for _ in columns)})")

        documents = [d for d in project.documents() if d.length < 100_000]
        coders = project.coders()
        themes = project.themes(include_archived=False)
        actors = project.actors(include_archived=False)

        def service_call():
            document = rng.choice(documents)
            span = rng.randint(40, 400)
            start = rng.randrange(document.length - span + 1)
            project.add_claim(document=document, coder=rng.choice(coders), start=start, end=start + span,
                              theme=rng.choice(themes), actor=rng.choice(actors), target=rng.choice(actors),
                              stance=rng.choice((-2, -1, 0, 1, 2)), memo="")

        def raw_call():
            row = list(rng.choice(templates))
            row[id_column] = uuid.uuid4().hex  # how SQLAlchemy's Uuid type stores ids in SQLite
            raw.execute("BEGIN")
            raw.execute(insert, row)
            raw.execute("COMMIT")

        for _ in range(5):  # warm up both paths
            service_call()
            raw_call()
        service_times, raw_times = [], []
        for number in range(calls):
            pair = [(service_call, service_times), (raw_call, raw_times)]
            if number % 2:
                pair.reverse()  # alternate which one goes first
            for action, times in pair:
                begin = time.perf_counter()
                action()
                times.append(time.perf_counter() - begin)
    finally:
        raw.close()
        project.close()
        remove_project(copy)

    service, bare = statistics.median(service_times), statistics.median(raw_times)
    ratio = service / bare

    def p90(values):
        return statistics.quantiles(values, n=10)[-1]

    return Figure("add one claim, committed (add_claim / raw INSERT)", ratio, "x", f"{ratio:.1f}x",
                  f"<= {ADD_CLAIM_RATIO_TARGET:.0f}x", ratio <= ADD_CLAIM_RATIO_TARGET,
                  detail=f"medians of {calls} interleaved calls: add_claim {service * 1000:.2f} ms "
                         f"(p90 {p90(service_times) * 1000:.2f} ms), raw INSERT+COMMIT {bare * 1000:.2f} ms "
                         f"(p90 {p90(raw_times) * 1000:.2f} ms); journal {journal}, synchronous FULL")


# -- main ---------------------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--small", action="store_true", help="500 documents, 10,000 claims: a quick run")
    parser.add_argument("--documents", type=int, help="default 10,000 (500 with --small)")
    parser.add_argument("--claims", type=int, help="default 200,000 (10,000 with --small)")
    parser.add_argument("--coders", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--reuse", action="store_true",
                        help="reuse the project of the same sizes built by an earlier run, if there is one")
    parser.add_argument("--repeats", type=int, default=7, help="repetitions of each read figure (median)")
    parser.add_argument("--add-claim-calls", type=int, default=200)
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    args = parser.parse_args(argv)
    args.documents = args.documents or (500 if args.small else 10_000)
    args.claims = args.claims or (10_000 if args.small else 200_000)

    print_environment()
    started = time.perf_counter()
    path, result, reused = build_or_reuse(args)
    figures = build_figures(result, reused)
    figures.append(open_figure(path, repeats=3))
    project = afpak_coder.open_project(path)
    try:
        figures.append(list_figure(project, args.repeats))
        figures.append(load_figure(project, heavy_document_id(project, result), args.repeats))
    finally:
        project.close()
    figures.append(add_claim_figure(path, args.add_claim_calls, args.seed))
    print_figures(figures)
    print(f"\n{sum(f.met is True for f in figures)} of {sum(f.met is not None for f in figures)} targets met; "
          f"whole run {time.perf_counter() - started:.0f} s")
    if args.json:
        args.json.write_text(json.dumps({
            "date": dt.date.today().isoformat(), "cpu": cpu_model(), "cores": os.cpu_count(), "ram": ram_gib(),
            "python": platform.python_version(), "sqlite": sqlite3.sqlite_version,
            "documents": result.documents, "claims": result.claims, "coders": result.coders,
            "figures": [f.__dict__ for f in figures],
        }, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
