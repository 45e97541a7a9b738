"""Import 1,000 article-size files (txt, html, docx, pdf: 250 each) and print files per second and
where the time goes: our import code, the parser libraries, or storing through the Project service.

    .venv/bin/python benchmarks/bench_import.py [--files 1000] [--seed 1] [--keep DIR]

The files are made in a temporary folder from the invented vocabulary of ``generate.py`` (text of
3,000-12,000 characters, 10 % of the text files in Windows-1252, the PDFs with a running header and
page numbers), with the same builders the import tests use. The import runs once under cProfile;
each function's own time is put into a group by the file it lives in, and the own time of built-in
and standard-library functions goes to the group of the code that called them.

Target (issue 3): our own code ≤ 20 % of the total.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import math
import pstats
import random
import shutil
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "tests" / "core" / "importing"))

import afpak_coder  # noqa: E402
from afpak_coder.core.importing import import_paths, preview  # noqa: E402
from generate import _Filler  # noqa: E402
from import_file_makers import make_docx, make_html, make_pdf  # noqa: E402

FORMATS = ("txt", "html", "docx", "pdf")
PARSERS = ("trafilatura", "justext", "lxml", "htmldate", "courlan", "dateparser", "docx", "pypdf", "charset_normalizer",
           "defusedxml", "odf", "striprtf", "pandas", "openpyxl", "yaml", "zipfile", "zlib", "xml", "tld", "babel")
STORAGE = ("sqlalchemy", "sqlite3")


def make_files(folder: Path, count: int, seed: int) -> dict[str, int]:
    rng = random.Random(seed)
    filler = _Filler(rng, "latin", 3000)
    made: dict[str, int] = defaultdict(int)
    for number in range(count):
        kind = FORMATS[number % len(FORMATS)]
        length = int(math.exp(rng.uniform(math.log(3000), math.log(12000))))
        title = " ".join(filler.text(80, "", "").split()[:7]).rstrip(".,")
        body = filler.text(length, "", "")
        paragraphs = body.split("\n\n")
        day = dt.date(2024, 1, 1) + dt.timedelta(days=rng.randrange(900))
        path = folder / kind / f"{kind}-{number:04d}.{kind}"
        path.parent.mkdir(parents=True, exist_ok=True)
        if kind == "txt":
            encoding = "cp1252" if rng.random() < 0.1 else "utf-8"
            path.write_bytes(f"{title}\n\n{day:%B %d, %Y}\n\n{body}\n".encode(encoding, errors="replace"))
        elif kind == "html":
            make_html(path, title=title, paragraphs=paragraphs, published=day.isoformat())
        elif kind == "docx":
            make_docx(path, paragraphs, title=title, author="Desk", created=dt.datetime.combine(day, dt.time(9)))
        else:
            lines = [line for paragraph in paragraphs for line in _wrap(paragraph, 90)]
            pages = [["Regional Policy Digest"] + lines[start:start + 45] + [str(page + 1)]
                     for page, start in enumerate(range(0, len(lines), 45))]
            make_pdf(path, pages, title=title, created=day)
        made[kind] += 1
    return dict(made)


def _wrap(text: str, width: int) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        if len(line) + len(word) + 1 > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return lines + ([line] if line else [])


def group_of(filename: str) -> str | None:
    """'ours', 'storage', 'parsers', or None for built-ins and the standard library (charged to callers)."""
    path = filename.replace("\\", "/")
    if "/afpak_coder/core/importing/" in path:
        return "ours"
    if "/afpak_coder/" in path or any(f"/{name}/" in path for name in STORAGE):
        return "storage"
    if "site-packages/" in path:
        package = path.split("site-packages/", 1)[1].split("/", 1)[0]
        return "parsers" if package.split(".")[0] in PARSERS or package.startswith(PARSERS) else "other libraries"
    if any(f"/{name}/" in path or path.endswith(f"/{name}.py") for name in PARSERS):
        return "parsers"  # zipfile, xml and zlib from the standard library work for the parsers
    return None


def attribute(stats: pstats.Stats) -> dict[str, float]:
    table = stats.stats  # (file, line, name) -> (calls, primitive calls, own time, cumulative, callers)
    totals: dict[str, float] = defaultdict(float)

    def charge(function, seconds: float, depth: int = 0) -> None:
        group = group_of(function[0])
        if group is not None:
            totals[group] += seconds
            return
        callers = table.get(function, (0, 0, 0, 0, {}))[4]
        weights = {caller: edge[2] + 1e-12 for caller, edge in callers.items()}
        if not weights or depth > 12:
            totals["unattributed"] += seconds
            return
        whole = sum(weights.values())
        for caller, weight in weights.items():
            charge(caller, seconds * weight / whole, depth + 1)

    for function, (_calls, _primitive, own, _cumulative, _callers) in table.items():
        charge(function, own)
    return dict(totals)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", type=Path, help="make the files in this folder and keep them")
    args = parser.parse_args(argv)
    work = args.keep or Path(tempfile.mkdtemp(prefix="afpak-bench-import-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        started = time.perf_counter()
        made = make_files(work / "files", args.files, args.seed)
        print(f"made {sum(made.values())} files ({', '.join(f'{n} {k}' for k, n in made.items())}) "
              f"in {time.perf_counter() - started:.1f} s")
        # Load the parser libraries before timing, as an open app has them loaded after the first file.
        import_paths(afpak_coder.create_project(work / "warm.afpak"), [next((work / "files" / kind).iterdir())
                                                                       for kind in FORMATS]).imported
        with afpak_coder.create_project(work / "bench.afpak") as project:
            profiler = cProfile.Profile()
            started = time.perf_counter()
            profiler.enable()
            report = import_paths(project, [work / "files"])
            profiler.disable()
            elapsed = time.perf_counter() - started
        started = time.perf_counter()
        with afpak_coder.create_project(work / "plain.afpak") as project:
            plain_report = import_paths(project, [work / "files"])
        plain = time.perf_counter() - started
        assert len(report.imported) == len(plain_report.imported) == sum(made.values()), report.summary()
        shares = attribute(pstats.Stats(profiler))
        total = sum(shares.values())
        print(f"imported {len(plain_report.imported)} files in {plain:.1f} s: {len(plain_report.imported) / plain:.0f} files/s "
              f"(under the profiler: {elapsed:.1f} s)")
        for group in ("parsers", "storage", "ours", "other libraries", "unattributed"):
            if group in shares:
                print(f"  {group:<16} {shares[group]:7.2f} s  {100 * shares[group] / total:5.1f} %")
        ours = shares.get("ours", 0.0) / total
        print(f"our import code: {100 * ours:.1f} % of the total (target ≤ 20 %): {'met' if ours <= 0.20 else 'NOT met'}")
        for kind in FORMATS:  # reading only (no storing), per format
            started = time.perf_counter()
            read = preview([work / "files" / kind])
            print(f"  reading {kind:<5} {len(read) / (time.perf_counter() - started):6.0f} files/s")
        reading = shares.get("ours", 0.0) + shares.get("parsers", 0.0)
        print(f"of the reading alone (ours + parsers): ours {100 * shares.get('ours', 0.0) / reading:.1f} %")
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
