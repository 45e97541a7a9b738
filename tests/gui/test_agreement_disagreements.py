"""The disagreements browser and reconciling into the Consensus coder, driven through the widgets."""

import shutil

import pytest
from PySide6.QtCore import Qt

import afpak_coder
from afpak_coder.analysis.agreement_report import agreement_report
from afpak_coder.core.sample import build_sample_project
from afpak_coder.gui.agreement.disagreements_view import FILTERS, DisagreementsView
from afpak_coder.gui.agreement.reconcile_merge_dialog import MergedClaimDialog
from afpak_coder.gui.agreement.reconcile_panel import ReconcilePanel


@pytest.fixture(scope="module")
def sample_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("built") / "sample.afpak"
    build_sample_project(path).close()
    return path


@pytest.fixture
def browser(qtbot, sample_file, tmp_path):
    path = tmp_path / "sample.afpak"
    shutil.copy(sample_file, path)
    project = afpak_coder.open_project(path)
    report = agreement_report(project, coders=["Ayesha", "Bilal"], draws=0)
    view = DisagreementsView(project)
    panel = ReconcilePanel(project, view)
    view.add_right_widget(panel)
    panel.set_coders(report.settings.coders)
    panel.set_agreed(report.agreed)
    view.set_disagreements(report.disagreements)
    qtbot.addWidget(view)
    view.resize(1100, 700)
    view.show()
    yield project, report, view, panel
    project.close()


def test_selecting_a_disagreement_shows_each_version_in_the_text(browser):
    project, report, view, _panel = browser
    first = report.disagreements[0]
    assert view.current() == first
    panes = [pane for pane in view.panes if pane.isVisible()]
    assert [pane.version.coder for pane in panes] == ["Ayesha", "Bilal"]
    text = project.document(first.document_id).text
    for pane, version in zip(panes, first.versions):
        expected = text[version.start:version.end] if version.has_claim else text[first.start:first.end]
        # Qt's selectedText marks paragraph breaks with U+2029
        assert pane.marked_text().replace("\u2029", "\n") == expected
        assert version.coder in pane.heading.text()
    assert f"#{first.number}" in view.passage_label.text()


def test_right_to_left_documents_read_right_to_left(browser):
    project, report, view, _panel = browser
    urdu = next(d for d in report.disagreements
                if project.document(d.document_id).direction == "rtl")
    assert view.select_number(urdu.number)
    option = view.panes[0].text.document().defaultTextOption()
    assert option.textDirection() == Qt.LayoutDirection.RightToLeft


def test_filters(browser):
    _project, report, view, _panel = browser
    view.kind_box.setCurrentIndex([label for label, _kind in FILTERS].index("Unmatched claims"))
    assert view.shown() and all("unmatched" in d.kinds for d in view.shown())
    assert len(view.shown()) == sum("unmatched" in d.kinds for d in report.disagreements)
    assert f"{len(view.shown())} shown" in view.count_label.text()


def test_accepting_a_version_writes_the_consensus(qtbot, browser):
    project, report, view, panel = browser
    first = view.current()
    button = next(b for b in panel.accept_buttons if b.objectName() == "accept_Bilal")
    with qtbot.waitSignal(panel.changed):
        button.click()
    claims = project.claims(coder="Consensus")
    bilal = next(v for v in first.versions if v.coder == "Bilal")
    assert [(c.start, c.end, c.theme.path_label) for c in claims] == [(bilal.start, bilal.end, bilal.theme)]
    assert view.model.resolved[first.number] == "Bilal's version"
    view.unresolved_box.setChecked(True)
    assert first not in view.shown()
    assert "1 reconciled" in view.count_label.text()


def test_a_merged_version(qtbot, browser):
    project, _report, view, panel = browser
    disagreement = view.current()
    dialog = MergedClaimDialog(project, disagreement)
    qtbot.addWidget(dialog)
    dialog.based_on.setCurrentIndex(1)  # Bilal's span and codes, then edited
    dialog.stance.setCurrentIndex(dialog.stance.findData(2))
    dialog.memo.setText("settled in the coders' meeting")
    values = dialog.values()
    assert values["stance"] == 2 and dialog.quote.text()
    panel.edit_merged = lambda *_arguments: values
    panel.merge_button.click()
    claim = project.claims(coder="Consensus")[0]
    assert claim.stance.value == 2 and claim.memo == "settled in the coders' meeting"
    assert view.model.resolved[disagreement.number] == "merged version"


def test_an_empty_merged_span_is_refused(qtbot, browser):
    project, _report, view, _panel = browser
    dialog = MergedClaimDialog(project, view.current())
    qtbot.addWidget(dialog)
    dialog.end.setValue(dialog.start.value())
    dialog.buttons.button(dialog.buttons.StandardButton.Save).click()
    assert "empty" in dialog.problem.text() and dialog.result() == 0


def test_many_at_once_behind_a_progress_dialog(qtbot, browser):
    project, report, view, panel = browser
    panel.bulk_coder.setCurrentText("Ayesha")
    panel.bulk_button.click()
    with qtbot.waitSignal(panel.task.finished, timeout=30000):
        pass
    with_claim = sum(next(v for v in d.versions if v.coder == "Ayesha").has_claim for d in report.disagreements)
    assert len(project.claims(coder="Consensus")) == with_claim
    assert len(view.model.resolved) == len(report.disagreements)
    panel.copy_button.click()
    with qtbot.waitSignal(panel.task.finished, timeout=30000):
        pass
    assert len(project.claims(coder="Consensus")) == with_claim + len(report.agreed)
    assert "Copied" in panel.status.text()
