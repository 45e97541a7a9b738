"""The README and docs/*.md name menu items as the menus have them ("File → Import documents…")."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MENU_PATH = re.compile(r"\b(File|Edit|View|Coding|Analysis|Help) → ")


def item_texts(menu):
    return {a.text().replace("&", "").rstrip("…"): a for a in menu.actions() if not a.isSeparator()}


def resolves(window, top: str, rest: str) -> bool:
    """Does ``rest`` (the text after "Top → ") start with an item of that menu, and so on down submenus?"""
    menu = window.actions.menus[top.lower()]
    while True:
        matches = [(text, action) for text, action in item_texts(menu).items() if text and rest.startswith(text)]
        if not matches:
            return False
        text, action = max(matches, key=lambda match: len(match[0]))
        rest = rest[len(text):].lstrip("…")
        if not (rest.startswith(" → ") and action.menu()):
            return True
        menu, rest = action.menu(), rest[len(" → "):]


def test_every_menu_path_in_the_docs_exists(window):
    pages = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    named, wrong = 0, []
    for page in pages:
        for number, line in enumerate(page.read_text(encoding="utf-8").splitlines(), 1):
            line = line.replace("*", "")
            for match in MENU_PATH.finditer(line):
                named += 1
                if not resolves(window, match.group(1), line[match.end():]):
                    wrong.append(f"{page.name}:{number}: {line[match.start():match.start() + 60]}")
    assert named > 10
    assert wrong == [], "\n".join(wrong)
