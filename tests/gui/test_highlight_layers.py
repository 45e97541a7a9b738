"""Overlapping claims are painted as non-overlapping stretches in the colour their translucent
highlights make laid over one another — checked against hand-computed compositing."""

import random
import uuid
from types import SimpleNamespace

from afpak_coder.core.colours import blend, rgb
from afpak_coder.gui.workspace.highlight_layers import HIGHLIGHT_ALPHA, laid_over, spliced, stretches

RED, BLUE = "#ff0000", "#0000ff"


def claim(start, end, colour, coder_colour="#1f77b4"):
    return SimpleNamespace(id=uuid.uuid4(), start=start, end=end, theme=SimpleNamespace(color=colour),
                           coder=SimpleNamespace(color=coder_colour))


def test_two_highlights_laid_over_one_another_as_one_colour_by_hand():
    # a = 105/255; red then blue: premultiplied (a(1-a), 0, a), opacity a + (1-a)a = 0.65398
    # → colour (0.37037, 0, 0.62963) = #5e00a1, opacity 166.8 → 167
    assert laid_over((RED, BLUE)) == ("#5e00a1", 167)
    assert laid_over((RED,)) == (RED, HIGHLIGHT_ALPHA)


def test_the_one_colour_looks_as_the_layers_painted_one_by_one_over_any_page():
    layers = ("#e2aa78", "#1f77b4", "#ffed6f", "#2ca02c")
    colour, alpha = laid_over(layers)
    for page in ("#ffffff", "#000000", "#336699"):
        one_by_one = page
        for layer in layers:
            one_by_one = blend(layer, HIGHLIGHT_ALPHA / 255, one_by_one)
        at_once = blend(colour, alpha / 255, page)
        assert max(abs(a - b) for a, b in zip(rgb(one_by_one), rgb(at_once))) <= 2 / 255


def test_stretches_of_nested_and_overlapping_claims():
    outer, inner, later = claim(0, 40, RED), claim(10, 30, BLUE), claim(35, 50, RED)
    found = [(s.start, s.end, s.layer.colour, s.layer.alpha, s.layer.wave)
             for s in stretches([outer, inner, later], 0, 100, selected=inner.id)]
    red, twice_red, red_blue = laid_over((RED,)), laid_over((RED, RED)), laid_over((RED, BLUE))
    assert found == [(0, 10, *red, False), (10, 30, *red_blue, True), (30, 35, *red, False),
                     (35, 40, *twice_red, False), (40, 50, *red, False)]
    # clipped to the stretch of text asked for; nothing painted where no claim lies
    assert [(s.start, s.end) for s in stretches([outer, inner, later], 5, 45)] == [
        (5, 10), (10, 30), (30, 35), (35, 40), (40, 45)]


def test_neighbours_that_look_the_same_are_one_stretch_and_the_top_claim_underlines():
    first, second = claim(0, 10, RED, "#ff7f0e"), claim(10, 20, RED, "#ff7f0e")
    assert [(s.start, s.end) for s in stretches([first, second], 0, 20, show_coders=True)] == [(0, 20)]
    under, over = claim(0, 20, RED, "#000000"), claim(5, 10, BLUE, "#ffffff")
    found = stretches([under, over], 0, 20, show_coders=True)
    assert [(s.start, s.end) for s in found] == [(0, 5), (5, 10), (10, 20)]
    assert found[0].layer.underline == found[2].layer.underline == "#000000"
    assert found[1].layer.underline != "#000000"  # the top claim's coder, made visible on its highlight


def test_stretches_worked_out_again_under_one_changed_claim_equal_a_whole_repaint():
    """``spliced``: the stretches of a range with those under a changed claim replaced by the
    stretches of that part alone are exactly those of the whole range worked out again."""
    randomly = random.Random(7)
    colours = [RED, BLUE, "#2ca02c", "#ffed6f"]
    for _ in range(300):
        claims = [claim(start, start + randomly.randint(1, 40), randomly.choice(colours))
                  for start in (randomly.randint(0, 200) for _ in range(randomly.randint(0, 25)))]
        low, high = randomly.randint(0, 60), randomly.randint(120, 230)
        painted = stretches(over(claims, low, high), low, high)
        changed = claim(randomly.randint(0, 200), 0, randomly.choice(colours))
        changed.end = changed.start + randomly.randint(1, 60)
        before = randomly.choice(claims) if claims and randomly.random() < 0.5 else None
        if before is not None:  # an edit: the claim moves or changes colour
            claims.remove(before)
            changed.id = before.id
        claims.append(changed)
        spans = [(c.start, c.end) for c in (before, changed) if c is not None]
        start, end = max(low, min(s for s, _ in spans)), min(high, max(e for _, e in spans))
        if start >= end:
            continue
        middle = stretches(over(claims, start, end), start, end)
        assert spliced(painted, start, end, middle) == stretches(over(claims, low, high), low, high)


def over(claims, low, high):
    """The claims over [low, high) in paint order, as the view passes them."""
    return sorted((c for c in claims if c.start < high and c.end > low), key=lambda c: (c.start, -c.end, str(c.id)))
