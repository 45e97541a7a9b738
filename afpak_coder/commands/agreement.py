"""``afpak-coder agreement PROJECT``: inter-coder agreement per dimension, as a table.

    afpak-coder agreement study.afpak --coders Ayesha Bilal --unit sentence --xlsx agreement.xlsx
"""

from __future__ import annotations

import argparse
from pathlib import Path

from afpak_coder.core.locations import project_location

from afpak_coder.analysis.agreement import format_value
from afpak_coder.analysis.agreement_report import DEFAULT_DRAWS, AgreementError, AgreementReport, agreement_report
from afpak_coder.analysis.matching import DEFAULT_THRESHOLD
from afpak_coder.analysis.units import UNITS
from afpak_coder.core.project import open_project

VERDICTS = (("reliable", 0.800), ("tentative", 0.667), ("not reliable", float("-inf")))


def register(parser: argparse.ArgumentParser) -> None:
    parser.description = ("Compare coders' claims per dimension (theme, actor, target, stance): percent "
                          "agreement, Krippendorff's alpha with a 95% bootstrap interval, Cohen's and Fleiss' "
                          "kappa, Gwet's AC1, Brennan-Prediger; span agreement; and write the full report.")
    parser.add_argument("project", type=project_location, help="the project file (.afpak) or server project (postgresql://user@host/database)")
    parser.add_argument("--coders", nargs="+", metavar="CODER",
                        help="two or more coders (default: every coder but Consensus)")
    parser.add_argument("--unit", choices=UNITS, default="claim",
                        help="unit of analysis: matched claims (default), sentences, characters per theme, "
                             "documents (theme present or absent)")
    parser.add_argument("--threshold", type=float, default=DEFAULT_THRESHOLD,
                        help="claims match when this share of the shorter one lies inside the other "
                             f"(default {DEFAULT_THRESHOLD})")
    parser.add_argument("--draws", type=int, default=DEFAULT_DRAWS, help=f"bootstrap draws (default {DEFAULT_DRAWS})")
    parser.add_argument("--seed", type=int, help="seed of the bootstrap, for figures that repeat exactly")
    parser.add_argument("--xlsx", type=Path, metavar="OUT.xlsx", help="write the full report as a workbook")
    parser.add_argument("--csv", type=Path, metavar="OUT.csv", help="write every figure as CSV")
    parser.add_argument("--disagreements-csv", type=Path, metavar="OUT.csv", help="write the disagreements as CSV")


def run(arguments: argparse.Namespace) -> int:
    for output in (arguments.xlsx, arguments.csv, arguments.disagreements_csv):
        if output is not None and not output.parent.is_dir():
            raise AgreementError(f"{output}: the folder {output.parent} does not exist")
    if not 0 < arguments.threshold <= 1:
        raise AgreementError(f"--threshold {arguments.threshold}: must be above 0 and at most 1")
    if arguments.draws < 0:
        raise AgreementError(f"--draws {arguments.draws}: must be 0 (no interval) or more")
    with open_project(arguments.project) as project:
        report = agreement_report(project, arguments.coders, None, arguments.unit, arguments.threshold,
                                  arguments.draws, arguments.seed)
        from afpak_coder.analysis.suggester import suggestions_note

        suggestions = suggestions_note(project, report.settings.coders)
    print(format_report(report))
    print(suggestions)
    if arguments.xlsx or arguments.csv or arguments.disagreements_csv:
        from afpak_coder.exchange import agreement_export as export

        if arguments.xlsx:
            export.write_agreement_xlsx(report, arguments.xlsx)
            print(f"Wrote {arguments.xlsx}")
        if arguments.csv:
            export.write_agreement_csv(report, arguments.csv)
            print(f"Wrote {arguments.csv}")
        if arguments.disagreements_csv:
            export.write_disagreements_csv(report, arguments.disagreements_csv)
            print(f"Wrote {arguments.disagreements_csv}")
    return 0


def verdict(value: float | None) -> str:
    if value is None:
        return "undefined"
    return next(word for word, floor in VERDICTS if value >= floor)


def format_report(report: AgreementReport) -> str:
    settings = report.settings
    lines = [f"Agreement of {', '.join(settings.coders)} on {settings.documents} documents",
             f"Unit: {settings.unit_description}", ""]
    header = ("dimension", "level", "units", "agree", "alpha", "95% interval", "kappa", "Fleiss", "AC1", "B-P",
              "reading")
    rows = [header]
    for row in report.summary:
        if row.not_applicable:
            rows.append((row.dimension, row.level, "-", "-", "-", "-", "-", "-", "-", "-", "not compared"))
            continue
        interval = row.interval
        bounds = (f"{format_value(interval.low)} to {format_value(interval.high)}"
                  if interval is not None and interval.defined else "-")
        agree = "-" if not row.percent.defined else f"{row.percent.value:.1%}"
        rows.append((row.dimension, row.level, f"{row.units:,.0f}", agree, row.alpha.text(), bounds, row.kappa.text(),
                     row.fleiss.text(), row.ac1.text(), row.bp.text(), verdict(row.alpha.value)))
    widths = [max(len(str(r[i])) for r in rows) for i in range(len(header))]
    numeric = {2, 3, 4, 6, 7, 8, 9}
    for number, values in enumerate(rows):
        cells = [str(v).rjust(w) if i in numeric and number else str(v).ljust(w)
                 for i, (v, w) in enumerate(zip(values, widths))]
        lines.append("  ".join(cells).rstrip())
        if number == 0:
            lines.append("  ".join("-" * w for w in widths))
    stance = next((row for row in report.summary if row.dimension == "stance" and row.alpha_interval_level), None)
    if stance is not None:
        lines.append(f"stance alpha at the interval level: {stance.alpha_interval_level.text()}; "
                     f"kappa for stance is {stance.kappa.name}")
    span = report.span
    if span.claims:
        lines += ["", f"Span agreement: {span.matched} of {span.claims} claims matched ({span.share:.1%})"]
        if span.unitizing_spans is not None:
            lines.append(f"Unitizing alpha on the {span.documents} documents every coder coded: "
                         f"{format_value(span.unitizing_spans.value)} for where claims are, "
                         f"{format_value(span.unitizing_themes.value)} jointly over themes")
    lines += ["", f"Disagreements: {len(report.disagreements)}", "", *report.reading().splitlines()]
    return "\n".join(lines)
