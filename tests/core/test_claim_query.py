"""Finding claims across the project: p.claims(...) filters, the lazily fetched cursor, tallies."""

import pytest

from afpak_coder.core.claim_query import Tally, roll_up
from afpak_coder.core.errors import NotFoundError, ValidationError

# Invented texts: three documents from two countries' outlets, coded by two coders.
DAWN = "The army closed the Torkham crossing on Monday. Traders protested the closure loudly."
KABUL = "Kabul said the border closure hurt refugees. The ministry called for talks in Doha."
OLD = "In 2023 Islamabad accused Kabul of sheltering militants along the frontier."

BORDER = "Border closures, crossings and trade"
REFUGEES = "Refugees and repatriation"
TALKS = "Bilateral talks and visits"
MILITANCY = "Cross-border militancy and TTP sanctuaries"


@pytest.fixture
def coded(project):
    p = project
    dawn = p.add_document(DAWN, title="Torkham shut", outlet="Indus Post", published="2025-03-04",
                          variables={"outlet_country": "Pakistan"})
    kabul = p.add_document(KABUL, title="Kabul responds", outlet="Kabul Review", published="2025-03-06",
                           variables={"outlet_country": "Afghanistan"})
    old = p.add_document(OLD, title="Old charge", outlet="Indus Post", published="2023-05-01",
                         variables={"outlet_country": "Pakistan"})
    ayesha, bilal = p.add_coder("Ayesha"), p.add_coder("Bilal")

    def claim(document, coder, quote, theme, actor, stance, target=None, memo=""):
        start = document.text.index(quote)
        return p.add_claim(document=document, coder=coder, start=start, end=start + len(quote), theme=theme,
                           actor=actor, target=target, stance=stance, memo=memo)

    claims = {
        "army": claim(dawn, ayesha, "The army closed the Torkham crossing", BORDER, "Pakistani military", -1,
                      target="Afghan Taliban administration", memo="closure as pressure"),
        "traders": claim(dawn, ayesha, "Traders protested the closure", BORDER, "Pakistani government", None),
        "army_b": claim(dawn, bilal, "The army closed the Torkham crossing on Monday", BORDER, "Pakistani military", -2),
        "kabul": claim(kabul, ayesha, "Kabul said the border closure hurt refugees", REFUGEES,
                       "Afghan Taliban administration", -2, target="Pakistani military"),
        "talks": claim(kabul, bilal, "The ministry called for talks in Doha", TALKS, "Afghan Taliban administration", 2),
        "old": claim(old, ayesha, "Islamabad accused Kabul of sheltering militants", MILITANCY,
                     "Pakistani government", -2, target="Afghan Taliban administration"),
    }
    return p, {"dawn": dawn, "kabul": kabul, "old": old, "ayesha": ayesha, "bilal": bilal}, claims


def quotes(found):
    return sorted(c.quote for c in found)


def test_the_issue_example_military_on_border_closures_in_pakistani_outlets_in_2025(coded):
    p, _, c = coded
    found = p.claims(theme=BORDER, actor="Pakistani military", where={"outlet_country": "Pakistan"},
                     published=("2025-01-01", "2025-12-31"))
    assert quotes(found) == quotes([c["army"], c["army_b"]])


def test_a_theme_keeps_its_sub_themes(coded):
    p, _, c = coded
    assert quotes(p.claims(theme="Border & trade")) == quotes([c["army"], c["traders"], c["army_b"]])
    assert quotes(p.claims(theme=["Security", "Diplomacy"])) == quotes([c["old"], c["talks"]])
    assert p.claims(theme="Border & trade", coder="Bilal") == [c["army_b"]]


def test_actor_type_target_stance_and_coder_filters(coded):
    p, _, c = coded
    # Pakistani military is the only actor of type "military"; Afghan Taliban administration is "government".
    assert quotes(p.claims(actor_type="military")) == quotes([c["army"], c["army_b"]])
    assert quotes(p.claims(target="Afghan Taliban administration")) == quotes([c["army"], c["old"]])
    assert quotes(p.claims(stance=-2)) == quotes([c["army_b"], c["kabul"], c["old"]])
    assert quotes(p.claims(stance=(-1, None))) == quotes([c["army"], c["talks"]])  # no stance: left out
    assert quotes(p.claims(coder=["Ayesha"], stance=(None, -2))) == quotes([c["kabul"], c["old"]])
    assert p.claims(incomplete=True) == [c["traders"]]
    assert len(p.claims(incomplete=False)) == 5


def test_text_searches_quotes_and_memos_ignoring_case(coded):
    p, _, c = coded
    assert quotes(p.claims(text="CLOSURE")) == quotes([c["army"], c["traders"], c["kabul"]])  # memo of "army"
    assert p.claims(text="100%") == []  # % is a character here, not a wildcard
    assert p.claims(text="doha") == [c["talks"]]


