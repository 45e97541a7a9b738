"""What a user's desktop needs from the package: licence files, the desktop entry, the icons, the
GUI entry point (no console window on Windows) and the fonts for Arabic script."""

import configparser
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESOURCES = ROOT / "afpak_coder" / "resources"


def test_licence_and_citation_files_exist():
    assert "MIT License" in (ROOT / "LICENSE").read_text() and "the afpak-coder authors" in (ROOT / "LICENSE").read_text()
    assert "SIL OPEN FONT LICENSE Version 1.1" in (RESOURCES / "fonts" / "OFL.txt").read_text()
    assert (ROOT / "CITATION.cff").read_text().startswith("cff-version: 1.2.0")


def test_the_desktop_entry_starts_the_gui_script_with_the_shipped_icon():
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str
    entry.read(RESOURCES / "afpak-coder.desktop", encoding="utf-8")
    desktop = entry["Desktop Entry"]
    assert desktop["Type"] == "Application" and desktop["Terminal"] == "false"
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
    gui_scripts = pyproject["project"]["gui-scripts"]
    assert desktop["Exec"].split()[0] in gui_scripts
    assert gui_scripts[desktop["Exec"].split()[0]] == "afpak_coder.gui.app:main"
    icons = RESOURCES / "icons"
    assert (icons / f"{desktop['Icon']}.svg").is_file()
    for size in (16, 32, 48, 256):
        png = (icons / f"{desktop['Icon']}-{size}.png").read_bytes()
        assert png[:8] == b"\x89PNG\r\n\x1a\n"
        assert int.from_bytes(png[16:20], "big") == size  # IHDR width


def test_the_fonts_for_arabic_script_are_shipped():
    names = {p.name for p in (RESOURCES / "fonts").glob("*.ttf")}
    assert {"NotoNaskhArabic-Regular.ttf", "NotoNastaliqUrdu-Regular.ttf"} <= names


def test_make_install_desktop_puts_the_entry_and_icons_in_the_users_data_folder(tmp_path):
    import subprocess

    # -o: the venv counts as installed (this test runs inside it); nothing is reinstalled.
    result = subprocess.run(["make", "-o", ".venv/.installed", "install-desktop", f"DATA_HOME={tmp_path}"],
                            cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    entry = (tmp_path / "applications" / "afpak-coder.desktop").read_text(encoding="utf-8")
    executable = next(line for line in entry.splitlines() if line.startswith("Exec=")).split("=", 1)[1].split()[0]
    assert executable == str(ROOT / ".venv" / "bin" / "afpak-coder-gui")
    assert (tmp_path / "icons" / "hicolor" / "scalable" / "apps" / "afpak-coder.svg").is_file()
    assert (tmp_path / "icons" / "hicolor" / "48x48" / "apps" / "afpak-coder.png").read_bytes()[:4] == b"\x89PNG"
