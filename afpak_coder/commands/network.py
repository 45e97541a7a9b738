"""``afpak-coder network``: discourse networks of the claims, written as GraphML, a ';' CSV matrix,
UCINET DL, an event list or a drawing.

    afpak-coder network study.afpak --kind onemode --weight congruence --normalise average \\
        --coder Ayesha --graphml actors.graphml --drawing actors.png
    afpak-coder network study.afpak --kind twomode --weight subtract --window quarter --graphml q.graphml
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path

from afpak_coder.core.locations import project_location

from afpak_coder.analysis.network_filters import DUPLICATES, WINDOWS, NetworkFilter
from afpak_coder.analysis.network_graph import KINDS, MODES, NetworkSpec
from afpak_coder.analysis.networks import ONEMODE_NORMALISATIONS, TWOMODE_NORMALISATIONS
from afpak_coder.commands.export import add_filter_arguments, claim_filter_of, document_ids
from afpak_coder.core.errors import ValidationError
from afpak_coder.core.project import open_project
from afpak_coder.exchange.network_export import export_network

DEFAULT_WEIGHT = {"onemode": "congruence", "twomode": "subtract", "directed": "count"}
WEIGHTS = ("ignore", "congruence", "conflict", "subtract", "combine", "count", "stance")


def register(parser: argparse.ArgumentParser) -> None:
    parser.description = ("Build a discourse network from the claims (definitions as in DNA; see "
                          "docs/networks.md) and write it. An existing file is replaced only with --force.")
    parser.add_argument("project", type=project_location)
    network = parser.add_argument_group("network")
    network.add_argument("--kind", choices=KINDS, default="onemode",
                         help="onemode: actors (or themes) tied by shared themes (actors); twomode: actor × theme; "
                              "directed: actor → target (default: onemode)")
    network.add_argument("--mode", choices=MODES, default="actors",
                         help="one-mode networks of actors (through themes) or of themes (through actors)")
    network.add_argument("--weight", choices=WEIGHTS,
                         help="onemode: ignore, congruence, conflict, subtract; twomode: ignore, subtract, combine; "
                              "directed: count, stance (default: congruence, subtract, count)")
    network.add_argument("--normalise", "--normalize", dest="normalise", default="none",
                         choices=sorted(set(ONEMODE_NORMALISATIONS) | set(TWOMODE_NORMALISATIONS)),
                         help="onemode: average, jaccard, cosine; twomode: activity, prominence (default: none)")
    network.add_argument("--per-theme", action="store_true", help="directed: one edge per theme")
    network.add_argument("--isolates", action="store_true", help="keep every codebook actor/theme as a node")
    network.add_argument("--window", choices=WINDOWS[1:], help="one network per month, quarter or year")
    outputs = parser.add_argument_group("outputs (at least one)")
    outputs.add_argument("--graphml", type=Path, metavar="OUT.graphml", help="GraphML (networkx, igraph, Gephi, visone)")
    outputs.add_argument("--csv", type=Path, metavar="OUT.csv", help="the matrix, ';'-separated as DNA writes it")
    outputs.add_argument("--dl", type=Path, metavar="OUT.dl", help="UCINET DL full matrix")
    outputs.add_argument("--events", type=Path, metavar="OUT.csv", help="event list: one row per claim used")
    outputs.add_argument("--drawing", type=Path, metavar="OUT.png", help="the drawing as .png, .svg or .pdf")
    filters = add_filter_arguments(parser, coder_note="; several coders' claims are pooled")
    filters.add_argument("--outlet", action="append", default=[], metavar="OUTLET",
                         help="only documents of this outlet (repeat for several)")
    filters.add_argument("--duplicates", choices=DUPLICATES, default="all",
                         help="document: count identical claims in a document once (default: all)")
    parser.add_argument("--force", action="store_true", help="replace output files that already exist")


def run(arguments: argparse.Namespace) -> int:
    outputs = {key: getattr(arguments, key) for key in ("graphml", "csv", "dl", "events", "drawing")
               if getattr(arguments, key)}
    if not outputs:
        raise ValidationError("network: name at least one output: --graphml, --csv, --dl, --events or --drawing")
    spec = NetworkSpec(kind=arguments.kind, weight=arguments.weight or DEFAULT_WEIGHT[arguments.kind],
                       normalise=arguments.normalise, mode=arguments.mode, per_theme=arguments.per_theme,
                       isolates=arguments.isolates)
    claim_filter = claim_filter_of(arguments)
    with open_project(arguments.project) as project:
        if arguments.document:
            claim_filter = replace(claim_filter, documents=document_ids(project, arguments.document))
        choice = NetworkFilter(claims=claim_filter, outlets=tuple(arguments.outlet), duplicates=arguments.duplicates)
        lines = export_network(project, spec, choice, outputs, window=arguments.window, overwrite=arguments.force)
    for line in lines:
        print(line, file=sys.stderr if line.startswith("Note: ") else sys.stdout)
    return 0
