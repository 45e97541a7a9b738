"""Start-up stays light: what ``import afpak_coder`` and ``afpak-coder --version`` load.

Measured in a fresh interpreter run with ``python -X importtime`` (which lists the modules as they
are imported), together with the interpreter's own ``sys.modules`` at the end."""

import subprocess
import sys

import afpak_coder

HEAVY = ("pandas", "numpy", "scipy", "openpyxl", "matplotlib", "PySide6", "sqlalchemy")


def modules_loaded_by(code: str) -> set[str]:
    code += "\nimport sys\nprint('\\n'.join(sys.modules))"
    result = subprocess.run([sys.executable, "-X", "importtime", "-c", code],
                            capture_output=True, text=True, timeout=120, check=True)
    names = set(result.stdout.split())
    for line in result.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            names.add(line.rsplit("|", 1)[1].strip())
    assert "afpak_coder" in names  # the listing is really there
    return names


def heavy_among(names: set[str]) -> set[str]:
    return {name for name in names if name.split(".")[0] in HEAVY}


def test_import_afpak_coder_loads_no_heavy_library():
    assert heavy_among(modules_loaded_by("import afpak_coder")) == set()


def test_version_and_help_load_no_heavy_library():
    code = ("import contextlib, io, sys\n"
            "from afpak_coder.launcher import main\n"
            "for arguments in (['--version'], ['--help']):\n"
            "    with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit):\n"
            "        main(arguments)\n")
    names = modules_loaded_by(code)
    assert "afpak_coder.cli" in names
    assert heavy_among(names) == set()


def test_a_command_loads_only_its_own_module():
    names = modules_loaded_by("from afpak_coder import cli; cli.build_parser('coder-copy')")
    assert "afpak_coder.commands.coder_copy" in names
    assert not {"afpak_coder.commands.export", "afpak_coder.commands.agreement"} & names
    assert not {"scipy", "openpyxl"} & names


def test_public_api_is_still_there():
    from afpak_coder.core.project import Project, open_project

    assert afpak_coder.Project is Project and afpak_coder.open_project is open_project
    assert set(afpak_coder.__all__) <= set(dir(afpak_coder))


def test_desktop_app_first_screen_loads_only_qt():
    """The window is painted before a project is opened: dialogs, charts and the database come later."""
    names = modules_loaded_by("import afpak_coder.gui.app, afpak_coder.gui.main_window")
    assert "PySide6.QtWidgets" in names
    assert heavy_among(names) == {name for name in heavy_among(names) if name.startswith("PySide6")}


def test_info_reads_the_project_without_sqlalchemy_or_pandas(tmp_path):
    path = tmp_path / "study.afpak"
    with afpak_coder.create_project(path) as project:
        project.add_coder("Zara")
    code = ("import contextlib, io\n"
            "from afpak_coder.launcher import main\n"
            "with contextlib.redirect_stdout(io.StringIO()) as printed:\n"
            f"    assert main(['info', {str(path)!r}]) == 0\n"
            "assert '  Zara  0' in printed.getvalue().splitlines(), printed.getvalue()\n")
    names = modules_loaded_by(code)
    assert "afpak_coder.commands.info" in names
    assert heavy_among(names) == set()
