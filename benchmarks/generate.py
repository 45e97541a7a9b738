"""Build a synthetic afpak-coder project of any size, for the benchmarks.

Everything goes through the public ``Project`` service (``add_document`` one by one, ``add_claims``
in chunks), so building the project is itself a measurement. The texts are filler made from a
vocabulary invented here (pseudo-words in Latin script and, for the Urdu/Pashto/Dari documents,
in Arabic script); nothing is copied from real articles. The same seed gives the same project.

As a script::

    python benchmarks/generate.py OUT.afpak --documents 10000 --claims 200000 --coders 3 --seed 1

As a module::

    from generate import generate
    result = generate("out.afpak", documents=500, claims=10_000)

What is built:

* ``documents`` documents: one of exactly ``big_length`` (1,000,000) characters, the others of
  lengths drawn log-uniformly between 3,000 and 60,000 characters; outlets, authors, dates
  2023-01-01..2026-12-31, genre, url, two document variables; about 10 % are Urdu, Pashto or
  Dari (right to left, Arabic-script filler), the rest English.
* ``coders`` coders.
* ``claims`` claims: ``heavy_claims`` (5,000) of them on the 1,000,000-character document (the
  "heavy" document, used by the "load one document with its claims" figure), the rest spread over
  the other documents in proportion to their length; coder, theme, actor, target (none in 40 %),
  stance (none in 10 %) drawn at random from the project's codebook; spans of 40-400 characters.
  Claims are passed to ``add_claims`` grouped by document (as a coder's work or an import arrives)
  in chunks of ``chunk`` claims; only the ``add_claims`` calls are timed.
"""

from __future__ import annotations

import argparse
import bisect
import datetime as dt
import itertools
import json
import math
import random
import sqlite3
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

import afpak_coder

MIN_LENGTH = 3_000
MAX_LENGTH = 60_000
BIG_LENGTH = 1_000_000
HEAVY_CLAIMS = 5_000
SPAN_MIN, SPAN_MAX = 40, 400
FIRST_DAY = dt.date(2023, 1, 1)
LAST_DAY = dt.date(2026, 12, 31)

OUTLETS = (
    "The Frontier Ledger", "Indus Evening Post", "Kabul Morning Review", "Khyber Courier",
    "The Border Gazette", "Hindu Kush Observer", "Quetta Daily Record", "Peshawar Chronicle",
    "Regional Policy Digest", "The Durand Monitor", "Asia Desk Wire", "Crossings Quarterly",
)
GENRES = ("news", "news", "news", "op-ed", "editorial", "analysis", "policy brief", "interview")
REGIONS = ("Khyber Pakhtunkhwa", "Balochistan", "Kabul", "Nangarhar", "Kandahar", "Islamabad", "national")
# language tag, share of documents, script of the filler
LANGUAGES = (("en", 0.90, "latin"), ("ur", 0.05, "arabic"), ("ps", 0.03, "arabic"), ("fa", 0.02, "arabic"))

_LATIN_ONSETS = ("", "", "b", "d", "f", "g", "h", "j", "k", "l", "m", "n", "p", "r", "s", "t", "v", "w", "z",
                 "br", "dr", "kh", "sh", "st", "tr", "ch")
_LATIN_NUCLEI = ("a", "e", "i", "o", "u", "a", "e", "i", "o", "ai", "ou", "ea")
_LATIN_CODAS = ("", "", "", "", "", "n", "r", "s", "t", "l", "m", "nd", "st", "ng")
_FUNCTION_WORDS = ("the", "of", "and", "to", "in", "a", "that", "is", "for", "on", "said", "with", "by",
                   "as", "was", "at", "from", "it", "has", "have", "not", "but", "would", "its", "their",
                   "officials", "border", "government", "talks", "security", "trade", "minister")
_ARABIC_LETTERS = "ابتپثجچحخدذرزسشصضطظعغفقکگلمنوهیے"
_ARABIC_FUNCTION_WORDS = ("اور", "کے", "میں", "سے", "کی", "نے", "کو", "پر", "یہ", "کہ", "د", "او", "په", "و")


