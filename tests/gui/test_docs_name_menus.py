"""The README, docs/*.md and the app's own messages name menu items as the menus have them
("File → Import documents…")."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MENU_PATH = re.compile(r"\b(File|Edit|View|Coding|Analysis|Help) → ")


def item_texts(menu):
    return {a.text().replace("&", "").rstrip("…"): a for a in menu.actions() if not a.isSeparator()}


def resolves(window, top: str, rest: str) -> bool:
    """Does ``rest`` (the text after "Top → ") name an item of that menu, and so on down submenus?
    The docs may give an item whole ("Overview: crosstabs and charts…") or its unambiguous start
    ("Overview", "Show claims of → Only mine")."""
    menu = window.actions.menus[top.lower()]
    while True:
        phrase = re.split(r"[,.;:)]| \(| →", rest)[0].rstrip("…").strip()
        matches = [(text, action) for text, action in item_texts(menu).items()
                   if text and (rest.startswith(text) or (len(phrase) >= 4 and text.startswith(phrase)))]
        if len(matches) > 1:  # a short phrase that fits several items names none of them
            matches = [(text, action) for text, action in matches if rest.startswith(text)]
        if not matches:
            return False
        text, action = max(matches, key=lambda match: len(match[0]))
        rest = rest[len(text) if rest.startswith(text) else len(phrase):].lstrip("…")
        if not rest.startswith(" → "):
            return True
        if not action.menu():
            return False
        menu, rest = action.menu(), rest[len(" → "):]


def test_every_menu_path_in_the_docs_exists(window):
    window.open_sample_project()  # Show claims of and other menus filled from the project
    pages = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md")), *sorted((ROOT / "afpak_coder").rglob("*.py"))]
    named, wrong = 0, []
    for page in pages:
        for number, line in enumerate(page.read_text(encoding="utf-8").splitlines(), 1):
            line = line.replace("*", "")
            for match in MENU_PATH.finditer(line):
                named += 1
                if not resolves(window, match.group(1), line[match.end():]):
                    wrong.append(f"{page.name}:{number}: {line[match.start():match.start() + 60]}")
    assert named > 20
    # what the check refuses: an item that is not there, a submenu that is not there, a wrong name
    assert not resolves(window, "File", "Export → Excel workbook… opens")
    assert not resolves(window, "File", "Create coder copy… / Merge coder files…")
    assert not resolves(window, "File", "Save a copy keeps the work")
    assert resolves(window, "Coding", "Show claims of → Only mine, the browser")
    assert wrong == [], "\n".join(wrong)
