"""A Project keeps the codebook and the coders between calls; a change made through another Project
on the same file — in this process or in another program — must be seen at once."""

import sqlite3
import subprocess
import sys
import textwrap

import pytest

import afpak_coder
from afpak_coder.core.errors import DuplicateError, NotFoundError, ValidationError

TEXT = "Islamabad accused Kabul of sheltering the TTP. Kabul denied it and called for talks."


def revision(path) -> int:
    raw = sqlite3.connect(path)
    try:
        return int(raw.execute("SELECT value FROM project_info WHERE key = 'codebook_revision'").fetchone()[0])
    finally:
        raw.close()


@pytest.fixture
def two_windows(tmp_path):
    """Two Projects open on the same file, as two windows or two programs would have it."""
    path = tmp_path / "shared.afpak"
    with afpak_coder.create_project(path) as first:
        document = first.add_document(TEXT, title="Exchange")
        first.add_coder("Ayesha")
        with afpak_coder.open_project(path) as second:
            yield path, first, second, document


def add(project, document, **codes):
    base = dict(document=document, coder="Ayesha", start=0, end=9, theme="Security", actor="Pakistani government",
                stance=0)
    return project.add_claim(**{**base, **codes})


def test_a_theme_renamed_in_another_project_is_seen_by_reads_and_by_coding(two_windows):
    _path, first, second, document = two_windows
    add(first, document)  # first now holds the codebook in its cache
    theme = first.theme("Cross-border militancy and TTP sanctuaries")
    second.update_theme(theme, name="Militancy across the border")
    assert first.theme(theme.id).name == "Militancy across the border"
    assert "Militancy across the border" in {t.name for t in first.themes()}
    claim = add(first, document, theme="Militancy across the border")
    assert claim.theme.path == ("Security", "Militancy across the border")
    with pytest.raises(NotFoundError, match="no theme named 'Cross-border militancy and TTP sanctuaries'"):
        add(first, document, theme="Cross-border militancy and TTP sanctuaries")
    assert first.claims()[-1].theme.name == "Militancy across the border"


def test_an_actor_archived_in_another_project_is_refused_for_new_claims(two_windows):
    _path, first, second, document = two_windows
    add(first, document, actor="China")
    second.update_actor("China", archived=True)
    with pytest.raises(ValidationError, match="actor 'China' is archived"):
        add(first, document, actor="China")
    with pytest.raises(ValidationError, match="claim 1: actor 'China' is archived"):
        first.add_claims([dict(document=document, coder="Ayesha", start=0, end=9, theme="Security", actor="China",
                               stance=None)])
    second.update_actor("China", archived=False)
    assert add(first, document, actor="China").actor.name == "China"


def test_coders_actors_and_stance_labels_added_elsewhere_are_usable_at_once(two_windows):
    _path, first, second, document = two_windows
    add(first, document)
    second.add_coder("Bilal")
    second.add_actor("Chaman traders", type="business")
    second.update_stance_level(0, label="Neutral")
    claim = add(first, document, coder="Bilal", actor="Chaman traders")
    assert (claim.coder.name, claim.actor.name, claim.stance.label) == ("Bilal", "Chaman traders", "Neutral")
    assert [c.name for c in first.coders()] == ["Ayesha", "Bilal"]
    assert {c.stance.label for c in first.claims()} == {"Neutral"}
    assert first.claims_frame()["stance_label"].tolist() == ["Neutral", "Neutral"]


def test_a_change_made_by_another_program_is_seen(two_windows):
    path, first, _second, document = two_windows
    add(first, document)
    script = textwrap.dedent(f"""
        import afpak_coder
        with afpak_coder.open_project({str(path)!r}) as project:
            project.update_actor("Qatar", name="State of Qatar")
            project.add_theme("Water sharing", parent="Border & trade")
    """)
    subprocess.run([sys.executable, "-c", script], check=True, timeout=120)
    assert add(first, document, actor="State of Qatar", theme="Water sharing").actor.name == "State of Qatar"
    assert first.theme("Border & trade › Water sharing").path == ("Border & trade", "Water sharing")


def test_every_codebook_or_coder_change_counts_and_claims_do_not(two_windows):
    path, first, second, document = two_windows
    before = revision(path)
    add(first, document)
    first.add_claims([dict(document=document, coder="Ayesha", start=10, end=20, theme="Security",
                           actor="China", stance=1)])
    first.set_status(document, "Ayesha", "done")
    assert revision(path) == before
    changes = [
        lambda: second.add_theme("Water sharing"),
        lambda: second.update_theme("Water sharing", color="#123456"),
        lambda: second.add_actor("Chaman traders"),
        lambda: second.update_actor("Chaman traders", aliases=["traders of Chaman"]),
        lambda: second.merge_actors("Chaman traders", into="Traders and transporters"),
        lambda: second.add_stance_level(3, "Allied"),
        lambda: second.update_stance_level(3, label="Allied (strong)"),
        lambda: second.add_coder("Clara"),
        lambda: second.update_coder("Clara", color="#00ff00"),
        lambda: second.delete_theme("Water sharing"),
    ]
    for number, change in enumerate(changes, 1):
        change()
        assert revision(path) == before + number
    assert "Allied (strong)" in {level.label for level in first.stance_levels()}
    assert "Chaman traders" not in {a.name for a in first.actors()}
    assert "traders of Chaman" in first.actor("Traders and transporters").aliases


def test_a_refused_change_leaves_the_file_and_the_cache_as_they_were(two_windows):
    path, first, _second, document = two_windows
    themes_before = first.themes()
    before = revision(path)
    with pytest.raises(DuplicateError):
        first.add_actor("China")
    with pytest.raises(ValidationError):
        first.update_theme("Security", color="red")
    assert revision(path) == before
    assert first.themes() == themes_before
    assert [t.color for t in first.themes()] == [t.color for t in themes_before]
    assert add(first, document).theme.name == "Security"


def test_a_theme_renamed_and_used_in_one_project_is_consistent(project):
    """The project making a change sees it too, also right after a failed attempt."""
    document = project.add_document(TEXT, title="Exchange")
    project.add_coder("Ayesha")
    add(project, document)
    project.update_theme("Diplomacy", name="Diplomacy and talks")
    assert project.theme("Bilateral talks and visits").path == ("Diplomacy and talks", "Bilateral talks and visits")
    claim = add(project, document, theme="Bilateral talks and visits")
    assert claim.theme.path_label == "Diplomacy and talks › Bilateral talks and visits"
    assert project.claim(claim.id).theme.path_label == "Diplomacy and talks › Bilateral talks and visits"
