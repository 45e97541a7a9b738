"""Themes and actors matched by id, then by name; new ones accepted or mapped; coders kept distinct
and same-name coders asked about."""

import pytest

from afpak_coder.core.copies.apply import apply_merge
from afpak_coder.core.copies.errors import MergeInputError
from afpak_coder.core.copies.make_copy import create_coder_copy
from afpak_coder.core.copies.plan import SAME, SEPARATE, build_merge_plan
from afpak_coder.core.project import open_project
from copies_helpers import claim_args, contents


@pytest.fixture
def dana(master, tmp_path):
    return create_coder_copy(master, "Dana", tmp_path / "dana.afpak").path


def first_document(project):
    return sorted(project.documents(), key=lambda d: d.number)[0]


def test_entries_renamed_in_the_master_still_match_by_id(master, dana):
    security = master.theme("Security")
    master.update_theme(security, name="Security and militancy")
    with open_project(dana) as copy:
        claim = copy.add_claim(coder="Dana", **claim_args(copy, first_document(copy), 0, 30, theme="Security"))
    plan = build_merge_plan(master, [dana])
    assert plan.new_entries == []
    apply_merge(master, plan)
    assert master.claim(claim.id).theme.id == security.id


def test_entries_the_lead_and_the_coder_both_added_match_by_name(master, dana):
    lead_theme = master.add_theme("Smuggling", parent="Security")
    lead_actor = master.add_actor("Chaman traders")
    with open_project(dana) as copy:
        theme = copy.add_theme("smuggling", parent="Security")  # another id, the same name at the same place
        actor = copy.add_actor("Chaman Traders")
        claim = copy.add_claim(coder="Dana", **claim_args(copy, first_document(copy), 0, 30, theme=theme, actor=actor))
    plan = build_merge_plan(master, [dana])
    assert plan.new_entries == []
    apply_merge(master, plan)
    merged = master.claim(claim.id)
    assert (merged.theme.id, merged.actor.id) == (lead_theme.id, lead_actor.id)


def test_new_entries_are_listed_and_accepted_or_mapped(master, dana):
    with open_project(dana) as copy:
        border = copy.add_theme("Border economy")
        crossings = copy.add_theme("Crossings", parent=border)
        unused = copy.add_theme("Someday")  # proposed though not used yet: listed too
        traders = copy.add_actor("Chaman traders", aliases=["traders"])
        document = first_document(copy)
        on_crossings = copy.add_claim(coder="Dana", **claim_args(copy, document, 0, 30, theme=crossings, actor=traders))
        on_border = copy.add_claim(coder="Dana", **claim_args(copy, document, 40, 70, theme=border))
    plan = build_merge_plan(master, [dana])
    assert sorted((e.kind, e.label) for e in plan.new_entries) == [
        ("actor", "Chaman traders"), ("theme", "Border economy"), ("theme", "Border economy › Crossings"),
        ("theme", "Someday")]
    assert plan.entry("actor", "Chaman traders").proposed_by == ["dana.afpak"]
    trade = master.theme("Border & trade")
    plan.entry("theme", "Border economy").map_onto(trade.id.hex)
    traders_entry = plan.entry("actor", "chaman traders")
    assert master.actor("Traders and transporters").id.hex in traders_entry.similar  # by its alias
    traders_entry.map_onto(master.actor("Traders and transporters").id.hex)

    report = apply_merge(master, plan)

    assert master.claim(on_border.id).theme == trade
    crossings_in_master = master.claim(on_crossings.id).theme
    assert crossings_in_master.id == crossings.id and crossings_in_master.parent_id == trade.id
    assert not crossings_in_master.proposed  # accepted by the lead
    assert master.theme(unused.id).name == "Someday"
    assert master.claim(on_crossings.id).actor.name == "Traders and transporters"
    assert "Chaman traders" not in [a.name for a in master.actors()]
    assert any("mapped onto 'Border & trade'" in line for line in report.codebook)
    assert any("'Border & trade › Crossings' added" in line for line in report.codebook)


def test_two_coders_proposing_the_same_new_theme_get_one_entry(master, dana, tmp_path):
    emil = create_coder_copy(master, "Emil", tmp_path / "emil.afpak").path
    ids = []
    for path, coder in ((dana, "Dana"), (emil, "Emil")):
        with open_project(path) as copy:
            theme = copy.add_theme("Water rights")
            ids.append(copy.add_claim(coder=coder, **claim_args(copy, first_document(copy), 0, 30, theme=theme)).id)
    plan = build_merge_plan(master, [dana, emil])
    (entry,) = plan.new_entries
    assert entry.proposed_by == ["dana.afpak", "emil.afpak"]
    apply_merge(master, plan)
    assert {master.claim(i).theme.id for i in ids} == {master.theme("Water rights").id}


