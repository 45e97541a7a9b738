"""What a merge did: per coder of each file, claims added, updated, removed and unchanged; the
conflicts; what was skipped and why; the codebook entries and coders it added or mapped."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

_CONFLICTS_LISTED = 20  # per coder in the text; the counts are always complete


@dataclass
class CoderOutcome:
    file: str  # the coder file's name
    coder: str  # the coder's name in the master
    name_in_file: str
    added: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0
    statuses: int = 0  # coding statuses brought over
    conflicts: list[str] = field(default_factory=list)
    skipped: Counter = field(default_factory=Counter)  # reason -> number of claims

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.removed or self.statuses)

    def lines(self) -> list[str]:
        renamed = f" (as {self.name_in_file!r} in the file)" if self.name_in_file != self.coder else ""
        lines = [f"{self.coder}{renamed} from {self.file}: {self.added} added, {self.updated} updated, "
                 f"{self.removed} removed, {self.unchanged} unchanged"
                 + (f"; {self.statuses} coding statuses" if self.statuses else "")]
        if self.conflicts:
            lines.append(f"  {len(self.conflicts)} conflicts:")
            lines += [f"    {conflict}" for conflict in self.conflicts[:_CONFLICTS_LISTED]]
            if len(self.conflicts) > _CONFLICTS_LISTED:
                lines.append(f"    … and {len(self.conflicts) - _CONFLICTS_LISTED} more")
        for reason, count in sorted(self.skipped.items()):
            lines.append(f"  skipped {count} claim{'s' if count != 1 else ''}: {reason}")
        return lines


@dataclass
class MergeReport:
    master: Path
    dry_run: bool = False
    backup: Path | None = None
    outcomes: list[CoderOutcome] = field(default_factory=list)
    files_skipped: list[tuple[str, str]] = field(default_factory=list)  # (file name, why: a line naming the file)
    document_conflicts: list[str] = field(default_factory=list)
    codebook: list[str] = field(default_factory=list)  # entries added or mapped
    coders_added: list[str] = field(default_factory=list)
    codebook_changed: bool = False
    file_notes: list[str] = field(default_factory=list)  # coder files that may lack saved work

    @property
    def changed(self) -> bool:
        """Whether the master was (or, in a dry run, would be) changed."""
        return self.codebook_changed or bool(self.coders_added) or any(o.changed for o in self.outcomes)

    def outcome(self, coder: str, file: str | None = None) -> CoderOutcome:
        """The outcome of the coder named ``coder`` (in the master), optionally from one file."""
        for outcome in self.outcomes:
            if outcome.coder == coder and (file is None or outcome.file == file):
                return outcome
        raise KeyError(coder)

    @property
    def conflicts(self) -> int:
        return len(self.document_conflicts) + sum(len(o.conflicts) for o in self.outcomes)

    def lines(self, *, files_skipped: bool = True) -> list[str]:
        """The report as lines of text; ``files_skipped=False`` leaves out the files not merged (the
        CLI prints those as errors)."""
        if self.dry_run:
            head = f"Dry run: nothing was written to {self.master}"
        elif self.changed:
            head = f"Merged into {self.master}" + (f" (backup: {self.backup})" if self.backup else "")
        else:
            head = f"Nothing to change in {self.master}: everything in the coder files is there already"
        lines = [head]
        for outcome in self.outcomes:
            lines += outcome.lines()
        if self.coders_added:
            lines.append("Coders added: " + ", ".join(self.coders_added))
        if self.codebook:
            lines.append("Codebook:")
            lines += [f"  {entry}" for entry in self.codebook]
        if self.document_conflicts:
            lines.append("Documents in conflict:")
            lines += [f"  {conflict}" for conflict in self.document_conflicts]
        lines += [f"Check: {note}" for note in self.file_notes]
        if files_skipped:
            lines += [f"Not merged: {why}" for _file, why in self.files_skipped]
        return lines

    def text(self, *, files_skipped: bool = True) -> str:
        return "\n".join(self.lines(files_skipped=files_skipped))
