"""User-defined document variables (outlet country, outlet type, ...), typed for analysis."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import func, select

from afpak_coder.core import models, records
from afpak_coder.core.errors import DuplicateError, InUseError, ValidationError
from afpak_coder.core.service_base import ServiceBase, check_name
from afpak_coder.wording import plural

KINDS = ("text", "number", "date", "category")


def infer_kind(value: Any) -> str:
    if isinstance(value, bool):
        return "text"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        try:
            dt.date.fromisoformat(value)
            return "date"
        except ValueError:
            pass
    return "text"


def check_value(variable: str, kind: str, categories, value: Any) -> Any:
    """The value as stored for a variable of this kind, or ValidationError naming the problem."""
    if value is None or value == "":
        return None
    if kind == "number":
        if isinstance(value, str):
            try:
                value = float(value) if any(c in value for c in ".eE") else int(value)
            except ValueError:
                raise ValidationError(f"variable {variable!r}: {value!r} is not a number") from None
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ValidationError(f"variable {variable!r}: {value!r} is not a number")
        return value
    if kind == "date":
        try:
            return dt.date.fromisoformat(str(value)[:10]).isoformat()
        except ValueError:
            raise ValidationError(f"variable {variable!r}: {value!r} is not a date (YYYY-MM-DD)") from None
    value = str(value)
    if kind == "category" and categories and value not in categories:
        raise ValidationError(f"variable {variable!r}: {value!r} is not one of {', '.join(categories)}")
    return value


class VariablesMixin(ServiceBase):
    def variables(self) -> list[records.Variable]:
        table = models.DocumentVariable.__table__
        with self._read() as connection:
            rows = connection.execute(select(table).order_by(table.c.position, table.c.name)).mappings()
            return [records.Variable(id=r["id"], name=r["name"], kind=r["kind"],
                                     categories=tuple(r["categories"] or ()), position=r["position"]) for r in rows]

    def define_variable(self, name: str, kind: str = "text", categories: Any = ()) -> records.Variable:
        name = check_name(name, "document variable")
        if kind not in KINDS:
            raise ValidationError(f"variable {name!r}: kind {kind!r} is not one of {', '.join(KINDS)}")
        with self._write() as session:
            if session.execute(select(models.DocumentVariable.id).where(models.DocumentVariable.name == name)).first():
                raise DuplicateError(f"a document variable named {name!r} already exists")
            self._add_variable(session, name, kind, categories)
        return next(v for v in self.variables() if v.name == name)

    def update_variable(self, ref: Any, *, name: str | None = None, kind: str | None = None,
                        categories: Any = None) -> records.Variable:
        """Rename a variable (values follow), change its kind or categories (existing values must fit)."""
        with self._write() as session:
            variable_id = self._resolve(session.connection(), models.DocumentVariable, ref, "document variable")
            row = session.get(models.DocumentVariable, variable_id)
            old_name = row.name
            if kind is not None:
                if kind not in KINDS:
                    raise ValidationError(f"variable {row.name!r}: kind {kind!r} is not one of {', '.join(KINDS)}")
                row.kind = kind
            if categories is not None:
                row.categories = _categories(categories)
            new_name = check_name(name, "document variable") if name is not None else old_name
            if new_name != old_name and session.execute(
                select(models.DocumentVariable.id).where(models.DocumentVariable.name == new_name)
            ).first():
                raise DuplicateError(f"a document variable named {new_name!r} already exists")
            row.name = new_name
            for document in session.execute(select(models.Document)).scalars():
                values = dict(document.variables or {})
                if old_name in values:
                    value = check_value(new_name, row.kind, row.categories, values.pop(old_name))
                    values[new_name] = value
                    document.variables = values
        return next(v for v in self.variables() if v.id == variable_id)

    def delete_variable(self, ref: Any, *, with_values: bool = False) -> None:
        with self._write() as session:
            variable_id = self._resolve(session.connection(), models.DocumentVariable, ref, "document variable")
            row = session.get(models.DocumentVariable, variable_id)
            holders = [d for d in session.execute(select(models.Document)).scalars() if row.name in (d.variables or {})]
            if holders and not with_values:
                raise InUseError(f"variable {row.name!r} has values in {len(holders)} documents; "
                                 "pass with_values=True to remove them too")
            if holders:
                self._backup_before(f"before deleting variable {row.name!r} from {plural(len(holders), 'document')}")
            for document in holders:
                document.variables = {k: v for k, v in document.variables.items() if k != row.name}
            session.delete(row)

    def _define_new_variables(self, session, values: dict) -> None:
        """Check values against their definitions; define unknown variables from their values."""
        known = {row.name: row for row in session.execute(select(models.DocumentVariable)).scalars()}
        for name, value in list(values.items()):
            if name not in known:
                known[name] = self._add_variable(session, name, infer_kind(value), ())
            row = known[name]
            values[name] = check_value(name, row.kind, row.categories, value)

    def _add_variable(self, session, name: str, kind: str, categories) -> models.DocumentVariable:
        position = session.execute(select(func.coalesce(func.max(models.DocumentVariable.position) + 1, 0))).scalar_one()
        row = models.DocumentVariable(id=uuid.uuid4(), name=name, kind=kind, categories=_categories(categories),
                                      position=position)
        session.add(row)
        session.flush()
        return row


def _categories(categories: Any) -> list[str]:
    if isinstance(categories, str):
        categories = categories.split(";")
    return list(dict.fromkeys(str(c).strip() for c in categories or () if str(c).strip()))
