"""``afpak-coder suggest``, run the way a user runs it (issue 17)."""

import hashlib
import json
import subprocess
import sys

from afpak_coder.core.project import open_project
from afpak_coder.core.sample import build_sample_project


def run_cli(*arguments):
    return subprocess.run([sys.executable, "-m", "afpak_coder", *map(str, arguments)],
                          capture_output=True, text=True, timeout=300)


def test_suggest_prints_uncoded_candidate_sentences_and_writes_nothing(tmp_path):
    path = tmp_path / "sample.afpak"
    build_sample_project(path).close()
    with open_project(path) as project:
        clara = project.coder("Clara")
        coded = {d.number: [(c.start, c.end) for c in project.claims(document=d, coder=clara)]
                 for d in project.documents()}
    before = hashlib.sha256(path.read_bytes()).hexdigest()

    shown = run_cli("suggest", path, "--coder", "Clara", "--json")

    assert shown.returncode == 0, shown.stderr
    result = json.loads(shown.stdout)
    assert result["coder"] == "Clara" and result["trained_on"] == ["Clara"] and result["claims"] == 67
    assert set(result["quality"]) == {"theme", "actor", "target", "stance"}
    assert result["candidates"], "the sample leaves some sentences uncoded"
    for candidate in result["candidates"]:
        # never a sentence Clara has already coded
        assert not any(a < candidate["end"] and b > candidate["start"] for a, b in coded[candidate["document"]])
        for dimension in candidate["suggestions"]:
            assert result["quality"][dimension]["useful"]
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before

    text = run_cli("suggest", path, "--coder", "Clara", "--quality")
    assert text.returncode == 0, text.stderr
    lines = text.stdout.splitlines()
    assert lines[0].startswith("Suggestions for Clara, learned from 67 of their claims")
    assert lines[1].split()[:4] == ["dimension", "claims", "top-1", "top-3"]
    assert [line.split()[0] for line in lines[2:]] == ["theme", "actor", "target", "stance"]


def test_suggest_for_an_unknown_coder_is_one_line(tmp_path):
    path = tmp_path / "sample.afpak"
    build_sample_project(path).close()
    failed = run_cli("suggest", path, "--coder", "Nobody")
    assert failed.returncode == 1
    assert len(failed.stderr.strip().splitlines()) == 1 and "Nobody" in failed.stderr


def test_the_agreement_report_says_which_coders_had_suggestions_on(tmp_path):
    from afpak_coder.analysis.suggester import record_suggestions_shown

    path = tmp_path / "sample.afpak"
    build_sample_project(path).close()
    before = run_cli("agreement", path, "--coders", "Ayesha", "Bilal", "--draws", "0")
    assert before.returncode == 0, before.stderr
    assert "Suggestions were off for every coder compared." in before.stdout.splitlines()
    with open_project(path) as project:
        record_suggestions_shown(project, "Bilal")
    after = run_cli("agreement", path, "--coders", "Ayesha", "Bilal", "--draws", "0")
    (line,) = [line for line in after.stdout.splitlines() if line.startswith("Suggestions were")]
    assert line.startswith("Suggestions were on for Bilal (from ") and line.endswith("; off for the others.")
