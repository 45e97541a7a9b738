"""Files that cannot be merged as they are: each gets one clear line naming it, the master stays as
it was, and the other files are still merged."""

import shutil
import sqlite3
from pathlib import Path

import pytest

from afpak_coder.core import database
from afpak_coder.core.copies.apply import BAD_QUOTE, NO_DOCUMENT, apply_merge
from afpak_coder.core.copies.coder_file import read_coder_file
from afpak_coder.core.copies.make_copy import create_coder_copy
from afpak_coder.core.copies.plan import SAME, build_merge_plan
from afpak_coder.core.errors import DamagedProjectError, NewerSchemaError, ProjectFileError
from afpak_coder.core.project import create_project, open_project
from afpak_coder.core.sample import build_sample_project
from afpak_coder.core.text import text_sha256
from copies_helpers import backups, claim_args, contents, tamper

FIXTURES = Path(__file__).parent.parent / "fixtures"


@pytest.fixture
def dana(master, tmp_path):
    """Dana's copy with two claims on document 1."""
    path = create_coder_copy(master, "Dana", tmp_path / "dana.afpak").path
    with open_project(path) as copy:
        document = next(d for d in copy.documents() if d.number == 1)
        for start in (0, 60):
            copy.add_claim(coder="Dana", **claim_args(copy, document, start, start + 40))
    return path


def refused_alone(master, path) -> str:
    """Merge ``path`` alone; check that it is refused with one line and nothing changes."""
    before = contents(master)
    plan = build_merge_plan(master, [path])
    ((refused_path, message),) = plan.refused
    report = apply_merge(master, plan)
    assert refused_path == Path(path) and str(path) in message and "\n" not in message
    assert contents(master) == before and backups(master) == [] and not report.changed
    assert f"Not merged: {message}" in report.text()
    return message


def test_a_file_that_is_no_project(master, tmp_path):
    path = tmp_path / "notes.afpak"
    path.write_bytes(b"not a database at all, just some notes" * 50)
    assert "is not an afpak-coder project" in refused_alone(master, path)
    with pytest.raises(ProjectFileError):
        read_coder_file(path)


def test_a_truncated_and_a_damaged_coder_file(master, dana, tmp_path):
    truncated = tmp_path / "truncated.afpak"
    truncated.write_bytes(dana.read_bytes()[:10])
    assert "damaged" in refused_alone(master, truncated)
    damaged = tmp_path / "damaged.afpak"
    data = bytearray(dana.read_bytes())
    page = 4096
    for offset in range(2 * page, len(data) - page, page):  # scribble over every page but the first
        data[offset:offset + 64] = b"\xff" * 64
    damaged.write_bytes(bytes(data))
    assert "damaged" in refused_alone(master, damaged)
    with pytest.raises(DamagedProjectError):
        read_coder_file(damaged)


def test_a_coder_file_from_a_newer_version(master, dana):
    tamper(dana, "UPDATE project_info SET value = '99' WHERE key = 'schema_version'")
    message = refused_alone(master, dana)
    assert "newer afpak-coder" in message and "schema 99" in message
    with pytest.raises(NewerSchemaError):
        read_coder_file(dana)


def test_the_master_itself_and_a_plain_copy_of_it(master, tmp_path):
    assert "is the master project itself" in refused_alone(master, master.path)
    byte_copy = master.save_copy(tmp_path / "master-copy.afpak")
    assert "copy of the master project itself" in refused_alone(master, byte_copy)


def test_the_same_coder_copy_twice_is_merged_once(master, dana, tmp_path):
    again = tmp_path / "dana-again.afpak"
    shutil.copy(dana, again)
    plan = build_merge_plan(master, [dana, again])
    ((path, message),) = plan.refused
    assert path == again and "is the same coder copy as" in message
    assert apply_merge(master, plan).outcome("Dana").added == 2


