"""Speed of merging coder copies: prints each figure beside its target.

    .venv/bin/python benchmarks/bench_merge.py [--claims 50000] [--coders 3] [--small] [--keep]

The master is a copy of the synthetic project of ``run_benchmarks.py`` (``generate.py``: 10,000
documents, 200,000 claims; reused from benchmarks/output/ when its schema is current, never
changed). Three coder copies are made from it (all documents, a new coder each) and each gets
50,000 claims through ``add_claims``, spans drawn at random over the documents in proportion to
their length. Then, on the same master as it was before merging:

* the bare insert: one raw ``sqlite3`` connection set up as the project's own (WAL,
  ``synchronous=FULL``, foreign keys, 64 MiB page cache) runs ``BEGIN``, one ``executemany`` of the
  150,000 claim rows exactly as stored in the copies, ``COMMIT`` — on a copy of the master;
* the merge: ``build_merge_plan`` (reading the three files and matching them) plus
  ``apply_merge`` (backup of the master, quotes checked against the master's texts, the three-way
  comparison, one transaction) on the master, already open as in the app.

Target: the merge within 3× the bare insert. A second merge of the same files (nothing to change)
is shown for information.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sqlite3
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from generate import generate, schema_of  # noqa: E402

import afpak_coder  # noqa: E402
from afpak_coder.core.copies.apply import apply_merge  # noqa: E402
from afpak_coder.core.copies.coder_file import CLAIM_COLUMNS  # noqa: E402
from afpak_coder.core.copies.make_copy import create_coder_copy  # noqa: E402
from afpak_coder.core.copies.plan import build_merge_plan  # noqa: E402
from afpak_coder.core.database import SCHEMA_VERSION, copy_database, make_backup  # noqa: E402

OUTPUT = Path(__file__).parent / "output"
RATIO_TARGET = 3.0
INSERT = (f"INSERT INTO claim ({CLAIM_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")


def base_project(documents: int, claims: int) -> Path:
    """The shared synthetic project of that size when current, else one built for this script."""
    OUTPUT.mkdir(exist_ok=True)
    shared = OUTPUT / f"bench-{documents}d-{claims}c-3k-s1.afpak"
    if shared.exists() and schema_of(shared) == SCHEMA_VERSION:
        return shared
    own = OUTPUT / f"merge-base-{documents}d-{claims}c-s1.afpak"
    if own.exists() and schema_of(own) == SCHEMA_VERSION:
        return own
    for suffix in ("", "-wal", "-shm"):
        Path(str(own) + suffix).unlink(missing_ok=True)
    print(f"building {own} ({documents:,} documents, {claims:,} claims) ...", flush=True)
    generate(own, documents=documents, claims=claims, coders=3, seed=1)
    return own


def code_copy(path: Path, coder: str, count: int, seed: int) -> float:
    """``count`` random claims by ``coder`` in the coder copy at ``path``; returns the add_claims time."""
    rng = random.Random(seed)
    with afpak_coder.open_project(path) as copy:
        documents = copy.documents()
        themes, actors = copy.themes(include_archived=False), copy.actors(include_archived=False)
        stances = [level.value for level in copy.stance_levels()]
        weights = [d.length for d in documents]
        claims = []
        for document in rng.choices(documents, weights, k=count):
            span = rng.randint(40, min(400, document.length))
            start = rng.randrange(document.length - span + 1)
            claims.append(dict(document=document, coder=coder, start=start, end=start + span,
                               theme=rng.choice(themes), actor=rng.choice(actors),
                               target=rng.choice(actors) if rng.random() >= 0.4 else None,
                               stance=rng.choice(stances) if rng.random() >= 0.1 else None,
                               memo="second reading" if rng.random() < 0.1 else ""))
        claims.sort(key=lambda c: (c["document"].number, c["start"]))  # as a coder's work arrives: by document
        started = time.perf_counter()
        copy.add_claims(claims)
        return time.perf_counter() - started


def bare_insert(target: Path, files: list[Path]) -> tuple[float, int]:
    rows = []
    for path in files:
        raw = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            rows += raw.execute(f"SELECT {CLAIM_COLUMNS} FROM claim").fetchall()
        finally:
            raw.close()
    raw = sqlite3.connect(target, isolation_level=None)
    try:
        raw.execute("PRAGMA journal_mode = WAL")
        for pragma in ("foreign_keys = ON", "synchronous = FULL", "cache_size = -65536", "wal_autocheckpoint = 16384"):
            raw.execute(f"PRAGMA {pragma}")
        started = time.perf_counter()
        raw.execute("BEGIN")
        raw.executemany(INSERT, rows)
        raw.execute("COMMIT")
        return time.perf_counter() - started, len(rows)
    finally:
        raw.close()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--claims", type=int, default=50_000, help="claims per coder copy (default 50,000)")
    parser.add_argument("--coders", type=int, default=3, help="coder copies (default 3)")
    parser.add_argument("--small", action="store_true", help="a 500-document master and 5,000 claims per copy")
    parser.add_argument("--keep", action="store_true", help="keep the files in benchmarks/output/merge-work")
    args = parser.parse_args(argv)
    documents, master_claims = (500, 10_000) if args.small else (10_000, 200_000)
    per_copy = 5_000 if args.small else args.claims
    base = base_project(documents, master_claims)
    work = OUTPUT / "merge-work"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    rows: list[tuple[str, str, str, str]] = []
    try:
        master_path = work / "master.afpak"
        copy_database(base, master_path)
        files = [work / f"coder-{k + 1}.afpak" for k in range(args.coders)]
        with afpak_coder.open_project(master_path) as master:
            for number, path in enumerate(files, 1):
                started = time.perf_counter()
                create_coder_copy(master, f"Merge coder {number}", path)
                made = time.perf_counter() - started
                added = code_copy(path, f"Merge coder {number}", per_copy, seed=number)
                print(f"{path.name}: made in {made:.1f} s; {per_copy:,} claims added in {added:.1f} s", flush=True)
            before = master.summary().claims
        baseline_path = work / "baseline.afpak"
        copy_database(master_path, baseline_path)

        insert_seconds, inserted = bare_insert(baseline_path, files)
        with afpak_coder.open_project(master_path) as master:
            started = time.perf_counter()
            plan = build_merge_plan(master, files)
            planned = time.perf_counter() - started
            started = time.perf_counter()
            report = apply_merge(master, plan)
            applied = time.perf_counter() - started
            after = master.summary().claims
            started = time.perf_counter()
            again = apply_merge(master, build_merge_plan(master, files))
            second = time.perf_counter() - started
            started = time.perf_counter()
            make_backup(master_path, "timing")
            backup_seconds = time.perf_counter() - started
        if after - before != inserted or any(o.added != per_copy for o in report.outcomes) or again.changed:
            raise AssertionError(f"merge added {after - before} claims, expected {inserted}")
        merge_seconds = planned + applied
        ratio = merge_seconds / insert_seconds
        size = master_path.stat().st_size / 2**20
        rows += [
            (f"bare insert of {inserted:,} claim rows (one transaction)", f"{insert_seconds:.2f} s", "reference", "–"),
            (f"merge of {args.coders} copies × {per_copy:,} claims into {before:,} ({size:,.0f} MiB)",
             f"{merge_seconds:.2f} s = {ratio:.2f}×", f"≤ {RATIO_TARGET:.0f}× the bare insert",
             "yes" if ratio <= RATIO_TARGET else "NO"),
            ("  of which: read the files and plan", f"{planned:.2f} s", "information", "–"),
            ("  of which: apply (backup, quote checks, compare, write, commit)", f"{applied:.2f} s", "information", "–"),
            ("  a backup of the master alone", f"{backup_seconds:.2f} s", "information", "–"),
            ("merge the same files again (nothing to change)", f"{second:.2f} s", "information", "–"),
        ]
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    print()
    for row in rows:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip())
    return 0


if __name__ == "__main__":
    sys.exit(main())
