"""``afpak-coder network``, run the way a user runs it."""

import subprocess
import sys

import networkx as nx
import numpy as np
import pytest

import afpak_coder
from afpak_coder import cli
from afpak_coder.core.sample import build_sample_project


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    path = tmp_path_factory.mktemp("cli-network") / "sample.afpak"
    build_sample_project(path).close()
    return path


def test_network_writes_graphml_matching_the_python_api(sample, tmp_path):
    out = tmp_path / "actors.graphml"
    result = subprocess.run([sys.executable, "-m", "afpak_coder", "network", str(sample), "--kind", "onemode",
                             "--weight", "congruence", "--normalise", "average", "--coder", "Ayesha",
                             "--graphml", str(out), "--drawing", str(tmp_path / "actors.svg")],
                            capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"Wrote {out}: ")
    found = nx.read_graphml(out)
    with afpak_coder.open_project(sample) as project:
        expected = afpak_coder.network(project, kind="onemode", weight="congruence", normalise="average",
                                       coders="Ayesha")
    nodes = list(expected)
    assert set(found) == set(nodes)
    assert np.allclose(nx.to_numpy_array(found, nodelist=nodes), nx.to_numpy_array(expected, nodelist=nodes))
    assert (tmp_path / "actors.svg").read_text(encoding="utf-8").lstrip().startswith("<?xml")


def test_pooling_several_coders_is_said(sample, tmp_path, capsys):
    assert cli.main(["network", str(sample), "--kind", "directed", "--csv", str(tmp_path / "d.csv")]) == 0
    captured = capsys.readouterr()
    assert "Note: claims of 3 coders pooled" in captured.err


def test_windows_write_one_file_per_period(sample, tmp_path, capsys):
    assert cli.main(["network", str(sample), "--kind", "twomode", "--coder", "Ayesha", "--window", "year",
                     "--dl", str(tmp_path / "y.dl")]) == 0
    written = sorted(p.name for p in tmp_path.iterdir())
    assert written and all(name.startswith("y-20") and name.endswith(".dl") for name in written)
    assert len(capsys.readouterr().out.splitlines()) == len(written)


@pytest.mark.parametrize("arguments, message", [
    (["--kind", "twomode", "--weight", "congruence", "--graphml", "x.graphml"],
     "a two-mode network's weight is one of ignore, subtract, combine, not 'congruence'"),
    (["--kind", "onemode"], "network: name at least one output"),
    (["--coder", "Nobody", "--csv", "x.csv"], "no coder named 'Nobody'"),
])
def test_bad_requests_give_one_line_and_no_file(sample, tmp_path, capsys, arguments, message, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert cli.main(["network", str(sample), *arguments]) == 1
    error = capsys.readouterr().err
    assert message in error and len(error.strip().splitlines()) == 1
    assert list(tmp_path.iterdir()) == []
