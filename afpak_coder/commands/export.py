"""``afpak-coder export``: the coded claims as an Excel workbook, CSV, Stata and SPSS files.

    afpak-coder export study.afpak --xlsx claims.xlsx --csv claims.csv --coder Ayesha --from 2024-01-01
    afpak-coder export study.afpak --dta claims.dta --sav claims.sav --consensus
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

from afpak_coder.core.locations import project_location

from afpak_coder.analysis.filters import ClaimFilter
from afpak_coder.core.errors import NotFoundError, ValidationError
from afpak_coder.core.project import open_project
from afpak_coder.exchange.dataset_export import export_dataset

STDOUT = Path("-")


def register(parser: argparse.ArgumentParser) -> None:
    parser.description = ("Write the claims to an Excel workbook (README, Claims, Documents, codebook, "
                          "crosstabs), CSV (with codebook.csv beside it), Stata or SPSS. An existing file "
                          "is replaced only with --force.")
    parser.add_argument("project", type=project_location)
    outputs = parser.add_argument_group("outputs (at least one)")
    outputs.add_argument("--xlsx", type=Path, metavar="OUT.xlsx", help="the Excel workbook")
    outputs.add_argument("--csv", type=Path, metavar="OUT.csv", help="the Claims table as CSV (UTF-8); - writes it to standard output")
    outputs.add_argument("--tidy-csv", type=Path, metavar="OUT.csv",
                         help="long CSV: one row per claim and coded dimension (theme, actor, stance, …); "
                              "- for standard output")
    outputs.add_argument("--dta", type=Path, metavar="OUT.dta", help="Stata file with variable and value labels")
    outputs.add_argument("--sav", type=Path, metavar="OUT.sav", help="SPSS file with variable and value labels")
    outputs.add_argument("--qdpx", type=Path, metavar="OUT.qdpx",
                         help="REFI-QDA project for QualCoder, MAXQDA, ATLAS.ti, NVivo (texts, codebook, claims)")
    add_filter_arguments(parser)
    parser.add_argument("--no-bom", action="store_true", help="CSV without the byte-order mark Excel needs")
    parser.add_argument("--force", action="store_true", help="replace output files that already exist")


def add_filter_arguments(parser: argparse.ArgumentParser, coder_note: str = ""):
    """The claim filters ``export`` and ``network`` share (``claim_filter_of`` reads them); returns
    the argument group, for a command to add its own filters."""
    filters = parser.add_argument_group("filters (default: every claim of every coder)")
    filters.add_argument("--coder", action="append", default=[], metavar="NAME",
                         help="only this coder's claims (repeat for several)" + coder_note)
    filters.add_argument("--consensus", action="store_true", help="only the Consensus coder's claims")
    filters.add_argument("--from", dest="date_from", metavar="DATE", help="documents published on or after DATE")
    filters.add_argument("--to", dest="date_to", metavar="DATE", help="documents published on or before DATE")
    filters.add_argument("--theme", action="append", default=[], metavar="THEME",
                         help="only this theme and its sub-themes (name or path; repeat for several)")
    filters.add_argument("--variable", action="append", default=[], metavar="NAME=VALUE",
                         help="only documents whose variable has this value (repeat: all must hold)")
    filters.add_argument("--document", action="append", default=[], metavar="NUMBER",
                         help="only this document, by its number or id (repeat for several)")
    return filters


def claim_filter_of(arguments: argparse.Namespace) -> ClaimFilter:
    return ClaimFilter(
        coders=tuple(arguments.coder), consensus_only=arguments.consensus,
        date_from=parse_date(arguments.date_from, "--from"), date_to=parse_date(arguments.date_to, "--to"),
        themes=tuple(arguments.theme), variables=tuple(parse_condition(c) for c in arguments.variable),
    )


def run(arguments: argparse.Namespace) -> int:
    if not (arguments.xlsx or arguments.csv or arguments.tidy_csv or arguments.dta or arguments.sav or arguments.qdpx):
        raise ValidationError("export: name at least one output: --xlsx, --csv, --tidy-csv, --dta, --sav or --qdpx")
    claim_filter = claim_filter_of(arguments)
    to_stdout = stdout_option(arguments)
    progress = TerminalProgress() if sys.stderr.isatty() else None
    with tempfile.TemporaryDirectory(prefix="afpak-export-") as scratch:
        if to_stdout:
            setattr(arguments, to_stdout, Path(scratch) / "claims.csv")
        try:
            with open_project(arguments.project) as project:
                if arguments.document:
                    claim_filter = replace(claim_filter, documents=document_ids(project, arguments.document))
                reports = []
                if arguments.qdpx:
                    from afpak_coder.exchange.refi_export import export_qdpx  # loaded when used

                    reports.append(export_qdpx(project, arguments.qdpx, claim_filter=claim_filter,
                                               overwrite=arguments.force))
                if any((arguments.xlsx, arguments.csv, arguments.tidy_csv, arguments.dta, arguments.sav)):
                    reports += export_dataset(project, xlsx=arguments.xlsx, csv=arguments.csv,
                                              tidy_csv=arguments.tidy_csv, dta=arguments.dta, sav=arguments.sav,
                                              claim_filter=claim_filter, overwrite=arguments.force,
                                              bom=not arguments.no_bom and not to_stdout, progress=progress)
        finally:
            if progress is not None:
                progress.finish()
        if to_stdout:
            with (Path(scratch) / "claims.csv").open("rb") as written:
                try:
                    shutil.copyfileobj(written, sys.stdout.buffer)
                    sys.stdout.buffer.flush()
                except BrokenPipeError:  # `| head`: the reader has all it wanted
                    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    for report in reports:
        if to_stdout and Path(report.path).parent == Path(scratch):
            if Path(report.path).name == "claims.csv":  # (the codebook.csv beside it was not asked for)
                print(replace(report, path="standard output").summary(), file=sys.stderr)
        else:
            print(report.summary(), file=sys.stderr if to_stdout else sys.stdout)
    return 0


def stdout_option(arguments: argparse.Namespace) -> str | None:
    """The CSV option given as ``-`` (standard output), if any; binary formats need a file."""
    dashes = [name for name in ("xlsx", "csv", "tidy_csv", "dta", "sav") if getattr(arguments, name) == STDOUT]
    binary = [name for name in dashes if name not in ("csv", "tidy_csv")]
    if binary:
        raise ValidationError(f"export: --{binary[0]} cannot be written to standard output (-): name a file")
    if len(dashes) > 1:
        raise ValidationError("export: only one of --csv and --tidy-csv can be - (standard output)")
    return dashes[0] if dashes else None


def parse_date(text: str | None, option: str) -> dt.date | None:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise ValidationError(f"{option}: {text!r} is not a date (use YYYY-MM-DD)") from None


def parse_condition(text: str) -> tuple[str, str]:
    name, equals, value = text.partition("=")
    if not equals or not name.strip():
        raise ValidationError(f"--variable: {text!r} is not NAME=VALUE")
    return name.strip(), value.strip()


def document_ids(project, wanted: list[str]) -> tuple[str, ...]:
    documents = project.documents()
    by_number = {str(d.number): str(d.id) for d in documents}
    ids = {str(d.id) for d in documents}
    found = []
    for reference in wanted:
        reference = reference.strip()
        if reference in by_number:
            found.append(by_number[reference])
        elif reference.lower() in ids:
            found.append(reference.lower())
        else:
            raise NotFoundError(f"{project.path}: no document numbered {reference!r}")
    return tuple(found)


class TerminalProgress:
    """A percentage on one line of the terminal (only when stderr is a terminal)."""

    cancelled = False

    def __init__(self) -> None:
        self._last = ""

    def update(self, done: int, total: int, message: str = "") -> None:
        line = f"{message} {100 * done // total}%" if total else message
        if line != self._last:
            print(f"\r\033[K{line}", end="", file=sys.stderr, flush=True)
            self._last = line

    def check(self) -> None:
        pass

    def finish(self) -> None:
        if self._last:
            print("\r\033[K", end="", file=sys.stderr, flush=True)