def test_document_fields_variables_and_dates(coded):
    p, d, c = coded
    assert quotes(p.claims(where={"outlet": "indus post"})) == quotes([c["army"], c["traders"], c["army_b"], c["old"]])
    assert quotes(p.claims(where={"Outlet_Country": ["afghanistan"]})) == quotes([c["kabul"], c["talks"]])
    assert quotes(p.claims(published=(None, "2024-12-31"))) == quotes([c["old"]])
    assert quotes(p.claims(documents=[d["kabul"], d["old"]], coder="Ayesha")) == quotes([c["kabul"], c["old"]])
    assert p.claims(document=d["old"], coder="Bilal", text="accused") == []


def test_limit_and_offset_page_in_the_order_of_claims(coded):
    p, _, _ = coded
    everything = p.claims()
    assert p.claims(limit=2) == everything[:2]
    assert p.claims(limit=2, offset=2) + p.claims(offset=4) == everything[2:]


def test_bad_filters_are_refused_with_a_clear_message(coded):
    p, _, _ = coded
    with pytest.raises(ValidationError, match="cannot be filtered by colour"):
        p.claims(colour="red")
    with pytest.raises(NotFoundError, match="no field or variable 'outlet_region'.*outlet_country"):
        p.claims(where={"outlet_region": "Sindh"})
    with pytest.raises(ValidationError, match="2025-02-01 is after 2024-01-01"):
        p.claims(published=("2025-02-01", "2024-01-01"))
    with pytest.raises(ValidationError, match="'March 3' is not a date"):
        p.claims(published=("March 3", None))
    with pytest.raises(NotFoundError, match="no theme named 'Trade war'"):
        p.claims(theme="Trade war")


def test_cursor_orders_counts_and_fetches_pages_with_context(coded):
    p, d, c = coded
    cursor = p.claim_cursor(order="published", context=12)
    assert cursor.count == 6
    rows = cursor.fetch(0, 10)
    # Oldest document first; then within a document by span start.
    assert [r.claim for r in rows][0] == c["old"]
    assert [r.claim.document.title for r in rows] == ["Old charge", "Torkham shut", "Torkham shut",
                                                       "Torkham shut", "Kabul responds", "Kabul responds"]
    traders = next(r for r in rows if r.claim == c["traders"])
    assert traders.before == "on Monday. "  # the 12 characters before the quote, on one line
    assert traders.after == " loudly."
    assert traders.incomplete and not rows[0].incomplete
    assert [r.claim for r in cursor.fetch(4, 10)] == [r.claim for r in rows[4:]]
    by_stance = p.claim_cursor(order="stance", descending=True).fetch(0, 6)
    assert [r.claim.stance.value if r.claim.stance else None for r in by_stance] == [2, -1, -2, -2, -2, None]
    by_theme = p.claim_cursor(order="theme", coder="Ayesha").fetch(0, 6)
    # Codebook tree order: Security before Border & trade before People & humanitarian.
    assert [r.claim.theme.name for r in by_theme] == [MILITANCY, BORDER, BORDER, REFUGEES]
    with pytest.raises(ValidationError, match="ordered by"):
        p.claim_cursor(order="colour")


def test_a_claim_deleted_after_the_query_is_left_out_of_its_page(coded):
    p, _, c = coded
    cursor = p.claim_cursor(order="document")
    p.delete_claim(c["talks"])
    assert c["talks"] not in [r.claim for r in cursor.fetch(0, 10)]
    assert len(cursor.fetch(0, 10)) == 5


def test_tallies_mine_and_shown_per_theme_and_actor(coded):
    p, d, c = coded
    themes = p.claim_tallies("theme", mine="Ayesha")
    border = p.theme(BORDER).id
    assert themes[border] == Tally(mine=2, shown=3)
    assert themes[p.theme(TALKS).id] == Tally(0, 1)
    rolled = roll_up(p.themes(), themes)
    assert rolled[p.theme("Border & trade").id] == Tally(2, 3)
    assert rolled[p.theme("People & humanitarian").id] == Tally(1, 1)
    assert rolled[p.theme("Diplomacy").id] == Tally(0, 1)
    actors = p.claim_tallies("actor", mine=d["ayesha"], coder=[d["ayesha"]])
    assert actors[p.actor("Pakistani military").id] == Tally(1, 1)
    assert actors[p.actor("Pakistani government").id] == Tally(2, 2)
    assert p.claim_tallies("stance")[None] == Tally(0, 1)
    assert p.count_claims(where={"outlet_country": "Pakistan"}, coder="Ayesha") == 3
    with pytest.raises(ValidationError, match="counted by"):
        p.claim_tallies("colour")


def test_existing_callers_of_claims_are_unchanged(coded):
    p, d, c = coded
    assert p.claims(document=d["dawn"], coder=d["ayesha"]) == sorted([c["army"], c["traders"]], key=lambda x: x.start)
    assert len(p.claims()) == 6 and len(p.claims(coder="Bilal")) == 2


