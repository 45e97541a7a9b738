"""Two people editing the same claim, theme or actor at once, through two Project objects on the
same project file or the same server database: the second save is refused with the current entry,
nothing is overwritten silently."""

import re
import threading
import time

import pytest

import afpak_coder
from afpak_coder.core.errors import ConflictError, NotFoundError
from afpak_coder.core.server_project import ServerProject, create_server_project, open_server_project

TEXT = "Islamabad accused Kabul of sheltering militants; Kabul denied it and called for talks at Torkham."


@pytest.fixture(params=["file", "server"])
def two(request, tmp_path):
    """(first, second): two open Projects on one project with a document, a coder and a claim."""
    if request.param == "file":
        path = tmp_path / "shared.afpak"
        first = afpak_coder.create_project(path)
        second_opener = lambda: afpak_coder.open_project(path)  # noqa: E731
    else:
        url = request.getfixturevalue("postgres_database")
        first = create_server_project(url, name="shared")
        second_opener = lambda: open_server_project(url)  # noqa: E731
    document = first.add_document(TEXT, title="Torkham")
    first.add_coder("Ayesha")
    first.add_claim(document=document, coder="Ayesha", start=0, end=9, theme="Security",
                    actor="Pakistani government", stance=-1)
    second = second_opener()
    yield first, second
    second.close()
    first.close()


def stored(claim):
    """What a claim holds, field by field (records compare by id only)."""
    return (claim.start, claim.end, claim.quote, claim.theme.id, claim.actor and claim.actor.id,
            claim.stance and claim.stance.value, claim.memo, claim.updated, claim.version)


def test_versions_start_at_one_and_every_change_counts(two):
    first, _ = two
    (claim,) = first.claims()
    assert claim.version == 1 and first.claim(claim.id).version == 1
    changed = first.update_claim(claim, memo="one")
    assert changed.version == 2 and first.claim(claim.id).version == 2
    assert first.update_claim(changed.id, memo="two").version == 3  # a bare id counts too
    assert first.update_claims({first.claim(claim.id): {"stance": 1}})[0].version == 4
    theme = first.theme("Security")
    assert theme.version == 1 and first.update_theme(theme, definition="borders").version == 2
    # Set-based changes count for every row they touch: merging themes moves the claim.
    into = first.theme("Diplomacy")
    first.merge_themes(first.theme("Security"), into)
    assert first.claim(claim.id).version == 5 and first.claim(claim.id).theme == into
    actor, other = first.actor("Pakistani government"), first.actor("Pakistani military")
    merged = first.merge_actors(actor, other)
    assert merged.version == other.version + 1  # it gained aliases
    assert first.claim(claim.id).version == 6 and first.claim(claim.id).actor == other


def test_the_second_edit_of_a_claim_is_refused_and_shows_the_current_version(two):
    first, second = two
    mine = first.claims()[0]
    theirs = second.claim(mine.id)
    saved = second.update_claim(theirs, memo="Kabul's reply matters", stance=1)
    with pytest.raises(ConflictError) as refused:
        first.update_claim(mine, memo="my memo", stance=-2)
    message = str(refused.value)
    assert "\n" not in message
    assert message.startswith(f"{first.path}: someone else changed this claim at ")
    assert re.search(r" at \d\d:\d\d meanwhile; nothing was overwritten — the current version is shown$", message)
    assert stored(refused.value.current) == stored(saved) == stored(first.claim(mine.id))
    assert (saved.memo, saved.stance.value, saved.version) == ("Kabul's reply matters", 1, 2)
    # Working from the current version succeeds, and the other program then gets the conflict.
    mine = first.update_claim(refused.value.current, memo="my memo after reading theirs")
    with pytest.raises(ConflictError):
        second.update_claim(saved, memo="stale again")
    assert stored(second.claim(mine.id)) == stored(mine) and mine.version == 3


def test_a_bare_id_keeps_the_last_writer(two):
    first, second = two
    claim = first.claims()[0]
    second.update_claim(claim.id, memo="theirs")
    assert first.update_claim(claim.id, memo="mine").memo == "mine"
    assert second.claim(claim.id).memo == "mine"


def test_a_claim_deleted_meanwhile_is_named_and_nothing_is_saved(two):
    first, second = two
    claim = first.claims()[0]
    second.delete_claim(second.claim(claim.id))
    with pytest.raises(NotFoundError, match=r"someone else deleted this claim meanwhile; nothing was saved$"):
        first.update_claim(claim, memo="too late")
    assert first.claims() == [] and second.claims() == []


