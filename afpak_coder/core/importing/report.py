"""What an import did: imported, skipped as duplicate (naming the document already there),
failed (with the reason), skipped (not a supported format), and anything left when cancelled."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from afpak_coder.core.importing.candidates import ImportFailure, SkippedFile
from afpak_coder.core.records import Document


@dataclass(frozen=True)
class ImportedDocument:
    label: str
    document: Document
    warnings: tuple[str, ...] = ()  # what the reader could not use (a date it could not read, ...)


@dataclass(frozen=True)
class DuplicateDocument:
    label: str
    existing: Document


@dataclass
class ImportReport:
    imported: list[ImportedDocument] = field(default_factory=list)
    duplicates: list[DuplicateDocument] = field(default_factory=list)
    failed: list[ImportFailure] = field(default_factory=list)
    skipped: list[SkippedFile] = field(default_factory=list)
    left_out: list[str] = field(default_factory=list)  # unticked in the preview
    cancelled: bool = False
    not_reached: int = 0  # candidates not imported because the user cancelled

    @property
    def ok(self) -> bool:
        """No file failed (duplicates and unsupported formats are not failures)."""
        return not self.failed

    def summary(self) -> str:
        parts = [f"{len(self.imported)} imported", f"{len(self.duplicates)} skipped as duplicate",
                 f"{len(self.failed)} failed"]
        if self.skipped:
            parts.append(f"{len(self.skipped)} not in a supported format")
        if self.left_out:
            parts.append(f"{len(self.left_out)} left out")
        if self.cancelled:
            parts.append(f"cancelled with {self.not_reached} not imported")
        return ", ".join(parts)

    def lines(self) -> list[str]:
        """The report as text, one line per file (unsupported files grouped by extension)."""
        lines = []
        for item in self.imported:
            lines.append(f"imported   {item.label} → #{item.document.number} \"{item.document.title}\"")
            lines += [f"  warning  {item.label}: {warning}" for warning in item.warnings]
        lines += [f"duplicate  {item.label}: the same text is already document "
                  f"#{item.existing.number} \"{item.existing.title}\"" for item in self.duplicates]
        lines += [f"failed     {failure.reason}" for failure in self.failed]
        lines += [f"left out   {label}" for label in self.left_out]
        by_reason: dict[str, list[str]] = defaultdict(list)
        for skipped in self.skipped:
            by_reason[skipped.reason].append(skipped.path.name)
        for reason, names in sorted(by_reason.items()):
            shown = ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
            lines.append(f"skipped    {shown}: {reason}")
        lines.append(self.summary())
        return lines
