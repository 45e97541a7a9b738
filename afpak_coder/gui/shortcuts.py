"""Every keyboard shortcut, in one table: the menus take their keys from here and
Help → Keyboard shortcuts shows it."""

from __future__ import annotations

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTableWidget, QTableWidgetItem, QVBoxLayout

NEW_PROJECT = "Ctrl+N"
OPEN_PROJECT = "Ctrl+O"
CLOSE_PROJECT = "Ctrl+W"
QUIT = "Ctrl+Q"
UNDO = "Ctrl+Z"
REDO = "Ctrl+Shift+Z"
FIND = "Ctrl+F"
FIND_NEXT = "F3"
SEARCH_CORPUS = "Ctrl+Shift+F"
NEXT_DOCUMENT = "Ctrl+J"
NEXT_INCOMPLETE = "Ctrl+Shift+J"
SWITCH_CODER = "Ctrl+Shift+K"  # Ctrl+Shift+C is the claims browser
CLAIMS_BROWSER = "Ctrl+Shift+C"
CODEBOOK = "Ctrl+B"
DELETE_CLAIM = "Del"
REPEAT_CODES = "Ctrl+R"
SUGGESTION_KEYS = tuple(f"Ctrl+{n}" for n in range(1, 7))
NEXT_CANDIDATE = "Ctrl+Alt+N"
STANCE_KEYS = tuple(f"Alt+{n}" for n in range(1, 10))
FOCUS_FILTER = "Ctrl+L"
IMPORT = "Ctrl+I"
DETAILS = "Ctrl+D"
EXPORT = "Ctrl+E"
OVERVIEW = "Ctrl+Shift+O"
AGREEMENT = "Ctrl+Shift+A"
USER_GUIDE = "F1"
PANELS = "Alt+Shift+1 … Alt+Shift+4"

# Where the platform has a standard key for an action, the menus use it (Cmd on macOS, the
# desktop's own choice on Linux); the strings above are what the table below shows.
STANDARD_KEYS = {
    NEW_PROJECT: QKeySequence.StandardKey.New,
    OPEN_PROJECT: QKeySequence.StandardKey.Open,
    CLOSE_PROJECT: QKeySequence.StandardKey.Close,
    QUIT: QKeySequence.StandardKey.Quit,
    FIND: QKeySequence.StandardKey.Find,
    FIND_NEXT: QKeySequence.StandardKey.FindNext,
    USER_GUIDE: QKeySequence.StandardKey.HelpContents,
}


def key_bindings(key: str) -> list[QKeySequence]:
    """The key shown in the table first (the menu displays it), then the platform's other standard
    keys for the same action (Ctrl+F4 for Close on Linux, Cmd+W on macOS …)."""
    main = QKeySequence(key)
    standard = QKeySequence.keyBindings(STANDARD_KEYS[key]) if key in STANDARD_KEYS else []
    return [main, *(binding for binding in standard if binding != main)]

TABLE = [
    ("Coding", "Mouse drag / Shift+arrows", "Select a passage in the document"),
    ("Coding", "Double-click / triple-click", "Select a word / the sentence"),
    ("Coding", "1 – 9", "Choose the theme pinned to that key (document view focused)"),
    ("Coding", "Alt+T", "Go to the theme filter (type, then Enter picks the first match)"),
    ("Coding", "Alt+A / Alt+G", "Go to the actor / target field (type a name or an alias)"),
    ("Coding", "Alt+1 … Alt+5", "Choose the stance, from the most confrontational up"),
    ("Coding", "Alt+M", "Go to the memo"),
    ("Coding", "Enter (Ctrl+Enter in the memo)", "Save the claim"),
    ("Coding", "Esc", "Drop the claim in the panel (fields emptied, nothing selected)"),
    ("Coding", REPEAT_CODES, "Repeat last codes: the last saved claim's theme, actor, target, stance"),
    ("Coding", "Ctrl+1 … Ctrl+6", "Take a suggestion chip: fills its field (Enter still saves)"),
    ("Coding", NEXT_CANDIDATE, "Select the next sentence marked as likely to hold a claim"),
    ("Coding", "Click a highlight", "Open that claim for editing"),
    ("Coding", DELETE_CLAIM, "Delete the claim selected in the claims list"),
    ("Coding", UNDO + " / " + REDO, "Undo / redo any coding or codebook action"),
    ("Documents", NEXT_DOCUMENT, "Next document to code (not done yet)"),
    ("Coding", NEXT_INCOMPLETE, "Next incomplete claim of yours (no actor or no stance), to finish it"),
    ("Documents", FOCUS_FILTER, "Filter the document list"),
    ("Documents", FIND + " / " + FIND_NEXT, "Find in the document / next hit"),
    ("Documents", SEARCH_CORPUS, "Search all documents"),
    ("Documents", IMPORT, "Import documents (or drop files on the document list)"),
    ("Documents", DETAILS, "Edit the details of the selected documents"),
    ("Project", EXPORT, "Export the claims to Excel and CSV"),
    ("Project", OVERVIEW, "Overview: crosstabs and charts"),
    ("Project", AGREEMENT, "Coder agreement, disagreements and reconciling"),
    ("Project", CLAIMS_BROWSER, "Claims browser: every claim, filtered, sorted, re-coded in bulk"),
    ("Project", SWITCH_CODER, "Switch coder"),
    ("Project", CODEBOOK, "Edit the codebook"),
    ("Project", NEW_PROJECT + " / " + OPEN_PROJECT + " / " + CLOSE_PROJECT, "New / open / close project"),
    ("Window", PANELS, "Show or hide the Documents, Coding, Claims and Search panels"),
    ("Window", USER_GUIDE, "User guide"),
    ("Project", QUIT, "Quit"),
]


class ShortcutsDialog(QDialog):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        self.table = QTableWidget(len(TABLE), 3, objectName="shortcutsTable")
        self.table.setHorizontalHeaderLabels(["Area", "Keys", "What it does"])
        for row, entry in enumerate(TABLE):
            for column, text in enumerate(entry):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setStretchLastSection(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.resize(720, 560)
