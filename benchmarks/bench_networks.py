"""Speed of discourse networks: prints each figure beside its target and a baseline from the same run.

    .venv/bin/python benchmarks/bench_networks.py [--claims 200000] [--actors 300] [--themes 60]

Figures, on a synthetic claims frame (uniformly random actor, theme and stance on the 5-level
scale, 5 % without a stance, 60 % with a target):
* baseline: counting the claims per actor × theme with numpy (``np.bincount``) and one dense
  co-occurrence product (N Nᵀ) — the least any one-mode network has to do;
* the one-mode congruence matrix (``analysis.networks.onemode``), and with average normalisation;
* the whole networkx graph (``network_graph.build_network``: codes, array, matrix, nodes, edges),
  target < 2 s for 200,000 claims and 300 actors;
* two-mode subtract and the directed network, for information.
"""

from __future__ import annotations

import argparse
import sys
import time
import uuid
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).parent.parent))
sys.path.insert(0, str(Path(__file__).parent))
from bench_agreement import timed as timed_runs  # noqa: E402
from afpak_coder.analysis.filters import Codebook  # noqa: E402
from afpak_coder.analysis.network_graph import NetworkSpec, build_network  # noqa: E402
from afpak_coder.analysis.networks import claim_array, onemode  # noqa: E402
from afpak_coder.core import records  # noqa: E402

TARGET = 2.0
REPEATS = 3


def timed(action) -> tuple[float, object]:
    return timed_runs(action, REPEATS)  # median of REPEATS runs
SCALE = (-2, -1, 0, 1, 2)


def synthetic(claims: int, actors: int, themes: int, seed: int = 1) -> tuple[pd.DataFrame, Codebook]:
    rng = np.random.default_rng(seed)
    actor_records = [records.Actor(id=uuid.uuid4(), name=f"Actor {n:03d}", type=f"type {n % 9}", aliases=(),
                                   color="#888888", definition="", archived=False) for n in range(actors)]
    theme_records = [records.Theme(id=uuid.uuid4(), name=f"Theme {n:02d}", parent_id=None, color="#4477aa",
                                   definition="", position=n, archived=False, path=(f"Theme {n:02d}",))
                     for n in range(themes)]
    levels = [records.StanceLevel(id=uuid.uuid4(), value=v, label=str(v), color="#000000", definition="")
              for v in SCALE]
    actor_names = np.array([a.name for a in actor_records], dtype=object)
    stance = pd.array(rng.choice(SCALE, claims), dtype="Int64")
    stance[rng.random(claims) < 0.05] = pd.NA
    target = actor_names[rng.integers(0, actors, claims)].astype(object)
    target[rng.random(claims) < 0.4] = None
    frame = pd.DataFrame({
        "actor": actor_names[rng.integers(0, actors, claims)],
        "theme_path": np.array([t.path_label for t in theme_records], dtype=object)[rng.integers(0, themes, claims)],
        "stance": stance,
        "target": target,
    })
    return frame, Codebook(themes=theme_records, actors=actor_records, stance_levels=levels, coders=[])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=200_000)
    parser.add_argument("--actors", type=int, default=300)
    parser.add_argument("--themes", type=int, default=60)
    arguments = parser.parse_args(argv)
    frame, codebook = synthetic(arguments.claims, arguments.actors, arguments.themes)
    actor_codes = pd.Categorical(frame["actor"], categories=[a.name for a in codebook.actors]).codes
    theme_codes = pd.Categorical(frame["theme_path"], categories=[t.path_label for t in codebook.themes]).codes
    stance_codes = pd.Categorical(frame["stance"], categories=list(SCALE)).codes

    def baseline():
        counts = np.bincount(actor_codes * arguments.themes + theme_codes,
                             minlength=arguments.actors * arguments.themes).reshape(arguments.actors, -1)
        return counts @ counts.T

    def matrix(normalise):
        array = claim_array(actor_codes, theme_codes, stance_codes, arguments.actors, arguments.themes,
                            np.array(SCALE, dtype=float))
        return onemode(array, "congruence", normalise, span=4)

    base, _ = timed(baseline)
    rows = [("baseline: bincount + dense N Nᵀ", base, None)]
    for label, action, target in (
        ("congruence matrix (per level)", lambda: matrix("none"), None),
        ("congruence matrix, average normalisation", lambda: matrix("average"), None),
        ("congruence networkx graph (build_network)",
         lambda: build_network(frame, codebook, NetworkSpec(kind="onemode", weight="congruence")), TARGET),
        ("two-mode subtract graph", lambda: build_network(frame, codebook, NetworkSpec(kind="twomode", weight="subtract")),
         None),
        ("directed count graph", lambda: build_network(frame, codebook, NetworkSpec(kind="directed", weight="count")),
         None),
    ):
        seconds, _ = timed(action)
        rows.append((label, seconds, target))
    print(f"{arguments.claims:,} claims, {arguments.actors} actors, {arguments.themes} themes, 5 stance levels")
    print(f"{'figure':<46} {'seconds':>8} {'× baseline':>11}  target")
    for label, seconds, target in rows:
        verdict = "" if target is None else f"< {target:.0f} s: {'met' if seconds < target else 'NOT met'}"
        print(f"{label:<46} {seconds:8.3f} {seconds / base:11.1f}  {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
