"""Editing the metadata of many documents at once, after the import.

Built on ``Project.update_document`` (one transaction per document): every value is checked for
all documents first, so a bad value changes nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from afpak_coder.core.documents_service import METADATA_FIELDS, clean_variables, parse_date
from afpak_coder.core.errors import ValidationError
from afpak_coder.core.progress import Progress, ensure_progress
from afpak_coder.core.records import Document
from afpak_coder.core.variables_service import check_value, infer_kind

FIELDS = tuple(field for field in METADATA_FIELDS if field != "variables")


def update_documents(project, documents: Sequence[Document], changes: Mapping[str, Any] | None = None, *,
                     set_variables: Mapping[str, Any] | None = None, remove_variables: Iterable[str] = (),
                     progress: Progress | None = None) -> list[Document]:
    """Set the same fields on every document (``changes``: title, outlet, author, published, url,
    language, genre, direction; None or "" clears a field), add or change variables on each
    (``set_variables``, other variables kept) and remove some (``remove_variables``)."""
    changes = dict(changes or {})
    unknown = set(changes) - set(FIELDS)
    if unknown:
        raise ValidationError(f"documents have no field {', '.join(sorted(unknown))}")
    if "title" in changes and len(documents) > 1:
        raise ValidationError("give each document its own title: a title cannot be set for several documents at once")
    if "published" in changes:
        parse_date(changes["published"])
    if "direction" in changes and changes["direction"] not in ("ltr", "rtl"):
        raise ValidationError(f"direction: {changes['direction']!r} is neither 'ltr' nor 'rtl'")
    new_values = clean_variables(set_variables)
    kinds = {variable.name: variable for variable in project.variables()}
    for name, value in new_values.items():
        variable = kinds.get(name)
        kind = variable.kind if variable else infer_kind(value)
        new_values[name] = check_value(name, kind, variable.categories if variable else (), value)
    removed = set(remove_variables)
    progress = ensure_progress(progress)
    updated = []
    for done, document in enumerate(documents):
        progress.check()
        progress.update(done, len(documents), f"Updating {document.title}")
        fields = dict(changes)
        if new_values or removed:
            variables = {k: v for k, v in document.variables.items() if k not in removed}
            fields["variables"] = {**variables, **new_values}
        updated.append(project.update_document(document, **fields) if fields else document)
    progress.update(len(documents), len(documents), "Updated")
    return updated