def test_update_claims_changes_several_in_one_transaction_all_or_none(coded):
    p, _, c = coded
    changed = p.update_claims({c["army"].id: {"theme": TALKS, "stance": 1}, c["kabul"]: {"actor": "Pakistani military"}})
    assert [x.id for x in changed] == [c["army"].id, c["kabul"].id]
    assert (changed[0].theme.name, changed[0].stance.value, changed[0].quote) == (TALKS, 1, c["army"].quote)
    assert p.claim(c["kabul"]).actor.name == "Pakistani military"
    with pytest.raises(NotFoundError):
        p.update_claims({c["old"].id: {"stance": 2}, c["talks"].id: {"theme": "Trade war"}})
    assert p.claim(c["old"]).stance.value == -2  # the first change was rolled back with the second


def test_delete_claims_all_or_none(coded):
    p, _, c = coded
    with pytest.raises(NotFoundError):
        p.delete_claims([c["army"].id, "00000000-0000-4000-8000-000000000000"])
    assert p.count_claims() == 6
    assert p.delete_claims([c["army"], c["talks"].id]) == 2
    assert quotes(p.claims()) == quotes([c["traders"], c["army_b"], c["kabul"], c["old"]])


@pytest.mark.parametrize("order", ["published", "document"])
@pytest.mark.parametrize("descending", [False, True])
def test_walking_documents_in_order_gives_the_order_of_sorting_every_match(coded, monkeypatch, order, descending):
    from afpak_coder.core import claim_query

    p, _, _ = coded
    sorted_first = [r.claim for r in p.claim_cursor(order=order, descending=descending).fetch(0, 10)]
    monkeypatch.setattr(claim_query, "_STREAM_ABOVE", 0)  # as on a large project
    cursor = p.claim_cursor(order=order, descending=descending)
    assert "CROSS JOIN" in cursor._query or p.is_server  # SQLite's hint for walking the documents
    walked = [r.claim for page in (0, 2, 4) for r in cursor.fetch(page, 2)]
    assert walked == sorted_first and len(walked) == 6


@pytest.mark.file_only
def test_the_counting_indexes_are_created_when_a_file_lacks_them(coded, tmp_path):
    import sqlite3

    import afpak_coder

    p, _, _ = coded
    path = p.path
    p.close()
    raw = sqlite3.connect(path)
    raw.execute("DROP INDEX ix_claim_theme_coder")
    raw.commit()
    raw.close()
    with afpak_coder.open_project(path) as reopened:
        assert reopened.claim_tallies("theme")[reopened.theme(BORDER).id] == Tally(0, 3)
    raw = sqlite3.connect(path)
    names = {row[0] for row in raw.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    raw.close()
    assert {"ix_claim_theme_coder", "ix_claim_actor_coder"} <= names


def test_ids_keep_only_those_claims_with_the_other_filters(coded):
    p, _, c = coded
    chosen = [c["army"].id, str(c["kabul"].id), c["talks"].id.hex]
    assert quotes(p.claims(ids=chosen)) == quotes([c["army"], c["kabul"], c["talks"]])
    assert p.claims(ids=chosen, coder="Bilal") == [c["talks"]]
    assert p.claims(ids=[]) == []
    with pytest.raises(ValidationError, match="ids: give claim ids"):
        p.claims(ids=["seven"])


def test_a_claim_without_actor_is_incomplete_and_sorted_last(coded):
    p, d, c = coded
    start = DAWN.index("Traders")
    loose = p.add_claim(document=d["dawn"], coder=d["bilal"], start=start, end=start + 7, theme=BORDER,
                        actor=None, stance=1)
    assert p.claims(incomplete=True, coder="Bilal") == [loose]
    rows = p.claim_cursor(order="actor").fetch(0, 10)
    assert rows[-1].claim == loose and rows[-1].incomplete
    assert p.claim_tallies("actor", coder="Bilal")[None].shown == 1


def test_walking_documents_with_filters_matches_sorting_every_match(coded, monkeypatch):
    from afpak_coder.core import claim_query

    p, d, _ = coded
    filters = dict(where={"outlet_country": "Pakistan"}, stance=(None, -1), published=("2023-01-01", None),
                   actor=["Pakistani military", "Pakistani government"], coder=[d["ayesha"], d["bilal"]])
    sorted_first = [r.claim for r in p.claim_cursor(**filters).fetch(0, 10)]
    monkeypatch.setattr(claim_query, "_STREAM_ABOVE", 0)
    cursor = p.claim_cursor(**filters)
    assert ("CROSS JOIN" in cursor._query and "+c.actor_id" in cursor._query) or p.is_server  # SQLite's hints
    assert [r.claim for r in cursor.fetch(0, 10)] == sorted_first and len(sorted_first) == 3
