"""``afpak-coder suggest PROJECT --coder NAME``: sentences likely to hold a claim, with suggested codes,
learned from that coder's own claims (for scripted pre-screening; nothing is stored).

    afpak-coder suggest study.afpak --coder Ayesha --document 3
    afpak-coder suggest study.afpak --coder Ayesha --quality
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from afpak_coder.core.locations import project_location

from afpak_coder.analysis.suggester import train_suggestions
from afpak_coder.analysis.suggestions import NO_TARGET
from afpak_coder.core.project import open_project

QUOTE_WIDTH = 90


def register(parser: argparse.ArgumentParser) -> None:
    parser.description = (
        "Learn from one coder's own claims (never another coder's) and print, for each chosen document, the "
        "sentences not yet coded by that coder that likely hold a claim, with the suggested theme, actor, "
        "target and stance. A dimension is suggested only when it beats always guessing the most frequent "
        "category on held-out claims. Nothing is written to the project.")
    parser.add_argument("project", type=project_location, help="the project file (.afpak) or server project (postgresql://user@host/database)")
    parser.add_argument("--coder", required=True, help="whose claims to learn from")
    parser.add_argument("--document", nargs="+", metavar="DOCUMENT",
                        help="document numbers (as shown in the document list) or ids; default: all")
    parser.add_argument("--quality", action="store_true",
                        help="print only how good the suggestions are (cross-validated top-1/top-3 accuracy)")
    parser.add_argument("--json", action="store_true", help="print JSON instead of text")


def run(arguments: argparse.Namespace) -> int:
    with open_project(arguments.project, read_only=True) as project:
        trained = train_suggestions(project, arguments.coder)
        coder = project.coder(arguments.coder)
        quality = {d: vars(q) | {"useful": q.useful} for d, q in trained.quality.items()}
        if arguments.quality:
            _print_quality(coder.name, trained, quality, arguments.json)
            return 0
        documents = project.documents()
        if arguments.document:
            wanted = {int(ref) if ref.isdigit() else ref for ref in arguments.document}
            documents = [d for d in documents if d.number in wanted or str(d.id) in wanted]
        results = []
        for document in documents:
            coded = [(c.start, c.end) for c in project.claims(document=document, coder=coder)]
            for candidate in trained.candidates(document, coded):
                shown = trained.suggest(document, candidate.start, candidate.end)
                results.append({
                    "document": document.number, "title": document.title, "start": candidate.start,
                    "end": candidate.end, "probability": round(candidate.probability, 3),
                    "text": document.text[candidate.start:candidate.end],
                    "suggestions": {d: [{"value": s.value, "probability": round(s.probability, 3),
                                         "reason": s.reason} for s in found] for d, found in shown.items()},
                })
    if arguments.json:
        print(json.dumps({"coder": coder.name, "trained_on": trained.sources, "claims": trained.claims,
                          "quality": quality, "candidates": results}, ensure_ascii=False, indent=1))
        return 0
    print(_heading(coder.name, trained))
    for result in results:
        print(f"#{result['document']} {result['start']}–{result['end']} ({result['probability']:.2f}) "
              f"{_short(result['text'])}")
        for dimension, found in result["suggestions"].items():
            values = ", ".join(f"{_label(s['value'])} {_score(s)}" for s in found)
            print(f"    {dimension}: {values}")
    return 0


def _heading(name: str, trained) -> str:
    if trained.model is None:
        return f"No suggestions for {name}: fewer than 8 claims to learn from"
    shown = ", ".join(trained.shown_dimensions()) or "none (no dimension beats the most frequent category)"
    return (f"Suggestions for {name}, learned from {trained.claims} of their claims"
            f"{' and the Consensus coder' if len(trained.sources) > 1 else ''}; dimensions suggested: {shown}")


def _print_quality(name: str, trained, quality: dict, as_json: bool) -> None:
    if as_json:
        print(json.dumps({"coder": name, "claims": trained.claims, "quality": quality}, indent=1))
        return
    print(_heading(name, trained))
    print(f"{'dimension':<10}{'claims':>7}{'top-1':>8}{'top-3':>8}{'baseline top-1':>16}{'top-3':>8}  shown")
    for dimension, q in quality.items():
        print(f"{dimension:<10}{q['claims']:>7}{q['top1']:>8.2f}{q['top3']:>8.2f}{q['baseline_top1']:>16.2f}"
              f"{q['baseline_top3']:>8.2f}  {'yes' if q['useful'] else 'no'}")


def _label(value) -> str:
    return "(no target)" if value == NO_TARGET else str(value)


def _score(suggestion: dict) -> str:
    return "(named in the passage)" if suggestion["reason"] == "named in the passage" else f"{suggestion['probability']:.2f}"


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= QUOTE_WIDTH else text[:QUOTE_WIDTH - 1] + "…"