def test_a_stale_delete_is_refused_and_several_edits_go_all_or_none(two):
    first, second = two
    claim = first.claims()[0]
    other = first.add_claim(document=claim.document, coder="Ayesha", start=18, end=23, theme="Security",
                            actor="Afghan Taliban administration", stance=1)
    changed = second.update_claim(second.claim(claim.id), memo="theirs")
    with pytest.raises(ConflictError) as refused:
        first.delete_claim(claim)
    assert stored(refused.value.current) == stored(changed)
    with pytest.raises(ConflictError):
        first.delete_claims([other, claim])
    with pytest.raises(ConflictError):
        first.update_claims({other: {"memo": "both"}, claim: {"memo": "both"}})
    assert {c.id: (c.memo, c.version) for c in second.claims()} == {claim.id: ("theirs", 2), other.id: ("", 1)}
    first.delete_claims([other, refused.value.current])  # the current versions: deleted
    assert second.claims() == []


def test_the_second_edit_of_a_theme_or_actor_is_refused(two):
    first, second = two
    theme, actor = first.theme("Security"), first.actor("Pakistani government")
    renamed = second.update_theme(second.theme(theme.id), name="Security and militancy")
    retyped = second.update_actor(second.actor(actor.id), type="federal government")
    with pytest.raises(ConflictError) as refused:
        first.update_theme(theme, name="Border security")
    assert str(refused.value) == (f"{first.path}: someone else changed theme 'Security' meanwhile; nothing was "
                                  "overwritten — the current version is shown")
    current = refused.value.current
    assert (current.name, current.version) == ("Security and militancy", 2) == (first.theme(theme.id).name, renamed.version)
    with pytest.raises(ConflictError, match="changed actor 'Pakistani government' meanwhile") as refused:
        first.update_actor(actor, type="government")
    assert (refused.value.current.type, refused.value.current.version) == ("federal government", retyped.version)
    assert first.actor(actor.id).type == "federal government"
    # Merging or deleting from a stale record is refused too; the claims stay where they were.
    with pytest.raises(ConflictError):
        first.merge_themes(theme, first.theme("Diplomacy"))
    with pytest.raises(ConflictError):
        first.delete_actor(actor, reassign_to=first.actor("Pakistani military"))
    assert first.claims()[0].theme.name == "Security and militancy"
    assert first.claims()[0].actor.name == "Pakistani government"
    second.delete_theme(second.theme(theme.id), reassign_to="Diplomacy")
    with pytest.raises(NotFoundError, match="someone else deleted theme 'Security' meanwhile; nothing was saved$"):
        first.update_theme(theme, color="#112233")


def test_a_change_committed_while_a_save_waits_is_not_overwritten(two):
    """The other program's change is in progress (row or file locked) when the save starts, and
    commits while the save waits for it: the save then finds the new version and is refused."""
    first, second = two
    claim = first.claims()[0]
    outcome = {}

    def save() -> None:
        try:
            outcome["saved"] = first.update_claim(claim, memo="mine")
        except ConflictError as error:
            outcome["refused"] = error

    with second._engine.connect() as connection:  # noqa: SLF001 - a raw transaction of the other program
        raw = connection.connection.driver_connection
        if isinstance(first, ServerProject):
            raw.execute("UPDATE claim SET memo = 'theirs', version = version + 1 WHERE id = %s", (claim.id,))
        else:
            raw.execute("BEGIN IMMEDIATE")
            raw.execute("UPDATE claim SET memo = 'theirs', version = version + 1 WHERE id = ?", (claim.id.hex,))
        waiting = threading.Thread(target=save)
        waiting.start()
        _until_waiting(first, second, waiting)
        raw.commit()
        waiting.join(30)
    assert "saved" not in outcome
    assert (outcome["refused"].current.memo, outcome["refused"].current.version) == ("theirs", 2)
    assert (first.claim(claim.id).memo, first.claim(claim.id).version) == ("theirs", 2)


def _until_waiting(first, second, thread) -> None:
    """Until the save in ``thread`` waits for the other program's lock (a file: give it time)."""
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and thread.is_alive():
        if not isinstance(first, ServerProject):
            time.sleep(0.5)
            return
        with second._engine.connect() as connection:  # noqa: SLF001
            raw = connection.connection.driver_connection
            found = raw.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                                "AND wait_event_type = 'Lock'").fetchone()[0]
            raw.rollback()
        if found:
            return
        time.sleep(0.05)


def test_a_claim_restored_after_deletion_comes_back_one_version_higher(two):
    """Undoing a deletion restores the claim under its id: a copy read before it was changed and
    deleted must still be refused, so the restored claim does not start again at version 1."""
    first, second = two
    stale = first.claims()[0]
    changed = second.update_claim(second.claim(stale.id), memo="theirs")
    second.delete_claim(changed)
    values = dict(document=changed.document, coder="Ayesha", start=changed.start, end=changed.end,
                  theme=changed.theme, actor=changed.actor, stance=changed.stance.value, memo=changed.memo)
    restored = second.add_claim(id=changed.id, version=changed.version, **values)
    assert restored.version == 3 == first.claim(stale.id).version
    with pytest.raises(ConflictError):
        first.update_claim(stale, memo="mine, from before")
    assert first.claim(stale.id).memo == "theirs"
