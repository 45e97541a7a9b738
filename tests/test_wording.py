from afpak_coder.wording import join_and, plural


def test_plural_counts_one_as_singular_and_groups_thousands():
    assert plural(1, "coder") == "1 coder"
    assert plural(0, "document") == "0 documents"
    assert plural(2, "claim") == "2 claims"
    assert plural(1200, "claim") == "1,200 claims"
    assert plural(3, "hit") == "3 hits"
    assert plural(2, "entry", "entries") == "2 entries"


def test_join_and_reads_as_a_list():
    assert join_and([]) == ""
    assert join_and(["a theme"]) == "a theme"
    assert join_and(["a theme", "an actor"]) == "a theme and an actor"
    assert join_and(["a theme", "an actor", "a stance"]) == "a theme, an actor and a stance"
