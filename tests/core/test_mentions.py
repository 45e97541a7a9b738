"""Actors named in a passage (core/mentions.py): whole words, any alias, longest name first."""

import uuid

from afpak_coder.core.mentions import actors_mentioned
from afpak_coder.core.records import Actor


def actor(name, *aliases):
    return Actor(id=uuid.uuid4(), name=name, type="", aliases=list(aliases), color="#000000", definition="",
                 archived=False, proposed=False)


TTP = actor("Tehrik-i-Taliban Pakistan (TTP)", "TTP", "Pakistani Taliban")
TALIBAN = actor("Afghan Taliban administration", "Taliban", "Kabul", "طالبان")
PAKISTAN = actor("Pakistani government", "Islamabad", "Pakistan")
ACTORS = [TALIBAN, PAKISTAN, TTP]


def test_order_of_first_appearance_and_aliases_in_any_case():
    text = "ISLAMABAD said kabul shelters the TTP; Islamabad repeated it."
    assert actors_mentioned(text, ACTORS) == [PAKISTAN, TALIBAN, TTP]


def test_a_longer_name_wins_over_the_name_inside_it():
    # "Pakistani Taliban" is the TTP, not the Afghan Taliban nor Pakistan's government.
    assert actors_mentioned("The Pakistani Taliban struck again.", ACTORS) == [TTP]
    # ... but where the longer name is not whole, the shorter one still counts.
    assert actors_mentioned("Pakistani Talibanisation worried Pakistan.", ACTORS) == [PAKISTAN]


def test_whole_words_only_and_arabic_script_aliases():
    assert actors_mentioned("Pakistanis and Kabulis", ACTORS) == []
    assert actors_mentioned("ترجمان نے کہا کہ طالبان نے انکار کیا", ACTORS) == [TALIBAN]


def test_the_first_actor_wins_a_shared_alias_and_changed_lists_are_seen():
    other = actor("Kabul municipality", "Kabul")
    assert actors_mentioned("Kabul replied.", [TALIBAN, other]) == [TALIBAN]
    assert actors_mentioned("Kabul replied.", [other, TALIBAN]) == [other]
    assert actors_mentioned("Kabul replied.", []) == []
