"""Column names every statistics package accepts (Stata is the strictest: 32 characters, ASCII)."""

import re

from hypothesis import given
from hypothesis import strategies as st

from afpak_coder.core.column_names import MAX_LENGTH, clean_name, unique_names
from afpak_coder.core.frames import variable_columns

STATA_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,31}$")


def test_spaces_accents_and_punctuation_become_snake_case_ascii():
    assert clean_name("Outlet Country") == "outlet_country"
    assert clean_name("Länder-Kategorie (2024)") == "lander_kategorie_2024"
    assert clean_name("  Türkiye's  share %") == "turkiye_s_share"
    assert clean_name("2nd outlet") == "v_2nd_outlet"  # a name may not start with a digit
    assert clean_name("in") == "in_"  # Stata reserves "in"
    assert clean_name("ملک") == "var"  # no Latin letters at all


def test_long_names_are_cut_to_stata_limit():
    name = clean_name("The country where the outlet that published the article is based")
    assert name == "the_country_where_the_outlet_tha" and len(name) == MAX_LENGTH


def test_clashes_get_a_suffix_in_the_order_given():
    assert unique_names(["Outlet Country", "outlet_country", "OUTLET COUNTRY"]) == {
        "Outlet Country": "outlet_country", "outlet_country": "outlet_country_2",
        "OUTLET COUNTRY": "outlet_country_3"}
    assert unique_names(["title"], taken=["title"]) == {"title": "title_2"}
    assert unique_names(["ملک", "ولایت"]) == {"ملک": "var", "ولایت": "var_2"}


def test_document_variables_never_take_a_fixed_column_name():
    assert variable_columns(["title", "claims", "Outlet Country"]) == {
        "title": "title_2", "claims": "claims_2", "Outlet Country": "outlet_country"}


@given(st.lists(st.text(max_size=50), max_size=12))
def test_any_names_give_distinct_valid_stata_names(names):
    result = unique_names(names)
    assert len(set(result.values())) == len(result)
    assert all(STATA_NAME.match(name) for name in result.values())
