"""Search across the corpus: SQLite FTS5 finds the documents, then each hit is located in the text
(code-point offsets) and shown in its context."""

from __future__ import annotations

import re

from sqlalchemy import select, text

from afpak_coder.core import models, records
from afpak_coder.core.service_base import ServiceBase, is_server

_TERM = re.compile(r'"([^"]+)"|(\S+)')


def parse_query(query: str) -> list[str]:
    """Words and "quoted phrases" of a search; all must occur (in any order)."""
    terms = []
    for phrase, word in _TERM.findall(query):
        term = (phrase or word).strip().strip('"')
        if term:
            terms.append(term)
    return terms


def fts_expression(terms: list[str]) -> str:
    # Every term quoted: FTS5 operators typed by a user (AND, NEAR, *, -) are searched as words.
    return " ".join('"' + term.replace('"', '""') + '"' for term in terms)


def term_pattern(terms: list[str]) -> re.Pattern:
    parts = [r"\s+".join(re.escape(word) for word in term.split()) for term in terms]
    return re.compile("|".join(sorted(parts, key=len, reverse=True)), re.IGNORECASE)


class SearchMixin(ServiceBase):
    def search(self, query: str, *, limit: int = 500, context: int = 50) -> list[records.SearchHit]:
        """Occurrences of the query's words and phrases in documents that contain all of them,
        best-matching documents first, at most ``limit`` hits."""
        terms = parse_query(query)
        if not terms:
            return []
        with self._read() as connection:
            numbers = _matching_documents(connection, terms)
            if not numbers:
                return []
            by_number = dict(connection.execute(
                select(models.Document.number, models.Document.id).where(models.Document.number.in_(numbers))
            ).all())
            documents = self._document_records(connection, by_number.values())
        pattern = term_pattern(terms)
        hits: list[records.SearchHit] = []
        for number in numbers:
            document = documents[by_number[number]]
            body = document.text
            for match in pattern.finditer(body):
                start, end = match.span()
                hits.append(records.SearchHit(
                    document=document, start=start, end=end, match=match.group(),
                    before=_one_line(body[max(0, start - context):start]),
                    after=_one_line(body[end:end + context]),
                ))
                if len(hits) >= limit:
                    return hits
        return hits


def _matching_documents(connection, terms: list[str]) -> list[int]:
    """Numbers of the documents holding every term, best match first (SQLite FTS5 in a file,
    PostgreSQL's text search on a server)."""
    if is_server(connection):
        from afpak_coder.core.server_schema import SEARCH_CONFIGURATION

        # phraseto_tsquery takes any text as words (operators typed by a user are words too).
        query = " && ".join(["phraseto_tsquery(:c, :t%d)" % i for i in range(len(terms))])
        parameters = {"c": SEARCH_CONFIGURATION, **{f"t{i}": term for i, term in enumerate(terms)}}
        return [row[0] for row in connection.execute(text(
            f"SELECT number FROM document_text WHERE search @@ ({query}) "
            f"ORDER BY ts_rank(search, {query}) DESC, number"), parameters)]
    return [row[0] for row in connection.execute(
        text("SELECT rowid FROM document_fts WHERE document_fts MATCH :q ORDER BY rank"),
        {"q": fts_expression(terms)},
    )]


def _one_line(text_: str) -> str:
    return " ".join(text_.split())
