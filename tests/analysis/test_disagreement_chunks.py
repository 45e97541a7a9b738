"""The list of disagreements built a chunk of claims at a time and sorted with NumPy is the list the
whole-list construction gave (kept below as the reference): same order, same versions, same values."""

from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from afpak_coder.analysis import consensus
from afpak_coder.analysis.consensus import Disagreement, Version, kinds_of

CODERS = ("Ayesha", "Bilal", "Clara")


def _whole_versions(claims):
    def column(name):
        return claims[name].astype(object).where(claims[name].notna(), None).tolist()

    return [Version(coder, str(claim_id), int(start), int(end), str(quote), theme, actor, target,
                    None if stance is None else int(stance), label, memo or "")
            for coder, claim_id, start, end, quote, theme, actor, target, stance, label, memo in zip(
                column("coder"), column("claim_id"), column("start"), column("end"), column("quote"),
                column("theme"), column("actor"), column("target"), column("stance"), column("stance_label"),
                column("memo"))]


def _whole_compare(units, coded, titles):
    versions = _whole_versions(units.claims)
    documents = units.claims["document_id"].tolist()
    found, agreed = [], []
    for rows in units.members.tolist():
        document = documents[next(row for row in rows if row >= 0)]
        chosen = tuple(versions[row] if row >= 0 else Version(coder)
                       for row, coder in zip(rows, units.coders) if (document, coder) in coded)
        if len(chosen) < 2:
            continue
        kinds = kinds_of(chosen)
        if not kinds:
            agreed.append((document, max(chosen, key=lambda v: (consensus._closeness(v, chosen), -chosen.index(v)))))
            continue
        present = [v for v in chosen if v.claim_id is not None]
        found.append((titles.get(document, ""), document, min(v.start for v in present),
                      max(v.end for v in present), kinds, chosen))
    found.sort(key=lambda entry: entry[:4])
    return [Disagreement(number, document, title, start, end, kinds, chosen)
            for number, (title, document, start, end, kinds, chosen) in enumerate(found, 1)], agreed


def _units(seed, count):
    """Random matched units over few documents, titles shared by two documents, offsets that tie."""
    rng = np.random.default_rng(seed)
    members = np.full((count, len(CODERS)), -1, dtype=np.int64)
    rows, unit_document = [], rng.integers(0, 12, count)
    for unit in range(count):
        for number, coder in enumerate(CODERS):
            if rng.random() < 0.75 or (number == 0 and (members[unit] < 0).all()):
                members[unit, number] = len(rows)
                start = int(rng.integers(0, 30)) * 10
                rows.append({"claim_id": f"c{len(rows)}", "document_id": f"d{unit_document[unit]}", "coder": coder,
                             "start": start, "end": start + int(rng.integers(1, 4)) * 10,
                             "quote": f"quote {len(rows)}", "theme": str(rng.choice(["War", "Aid"])),
                             "actor": str(rng.choice(["Army", "Taliban"])),
                             "target": rng.choice(["Army", None]), "stance": rng.choice([1, 2, None]),
                             "stance_label": "some", "memo": rng.choice(["", "note", None])})
    claims = pd.DataFrame(rows, columns=["claim_id", "document_id", "coder", "start", "end", "quote", "theme",
                                         "actor", "target", "stance", "stance_label", "memo"])
    claims["stance"] = claims["stance"].astype("Int64")
    coded = frozenset((f"d{d}", coder) for d in range(12) for coder in CODERS if (d, coder) != (3, "Clara"))
    titles = {f"d{d}": f"Title {d // 2}" for d in range(11)}  # d11 has no title
    return SimpleNamespace(claims=claims, members=members, coders=CODERS), coded, titles


@pytest.mark.parametrize("chunk", [7, 50_000])
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_disagreements_in_chunks_equal_the_whole_list(monkeypatch, chunk, seed):
    monkeypatch.setattr(consensus, "CHUNK", chunk)
    units, coded, titles = _units(seed, 400)
    disagreements, agreed = consensus.compare_units(units, coded, titles)
    whole, whole_agreed = _whole_compare(units, coded, titles)
    assert disagreements == whole and agreed == whole_agreed
    assert len(disagreements) > 100 and agreed
    starts = [v.start for d in disagreements for v in d.versions if v.has_claim]
    assert all(type(start) is int for start in starts)
    assert consensus.unit_versions(units, coded, titles)[0][0] == units.claims["document_id"][0]


def test_no_disagreement():
    units, coded, titles = _units(4, 0)
    assert consensus.compare_units(units, coded, titles) == ([], [])
