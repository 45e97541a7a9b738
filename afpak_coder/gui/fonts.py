"""Fonts for Arabic script shipped inside the package, so Urdu, Dari and Pashto read well on a
machine without system fonts for them: Noto Naskh Arabic (Dari, Pashto, Arabic) and Noto Nastaliq
Urdu (Urdu), under the SIL Open Font License (``resources/fonts/OFL.txt``).

They are registered once per process (about 12 ms) and used unless the user chooses the system's
fonts (View → Bundled fonts for Arabic script). Emoji come from the system's emoji font when it has
one; without one, flags in titles are shown as their two-letter country codes instead of empty boxes.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtGui import QFont, QFontDatabase, QFontInfo

FONT_FOLDER = Path(__file__).resolve().parents[1] / "resources" / "fonts"
NASKH = "Noto Naskh Arabic"
NASTALIQ = "Noto Nastaliq Urdu"
SETTING = "fonts/bundled_arabic"
_FLAG = re.compile("[\U0001F1E6-\U0001F1FF]{2}")


@cache
def register_bundled_fonts() -> tuple[str, ...]:
    """Add the shipped fonts to Qt's font database (once); returns the families now available."""
    families: list[str] = []
    for path in sorted(FONT_FOLDER.glob("*.ttf")):
        font_id = QFontDatabase.addApplicationFont(str(path))
        families += [f for f in QFontDatabase.applicationFontFamilies(font_id) if f not in families]
    return tuple(families)


def bundled_fonts_wanted(settings: QSettings) -> bool:
    return settings.value(SETTING, True, type=bool)


def font_for_language(base: QFont, language: str | None, direction: str | None, bundled: bool) -> QFont:
    """The reading font for a document: Nastaliq for Urdu, Naskh for other right-to-left text;
    the base family stays in the list so Latin words and digits keep their usual look."""
    font = QFont(base)
    family = real_family(base)
    if not bundled:
        font.setFamilies([family])
        return font
    register_bundled_fonts()
    primary = (language or "").split("-")[0].casefold()
    if primary == "ur":
        font.setFamilies([NASTALIQ, NASKH, family])
    elif direction == "rtl" or primary in ("fa", "ps", "prs", "ar"):
        font.setFamilies([NASKH, family])
    else:
        font.setFamilies([family, NASKH])  # Arabic-script quotes inside English text
    return font


def real_family(font: QFont) -> str:
    """The installed family behind a font: an alias such as "Sans Serif" first in a list would hand
    even the spaces of English text to the next family."""
    return QFontInfo(font).family()


@cache
def system_has_emoji_font() -> bool:
    return any("emoji" in family.casefold() for family in QFontDatabase.families())


def _flag_letters(match: re.Match) -> str:
    return "".join(chr(ord(c) - 0x1F1E6 + ord("A")) for c in match.group(0))


def readable_title(title: str) -> str:
    """A title for display: without an emoji font, 🇵🇰 becomes PK rather than two empty boxes."""
    if system_has_emoji_font() or not _FLAG.search(title):
        return title
    return _FLAG.sub(_flag_letters, title)


def use_bundled_fonts_everywhere(app, bundled: bool) -> None:
    """Lists, titles and dialogs fall back to Naskh for Arabic script the system font lacks."""
    font = app.font()
    family = real_family(font) if len(font.families()) < 2 else font.families()[0]
    if bundled:
        register_bundled_fonts()
        font.setFamilies([family, NASKH])
    else:
        font.setFamilies([family])
    app.setFont(font)
