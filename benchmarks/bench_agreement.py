"""Speed of inter-coder agreement: prints each figure beside its target.

    .venv/bin/python benchmarks/bench_agreement.py [--units 100000] [--reuse]

Figures:
* Krippendorff's alpha on 100,000 units × 3 coders (5 values, 10 % missing), ours against the
  ``krippendorff`` package on the same array, nominal, ordinal and interval (target ≤ 1.5×);
  the same with ``categories=`` against the package given ``value_domain`` (target ≤ 0.5×);
  ours also with 26 values (themes) and the bootstrap of 10,000 draws, for information;
* claim matching on the 200,000-claim synthetic project (``generate.py``; target < 5 s), with
  loading the claims and the whole report (matched claims, 1,000 draws) for information.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import krippendorff
import numpy as np

sys.path.insert(0, str(Path(__file__).parent))
from generate import generate, schema_of  # noqa: E402

import afpak_coder  # noqa: E402
from afpak_coder.analysis import agreement  # noqa: E402
from afpak_coder.analysis.agreement_report import compute_report, load_coding_data  # noqa: E402
from afpak_coder.analysis.matching import match_claims  # noqa: E402
from afpak_coder.core.database import SCHEMA_VERSION  # noqa: E402

OUTPUT = Path(__file__).parent / "output"
RATIO_TARGET = 1.5
CATEGORIES_TARGET = 0.5
MATCHING_TARGET = 5.0


def timed(action, repeats: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeats):
        started = time.perf_counter()
        result = action()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def reliability_data(units: int, values: int, seed: int) -> np.ndarray:
    """3 coders who agree on about 80 % of units, 10 % of values missing, as floats with NaN."""
    rng = np.random.default_rng(seed)
    truth = rng.integers(1, values + 1, units)
    coders = np.vstack([np.where(rng.random(units) < 0.8, truth, rng.integers(1, values + 1, units))
                        for _ in range(3)]).astype(float)
    coders[rng.random(coders.shape) < 0.1] = np.nan
    return coders


def alpha_figures(units: int, repeats: int) -> list[tuple[str, str, str, str]]:
    rows = []
    data = reliability_data(units, 5, seed=1)
    for level in ("nominal", "ordinal", "interval"):
        ours, value = timed(lambda: agreement.krippendorff_alpha(data, level), repeats)
        theirs, reference = timed(lambda: krippendorff.alpha(reliability_data=data, level_of_measurement=level),
                                  repeats)
        assert abs(value.value - reference) < 1e-9, (level, value.value, reference)
        ratio = ours / theirs
        rows.append((f"alpha {level}, {units:,} units × 3 coders, 5 values",
                     f"{ours * 1000:.0f} ms vs {theirs * 1000:.0f} ms = {ratio:.2f}×", f"≤ {RATIO_TARGET}×",
                     "yes" if ratio <= RATIO_TARGET else "NO"))
    # With categories= (the codebook's values, as the agreement report passes them), alternating
    # runs of ours and the package given the same value_domain.
    scale = [1, 2, 3, 4, 5]
    for level in ("nominal", "ordinal", "interval"):
        ours_times, their_times = [], []
        for _ in range(repeats):
            ours, value = timed(lambda: agreement.krippendorff_alpha(data, level, categories=scale), 1)
            theirs, reference = timed(lambda: krippendorff.alpha(reliability_data=data, level_of_measurement=level,
                                                                 value_domain=scale), 1)
            ours_times.append(ours)
            their_times.append(theirs)
        assert abs(value.value - reference) < 1e-9, (level, value.value, reference)
        ours, theirs = statistics.median(ours_times), statistics.median(their_times)
        ratio = ours / theirs
        rows.append((f"alpha {level} with categories=, {units:,} units × 3 coders",
                     f"{ours * 1000:.0f} ms vs {theirs * 1000:.0f} ms = {ratio:.2f}×", f"≤ {CATEGORIES_TARGET}×",
                     "yes" if ratio <= CATEGORIES_TARGET else "NO"))
    themes = reliability_data(units, 26, seed=2)
    ours, _ = timed(lambda: agreement.krippendorff_alpha(themes, "nominal"), repeats)
    rows.append((f"alpha nominal, {units:,} units × 3 coders, 26 values", f"{ours * 1000:.0f} ms",
                 "information (the package would build a 540 MB array)", "–"))
    seconds, interval = timed(lambda: agreement.bootstrap_alpha(data, "ordinal", draws=10_000, seed=1), 1)
    rows.append((f"bootstrap interval, 10,000 draws of {interval.pairs:,} pairs", f"{seconds:.2f} s", "information", "–"))
    return rows


def synthetic_project(reuse: bool) -> Path:
    """The 10,000-document, 200,000-claim project of run_benchmarks.py, reused when current."""
    OUTPUT.mkdir(exist_ok=True)
    shared = OUTPUT / "bench-10000d-200000c-3k-s1.afpak"
    if reuse and shared.exists() and schema_of(shared) == SCHEMA_VERSION:
        return shared
    own = OUTPUT / "agreement-10000d-200000c-s1.afpak"
    if reuse and own.exists() and schema_of(own) == SCHEMA_VERSION:
        return own
    for suffix in ("", "-wal", "-shm"):
        Path(str(own) + suffix).unlink(missing_ok=True)
    print(f"building {own} (10,000 documents, 200,000 claims; a few minutes) ...", flush=True)
    generate(own, documents=10_000, claims=200_000, coders=3, seed=1)
    return own


def matching_figures(path: Path) -> list[tuple[str, str, str, str]]:
    with afpak_coder.open_project(path) as project:
        started = time.perf_counter()
        data = load_coding_data(project)
        loaded = time.perf_counter() - started
        claims = data.claims
        started = time.perf_counter()
        matching = match_claims(claims["document_id"].tolist(), claims["coder"].tolist(),
                                claims["start"].to_numpy(), claims["end"].to_numpy())
        matched = time.perf_counter() - started
        started = time.perf_counter()
        report = compute_report(data, "claim", draws=1000, seed=1)
        whole = time.perf_counter() - started
    return [
        (f"load {len(claims):,} claims (load_coding_data)", f"{loaded:.2f} s", "information", "–"),
        (f"match {len(claims):,} claims into {matching.units:,} units", f"{matched:.2f} s",
         f"< {MATCHING_TARGET:.0f} s", "yes" if matched < MATCHING_TARGET else "NO"),
        (f"whole report, matched claims ({len(report.disagreements):,} disagreements)", f"{whole:.2f} s",
         "information", "–"),
    ]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--units", type=int, default=100_000)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--reuse", action="store_true", help="reuse a synthetic project built earlier")
    parser.add_argument("--skip-project", action="store_true", help="only the alpha figures")
    args = parser.parse_args(argv)
    rows = alpha_figures(args.units, args.repeats)
    if not args.skip_project:
        rows += matching_figures(synthetic_project(args.reuse))
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    print()
    for row in rows:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip())
    return 0


if __name__ == "__main__":
    sys.exit(main())