def test_a_stance_level_the_master_lacks_leaves_its_claims_out(master, dana):
    with open_project(dana) as copy:
        copy.add_stance_level(3, "Very strongly supportive")
        copy.add_claim(coder="Dana", **claim_args(copy, first_document(copy), 0, 30, stance=3))
        copy.add_claim(coder="Dana", **claim_args(copy, first_document(copy), 40, 60, stance=1))
    outcome = apply_merge(master, build_merge_plan(master, [dana])).outcome("Dana")
    assert outcome.added == 1 and outcome.skipped == {"its stance level is not on the master's scale": 1}


def coded_as(path, coder_name, spans=((0, 30),)):
    """The coder of the copy at ``path`` adds a coder named ``coder_name`` and codes as that coder."""
    with open_project(path) as copy:
        copy.add_coder(coder_name)
        return [copy.add_claim(coder=coder_name, **claim_args(copy, first_document(copy), a, b)).id for a, b in spans]


def test_a_new_coder_with_a_taken_name_is_asked_about_not_fused(master, dana):
    ids = coded_as(dana, "Bilal")
    plan = build_merge_plan(master, [dana])
    (question,) = plan.questions
    assert (question.name, question.clash_name) == ("Bilal", "Bilal")
    bilal_before = len(master.claims(coder="Bilal"))
    report = apply_merge(master, plan)  # unanswered: Bilal-of-the-file's claims are left out, said why
    outcome = report.outcome("Bilal", "dana.afpak")
    assert outcome.added == 0 and "already has a coder named 'Bilal'" in next(iter(outcome.skipped))
    assert len(master.claims(coder="Bilal")) == bilal_before and ids[0] not in {c.id for c in master.claims()}

    plan = build_merge_plan(master, [dana])
    (question,) = plan.questions
    question.choice, question.new_name = SEPARATE, "Bilal Khan"
    apply_merge(master, plan)
    assert master.claim(ids[0]).coder.name == "Bilal Khan" and len(master.claims(coder="Bilal")) == bilal_before
    # Merged again, the file's Bilal is known as Bilal Khan: no question.
    assert build_merge_plan(master, [dana]).questions == []


def test_the_same_person_answer_joins_the_existing_coder(master, dana):
    ids = coded_as(dana, "bilal")  # same name in another case: still asked
    plan = build_merge_plan(master, [dana])
    plan.answer_all(SAME)
    report = apply_merge(master, plan)
    assert master.claim(ids[0]).coder.name == "Bilal" and report.outcome("Bilal", "dana.afpak").added == 1
    assert build_merge_plan(master, [dana]).questions == []


def test_same_name_coders_from_two_files_are_asked_about(master, dana, tmp_path):
    emil = create_coder_copy(master, "Emil", tmp_path / "emil.afpak").path
    first = coded_as(dana, "Farah")
    second = coded_as(emil, "Farah", spans=((50, 80),))
    plan = build_merge_plan(master, [dana, emil])
    (question,) = plan.questions
    assert question.planned.file.label == "emil.afpak"
    plan.answer_all(SEPARATE)
    apply_merge(master, plan)
    assert master.claim(first[0]).coder.name == "Farah"
    assert master.claim(second[0]).coder.name == "Farah (emil)"


def test_a_taken_name_for_keeping_apart_is_refused_before_anything_is_written(master, dana):
    coded_as(dana, "Bilal")
    with open_project(dana) as copy:
        copy.add_claim(coder="Dana", **claim_args(copy, first_document(copy), 0, 30))
    before = contents(master)
    plan = build_merge_plan(master, [dana])
    (question,) = plan.questions
    question.choice, question.new_name = SEPARATE, "Clara"
    with pytest.raises(MergeInputError, match="'Clara': that name is taken"):
        apply_merge(master, plan)
    assert contents(master) == before  # not even Dana's claim


def test_switching_coder_in_one_project_keeps_working(master):
    master.add_coder("Dana")
    document = first_document(master)
    for coder in ("Dana", "Ayesha", "Dana"):
        master.add_claim(coder=coder, **claim_args(master, document, 0, 25))
    assert len(master.claims(coder="Dana", document=document)) == 2
