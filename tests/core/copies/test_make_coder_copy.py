"""Making a coder copy: a new, blind project file for one coder, tied to its master."""

import json
import sqlite3

import pytest

from afpak_coder.core.copies import keys
from afpak_coder.core.copies.errors import CoderCopyError
from afpak_coder.core.copies.make_copy import create_coder_copy
from afpak_coder.core.errors import AfpakError
from afpak_coder.core.progress import Cancelled, RecordingProgress
from afpak_coder.core.project import open_project
from copies_helpers import contents


def info(path) -> dict:
    raw = sqlite3.connect(path)
    try:
        return dict(raw.execute("SELECT key, value FROM project_info").fetchall())
    finally:
        raw.close()


def test_the_copy_holds_the_coders_own_work_only_and_knows_its_master(master, tmp_path):
    bilal = master.claims(coder="Bilal")[0]
    master.update_claim(bilal, memo="SECRET-MEMO-OF-BILAL")
    before = contents(master)
    result = create_coder_copy(master, "Ayesha", tmp_path / "ayesha.afpak")
    assert result.coder == "Ayesha" and not result.coder_added
    assert result.documents == 11 and result.claims == len(master.claims(coder="Ayesha")) > 0
    assert contents(master) == before  # making a copy changes nothing in the master
    with open_project(result.path) as copy:
        assert copy.is_coder_copy and not master.is_coder_copy
        assert copy.master_project_id == master.project_id and master.master_project_id is None
        assert copy.project_id != master.project_id
        assert [c.name for c in copy.coders()] == ["Ayesha"]
        assert {c.coder.name for c in copy.claims()} == {"Ayesha"}
        assert {c.id for c in copy.claims()} == {c.id for c in master.claims(coder="Ayesha")}
        assert {coder_id for _document, coder_id in copy.statuses()} <= {master.coder("Ayesha").id}
        # Documents keep their ids, numbers and texts (hashes); the codebook keeps its ids.
        assert sorted((d.id, d.number, d.sha256, d.text) for d in copy.documents()) == \
            sorted((d.id, d.number, d.sha256, d.text) for d in master.documents())
        assert [t.id for t in copy.themes()] == [t.id for t in master.themes()]
        assert [a.id for a in copy.actors()] == [a.id for a in master.actors()]
    facts = info(result.path)
    assert facts[keys.CODER_COPY_FOR] == str(master.coder("Ayesha").id)
    assert set(json.loads(facts[keys.CODER_COPY_BASELINE])) == {c.id.hex for c in master.claims(coder="Ayesha")}
    # Blind also on disk: nothing deleted can be read back from the file's free pages.
    data = result.path.read_bytes()
    assert b"SECRET-MEMO-OF-BILAL" not in data and b"Clara" not in data
    assert not list(tmp_path.glob("ayesha.afpak.creating*"))


def test_chosen_documents_only_and_search_knows_no_other_text(master, tmp_path):
    documents = sorted(master.documents(), key=lambda d: d.number)
    kept = documents[:2]
    result = create_coder_copy(master, "Clara", tmp_path / "clara.afpak", documents=[kept[0].number, kept[1].id])
    with open_project(result.path) as copy:
        assert sorted(d.id for d in copy.documents()) == sorted(d.id for d in kept)
        assert {c.document.id for c in copy.claims()} <= {d.id for d in kept}
        assert len(copy.claims()) == sum(len(master.claims(document=d, coder="Clara")) for d in kept)
        dropped_word = next(word for word in documents[5].text.split() if len(word) > 8 and word.isalpha()
                            and not any(word in d.text for d in kept))
        assert copy.search(dropped_word) == []
        assert master.search(dropped_word)


def test_a_new_coder_is_added_to_the_master_and_their_copy_starts_empty(master, tmp_path):
    result = create_coder_copy(master, "Dana", tmp_path / "dana.afpak")
    assert result.coder_added and "Dana" in [c.name for c in master.coders()]
    with open_project(result.path) as copy:
        assert [c.name for c in copy.coders()] == ["Dana"] and copy.claims() == []
        assert copy.coder("Dana").id == master.coder("Dana").id


def test_themes_and_actors_added_in_a_copy_are_proposed(master, tmp_path):
    result = create_coder_copy(master, "Dana", tmp_path / "dana.afpak")
    with open_project(result.path) as copy:
        assert not any(t.proposed for t in copy.themes())
        assert copy.add_theme("Smuggling", parent="Security").proposed
        assert copy.add_actor("Chaman traders").proposed
        report = copy.import_codebook({"themes": [{"name": "Water"}], "actors": [{"name": "Kunar farmers"}]})
        assert report["themes added"] == 1 and report["actors added"] == 1
        assert copy.theme("Water").proposed and copy.actor("Kunar farmers").proposed
    assert not master.add_theme("Fencing").proposed  # in the master, entries are the lead's own


def test_refusals_name_the_file_and_leave_nothing_behind(master, tmp_path):
    taken = tmp_path / "taken.afpak"
    taken.write_text("x")
    with pytest.raises(CoderCopyError, match="already exists"):
        create_coder_copy(master, "Ayesha", taken)
    with pytest.raises(CoderCopyError, match="does not exist"):
        create_coder_copy(master, "Ayesha", tmp_path / "missing" / "a.afpak")
    with pytest.raises(CoderCopyError, match="no document number 99"):
        create_coder_copy(master, "Ayesha", tmp_path / "a.afpak", documents=[99])
    with pytest.raises(CoderCopyError, match="at least one document"):
        create_coder_copy(master, "Ayesha", tmp_path / "a.afpak", documents=[])
    copy = create_coder_copy(master, "Ayesha", tmp_path / "a.afpak").path
    with open_project(copy) as opened, pytest.raises(CoderCopyError, match="is itself a coder copy"):
        create_coder_copy(opened, "Ayesha", tmp_path / "b.afpak")
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.endswith(".afpak")) == ["a.afpak", "master.afpak",
                                                                                       "taken.afpak"]


def test_cancel_leaves_no_file(master, tmp_path):
    with pytest.raises(Cancelled):
        create_coder_copy(master, "Ayesha", tmp_path / "a.afpak", progress=RecordingProgress(cancel_after=2))
    assert not list(tmp_path.glob("a.afpak*"))


def test_every_error_is_an_afpak_error_on_one_line(master, tmp_path):
    with pytest.raises(AfpakError) as caught:
        create_coder_copy(master, "Ayesha", tmp_path / "master.afpak")
    assert "\n" not in str(caught.value) and "master.afpak" in str(caught.value)
