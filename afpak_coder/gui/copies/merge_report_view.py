"""A merge report as HTML for a QTextBrowser: per coder of each file, claims added, updated,
removed and unchanged, conflicts and what was skipped; then the codebook, documents in conflict and
files not merged."""

from __future__ import annotations

from html import escape

from afpak_coder.core.copies.report import MergeReport

_LISTED = 50  # conflicts shown per coder; the count is always complete


def report_html(report: MergeReport) -> str:
    if report.dry_run:
        head = "Dry run: nothing was written"
    elif report.changed:
        head = "Merged"
    else:
        head = "Nothing to change: everything in these files is in the project already"
    parts = [f"<h3>{escape(head)}</h3>"]
    if report.backup:
        parts.append(f"<p>A backup of the project as it was: <code>{escape(str(report.backup))}</code></p>")
    if report.outcomes:
        header = "".join(f"<th>{name}</th>" for name in ("Coder", "File", "Added", "Updated", "Removed", "Unchanged",
                                                           "Conflicts", "Skipped"))
        rows = []
        for outcome in report.outcomes:
            numbers = (outcome.added, outcome.updated, outcome.removed, outcome.unchanged, len(outcome.conflicts),
                       sum(outcome.skipped.values()))
            cells = "".join(f"<td align='right'>{value:,}</td>" for value in numbers)
            rows.append(f"<tr><td>{escape(outcome.coder)}</td><td>{escape(outcome.file)}</td>{cells}</tr>")
        parts.append(f"<table border='0' cellspacing='0' cellpadding='4'><tr>{header}</tr>{''.join(rows)}</table>")
    for outcome in report.outcomes:
        details = [f"<li>{escape(conflict)}</li>" for conflict in outcome.conflicts[:_LISTED]]
        if len(outcome.conflicts) > _LISTED:
            details.append(f"<li>… and {len(outcome.conflicts) - _LISTED:,} more</li>")
        details += [f"<li>skipped {count:,}: {escape(reason)}</li>" for reason, count in sorted(outcome.skipped.items())]
        if outcome.statuses:
            details.append(f"<li>{outcome.statuses:,} coding statuses brought over</li>")
        if details:
            parts.append(f"<p><b>{escape(outcome.coder)}</b> from {escape(outcome.file)}:</p><ul>{''.join(details)}</ul>")
    for title, lines in (("Coders added", report.coders_added), ("Codebook", report.codebook),
                         ("Documents in conflict", report.document_conflicts),
                         ("Not merged", [why for _file, why in report.files_skipped])):
        if lines:
            items = "".join(f"<li>{escape(line)}</li>" for line in lines)
            parts.append(f"<p><b>{title}</b></p><ul>{items}</ul>")
    return "".join(parts)
