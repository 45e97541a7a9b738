"""Documents and coders: adding, listing, editing metadata, coding status."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Mapping
from typing import Any

from sqlalchemy import delete, func, select

from afpak_coder.core import models, records
from afpak_coder.core.errors import DuplicateError, InUseError, ValidationError
from afpak_coder.core.service_base import ServiceBase, check_color, check_name
from afpak_coder.core.stored import collector_paused
from afpak_coder.core.text import detect_direction, direction_for_language, normalise_text, text_sha256
from afpak_coder.wording import plural

METADATA_FIELDS = ("title", "outlet", "author", "published", "url", "language", "genre", "direction", "variables")
STATUSES = ("not started", "in progress", "done")


def parse_date(value: Any, what: str = "published") -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip()[:10])
        except ValueError:
            pass
    raise ValidationError(f"{what}: {value!r} is not a date (use YYYY-MM-DD)")


def clean_variables(variables: Mapping[str, Any] | None) -> dict[str, Any]:
    """Document variables are plain JSON values; dates are kept as ISO strings."""
    if variables is None:
        return {}
    if not isinstance(variables, Mapping):
        raise ValidationError(f"variables: expected a mapping of name to value, got {type(variables).__name__}")
    cleaned: dict[str, Any] = {}
    for key, value in variables.items():
        name = check_name(key, "document variable")
        if isinstance(value, (dt.date, dt.datetime)):
            value = value.isoformat()
        elif not isinstance(value, (str, int, float, bool, type(None))):
            raise ValidationError(f"variable {name!r}: {value!r} is not text, a number, a date or empty")
        cleaned[name] = value
    json.dumps(cleaned)  # fail here, not at commit, on anything JSON cannot hold
    return cleaned


def _optional_text(value: Any, what: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValidationError(f"{what}: expected text, got {value!r}")
    return value.strip() or None


class DocumentsMixin(ServiceBase):
    # -- documents ----------------------------------------------------------------------------

    def add_document(
        self, text: str, *, title: str | None = None, outlet: str | None = None,
        author: str | None = None, published: Any = None, url: str | None = None,
        language: str | None = None, genre: str | None = None,
        variables: Mapping[str, Any] | None = None, direction: str | None = None,
        source_path: str | None = None, source_format: str | None = None, id: uuid.UUID | None = None,
    ) -> records.Document:
        """Store a document. Its text is normalised minimally (BOM, line endings, NFC; the steps are
        recorded) and never changes afterwards; offsets of claims refer to ``document.text`` (offsets
        computed on the text as given are mapped by ``add_claim(..., offsets_in=text)``). ``id``
        keeps a document's id from another file (REFI-QDA import)."""
        if not isinstance(text, str):
            raise ValidationError(f"document text: expected a string, got {type(text).__name__}")
        stored, steps = normalise_text(text)
        if not stored.strip():
            name = title or source_path
            raise ValidationError(f"document {name!r}: the text is empty" if name else "the document text is empty")
        digest = text_sha256(stored)
        language = _optional_text(language, "language")
        direction = direction or direction_for_language(language) or detect_direction(stored)
        if direction not in ("ltr", "rtl"):
            raise ValidationError(f"direction: {direction!r} is neither 'ltr' nor 'rtl'")
        row = models.Document(
            id=id or uuid.uuid4(), sha256=digest, length=len(stored),
            title=(_optional_text(title, "title") or _first_line(stored)),
            outlet=_optional_text(outlet, "outlet"), author=_optional_text(author, "author"),
            published=parse_date(published), url=_optional_text(url, "url"), language=language,
            direction=direction, genre=_optional_text(genre, "genre"),
            variables=clean_variables(variables), source_path=source_path,
            source_format=source_format, normalisation=steps,
        )
        with self._write() as session:
            existing = session.execute(
                select(models.Document.title).where(models.Document.sha256 == digest)
            ).scalar()
            if existing is not None:
                raise DuplicateError(f"the same text is already in the project as {existing!r}")
            self._define_new_variables(session, row.variables)
            row.number = session.execute(select(func.coalesce(func.max(models.Document.number), 0) + 1)).scalar_one()
            session.add(row)
            session.flush()  # the text refers to the document's number
            session.add(models.DocumentText(number=row.number, text=stored))
        with self._read() as connection:
            return self._document_records(connection, [row.id])[row.id]

    def documents(self) -> list[records.Document]:
        """All documents, by title (their texts are read when first used)."""
        with self._read() as connection, collector_paused():
            found = self._documents_by_stored_id(connection).values()
            return sorted(found, key=lambda d: (d.title.casefold(), d.imported_at))

    def document(self, ref: Any) -> records.Document:
        with self._read() as connection:
            document_id = self._resolve(connection, models.Document, ref, "document", allow_name=False)
            return self._document_records(connection, [document_id])[document_id]

    def find_document_by_hash(self, sha256: str) -> records.Document | None:
        with self._read() as connection:
            found = connection.execute(
                select(models.Document.id).where(models.Document.sha256 == sha256)
            ).scalar()
            return self._document_records(connection, [found])[found] if found else None

    def update_document(self, ref: Any, **changes: Any) -> records.Document:
        """Edit metadata (title, outlet, author, published, url, language, genre, direction,
        variables). The text cannot change: import it again as a new document instead."""
        if "text" in changes:
            raise ValidationError("a document's text cannot change once imported; import the new text as a new document")
        unknown = set(changes) - set(METADATA_FIELDS)
        if unknown:
            raise ValidationError(f"documents have no field {', '.join(sorted(unknown))}")
        with self._write() as session:
            document_id = self._resolve(session.connection(), models.Document, ref, "document", allow_name=False)
            row = session.get(models.Document, document_id)
            for key, value in changes.items():
                if key == "published":
                    value = parse_date(value)
                elif key == "variables":
                    value = clean_variables(value)
                    self._define_new_variables(session, value)
                elif key == "direction":
                    if value not in ("ltr", "rtl"):
                        raise ValidationError(f"direction: {value!r} is neither 'ltr' nor 'rtl'")
                elif key == "title":
                    value = check_name(value, "document title")
                else:
                    value = _optional_text(value, key)
                setattr(row, key, value)
        return self.document(document_id)

    def set_document_memo(self, ref: Any, memo: str) -> records.Document:
        """Replace a document's memo (free text about the document as a whole)."""
        if not isinstance(memo, str):
            raise ValidationError(f"document memo: expected text, got {memo!r}")
        with self._write() as session:
            document_id = self._resolve(session.connection(), models.Document, ref, "document", allow_name=False)
            session.get(models.Document, document_id).memo = memo
        return self.document(document_id)

    def delete_document(self, ref: Any, *, with_claims: bool = False) -> None:
        """Remove a document. Refused while claims refer to it unless ``with_claims`` is True."""
        with self._write() as session:
            document_id = self._resolve(session.connection(), models.Document, ref, "document", allow_name=False)
            count = session.execute(
                select(func.count()).select_from(models.Claim).where(models.Claim.document_id == document_id)
            ).scalar_one()
            title = session.get(models.Document, document_id).title
            if count and not with_claims:
                raise InUseError(f"document {title!r} has {count} claims; delete them first or pass with_claims=True")
            self._backup_before(f"before deleting document {title!r} with {plural(count, 'claim')}")
            session.execute(delete(models.Claim).where(models.Claim.document_id == document_id))
            number = session.execute(select(models.Document.number).where(models.Document.id == document_id)).scalar()
            session.execute(delete(models.DocumentText).where(models.DocumentText.number == number))
            session.execute(delete(models.Document).where(models.Document.id == document_id))

    # -- coders -------------------------------------------------------------------------------

    def add_coder(self, name: str, color: str | None = None) -> records.Coder:
        name = check_name(name, "coder")
        with self._write(codebook=True) as session:
            if session.execute(select(models.Coder.id).where(models.Coder.name == name)).first():
                raise DuplicateError(f"a coder named {name!r} already exists")
            color = check_color(color, f"coder {name!r}") if color else self._next_color(session, models.Coder)
            row = models.Coder(id=uuid.uuid4(), name=name, color=color)
            session.add(row)
        return records.Coder(id=row.id, name=row.name, color=row.color)

    def coders(self) -> list[records.Coder]:
        with self._read() as connection:
            return list(self._coder_records(connection).values())

    def coder(self, ref: Any) -> records.Coder:
        with self._read() as connection:
            coder_id = self._resolve(connection, models.Coder, ref, "coder")
            return self._coder_records(connection)[coder_id]

    def update_coder(self, ref: Any, *, name: str | None = None, color: str | None = None) -> records.Coder:
        with self._write(codebook=True) as session:
            coder_id = self._resolve(session.connection(), models.Coder, ref, "coder")
            row = session.get(models.Coder, coder_id)
            if name is not None:
                name = check_name(name, "coder")
                clash = session.execute(
                    select(models.Coder.id).where(models.Coder.name == name, models.Coder.id != coder_id)
                ).first()
                if clash:
                    raise DuplicateError(f"a coder named {name!r} already exists")
                row.name = name
            if color is not None:
                row.color = check_color(color, f"coder {row.name!r}")
        return self.coder(coder_id)

    # -- coding status ------------------------------------------------------------------------

    def set_status(self, document: Any, coder: Any, status: str) -> None:
        if status not in STATUSES:
            raise ValidationError(f"status {status!r} is not one of: {', '.join(STATUSES)}")
        with self._write() as session:
            connection = session.connection()
            document_id = self._resolve(connection, models.Document, document, "document", allow_name=False)
            coder_id = self._resolve(connection, models.Coder, coder, "coder")
            row = session.get(models.CodingStatus, (document_id, coder_id))
            if row is None:
                session.add(models.CodingStatus(document_id=document_id, coder_id=coder_id, status=status))
            else:
                row.status = status
                row.updated_at = models.utc_now()

    def statuses(self, coder: Any | None = None) -> dict[tuple[uuid.UUID, uuid.UUID], str]:
        """(document id, coder id) → status; pairs never touched are 'not started'."""
        table = models.CodingStatus.__table__
        with self._read() as connection:
            query = select(table.c.document_id, table.c.coder_id, table.c.status)
            if coder is not None:
                query = query.where(table.c.coder_id == self._resolve(connection, models.Coder, coder, "coder"))
            return {(d, c): s for d, c, s in connection.execute(query)}


def _first_line(text: str, limit: int = 120) -> str:
    line = next((line.strip() for line in text.splitlines() if line.strip()), "")
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"
