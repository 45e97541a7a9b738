"""Aligning different coders' claims on the same passage, so that their codes can be compared.

The rule (shown to users beside the threshold):

* Two claims of *different* coders in the same document are **candidates** when at least
  ``threshold`` of the shorter claim's characters lie inside the other — the *overlap
  coefficient*, shared characters ÷ characters of the shorter claim. A quote one coder trimmed
  to the claim's core still matches the whole sentence another coder selected.
* For each pair of coders, candidates are paired **one-to-one** so that the total *Jaccard
  overlap* (shared characters ÷ characters covered by either claim) is as large as possible:
  an optimal assignment (``scipy.optimize.linear_sum_assignment``), so that no claim is taken
  from the partner it fits best by an earlier, greedier choice.
* With three or more coders, the pairs are joined into units from the largest Jaccard overlap
  down, never putting two claims of one coder into one unit.

No coder is the reference: coders are taken in a fixed order of their names, so listing them in
another order gives the same units. Claims left alone are *unmatched*: the other coders made no
claim there, which counts as disagreement.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.optimize import linear_sum_assignment

from afpak_coder.core.progress import Progress, ensure_progress

DEFAULT_THRESHOLD = 0.5
RULE = ("Claims of different coders are matched when at least {share} of the shorter claim lies inside the other "
        "(shared characters ÷ characters of the shorter claim). Each coder's claims are paired one-to-one to "
        "maximise the total Jaccard overlap (shared ÷ covered by either), by optimal assignment; with three or "
        "more coders, pairs join into units from the largest overlap down, one claim per coder per unit.")


def rule_text(threshold: float = DEFAULT_THRESHOLD) -> str:
    return RULE.format(share=f"{threshold:.0%}")


def check_threshold(threshold: float) -> float:
    if not 0 < threshold <= 1:
        raise ValueError(f"the overlap threshold must be above 0 and at most 1, not {threshold}")
    return float(threshold)


@dataclass(frozen=True)
class Matching:
    """``unit[i]`` numbers the unit claim i belongs to (0, 1, ...); claims sharing it were matched."""

    unit: np.ndarray
    units: int

    def sizes(self) -> np.ndarray:
        return np.bincount(self.unit, minlength=self.units)

    def matched(self) -> np.ndarray:
        """True for claims that share their unit with another coder's claim."""
        return self.sizes()[self.unit] >= 2


def match_claims(documents: Sequence[Hashable], coders: Sequence[Hashable], starts: Sequence[int],
                 ends: Sequence[int], threshold: float = DEFAULT_THRESHOLD,
                 progress: Progress | None = None) -> Matching:
    """Match claims given as parallel sequences (one entry per claim) of document, coder, start and
    end (end exclusive). Claims are only ever matched within a document and across coders."""
    threshold = check_threshold(threshold)
    progress = ensure_progress(progress)
    count = len(starts)
    if not (len(documents) == len(coders) == len(ends) == count):
        raise ValueError("documents, coders, starts and ends must have one entry per claim")
    if count == 0:
        return Matching(np.zeros(0, dtype=np.int64), 0)
    document_code = pd.factorize(pd.Series(list(documents), dtype=object))[0]
    coder_names = pd.Series([str(coder) for coder in coders], dtype=object)
    coder_code = pd.factorize(coder_names, sort=True)[0]  # a fixed order: by name, not by input order
    start = np.asarray(starts, dtype=np.int64)
    end = np.asarray(ends, dtype=np.int64)
    if (end <= start).any():
        raise ValueError("every claim needs end > start")
    order = np.lexsort((coder_code, end, start, document_code))
    # Lay documents end to end so that one running maximum finds the groups of touching claims.
    sorted_documents = document_code[order]
    new_document = np.r_[True, sorted_documents[1:] != sorted_documents[:-1]]
    span = end[order].max() + 1
    shift = np.cumsum(new_document) * span
    begin, finish = start[order] + shift, end[order] + shift
    reach = np.maximum.accumulate(finish)
    new_group = np.r_[True, begin[1:] >= reach[:-1]]
    bounds = np.r_[np.flatnonzero(new_group), count]

    parent = np.arange(count)  # union-find over positions in the sorted order
    sorted_coders = coder_code[order]
    groups = len(bounds) - 1
    for number in range(groups):
        low, high = bounds[number], bounds[number + 1]
        if high - low < 2 or sorted_coders[low:high].min() == sorted_coders[low:high].max():
            continue
        if high - low == 2:  # the common case, two claims of two coders: no assignment to solve
            shared = min(finish[low], finish[low + 1]) - max(begin[low], begin[low + 1])
            shorter = min(finish[low] - begin[low], finish[low + 1] - begin[low + 1])
            if shared > 0 and shared >= threshold * shorter:
                parent[low + 1] = low
            continue
        _match_group(range(low, high), sorted_coders, begin, finish, threshold, parent)
        if number % 2000 == 0:
            progress.update(number, groups, "Matching claims")
            progress.check()
    roots = np.array([_find(parent, i) for i in range(count)])
    unit_sorted = pd.factorize(roots)[0]
    unit = np.empty(count, dtype=np.int64)
    unit[order] = unit_sorted
    return Matching(unit, int(unit_sorted.max()) + 1)


