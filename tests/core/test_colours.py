"""Colour arithmetic, and a default codebook whose theme highlights can be told apart."""

import itertools

import pytest

from afpak_coder.core import codebook_file
from afpak_coder.core.colours import blend, colour_difference, contrast, delta_e_2000, lab, visible_on

HIGHLIGHT_OPACITY = 105 / 255  # gui.workspace.document_view.HIGHLIGHT_ALPHA: highlights are translucent


# Sharma, Wu & Dalal (2005), "The CIEDE2000 color-difference formula: implementation notes,
# supplementary test data": pairs 1, 9, 17, 18, 19 and 34 of their Table 1.
@pytest.mark.parametrize(("first", "second", "published"), [
    ((50, 2.6772, -79.7751), (50, 0, -82.7485), 2.0425),
    ((50, 2.5, 0), (73, 25, -18), 27.1492),
    ((50, 2.49, -0.001), (50, -2.49, 0.0009), 7.1792),
    ((50, 2.5, 0), (61, -5, 29), 22.8977),
    ((50, 2.5, 0), (56, -27, -3), 31.9030),
    ((2.0776, 0.0795, -1.135), (0.9033, -0.0636, -0.5514), 0.9082),
])
def test_ciede2000_matches_sharma_2005(first, second, published):
    assert delta_e_2000(first, second) == pytest.approx(published, abs=1e-4)


def test_lab_and_contrast_of_known_colours():
    assert lab("#ffffff") == pytest.approx((100, 0, 0), abs=0.01)
    assert lab("#ff0000") == pytest.approx((53.24, 80.09, 67.20), abs=0.02)  # sRGB red, D65
    assert contrast("#000000", "#ffffff") == pytest.approx(21)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)  # WCAG's borderline grey


def default_theme_colours():
    book = codebook_file.load_default_codebook()
    found = {}

    def walk(themes):
        for theme in themes:
            found[theme["name"]] = theme["color"]
            walk(theme.get("children", []))

    walk(book["themes"])
    return found


def test_every_pair_of_default_themes_is_clearly_different_as_highlights():
    themes = default_theme_colours()
    assert len(themes) >= 20
    closest = min((colour_difference(blend(a, HIGHLIGHT_OPACITY), blend(b, HIGHLIGHT_OPACITY)), x, y)
                  for (x, a), (y, b) in itertools.combinations(themes.items(), 2))
    # CIEDE2000 of 10 is a different colour at a glance; the old palette had 3.5 (two pale beiges).
    assert closest[0] >= 10, closest
    closest_solid = min(colour_difference(a, b) for a, b in itertools.combinations(themes.values(), 2))
    assert closest_solid >= 10  # as chart colours, too


def test_text_stays_readable_on_every_default_highlight():
    for colour in default_theme_colours().values():
        assert contrast("#000000", blend(colour, HIGHLIGHT_OPACITY)) >= 10


@pytest.mark.parametrize("coder", ["#1f77b4", "#d62728", "#2ca02c", "#ffed6f", "#ccebc5", "#fdb462"])
def test_a_coder_underline_is_visible_on_every_default_highlight(coder):
    for colour in default_theme_colours().values():
        background = blend(colour, HIGHLIGHT_OPACITY)
        line = visible_on(coder, background)
        assert contrast(line, background) >= 4.5
        if contrast(coder, background) >= 4.5:
            assert line == coder  # a colour that is visible already stays as the coder chose it
