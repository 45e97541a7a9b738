"""Guards against a broken Qt binding: PySide6 6.12.0 released one reference to None per call of a
void method (Python 3.11 keeps None reference-counted), so the app aborted after a few thousand
calls — highlighting a long document was enough."""

import sys

from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QPlainTextEdit


def test_void_calls_leave_none_references_alone(qtbot):
    editor = QPlainTextEdit()
    qtbot.addWidget(editor)
    editor.setPlainText("Torkham " * 200)
    cursor = QTextCursor(editor.document())
    text_format = QTextCharFormat()
    before = sys.getrefcount(None)
    for _ in range(2000):
        cursor.setPosition(5)
        text_format.setBackground(QColor("#ffcc00"))
        editor.setPlaceholderText("x")
    assert sys.getrefcount(None) - before > -100
