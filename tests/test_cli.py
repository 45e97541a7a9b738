"""The command line, run the way a user runs it."""

import subprocess
import sys

import pytest

import afpak_coder
from afpak_coder import cli
from afpak_coder.core import database


def run_cli(*arguments):
    return subprocess.run([sys.executable, "-m", "afpak_coder", *map(str, arguments)],
                          capture_output=True, text=True, timeout=120)


def test_version_through_python_dash_m():
    result = run_cli("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"afpak-coder {afpak_coder.__version__}"


def test_new_then_info(tmp_path):
    path = tmp_path / "study.afpak"
    created = run_cli("new", path)
    assert created.returncode == 0, created.stderr
    assert "Created" in created.stdout and path.exists()
    with afpak_coder.open_project(path) as project:
        project.add_document("Kabul and Islamabad met in Doha.", title="talks")
        ayesha = project.add_coder("Ayesha")
        project.add_coder("Bilal")
        project.add_claim(document=project.documents()[0], coder=ayesha, start=0, end=5,
                          theme="Bilateral talks and visits", actor="Afghan Taliban administration", stance=1)
        themes, actors = len(project.themes()), len(project.actors())
    info = run_cli("info", path)
    assert info.returncode == 0, info.stderr
    lines = info.stdout.splitlines()
    assert f"Schema version:  {database.SCHEMA_VERSION}" in lines
    assert "Documents:       1" in lines and "Coders:          2" in lines
    assert f"Themes:          {themes}" in lines and f"Actors:          {actors}" in lines
    assert "  Ayesha  1" in lines and "  Bilal   0" in lines


def test_errors_are_one_line_without_traceback(tmp_path):
    bogus = tmp_path / "notes.afpak"
    bogus.write_text("not a project")
    result = run_cli("info", bogus)
    assert result.returncode == 1
    assert result.stderr.strip() == f"afpak-coder: error: {bogus}: is not an afpak-coder project file; to code a document, open or create a project and import it with File → Import documents… (or: afpak-coder import PROJECT FILE)"
    assert "Traceback" not in result.stderr


def test_new_refuses_to_overwrite(tmp_path, capsys):
    path = tmp_path / "study.afpak"
    path.write_text("precious")
    assert cli.main(["new", str(path)]) == 1
    assert "already exists" in capsys.readouterr().err
    assert path.read_text() == "precious"


def test_new_with_an_empty_codebook(tmp_path, capsys):
    path = tmp_path / "blank.afpak"
    assert cli.main(["new", str(path), "--empty-codebook", "--name", "Pilot"]) == 0
    with afpak_coder.open_project(path) as project:
        assert project.themes() == [] and project.name == "Pilot"


def test_codebook_export_and_import(tmp_path, capsys):
    source, target = tmp_path / "a.afpak", tmp_path / "b.afpak"
    cli.main(["new", str(source)])
    cli.main(["new", str(target), "--empty-codebook"])
    with afpak_coder.open_project(source) as project:
        project.add_theme("Water disputes")
    assert cli.main(["codebook", "export", str(source), str(tmp_path / "cb.yaml")]) == 0
    assert cli.main(["codebook", "import", str(target), str(tmp_path / "cb.yaml")]) == 0
    assert "themes added" in capsys.readouterr().out
    with afpak_coder.open_project(target) as project:
        assert "Water disputes" in {t.name for t in project.themes()}


def test_no_command_prints_help(capsys):
    assert cli.main([]) == 2
    assert "usage: afpak-coder" in capsys.readouterr().out


@pytest.mark.parametrize("module", ["afpak_coder", "afpak_coder.cli", "afpak_coder.core.sample"])
def test_the_service_and_cli_load_without_qt(module):
    code = f"import sys, {module}; print(any(m.startswith('PySide6') for m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.stdout.strip() == "False", result.stderr


def test_sample_command_builds_a_project_info_can_read(tmp_path):
    path = tmp_path / "sample.afpak"
    built = run_cli("sample", path)
    assert built.returncode == 0, built.stderr
    assert "Built the sample project" in built.stdout
    info = run_cli("info", path)
    assert "Coders:          3" in info.stdout
