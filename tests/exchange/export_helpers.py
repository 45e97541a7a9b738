"""A project full of text that spreadsheets would misread: shared by the export tests."""

import afpak_coder

# Each text starts with one of the characters a spreadsheet treats as the start of a formula.
DANGEROUS = [
    '=HYPERLINK("http://attacker.example","click")',
    "+1+1",
    "-2+3",
    "@SUM(A1:A2)",
    "\t=1+1 after a tab",
    "\r=1+1 after a carriage return",
]
CONTROL = "Kabul\x01 said\x0b no\x1f more"  # characters XML forbids
SEPARATOR = " ... "


def dangerous_project(path):
    """Themes, actors and a stance scale; one document whose text holds every dangerous string,
    coded once per string (quote = the string; memo = the string too); a title, author and
    document variables that are dangerous or numeric."""
    project = afpak_coder.create_project(path, codebook=None)
    project.add_theme("Security", color="#e3b5b5")
    project.add_theme("Border", color="#1f3b70")
    project.add_actor("Pakistani government", type="government")
    project.add_actor("Afghan Taliban administration", type="government")
    for value, label in ((-2, "Hostile"), (-1, "Critical"), (0, "Neutral"), (1, "Cooperative")):
        project.add_stance_level(value, label)
    pieces = [*DANGEROUS, CONTROL, "#N/A", "-5"]
    text = SEPARATOR.join(pieces)
    document = project.add_document(
        text, title="=cmd|' /C calc'!A0", author="@someone", outlet="-Dash Daily", published="2024-03-14",
        variables={"pages": 12, "share": -0.25, "note": "+danger", "signed": "2024-02-01"},
    )
    project.add_coder("Ayesha")
    position = 0
    stances = [-2, -1, 0, 1, None, -2, -1, 0, 1]
    for piece, stance in zip(pieces, stances):
        project.add_claim(document=document, coder="Ayesha", start=position, end=position + len(piece),
                          theme="Security", actor="Pakistani government", target="Afghan Taliban administration",
                          stance=stance, memo=piece)
        position += len(piece) + len(SEPARATOR)
    return project


def all_cells(workbook):
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            yield from row
