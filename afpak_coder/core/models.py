"""ORM models of the project file (schema version 5).

Types stay portable (Uuid, JSON, DateTime with time zone) so the same models can later run on
PostgreSQL. Primary keys are UUIDs because documents, codebook entries and claims travel between
project files (coder copies, merges, REFI-QDA).

Claims, themes and actors carry a ``version`` (schema 5) that every change of the row increments:
an edit made from a record read earlier applies only if the row still has that record's version
(optimistic concurrency; see ``ClaimsMixin.update_claim``). The ORM's version counter does this for
changes made through the session; SQL that updates these rows directly adds ``version + 1`` itself.
"""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import (
    JSON,
    false,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    Uuid,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def version_column() -> Mapped[int]:
    """The row's version (schema 5): 1 when made, one more at every change."""
    return mapped_column(Integer, nullable=False, default=1, server_default=text("1"))


class Base(DeclarativeBase):
    pass


class ProjectInfo(Base):
    """Key/value facts about the file: schema version, project id, name, creating version."""

    __tablename__ = "project_info"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class Document(Base):
    __tablename__ = "document"
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    # Short, stable number shown to users ("document 17"); also the key of the document's text.
    number: Mapped[int] = mapped_column(Integer, unique=True)
    # The text itself lives in DocumentText. Immutable once stored: database triggers refuse any
    # UPDATE of the text, its sha256 or its length.
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    length: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(1000), default="")
    outlet: Mapped[str | None] = mapped_column(String(500))
    author: Mapped[str | None] = mapped_column(String(500))
    published: Mapped[dt.date | None] = mapped_column(Date)
    url: Mapped[str | None] = mapped_column(String(2000))
    language: Mapped[str | None] = mapped_column(String(35))
    direction: Mapped[str] = mapped_column(String(3), default="ltr")
    genre: Mapped[str | None] = mapped_column(String(100))
    variables: Mapped[dict] = mapped_column(JSON, default=dict)
    source_path: Mapped[str | None] = mapped_column(String(2000))
    source_format: Mapped[str | None] = mapped_column(String(50))
    normalisation: Mapped[list] = mapped_column(JSON, default=list)
    imported_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utc_now)
    memo: Mapped[str] = mapped_column(Text, default="", server_default="")  # schema 4

    __table_args__ = (
        CheckConstraint("direction IN ('ltr', 'rtl')", name="document_direction"),
        Index("ix_document_title", "title"),
        Index("ix_document_published", "published"),
    )


class DocumentText(Base):
    """A document's text, apart from its metadata (schema 3): listing documents then never reads
    through the texts' overflow pages. ``number`` is the row id, which the full-text index uses."""

    __tablename__ = "document_text"
    number: Mapped[int] = mapped_column(
        Integer, ForeignKey("document.number", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    text: Mapped[str] = mapped_column(Text)


class Coder(Base):
    __tablename__ = "coder"
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    color: Mapped[str] = mapped_column(String(9))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utc_now)


class Theme(Base):
    __tablename__ = "theme"
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    parent_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("theme.id", ondelete="RESTRICT"))
    name: Mapped[str] = mapped_column(String(300))
    color: Mapped[str] = mapped_column(String(9))
    definition: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(Integer, default=0)
    archived: Mapped[bool] = mapped_column(Boolean, default=False)
    # Added by a coder in a coder copy, waiting for the lead to accept it.
    proposed: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    version: Mapped[int] = version_column()

    __table_args__ = (Index("ix_theme_parent", "parent_id", "position"),)
    __mapper_args__ = {"version_id_col": version}


class Actor(Base):
    __tablename__ = "actor"
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    name: Mapped[str] = mapped_column(String(300), unique=True)
    type: Mapped[str] = mapped_column(String(100), default="")
    aliases: Mapped[list] = mapped_column(JSON, default=list)
    color: Mapped[str] = mapped_column(String(9))
    definition: Mapped[str] = mapped_column(Text, default="")
    archived: Mapped[bool] = mapped_column(Boolean, default=False)
    proposed: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    version: Mapped[int] = version_column()

    __mapper_args__ = {"version_id_col": version}


class DocumentVariable(Base):
    """A user-defined document variable (e.g. outlet country): its kind and, for categories,
    the allowed values. The values themselves live in ``document.variables``."""

    __tablename__ = "document_variable"
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(20))
    categories: Mapped[list] = mapped_column(JSON, default=list)
    position: Mapped[int] = mapped_column(Integer, default=0)

    __table_args__ = (
        CheckConstraint("kind IN ('text', 'number', 'date', 'category')", name="document_variable_kind"),
    )


class StanceLevel(Base):
    __tablename__ = "stance_level"
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    value: Mapped[int] = mapped_column(Integer, unique=True)
    label: Mapped[str] = mapped_column(String(200))
    color: Mapped[str] = mapped_column(String(9))
    definition: Mapped[str] = mapped_column(Text, default="")


class Claim(Base):
    __tablename__ = "claim"
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    document_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("document.id", ondelete="RESTRICT"))
    coder_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("coder.id", ondelete="RESTRICT"))
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    quote: Mapped[str] = mapped_column(Text)
    theme_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("theme.id", ondelete="RESTRICT"))
    # None: an incomplete claim (schema 4), e.g. a coding imported from another tool with a theme only.
    actor_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("actor.id", ondelete="RESTRICT"))
    target_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("actor.id", ondelete="RESTRICT"))
    stance_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("stance_level.id", ondelete="RESTRICT")
    )
    memo: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utc_now)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utc_now)
    version: Mapped[int] = version_column()

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        CheckConstraint("start >= 0 AND \"end\" > start", name="claim_span"),
        Index("ix_claim_document_coder", "document_id", "coder_id", "start"),
        Index("ix_claim_coder", "coder_id"),
        Index("ix_claim_theme", "theme_id"),
        Index("ix_claim_actor", "actor_id"),
        Index("ix_claim_target", "target_id"),
        Index("ix_claim_stance", "stance_id"),
    )


class CodingStatus(Base):
    """How far a coder has got with a document: not started, in progress, done."""

    __tablename__ = "coding_status"
    document_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("document.id", ondelete="CASCADE"), primary_key=True
    )
    coder_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("coder.id", ondelete="CASCADE"), primary_key=True
    )
    status: Mapped[str] = mapped_column(String(20))
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utc_now)

    __table_args__ = (
        CheckConstraint(
            "status IN ('not started', 'in progress', 'done')", name="coding_status_value"
        ),
        Index("ix_coding_status_coder", "coder_id"),
    )
