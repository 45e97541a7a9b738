import uuid

import pytest
import yaml

import afpak_coder
from afpak_coder.core.codebook_file import load_default_codebook
from afpak_coder.core.errors import DuplicateError, InUseError, ValidationError


def test_default_codebook_covers_the_field(project):
    themes, actors, levels = project.themes(), project.actors(), project.stance_levels()
    names = {t.name for t in themes}
    assert len(themes) >= 10 and any(t.depth == 1 for t in themes)
    for expected in ("Cross-border militancy and TTP sanctuaries", "Durand Line and border management",
                     "Refugees and repatriation", "Third-party mediation", "Taliban governance and recognition",
                     "Shared history and identity"):
        assert expected in names
    actor_names = {a.name for a in actors}
    assert len(actors) >= 15
    assert {"Pakistani government", "Pakistani military", "Afghan Taliban administration", "China", "Qatar",
            "United Nations"} <= actor_names
    assert all(a.type for a in actors) and all(t.definition for t in themes) and all(a.definition for a in actors)
    assert [level.value for level in levels] == [-2, -1, 0, 1, 2]
    assert all(level.definition for level in levels)


def test_default_codebook_ids_are_stable_across_projects(tmp_path):
    ids = []
    for name in ("a", "b"):
        with afpak_coder.create_project(tmp_path / f"{name}.afpak") as project:
            ids.append({t.id for t in project.themes()} | {a.id for a in project.actors()})
    assert ids[0] == ids[1]
    shipped = load_default_codebook()
    assert str(next(iter(sorted(shipped["actors"], key=lambda a: a["name"])))["id"]) in {str(i) for i in ids[0]}


def test_aliases_are_unique_across_actors(project):
    seen = {}
    for actor in project.actors():
        for alias in actor.aliases:
            assert alias.casefold() not in seen, f"{alias} of {actor.name} also names {seen.get(alias.casefold())}"
            seen[alias.casefold()] = actor.name


def test_themes_add_rename_move_recolour_archive(project):
    added = project.add_theme("Water disputes", parent="People & humanitarian", color="#AABBCC", definition="Kunar river.")
    assert added.path == ("People & humanitarian", "Water disputes") and added.color == "#aabbcc"
    moved = project.update_theme(added, parent="Regional alignments", name="Water and rivers")
    assert moved.path == ("Regional alignments", "Water and rivers")
    assert project.update_theme(moved, archived=True).archived
    assert moved not in project.themes(include_archived=False)
    with pytest.raises(ValidationError, match="inside itself"):
        project.update_theme("Security", parent="Cross-border militancy and TTP sanctuaries")
    with pytest.raises(DuplicateError):
        project.add_theme("Security")
    with pytest.raises(ValidationError, match="#RRGGBB"):
        project.update_theme("Security", color="blue")


def _claim(project, theme="Security", actor="Pakistani government", target=None):
    document = project.documents()[0] if project.documents() else project.add_document("Islamabad spoke.", title="d")
    coder = project.coders()[0] if project.coders() else project.add_coder("A")
    return project.add_claim(document=document, coder=coder, start=0, end=9, theme=theme, actor=actor,
                             target=target, stance=0)


def test_a_used_theme_is_never_deleted_with_its_claims_orphaned(project):
    claim = _claim(project, theme="Third-party mediation")
    with pytest.raises(InUseError, match="used by 1 claim;"):
        project.delete_theme("Third-party mediation")
    project.delete_theme("Third-party mediation", reassign_to="Bilateral talks and visits")
    assert project.claim(claim.id).theme.name == "Bilateral talks and visits"


def test_deleting_a_parent_moves_its_children_up(project):
    child_ids = {t.id for t in project.themes() if t.parent_id == project.theme("Diplomacy").id}
    project.delete_theme("Diplomacy")
    assert all(project.theme(i).depth == 0 for i in child_ids)


def test_merging_themes_moves_claims_and_children(project):
    claim = _claim(project, theme="Refugees and repatriation")
    project.add_theme("Deportation drives", parent="Refugees and repatriation")
    merged = project.merge_themes("Refugees and repatriation", "Humanitarian and economic conditions")
    assert project.claim(claim.id).theme == merged
    assert project.theme("Deportation drives").path[-2] == "Humanitarian and economic conditions"
    assert "Refugees and repatriation" not in {t.name for t in project.themes()}
    with pytest.raises(ValidationError):
        project.merge_themes("Security", "Cross-border militancy and TTP sanctuaries")


def test_actors_edit_merge_and_delete(project):
    added = project.add_actor("Khyber traders' union", type="business", aliases="KTU; Khyber chamber")
    assert added.aliases == ("KTU", "Khyber chamber")
    claim = _claim(project, actor=added, target=added)
    merged = project.merge_actors(added, "Traders and transporters")
    assert "Khyber traders' union" in merged.aliases and "KTU" in merged.aliases
    again = project.claim(claim.id)
    assert again.actor == merged and again.target == merged
    with pytest.raises(InUseError):
        project.delete_actor(merged)
    project.delete_actor(merged, reassign_to="Pakistani government")
    assert project.claim(claim.id).actor.name == "Pakistani government"
    assert project.update_actor("China", type="state", definition="x").definition == "x"
    with pytest.raises(DuplicateError):
        project.update_actor("China", name="India")


def test_stance_labels_and_colours_are_editable(project):
    level = project.update_stance_level(-2, label="Hostile", color="#CC0000")
    assert (level.label, level.color) == ("Hostile", "#cc0000")
    with pytest.raises(ValidationError, match="no level 5"):
        project.update_stance_level(5, label="x")


def test_codebook_export_then_import_into_an_empty_project(project, empty_project, tmp_path):
    project.add_theme("Water disputes", parent="Regional alignments")
    path = tmp_path / "codebook.yaml"
    project.export_codebook(path)
    data = yaml.safe_load(path.read_text("utf-8"))
    assert data["format"] == "afpak-codebook"
    report = empty_project.import_codebook(path)
    assert report["themes added"] == len(project.themes())
    assert [t.path for t in empty_project.themes()] == [t.path for t in project.themes()]
    assert {a.id for a in empty_project.actors()} == {a.id for a in project.actors()}
    assert empty_project.import_codebook(path)["themes added"] == 0  # importing twice adds nothing


def test_importing_a_broken_codebook_changes_nothing(project, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("format: afpak-codebook\nthemes:\n  - name: Fine\n  - name: ''\n", "utf-8")
    before = [t.id for t in project.themes()]
    with pytest.raises(ValidationError, match="name is required"):
        project.import_codebook(bad)
    assert [t.id for t in project.themes()] == before
    not_yaml = tmp_path / "x.yaml"
    not_yaml.write_text("format: [unclosed", "utf-8")
    with pytest.raises(ValidationError, match=r"x\.yaml: is not valid YAML"):
        project.import_codebook(not_yaml)


def test_records_compare_by_identity_of_the_entity(project):
    theme = project.theme("Security")
    renamed = project.update_theme(theme, name="Security and militancy")
    assert renamed == theme and hash(renamed) == hash(theme) and renamed.name != theme.name
    assert project.theme(str(theme.id)) == theme
    assert isinstance(theme.id, uuid.UUID)
