"""``afpak-coder coder-copy`` and ``afpak-coder merge``, run the way a user runs them."""

import subprocess
import sys

import pytest

from afpak_coder.core.project import open_project
from afpak_coder.core.sample import build_sample_project


def run_cli(*arguments):
    return subprocess.run([sys.executable, "-m", "afpak_coder", *map(str, arguments)],
                          capture_output=True, text=True, timeout=300)


@pytest.fixture
def master(tmp_path):
    path = tmp_path / "master.afpak"
    build_sample_project(path).close()
    return path


def code(path, coder, spans, theme="Security", actor="Pakistani military", stance=1):
    """What the coder does in the app, done through the service: claims on (document number, start, end)."""
    with open_project(path) as copy:
        by_number = {d.number: d for d in copy.documents()}
        for number, start, end in spans:
            copy.add_claim(document=by_number[number], coder=coder, start=start, end=end, theme=theme, actor=actor,
                           stance=stance)


def test_round_trip_two_coders_then_agreement(master, tmp_path):
    dana, emil = tmp_path / "dana.afpak", tmp_path / "emil.afpak"
    made = run_cli("coder-copy", master, "--coder", "Dana", "--output", dana)
    assert made.returncode == 0, made.stderr
    assert made.stdout.strip() == (f"Wrote the coder copy {dana} for Dana (coder 'Dana' added to the master): "
                                   "11 documents")
    made = run_cli("coder-copy", master, "--coder", "Emil", "-o", emil, "--documents", "1", "2")
    assert made.returncode == 0, made.stderr
    assert made.stdout.strip().endswith("for Emil (coder 'Emil' added to the master): 2 documents")
    spans = [(1, 0, 60), (1, 100, 180), (2, 0, 40)]
    code(dana, "Dana", spans)
    code(emil, "Emil", spans[:2] + [(2, 5, 40)], stance=2)

    merged = run_cli("merge", master, dana, emil)

    assert merged.returncode == 0, merged.stderr
    lines = merged.stdout.splitlines()
    assert lines[0].startswith(f"Merged into {master} (backup: ")
    assert "Dana from dana.afpak: 3 added, 0 updated, 0 removed, 0 unchanged" in lines
    assert "Emil from emil.afpak: 3 added, 0 updated, 0 removed, 0 unchanged" in lines
    agreement = run_cli("agreement", master, "--coders", "Dana", "Emil", "--draws", "0")
    assert agreement.returncode == 0, agreement.stderr
    assert agreement.stdout.splitlines()[0] == "Agreement of Dana, Emil on 2 documents"

    again = run_cli("merge", master, dana, emil)
    assert again.returncode == 0 and again.stdout.startswith("Nothing to change")


def test_bad_files_get_one_line_each_and_the_good_ones_are_merged(master, tmp_path):
    dana = tmp_path / "dana.afpak"
    run_cli("coder-copy", master, "--coder", "Dana", "--output", dana)
    code(dana, "Dana", [(1, 0, 60)])
    junk = tmp_path / "junk.afpak"
    junk.write_text("hello")
    other = tmp_path / "other.afpak"
    build_sample_project(other).close()
    foreign = tmp_path / "foreign.afpak"
    run_cli("coder-copy", other, "--coder", "Ayesha", "--output", foreign)

    result = run_cli("merge", master, dana, junk, master, foreign, tmp_path / "missing.afpak")

    assert result.returncode == 1
    assert "Dana from dana.afpak: 1 added" in result.stdout
    errors = result.stderr.splitlines()
    assert errors == [
        f"afpak-coder: error: {junk}: is not an afpak-coder project file; to code a document, open or create a project and import it with File → Import documents… (or: afpak-coder import PROJECT FILE)",
        f"afpak-coder: error: {master}: is the master project itself; give the coder copies made from it",
        f"afpak-coder: error: {tmp_path / 'missing.afpak'}: no such file",
        f"afpak-coder: error: {foreign}: is a coder copy of another project (id {project_id(other)}), not of "
        "'Afghanistan–Pakistan relations: sample project'; not merged without confirmation; "
        "pass --force to merge it anyway",
    ]
    assert "Traceback" not in result.stderr