@dataclass
class GenerationResult:
    path: str
    documents: int
    claims: int
    coders: int
    seed: int
    characters: int  # total characters of all document texts
    document_seconds: float  # time spent inside add_document
    claim_seconds: float  # time spent inside add_claims
    heavy_document_id: str
    heavy_document_claims: int
    big_document_length: int
    chunk: int
    built_on: str = field(default_factory=lambda: dt.datetime.now().isoformat(timespec="seconds"))

    @property
    def documents_per_second(self) -> float:
        return self.documents / self.document_seconds if self.document_seconds else float("nan")

    @property
    def claims_per_second(self) -> float:
        return self.claims / self.claim_seconds if self.claim_seconds else float("nan")

    def save(self, path: Path) -> None:
        path.write_text(json.dumps(asdict(self), indent=2) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> GenerationResult:
        return cls(**json.loads(path.read_text(encoding="utf-8")))


# -- text ---------------------------------------------------------------------------------------

class _Filler:
    """A sentence pool built from an invented vocabulary; documents are drawn from it."""

    def __init__(self, rng: random.Random, script: str, sentences: int) -> None:
        self.rng = rng
        words = self._vocabulary(script)
        # Zipf-like frequencies: a few words very common, a long tail of rare ones.
        weights = [1.0 / (rank + 2) for rank in range(len(words))]
        cumulative = list(itertools.accumulate(weights))
        names = self._names(script)
        self.names = names
        self.pool = [self._sentence(words, cumulative, names, script) for _ in range(sentences)]
        self.mean_length = sum(map(len, self.pool)) / len(self.pool) + 1

    def _pseudo_word(self, script: str) -> str:
        rng = self.rng
        if script == "arabic":
            return "".join(rng.choice(_ARABIC_LETTERS) for _ in range(rng.randint(2, 7)))
        syllables = rng.choices((1, 2, 2, 2, 3, 3))[0]
        return "".join(rng.choice(_LATIN_ONSETS) + rng.choice(_LATIN_NUCLEI) + rng.choice(_LATIN_CODAS)
                       for _ in range(syllables))

    def _vocabulary(self, script: str, size: int = 5000) -> list[str]:
        base = list(_ARABIC_FUNCTION_WORDS if script == "arabic" else _FUNCTION_WORDS)
        seen = set(base)
        while len(base) < size:
            word = self._pseudo_word(script)
            if len(word) > 1 and word not in seen:
                seen.add(word)
                base.append(word)
        return base

    def _names(self, script: str, count: int = 300) -> list[str]:
        if script == "arabic":
            return [self._pseudo_word(script) for _ in range(count)]
        return [self._pseudo_word(script).capitalize() for _ in range(count)]

    def _sentence(self, words, cumulative, names, script) -> str:
        rng = self.rng
        count = rng.randint(6, 28)
        chosen = rng.choices(words, cum_weights=cumulative, k=count)
        for _ in range(rng.randint(0, 2)):  # proper names
            chosen[rng.randrange(count)] = rng.choice(names)
        if count > 10 and rng.random() < 0.5:
            chosen[rng.randrange(3, count - 3)] += "،" if script == "arabic" else ","
        if script == "arabic":
            return " ".join(chosen) + rng.choice(("۔", "۔", "۔", "؟"))
        sentence = " ".join(chosen)
        sentence = sentence[0].upper() + sentence[1:]
        roll = rng.random()
        if roll < 0.08:
            return f'"{sentence}," {rng.choice(names)} said.'
        if roll < 0.12:
            return sentence + "?"
        return sentence + "."

    def text(self, length: int, header: str, footer: str) -> str:
        """A text of exactly ``length`` characters: paragraphs of 2-6 sentences."""
        rng = self.rng
        body_length = length - len(header) - len(footer)
        needed = int(body_length / self.mean_length * 1.15) + 8
        sentences = rng.choices(self.pool, k=needed)
        paragraphs, position = [], 0
        while position < needed:
            size = rng.randint(2, 6)
            paragraphs.append(" ".join(sentences[position:position + size]))
            position += size
        body = "\n\n".join(paragraphs)
        while len(body) < body_length:  # rare: the draw came out short
            body += "\n\n" + " ".join(rng.choices(self.pool, k=20))
        body = body[:body_length].rstrip()
        body = body + "." * (body_length - len(body))  # keep the exact length; ends on a full stop
        return header + body + footer


def schema_of(path: Path) -> int | None:
    """The schema version of an existing project file (None if it is not one), without opening it
    through the service (which would migrate it)."""
    try:
        raw = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            row = raw.execute("SELECT value FROM project_info WHERE key = 'schema_version'").fetchone()
        finally:
            raw.close()
        return int(row[0]) if row else None
    except (sqlite3.Error, ValueError):
        return None


def _log_uniform(rng: random.Random, low: int, high: int) -> int:
    return int(round(math.exp(rng.uniform(math.log(low), math.log(high)))))


# -- the project --------------------------------------------------------------------------------

def generate(
    path: str | Path, *, documents: int = 10_000, claims: int = 200_000, coders: int = 3, seed: int = 1,
    heavy_claims: int = HEAVY_CLAIMS, big_length: int = BIG_LENGTH, chunk: int = 10_000,
    progress: Callable[[str], None] | None = None,
) -> GenerationResult:
    """Create the project file at ``path`` (must not exist) and return what was built and how long
    the ``add_document`` and ``add_claims`` calls took."""
    if documents < 2:
        raise ValueError("need at least 2 documents (the 1,000,000-character one and another)")
    if claims < heavy_claims:
        raise ValueError(f"need at least {heavy_claims} claims (the heavy document gets that many)")
    if coders < 1:
        raise ValueError("need at least one coder")
    say = progress or (lambda _message: None)
    rng = random.Random(seed)
    path = Path(path)

    latin = _Filler(random.Random(rng.random()), "latin", 30_000)
    arabic = _Filler(random.Random(rng.random()), "arabic", 6_000)
    big_index = rng.randrange(documents)
    authors = [f"{rng.choice(latin.names)} {rng.choice(latin.names)}" for _ in range(150)]
    language_tags = [tag for tag, _share, _script in LANGUAGES]
    language_shares = [share for _tag, share, _script in LANGUAGES]
    scripts = {tag: script for tag, _share, script in LANGUAGES}
    span_days = (LAST_DAY - FIRST_DAY).days

    project = afpak_coder.create_project(path, name=f"Benchmark project (seed {seed})")
    try:
        # Documents: generated one at a time (never all texts in memory), only add_document timed.
        document_records = []
        document_seconds = 0.0
        characters = 0
        started = time.perf_counter()
        for number in range(documents):
            length = big_length if number == big_index else _log_uniform(rng, MIN_LENGTH, MAX_LENGTH)
            language = "en" if number == big_index else rng.choices(language_tags, language_shares)[0]
            filler = latin if scripts[language] == "latin" else arabic
            published = FIRST_DAY + dt.timedelta(days=rng.randrange(span_days + 1))
            place = rng.choice(filler.names)
            outlet = rng.choice(OUTLETS)
            header = f"{place.upper() if scripts[language] == 'latin' else place}, {published:%d %B %Y}: "
            footer = f"\n\n({outlet}, story {seed}-{number:06d})"
            text = filler.text(length, header, footer)
            title = rng.choice(filler.pool)[:110].strip(' ".،۔?؟')
            begin = time.perf_counter()
            record = project.add_document(
                text, title=title, outlet=outlet, author=rng.choice(authors), published=published,
                url=f"https://news.example.org/{published:%Y/%m}/{seed}-{number:06d}",
                language=language, genre=rng.choice(GENRES),
                variables={"region": rng.choice(REGIONS), "front_page": rng.random() < 0.15},
                source_path=f"synthetic/{seed}/{number:06d}.txt", source_format="synthetic",
            )
            document_seconds += time.perf_counter() - begin
            if record.length != length:
                raise AssertionError(f"document {number}: stored {record.length} characters, meant {length}")
            document_records.append(record)
            characters += length
            if (number + 1) % 1000 == 0 or number + 1 == documents:
                elapsed = time.perf_counter() - started
                say(f"documents: {number + 1}/{documents} ({elapsed:.0f} s, {document_seconds:.0f} s in add_document)")

        coder_records = [project.add_coder(f"Coder {chr(ord('A') + k % 26)}{k // 26 or ''}") for k in range(coders)]
        themes = project.themes(include_archived=False)
        actors = project.actors(include_archived=False)
        stances = [level.value for level in project.stance_levels()]
        if not themes or not actors:
            raise RuntimeError("the project's codebook has no themes or no actors")

        # How many claims each document gets: the heavy one a fixed number, the rest by length.
        per_document = [0] * documents
        per_document[big_index] = heavy_claims
        others = [i for i in range(documents) if i != big_index]
        cumulative = list(itertools.accumulate(document_records[i].length for i in others))
        for _ in range(claims - heavy_claims):
            pick = bisect.bisect_right(cumulative, rng.random() * cumulative[-1])
            per_document[others[min(pick, len(others) - 1)]] += 1

        def claim_stream():
            for number, count in enumerate(per_document):
                document = document_records[number]
                for _ in range(count):
                    span = rng.randint(SPAN_MIN, min(SPAN_MAX, document.length))
                    start = rng.randrange(document.length - span + 1)
                    yield dict(
                        document=document, coder=rng.choice(coder_records), start=start, end=start + span,
                        theme=rng.choice(themes), actor=rng.choice(actors),
                        target=rng.choice(actors) if rng.random() >= 0.4 else None,
                        stance=rng.choice(stances) if stances and rng.random() >= 0.1 else None,
                        memo=f"checked against the {rng.choice(OUTLETS)} version" if rng.random() < 0.1 else "",
                    )

        claim_seconds = 0.0
        added = 0
        stream = claim_stream()
        while batch := list(itertools.islice(stream, chunk)):
            begin = time.perf_counter()
            added += project.add_claims(batch)
            claim_seconds += time.perf_counter() - begin
            say(f"claims: {added}/{claims} ({claim_seconds:.1f} s in add_claims, "
                f"{added / claim_seconds:,.0f} claims/s)")
        if added != claims:
            raise AssertionError(f"added {added} claims, meant {claims}")
    except BaseException:
        project.close()
        raise
    project.close()
    return GenerationResult(
        path=str(path), documents=documents, claims=claims, coders=coders, seed=seed, characters=characters,
        document_seconds=document_seconds, claim_seconds=claim_seconds,
        heavy_document_id=str(document_records[big_index].id), heavy_document_claims=heavy_claims,
        big_document_length=big_length, chunk=chunk,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build a synthetic afpak-coder project for benchmarks.")
    parser.add_argument("out", type=Path, help="the project file to create (must not exist)")
    parser.add_argument("--documents", type=int, default=10_000)
    parser.add_argument("--claims", type=int, default=200_000)
    parser.add_argument("--coders", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--chunk", type=int, default=10_000, help="claims per add_claims call")
    parser.add_argument("--quiet", action="store_true")
    args = parser.parse_args(argv)
    result = generate(
        args.out, documents=args.documents, claims=args.claims, coders=args.coders, seed=args.seed,
        chunk=args.chunk, progress=None if args.quiet else (lambda m: print(m, file=sys.stderr, flush=True)),
    )
    print(f"{result.path}: {result.documents} documents ({result.characters:,} characters), "
          f"{result.claims} claims, {result.coders} coders")
    print(f"add_document: {result.document_seconds:.1f} s ({result.documents_per_second:,.0f} documents/s)")
    print(f"add_claims:   {result.claim_seconds:.1f} s ({result.claims_per_second:,.0f} claims/s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
