"""The REFI-QDA commands: export --qdpx, import of a .qdpx, codebook export/import .qdc."""

import pandas as pd

import afpak_coder
from afpak_coder.cli import main
from afpak_coder.exchange.refi_common import schema_errors


def test_qdpx_and_qdc_through_the_command_line(tmp_path, capsys):
    sample, empty = tmp_path / "sample.afpak", tmp_path / "empty.afpak"
    assert main(["sample", str(sample)]) == 0
    assert main(["export", str(sample), "--qdpx", str(tmp_path / "out.qdpx"), "--coder", "Bilal"]) == 0
    assert "REFI-QDA project with" in capsys.readouterr().out
    assert main(["new", str(empty), "--empty-codebook"]) == 0
    assert main(["import", str(empty), str(tmp_path / "out.qdpx")]) == 0
    out = capsys.readouterr().out
    assert "offsets counted as: code points" in out and "new coders: Bilal" in out
    with afpak_coder.open_project(sample) as project, afpak_coder.open_project(empty) as imported:
        bilal = project.claims_frame()
        bilal = bilal[bilal["coder"] == "Bilal"].reset_index(drop=True)
        pd.testing.assert_frame_equal(bilal, imported.claims_frame(), check_dtype=False)
    assert main(["codebook", "export", str(sample), str(tmp_path / "codebook.qdc")]) == 0
    assert schema_errors((tmp_path / "codebook.qdc").read_bytes(), "Codebook") == []
    assert main(["codebook", "import", str(empty), str(tmp_path / "codebook.qdc")]) == 0
    assert "already present" in capsys.readouterr().out
