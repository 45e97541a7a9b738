"""Chosen claims (a selection in the claims browser) as an Excel workbook or a CSV file, with the
columns of the full export.

    export_selected_claims(project, [claim.id, ...], "chosen.xlsx")   # or "chosen.csv"
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from afpak_coder.analysis.filters import select_claims
from afpak_coder.exchange.atomic import ExportError, atomic_outputs
from afpak_coder.exchange.csv_export import write_csv
from afpak_coder.exchange.xlsx_export import write_workbook


def export_selected_claims(project: Any, claim_ids: Iterable[uuid.UUID | str], path: str | Path, *,
                           overwrite: bool = False) -> int:
    """Write the claims with these ids (CSV if ``path`` ends in .csv, else a workbook whose Documents
    sheet lists their documents); all or nothing. Returns how many claims were written."""
    path = Path(path)
    if path.suffix.lower() not in (".csv", ".xlsx"):
        raise ExportError(f"{path}: choose a file ending in .xlsx or .csv")
    wanted = {str(uuid.UUID(str(claim_id))) for claim_id in claim_ids}
    with atomic_outputs([path], overwrite=overwrite, protect=[project.path]) as (temporary,):
        selection = select_claims(project)
        frame = selection.frame
        selection.frame = frame[frame["claim_id"].isin(wanted)].reset_index(drop=True)
        kept_documents = set(selection.frame["document_id"])
        selection.documents = [d for d in selection.documents if str(d.id) in kept_documents]
        if path.suffix.lower() == ".csv":
            write_csv(selection.frame, temporary)
        else:
            write_workbook(selection, temporary)
    return len(selection.frame)