def project_id(path):
    with open_project(path) as project:
        return project.project_id


def test_same_name_coders_are_refused_unless_an_option_says_how(master, tmp_path):
    dana = tmp_path / "dana.afpak"
    run_cli("coder-copy", master, "--coder", "Dana", "--output", dana)
    with open_project(dana) as copy:
        copy.add_coder("Clara")
    code(dana, "Clara", [(1, 0, 60)])

    stopped = run_cli("merge", master, dana)
    assert stopped.returncode == 1
    assert stopped.stderr.strip() == (f"afpak-coder: error: {dana}: coder 'Clara': the master already has a coder "
                                      "named 'Clara'; pass --same-name separate or --same-name same")
    with open_project(master) as project:
        clara_claims = len(project.claims(coder="Clara"))

    kept_apart = run_cli("merge", master, dana, "--same-name", "separate")
    assert kept_apart.returncode == 0, kept_apart.stderr
    assert "Clara (dana) (as 'Clara' in the file) from dana.afpak: 1 added" in kept_apart.stdout
    with open_project(master) as project:
        assert len(project.claims(coder="Clara (dana)")) == 1 and len(project.claims(coder="Clara")) == clara_claims


def test_new_themes_can_be_mapped_and_a_dry_run_writes_nothing(master, tmp_path):
    dana = tmp_path / "dana.afpak"
    run_cli("coder-copy", master, "--coder", "Dana", "--output", dana)
    with open_project(dana) as copy:
        copy.add_theme("Smuggling", parent="Border & trade")
    code(dana, "Dana", [(1, 0, 60)], theme="Border & trade › Smuggling")

    dry = run_cli("merge", master, dana, "--dry-run")
    assert dry.returncode == 0 and dry.stdout.startswith(f"Dry run: nothing was written to {master}")
    assert "theme 'Border & trade › Smuggling' added (proposed in dana.afpak)" in dry.stdout
    with open_project(master) as project:
        assert project.claims(coder="Dana") == []

    bad = run_cli("merge", master, dana, "--map-theme", "Smuggling")
    assert bad.returncode == 1 and bad.stderr.strip() == "afpak-coder: error: --map-theme 'Smuggling': expected NEW=EXISTING"
    merged = run_cli("merge", master, dana, "--map-theme", "Border & trade/Smuggling=Border closures, crossings and trade")
    assert merged.returncode == 0, merged.stderr
    assert "theme 'Border & trade › Smuggling' mapped onto 'Border & trade › Border closures, crossings and trade'" \
        in merged.stdout
    with open_project(master) as project:
        (claim,) = project.claims(coder="Dana")
        assert claim.theme.name == "Border closures, crossings and trade"
        assert "Smuggling" not in [t.name for t in project.themes()]


def test_coder_copy_refusals(master, tmp_path):
    taken = tmp_path / "taken.afpak"
    taken.write_text("x")
    result = run_cli("coder-copy", master, "--coder", "Dana", "--output", taken)
    assert result.returncode == 1
    assert result.stderr.strip() == f"afpak-coder: error: {taken}: a file of that name already exists; choose another name"
    result = run_cli("coder-copy", master, "--coder", "Dana", "--output", tmp_path / "d.afpak", "--documents", "42")
    assert result.stderr.strip() == f"afpak-coder: error: {master}: there is no document number 42"
    assert not (tmp_path / "d.afpak").exists()


def test_help_of_both_commands():
    for command in ("coder-copy", "merge"):
        result = run_cli(command, "--help")
        assert result.returncode == 0 and "usage: afpak-coder " + command in result.stdout