def test_a_copy_of_another_master_needs_confirmation(master, dana, tmp_path):
    with build_sample_project(tmp_path / "other.afpak") as other:
        foreign = create_coder_copy(other, "Ayesha", tmp_path / "other-ayesha.afpak").path
    with open_project(foreign) as copy:
        document = next(d for d in copy.documents() if d.number == 2)
        added = copy.add_claim(coder="Ayesha", **claim_args(copy, document, 0, 50))
    before = contents(master)
    plan = build_merge_plan(master, [foreign, dana])
    (warned,) = plan.warnings
    assert "is a coder copy of another project" in warned.warning and str(foreign) in warned.warning
    report = apply_merge(master, plan)
    assert [file for file, _why in report.files_skipped] == ["other-ayesha.afpak"]
    assert report.outcome("Dana").added == 2 and added.id not in {c.id for c in master.claims()}
    assert len(contents(master)["claims"]) == len(before["claims"]) + 2

    # Confirmed: its documents are found by their text (their ids differ), its codebook by name, and
    # its Ayesha (another person's id) is asked about.
    plan = build_merge_plan(master, [foreign], force=True)
    (question,) = plan.questions
    assert question.clash_name == "Ayesha"
    ayesha_before = len(master.claims(coder="Ayesha"))
    plan.answer_all(SAME)
    outcome = apply_merge(master, plan).outcome("Ayesha")
    merged = master.claim(added.id)
    assert merged.document.id != document.id and merged.document.sha256 == document.sha256
    assert merged.quote == merged.document.text[0:50] and merged.coder.name == "Ayesha"
    # The other project's claims are other claims (other ids), so all of them are added.
    assert outcome.added == len(other_claims_of(foreign)) == len(master.claims(coder="Ayesha")) - ayesha_before


def other_claims_of(path):
    with open_project(path) as copy:
        return copy.claims()


def test_a_project_that_is_no_coder_copy_needs_confirmation(master, tmp_path):
    with create_project(tmp_path / "plain.afpak") as plain:
        path = plain.path
    plan = build_merge_plan(master, [path])
    assert "is not a coder copy" in plan.warnings[0].warning
    assert apply_merge(master, plan).files_skipped[0][0] == "plain.afpak"


def test_a_document_whose_text_changed_is_a_conflict_and_its_claims_stay_out(master, dana):
    with open_project(dana) as copy:
        document = next(d for d in copy.documents() if d.number == 1)
        text = document.text
    # A hand-edited file: two characters put in front of the text, every claim moved along with them.
    changed = "* " + text
    tamper(dana, "DROP TRIGGER document_text_immutable", "DROP TRIGGER document_hash_immutable")
    tamper(dana, "UPDATE document_text SET text = ? WHERE number = 1", parameters=(changed,))
    tamper(dana, "UPDATE document SET sha256 = ?, length = ? WHERE number = 1",
           parameters=(text_sha256(changed), len(changed)))
    tamper(dana, 'UPDATE claim SET start = start + 2, "end" = "end" + 2')
    before = contents(master)
    plan = build_merge_plan(master, [dana])
    (issue,) = plan.document_issues
    assert "another text than the master's document 1" in issue.text() and "2 claims are not attached" in issue.text()
    report = apply_merge(master, plan)
    assert report.outcome("Dana").skipped == {NO_DOCUMENT: 2} and report.outcome("Dana").added == 0
    assert contents(master) == before
    assert report.document_conflicts == [issue.text()]


def test_a_document_only_the_coder_has_is_reported(master, dana):
    with open_project(dana) as copy:
        own = copy.add_document("A leaflet the coder found at the crossing, typed in.", title="Leaflet")
        copy.add_claim(coder="Dana", **claim_args(copy, own, 0, 9))
    plan = build_merge_plan(master, [dana])
    (issue,) = plan.document_issues
    assert "'Leaflet' has a text the master does not have" in issue.text()
    outcome = apply_merge(master, plan).outcome("Dana")
    assert outcome.added == 2 and outcome.skipped == {NO_DOCUMENT: 1}


def test_claims_whose_quote_is_not_at_their_offsets_are_never_attached(master, dana):
    tamper(dana, 'UPDATE claim SET start = start + 3, "end" = "end" + 3 WHERE start = 60')
    outcome = apply_merge(master, build_merge_plan(master, [dana])).outcome("Dana")
    assert outcome.added == 1 and outcome.skipped == {BAD_QUOTE: 1}


def test_an_older_schema_coder_file_is_read_without_changing_it(master, tmp_path):
    path = tmp_path / "old.afpak"
    raw = sqlite3.connect(path)
    raw.executescript((FIXTURES / "project_schema_v2.sql").read_text("utf-8"))
    raw.execute(f"PRAGMA application_id = {database.APPLICATION_ID}")
    raw.commit()
    raw.close()
    data = path.read_bytes()
    file = read_coder_file(path)
    assert file.claims and file.master_project_id is None
    assert path.read_bytes() == data and not database.backup_dir(path).exists()
