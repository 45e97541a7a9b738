"""A long document shows at once; its claims are read off the GUI thread and then highlighted."""

import pytest

import afpak_coder
from afpak_coder.gui.workspace.coding_controller import LONG_DOCUMENT

SENTENCE = "Trucks waited at Torkham while officials in Islamabad and Kabul traded statements. "


@pytest.fixture
def long_project(tmp_path):
    path = tmp_path / "long.afpak"
    with afpak_coder.create_project(path) as project:
        text = SENTENCE * (LONG_DOCUMENT // len(SENTENCE) + 10)
        document = project.add_document(text, title="Long")
        project.add_document("A short one.", title="Short")
        project.add_coder("Ayesha")
        project.add_claims([dict(document=document, coder="Ayesha", start=i * len(SENTENCE), end=i * len(SENTENCE) + 6,
                                 theme="Border closures, crossings and trade", actor="Traders and transporters",
                                 stance=0) for i in range(300)])
    return path


def open_long(window, qtbot, path):
    window.open_path(path)
    for row in range(window.documents_proxy.rowCount()):
        if window.documents_proxy.index(row, 0).data() == "Long":
            window.documents_table.selectRow(row)
    assert window.document_view.document_shown.title == "Long"


def test_claims_of_a_long_document_arrive_after_its_text(window, qtbot, long_project):
    open_long(window, qtbot, long_project)
    qtbot.waitUntil(lambda: len(window.claims_model.claims()) == 300, timeout=10000)
    assert window.document_view.painted_claims > 0
    assert window.controller._loading is None


def test_a_claim_saved_while_claims_are_read_is_kept(window, qtbot, long_project):
    open_long(window, qtbot, long_project)
    start = 5 * len(SENTENCE) + 7
    window.document_view.select_span(start, start + 20)  # may happen before the read has finished
    panel = window.coding_panel
    panel.themes.set_current(window.project.theme("Security").id)
    panel.actor.set_actor(window.project.actor("Pakistani government").id)
    window.controller.save()
    qtbot.waitUntil(lambda: window.controller._loading is None, timeout=10000)
    claims = window.claims_model.claims()
    assert len(claims) == 301 and any((c.start, c.end) == (start, start + 20) for c in claims)


def test_switching_documents_ignores_a_late_result(window, qtbot, long_project):
    open_long(window, qtbot, long_project)
    for row in range(window.documents_proxy.rowCount()):
        if window.documents_proxy.index(row, 0).data() == "Short":
            window.documents_table.selectRow(row)
    window.controller.loader.wait()
    qtbot.wait(50)
    assert window.document_view.document_shown.title == "Short"
    assert window.claims_model.claims() == []


def test_scrolling_highlights_the_claims_that_come_into_view(window, qtbot, long_project):
    open_long(window, qtbot, long_project)
    qtbot.waitUntil(lambda: window.controller._loading is None, timeout=10000)
    view = window.document_view
    bar = view.verticalScrollBar()
    bar.setValue(bar.maximum() // 15)  # claims cover the first eighth of the text

    def highlighted_in_view():
        low, high = view.visible_span()
        expected = {(max(c.start, low), min(c.end, high)) for c in view._claims if c.start < high and c.end > low}
        shown = {(view.offsets.to_codepoint(s.cursor.selectionStart()), view.offsets.to_codepoint(s.cursor.selectionEnd()))
                 for s in view.extraSelections()}
        return expected and expected == shown

    qtbot.wait(30)  # the highlights follow within an event-loop turn, not after a delay
    assert highlighted_in_view()


def test_claims_on_the_first_screen_are_highlighted_before_all_are_read(window, qtbot, long_project):
    open_long(window, qtbot, long_project)
    view = window.document_view
    # the full read arrives later, as a queued signal; the first screen's claims are already shown
    assert window.claims_model.claims() == []
    low, high = view.visible_span()
    shown = view.shown_claims()
    assert view.painted_claims == len(shown) > 0
    expected = window.project.claims_between(view.document_shown, low, high)
    assert [c.id for c in shown] == [c.id for c in expected]
    qtbot.waitUntil(lambda: len(window.claims_model.claims()) == 300, timeout=10000)
    assert len(view.shown_claims()) == 300
