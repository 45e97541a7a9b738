"""The export dialog, driven through its widgets; the export itself runs in the worker thread."""

import datetime as dt

import openpyxl
import pandas as pd
import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QMessageBox

from afpak_coder.analysis.filters import ClaimFilter
from afpak_coder.core.sample import build_sample_project
from afpak_coder.gui.exporting import export_dialog
from afpak_coder.gui.background import BackgroundTask
from afpak_coder.gui.exporting.export_dialog import ExportDialog


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    with build_sample_project(tmp_path_factory.mktemp("export-dialog") / "sample.afpak") as project:
        yield project


@pytest.fixture
def dialog(qtbot, sample, tmp_path, errors):
    """The dialog with its files in tmp_path. Error boxes are recorded (``errors``), never shown:
    a modal box would block the test."""
    widget = ExportDialog(sample, selected_documents=sample.documents()[:2])
    qtbot.addWidget(widget)
    for key in ("xlsx", "csv", "tidy_csv", "dta", "sav"):
        suffix = {"xlsx": ".xlsx", "dta": ".dta", "sav": ".sav"}.get(key, ".csv")
        widget.output_paths[key].setText(str(tmp_path / f"{key}{suffix}"))
    widget.show()
    return widget


def tick(widget_list, text):
    item = next(widget_list.item(i) for i in range(widget_list.count()) if widget_list.item(i).text().strip() == text)
    item.setCheckState(Qt.CheckState.Checked)


def export_and_wait(qtbot, dialog):
    with qtbot.waitSignal(dialog.exported, timeout=60000) as signal:
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    return signal.args[0]


def test_exports_the_chosen_files_with_the_chosen_claims(qtbot, dialog, sample, tmp_path, errors):
    dialog.output_checks["csv"].setChecked(True)
    tick(dialog.coder_list, "Ayesha")
    assert dialog.some_coders.isChecked()  # ticking a coder chooses "these coders"
    lines = export_and_wait(qtbot, dialog)
    assert lines[0].startswith(f"Wrote {tmp_path / 'xlsx.xlsx'}: ")
    claims = pd.read_csv(tmp_path / "csv.csv")
    assert set(claims["coder"]) == {"Ayesha"} and len(claims) == len(sample.claims(coder="Ayesha"))
    readme = list(openpyxl.load_workbook(tmp_path / "xlsx.xlsx")["README"].iter_rows(values_only=True))
    assert ("Filters", "coders: Ayesha") in [row[:2] for row in readme]
    assert not (tmp_path / "tidy_csv.csv").exists()
    assert dialog.result() == ExportDialog.DialogCode.Accepted
    assert (tmp_path / "codebook.csv").exists() and not (tmp_path / "dta.dta").exists()
    assert errors == []


def test_exports_stata_and_spss_files_with_labels(qtbot, dialog, sample, tmp_path, errors):
    import pyreadstat

    dialog.output_checks["xlsx"].setChecked(False)
    qtbot.mouseClick(dialog.output_checks["dta"], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.output_checks["sav"], Qt.MouseButton.LeftButton)
    tick(dialog.coder_list, "Bilal")
    lines = export_and_wait(qtbot, dialog)
    assert [line.split(":")[0] for line in lines] == [f"Wrote {tmp_path / 'dta.dta'}", f"Wrote {tmp_path / 'sav.sav'}"]
    stata = pd.read_stata(tmp_path / "dta.dta")
    assert set(stata["coder"].astype(str)) == {"Bilal"} and len(stata) == len(sample.claims(coder="Bilal"))
    _, meta = pyreadstat.read_sav(tmp_path / "sav.sav")
    assert meta.variable_value_labels["stance"] == {level.value: level.label for level in sample.stance_levels()}
    assert errors == []


def test_the_filter_follows_the_widgets(dialog, sample):
    dialog.chosen_documents.setChecked(True)
    dialog.date_from.setDate(QDate(2024, 1, 1))
    tick(dialog.theme_list, "Security")
    tick(dialog.theme_list, "India's role")
    assert dialog.use_from.isChecked() and not dialog.use_to.isChecked()
    assert dialog.claim_filter() == ClaimFilter(
        documents=tuple(str(d.id) for d in sample.documents()[:2]), date_from=dt.date(2024, 1, 1),
        themes=("Security", "Regional alignments › India's role"))
    dialog.by_variable.setChecked(True)
    dialog.variable_box.setCurrentText("outlet_country")
    dialog.value_box.setCurrentText("Pakistan")
    assert dialog.claim_filter().variables == (("outlet_country", "Pakistan"),)


def test_consensus_is_offered_only_when_there_is_a_consensus_coder(qtbot, tmp_path, dialog):
    assert not dialog.consensus_only.isEnabled()
    with build_sample_project(tmp_path / "with-consensus.afpak") as project:
        project.add_coder("Consensus")
        other = ExportDialog(project)
        qtbot.addWidget(other)
        assert other.consensus_only.isEnabled()
        other.consensus_only.setChecked(True)
        assert other.claim_filter() == ClaimFilter(consensus_only=True)


def test_no_output_ticked_disables_export(dialog):
    assert dialog.export_button.isEnabled()
    dialog.output_checks["xlsx"].setChecked(False)
    assert not dialog.export_button.isEnabled()


def test_an_existing_file_is_replaced_only_after_confirming(qtbot, dialog, tmp_path, monkeypatch):
    target = tmp_path / "xlsx.xlsx"
    target.write_bytes(b"precious")
    asked = []
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *args, **kwargs: asked.append(args[2]) or QMessageBox.StandardButton.No)
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert str(target) in asked[0] and dialog.task is None
    assert target.read_bytes() == b"precious"
    monkeypatch.setattr(QMessageBox, "question", lambda *args, **kwargs: QMessageBox.StandardButton.Yes)
    export_and_wait(qtbot, dialog)
    assert openpyxl.load_workbook(target).sheetnames[0] == "README"


def test_cancel_leaves_no_file(qtbot, dialog, tmp_path, monkeypatch):
    def cancelled_at_once(parent, title, work):
        task = BackgroundTask(parent, title, work)
        task.cancel()  # as if Cancel were pressed before the first step
        return task.start()

    monkeypatch.setattr(export_dialog, "run_with_progress", cancelled_at_once)
    dialog.output_checks["csv"].setChecked(True)
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(dialog.task.finished, timeout=30000):
        pass
    assert "cancelled" in dialog.status.text()
    assert [p.name for p in tmp_path.iterdir()] == []
    assert dialog.isVisible() and dialog.export_button.isEnabled()


def test_a_failure_is_shown_and_the_dialog_stays(qtbot, dialog, tmp_path, errors):
    dialog.output_paths["xlsx"].setText(str(tmp_path / "gone" / "claims.xlsx"))
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(dialog.task.finished, timeout=30000):
        pass
    target = tmp_path / "gone" / "claims.xlsx"
    assert errors == [("Export failed", f"{target}: the folder {target.parent} does not exist")]
    assert dialog.isVisible()


def test_ticking_no_coder_is_refused(qtbot, dialog, errors):
    dialog.some_coders.setChecked(True)
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert errors == [("Export", "tick at least one coder, or choose all coders")]
    assert dialog.task is None
