"""``afpak-coder claims``: find claims across the project, as a list, counts or CSV.

    afpak-coder claims study.afpak --theme "Border & trade" --actor "Pakistani military" \\
        --where outlet_country=Pakistan --from 2025-01-01 --to 2025-12-31 --csv -
    afpak-coder claims study.afpak --coder Ayesha --count-by theme
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from afpak_coder.core.locations import project_location

from afpak_coder.commands.export import document_ids, parse_condition, parse_date
from afpak_coder.core.claim_query import ORDERS, roll_up
from afpak_coder.core.errors import ValidationError
from afpak_coder.core.project import open_project

_QUOTE_WIDTH = 70


def register(parser: argparse.ArgumentParser) -> None:
    parser.description = ("List the claims that match every filter given (a theme keeps its sub-themes; "
                          "text is searched in quotes and memos, ignoring case).")
    parser.add_argument("project", type=project_location)
    filters = parser.add_argument_group("filters (default: every claim)")
    for option, help_text in (("--theme", "this theme and its sub-themes (name or path)"),
                              ("--actor", "this actor (the claimant)"), ("--actor-type", "actors of this type"),
                              ("--target", "this target"), ("--coder", "this coder's claims")):
        filters.add_argument(option, action="append", default=[], metavar="NAME", help=help_text + "; repeat for several")
    filters.add_argument("--stance", metavar="LOW:HIGH", help="stance value or range, e.g. -2:-1 or 1: (open end)")
    filters.add_argument("--where", action="append", default=[], metavar="NAME=VALUE",
                         help="document field (outlet, author, language, genre) or variable; repeat: all must hold")
    filters.add_argument("--from", dest="date_from", metavar="DATE", help="documents published on or after DATE")
    filters.add_argument("--to", dest="date_to", metavar="DATE", help="documents published on or before DATE")
    filters.add_argument("--text", help="text in the quote or the memo")
    filters.add_argument("--document", action="append", default=[], metavar="NUMBER", help="this document (number or id)")
    filters.add_argument("--incomplete", action="store_true", help="only claims lacking an actor or a stance")
    output = parser.add_argument_group("output (default: one line per claim)")
    output.add_argument("--csv", metavar="OUT.csv", help="the matching claims with the export's columns; - for stdout")
    output.add_argument("--count-by", choices=("theme", "actor", "target", "coder", "stance"),
                        help="print how many claims per theme (with sub-themes), actor, …")
    output.add_argument("--order", choices=tuple(ORDERS), default="published", help="order of the list")
    output.add_argument("--limit", type=int, help="at most this many lines")


def filters_of(arguments: argparse.Namespace, project) -> dict:
    found: dict = {}
    for key in ("theme", "actor", "actor_type", "target", "coder"):
        if getattr(arguments, key):
            found[key] = getattr(arguments, key)
    if arguments.stance:
        found["stance"] = parse_stance(arguments.stance)
    if arguments.where:
        found["where"] = dict(parse_condition(condition) for condition in arguments.where)
    if arguments.date_from or arguments.date_to:
        found["published"] = (parse_date(arguments.date_from, "--from"), parse_date(arguments.date_to, "--to"))
    if arguments.text:
        found["text"] = arguments.text
    if arguments.document:
        found["documents"] = list(document_ids(project, arguments.document))
    if arguments.incomplete:
        found["incomplete"] = True
    return found


def parse_stance(text: str) -> tuple[int | None, int | None]:
    low, colon, high = text.partition(":")
    try:
        values = (int(low) if low.strip() else None, int(high) if high.strip() else None)
    except ValueError:
        raise ValidationError(f"--stance: {text!r} is not a value or LOW:HIGH range (e.g. -2:-1)") from None
    return values if colon else (values[0], values[0])


def run(arguments: argparse.Namespace) -> int:
    with open_project(arguments.project, read_only=False) as project:
        filters = filters_of(arguments, project)
        if arguments.count_by:
            print_counts(project, arguments.count_by, filters)
        elif arguments.csv:
            write_csv(project, filters, arguments.csv)
        else:
            cursor = project.claim_cursor(order=arguments.order, context=0, **filters)
            shown = cursor.fetch(0, arguments.limit if arguments.limit is not None else cursor.count)
            for row in shown:
                print(claim_line(row.claim))
            print(f"{cursor.count:,} claims" + (f" ({len(shown):,} shown)" if len(shown) < cursor.count else ""))
    return 0


def claim_line(claim) -> str:
    date = claim.document.published.isoformat() if claim.document.published else "undated"
    stance = f"{claim.stance.value:+d}" if claim.stance else "?"
    quote = " ".join(claim.quote.split())
    quote = quote if len(quote) <= _QUOTE_WIDTH else quote[:_QUOTE_WIDTH - 1] + "…"
    return (f"{date}  #{claim.document.number} {claim.document.title[:40]}  [{claim.coder.name}]  "
            f"{claim.theme.path_label} | {claim.actor.name if claim.actor else '(no actor)'}{' → ' + claim.target.name if claim.target else ''} "
            f"| {stance}  “{quote}”")


def print_counts(project, by: str, filters: dict) -> None:
    tallies = project.claim_tallies(by, **filters)
    if by == "theme":
        totals = roll_up(project.themes(), tallies)
        for theme in project.themes():
            print(f"{totals[theme.id].shown:>8,}  {'  ' * theme.depth}{theme.name}")
        return
    names = {"actor": project.actors, "target": project.actors, "coder": project.coders}.get(by)
    if names is not None:
        labels = {entry.id: entry.name for entry in names()}
    else:
        labels = {level.id: f"{level.value:+d} {level.label}" for level in project.stance_levels()}
    for key, tally in sorted(tallies.items(), key=lambda item: -item[1].shown):
        print(f"{tally.shown:>8,}  {labels.get(key, '(none)') if key is not None else '(none)'}")


def write_csv(project, filters: dict, target: str) -> None:
    from afpak_coder.exchange.csv_export import csv_safe_frame
    from afpak_coder.exchange.selected_export import export_selected_claims

    ids = [claim.id for claim in project.claims(**filters)]
    if target != "-":
        count = export_selected_claims(project, ids, Path(target), overwrite=False)
        print(f"Wrote {target}: {count:,} claims")
        return
    frame = project.claims_frame()
    safe, _made_safe = csv_safe_frame(frame[frame["claim_id"].isin({str(i) for i in ids})])
    safe.to_csv(sys.stdout, index=False, lineterminator="\n")
