"""Project settings: small values that belong to the project, not to one computer (for example
which coders have had suggestions on, which the agreement report must state)."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import text

from afpak_coder.core.service_base import ServiceBase

_PREFIX = "setting."


class SettingsMixin(ServiceBase):
    def setting(self, key: str, default: Any = None) -> Any:
        """The value stored under ``key`` (any JSON value), or ``default``."""
        with self._read() as connection:
            stored = connection.execute(
                text("SELECT value FROM project_info WHERE key = :key"), {"key": _PREFIX + key}
            ).scalar()
        return default if stored is None else json.loads(stored)

    def set_setting(self, key: str, value: Any) -> None:
        """Store ``value`` (JSON-serialisable) under ``key``, in one transaction."""
        with self._write_connection() as connection:
            connection.execute(
                text("INSERT INTO project_info (key, value) VALUES (:key, :value) "
                     "ON CONFLICT(key) DO UPDATE SET value = excluded.value"),
                {"key": _PREFIX + key, "value": json.dumps(value, sort_keys=True)},
            )
