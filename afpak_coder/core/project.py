"""The Project service: every read and write of a project file goes through it."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select, text

from afpak_coder.core import database, file_state, models, records
from afpak_coder.core.claims_service import ClaimsMixin
from afpak_coder.core.codebook_file import load_default_codebook
from afpak_coder.core.codebook_service import CodebookMixin
from afpak_coder.core.copies import keys as copy_keys
from afpak_coder.core.documents_service import DocumentsMixin
from afpak_coder.core.memos_service import MemosMixin
from afpak_coder.core.errors import ProjectFileError
from afpak_coder.core.locations import connect_address, is_server_url
from afpak_coder.core.search_service import SearchMixin
from afpak_coder.core.service_base import reference_id
from afpak_coder.core.settings_service import SettingsMixin
from afpak_coder.core.variables_service import VariablesMixin

if TYPE_CHECKING:
    import pandas as pd

    from afpak_coder.core.claim_chunks import ClaimChunks


class Project(DocumentsMixin, VariablesMixin, ClaimsMixin, CodebookMixin, SearchMixin, MemosMixin,
              SettingsMixin):
    """An open project file. Use ``create_project`` / ``open_project``; close it when done
    (or use it as a context manager)."""

    def __init__(self, path: Path, engine, read_only: bool = False) -> None:
        self.path = Path(path)
        self._engine = engine
        self._closed = False
        self.read_only = read_only
        self._codebook_cache = None  # see ServiceBase._codebook
        self._stored_ids = {}  # see ServiceBase._uuid
        self._marked_open = False
        if not read_only:
            self._ensure_query_indexes()

    # -- lifecycle ----------------------------------------------------------------------------

    def close(self) -> None:
        if not self._closed:
            if not self.read_only and self.path.exists():
                if self._marked_open:
                    self._set_info(file_state.OPEN_IN_APP, None)
                database.checkpoint(self._engine)
            self._engine.dispose()
            self._closed = True

    def checkpoint(self) -> bool:
        """Fold the write-ahead log into the project file, so that the file alone holds every saved
        change (the app calls this when idle). False when another program's reader kept part of the
        log in use; try again later."""
        if self.read_only or self._closed or not self.path.exists():
            return True
        if file_state.has_unfolded_log(self.path):
            self._set_info(file_state.FOLDED_AT, file_state.now_text())
        return database.checkpoint(self._engine)

    def mark_open_in_app(self) -> None:
        """Record in the file that the app has it open, until ``close``: a copy of the file taken
        meanwhile without its log is then recognised when merged (see core/file_state)."""
        if not self.read_only:
            self._set_info(file_state.OPEN_IN_APP, file_state.now_text())
            self._marked_open = True
            self.checkpoint()

    def _set_info(self, key: str, value: str | None) -> None:
        # Not through _write_connection: this is bookkeeping, not a change the app should react to.
        with self._sqlite_errors(), self._writer.begin() as connection:
            connection.execute(text("DELETE FROM project_info WHERE key = :key"), {"key": key})
            if value is not None:
                connection.execute(text("INSERT INTO project_info (key, value) VALUES (:key, :value)"),
                                   {"key": key, "value": value})

    def save_copy(self, target: str | Path) -> Path:
        """Write a consistent copy of the open project to ``target`` — also when the original file
        has disappeared from disk while open (the copy is taken from the open connection)."""
        target = Path(target)
        if target.exists():
            raise ProjectFileError(f"{target}: a file of that name already exists; choose another name")
        raw = self._engine.raw_connection()
        try:
            destination = sqlite3.connect(target)
            try:
                raw.driver_connection.backup(destination)
            finally:
                destination.close()
        except sqlite3.Error as error:
            target.unlink(missing_ok=True)
            raise ProjectFileError(f"{target}: the copy could not be written ({error})") from error
        finally:
            raw.close()
        return target

    def __enter__(self) -> Project:
        return self

    def __exit__(self, *_exc) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<Project {self.path}{' (closed)' if self._closed else ''}>"

    def _info(self, key: str) -> str | None:
        with self._read() as connection:
            return connection.execute(
                text("SELECT value FROM project_info WHERE key = :key"), {"key": key}
            ).scalar()

    @property
    def name(self) -> str:
        return self._info("name") or self.path.stem

    @property
    def project_id(self) -> str:
        return self._info("project_id") or ""

    @property
    def schema_version(self) -> int:
        return int(self._info("schema_version") or 0)

    @property
    def is_coder_copy(self) -> bool:
        """Whether this file is a coder copy handed out by a master project (see core/copies)."""
        return self._info(copy_keys.CODER_COPY_FOR) is not None

    @property
    def master_project_id(self) -> str | None:
        """The project id of the master this coder copy was made from; None for a master."""
        return self._info(copy_keys.MASTER_PROJECT_ID)

    def summary(self) -> records.ProjectSummary:
        with self._read() as connection:
            def count(model) -> int:
                return connection.execute(select(func.count()).select_from(model)).scalar_one()

            per_coder = connection.execute(
                select(models.Coder.name, func.count(models.Claim.id))
                .outerjoin(models.Claim, models.Claim.coder_id == models.Coder.id)
                .group_by(models.Coder.id)
                .order_by(models.Coder.name)
            ).all()
            return records.ProjectSummary(
                path=str(self.path), name=self.name, project_id=self.project_id,
                schema_version=self.schema_version, documents=count(models.Document),
                coders=count(models.Coder), themes=count(models.Theme), actors=count(models.Actor),
                stance_levels=count(models.StanceLevel), claims=count(models.Claim),
                claims_per_coder=dict(per_coder),
            )

    # -- analysis-ready data ------------------------------------------------------------------

    def claims_frame(self, document: Any = None, coder: Any = None) -> pd.DataFrame:
        """One row per claim with document metadata and variables, coder, theme (name, path, top
        level), actor and target (with types), stance value and label, quote, span, memo, times."""
        with self._read() as connection:
            conditions = []
            if document is not None:
                conditions.append(models.Claim.document_id == self._resolve(
                    connection, models.Document, document, "document", allow_name=False))
            if coder is not None:
                conditions.append(models.Claim.coder_id == self._resolve(connection, models.Coder, coder, "coder"))
            from afpak_coder.core.frames import claims_frame  # pandas, loaded when a frame is wanted

            return claims_frame(connection, self._theme_records(connection), conditions)

    @contextmanager
    def claim_chunks(self, *, coders: Any = None, documents: Any = None, themes: Any = None) -> Iterator[ClaimChunks]:
        """``claims_frame``'s rows, columns and order as consecutive frames of at most about 50,000
        claims, read in one transaction, for work on large projects that needs one chunk's texts at
        a time (see core/claim_chunks). ``coders``, ``documents``, ``themes``: records or ids (names
        for coders) to keep only their claims; None keeps all."""
        from afpak_coder.core.claim_chunks import plan_chunks  # pandas, loaded when frames are wanted

        with self._read() as connection:
            coder_ids = None if coders is None else [self._resolve(connection, models.Coder, c, "coder") for c in coders]
            yield plan_chunks(connection, self._theme_records(connection), coder_ids=coder_ids,
                              document_ids=None if documents is None else [reference_id(d) for d in documents],
                              theme_ids=None if themes is None else [reference_id(t) for t in themes])


def create_project(path: str | Path, *, name: str | None = None, codebook: Any = "default") -> Project:
    """Create a new project file holding the default codebook (``codebook=None`` for an empty one,
    or a path to a codebook YAML file)."""
    path = Path(path)
    project = Project(path, database.create_database(path, name))
    try:
        return with_codebook(project, codebook)
    except BaseException:
        path.unlink(missing_ok=True)  # no half-made project is left behind
        raise


def with_codebook(project: Project, codebook: Any) -> Project:
    """A new ``project`` given its first codebook ("default", a YAML path, or None for none);
    closed again if the codebook cannot be imported."""
    if codebook is not None:
        try:
            project.import_codebook(load_default_codebook() if codebook == "default" else Path(codebook))
        except BaseException:
            project.close()
            raise
    return project


def load_claims(path: str | Path, **filters: Any) -> pd.DataFrame:
    """The claims of a project file as a DataFrame (the columns of ``Project.claims_frame``)."""
    with open_project(path) as project:
        return project.claims_frame(**filters)


def open_project(path: str | Path, *, read_only: bool = False) -> Project:
    """Open an existing project file (an older one is backed up and migrated first).
    ``read_only=True`` opens a file on a read-only medium; every change is then refused.
    A ``postgresql://user:password@host/database`` address opens a server project instead."""
    if is_server_url(path):
        from afpak_coder.core.server_project import open_server_project  # psycopg, only for servers

        return open_server_project(connect_address(path))
    path = Path(path)
    return Project(path, database.open_database(path, read_only), read_only=read_only)