def _find(parent: np.ndarray, item: int) -> int:
    while parent[item] != item:
        parent[item] = parent[parent[item]]
        item = parent[item]
    return int(item)


def _match_group(positions: range, coders: np.ndarray, begin: np.ndarray, finish: np.ndarray,
                 threshold: float, parent: np.ndarray) -> None:
    """Pair claims of one group of mutually touching spans, then join pairs into units."""
    members = np.asarray(positions)
    group_coders = coders[members]
    present = np.unique(group_coders)
    edges: list[tuple[float, int, int]] = []
    for a_index, first in enumerate(present):
        a = members[group_coders == first]
        for second in present[a_index + 1:]:
            b = members[group_coders == second]
            shared = np.minimum(finish[a][:, None], finish[b][None, :]) - np.maximum(begin[a][:, None], begin[b][None, :])
            shared = np.maximum(shared, 0)
            length_a, length_b = (finish[a] - begin[a])[:, None], (finish[b] - begin[b])[None, :]
            eligible = (shared > 0) & (shared >= threshold * np.minimum(length_a, length_b))
            if not eligible.any():
                continue
            jaccard = np.where(eligible, shared / (length_a + length_b - shared), 0.0)
            rows_used, columns_used = np.flatnonzero(eligible.any(axis=1)), np.flatnonzero(eligible.any(axis=0))
            sub = jaccard[np.ix_(rows_used, columns_used)]
            if len(rows_used) == 1 or len(columns_used) == 1:
                pick = np.unravel_index(int(np.argmax(sub)), sub.shape)  # one claim on a side: the best partner
                rows, columns = np.array([pick[0]]), np.array([pick[1]])
            else:
                rows, columns = linear_sum_assignment(sub, maximize=True)
            for row, column in zip(rows, columns):
                if sub[row, column] > 0:
                    edges.append((float(sub[row, column]), int(a[rows_used[row]]), int(b[columns_used[column]])))
    if not edges:
        return
    # Largest overlap first; ties by position in the sorted order (start, end, coder), never by input order.
    edges.sort(key=lambda edge: (-edge[0], edge[1], edge[2]))
    coders_in: dict[int, set] = {}
    for _weight, first, second in edges:
        root_a, root_b = _find(parent, first), _find(parent, second)
        if root_a == root_b:
            continue
        set_a = coders_in.get(root_a, {int(coders[first])})
        set_b = coders_in.get(root_b, {int(coders[second])})
        if set_a & set_b:
            continue  # would put two claims of one coder in one unit
        parent[root_b] = root_a
        coders_in[root_a] = set_a | set_b
        coders_in.pop(root_b, None)
