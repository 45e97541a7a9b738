"""Overlapping claims as the non-overlapping stretches the document view paints.

Qt paints each highlight of a text edit separately, drawing the text of every line again under
each one, so a screen of densely coded text (hundreds of claims, several deep) took 10–15 ms to
repaint and kept every Enter slow. The view instead paints one highlight per stretch of text
covered by the same claims, in the colour those claims' translucent highlights make laid over one
another (exactly what Qt's painting of them one by one gave), so the cost follows the screen, not
the depth of coding.
"""

from __future__ import annotations

import uuid
from functools import lru_cache
from typing import NamedTuple

from afpak_coder.core.colours import blend, hex_colour, rgb, visible_on
from afpak_coder.core.records import Claim

HIGHLIGHT_ALPHA = 105  # of 255, per claim: overlapping claims blend into a darker shade


class Layer(NamedTuple):  # tuples: a screen makes hundreds, built and hashed on every repaint
    """What one stretch shows: its colour and opacity, and the underline of its top claim."""

    colour: str  # "#rrggbb"
    alpha: int  # 0..255
    underline: str | None  # the top claim's coder colour ("Mine beside …"), else None
    wave: bool  # the selected claim covers the stretch


class Stretch(NamedTuple):
    """A stretch of text painted in one look."""

    start: int  # code points
    end: int
    layer: Layer


@lru_cache(maxsize=4096)
def laid_over(colours: tuple[str, ...], alpha: int = HIGHLIGHT_ALPHA) -> tuple[str, int]:
    """Colours painted one over another (the first at the bottom), each at opacity ``alpha``, as one
    colour and opacity that give the same result over any background ("over" compositing)."""
    opacity, premultiplied = alpha / 255, (0.0, 0.0, 0.0)
    total = 0.0
    for colour in colours:
        premultiplied = tuple(opacity * c + (1 - opacity) * p for c, p in zip(rgb(colour), premultiplied))
        total = opacity + (1 - opacity) * total
    return hex_colour(tuple(p / total for p in premultiplied)), round(total * 255)


@lru_cache(maxsize=1024)
def coder_underline(coder_colour: str, highlight: str, alpha: int) -> str:
    """The coder's colour, darkened where needed to stand out (contrast 4.5:1) on the highlight as
    painted on the page: a pale coder colour under a pale highlight was nearly invisible."""
    return visible_on(coder_colour, blend(highlight, alpha / 255))


def layer_of(claims: list[Claim], selected: uuid.UUID | None, show_coders: bool) -> Layer:
    """The look of a stretch covered by ``claims`` (bottom to top)."""
    colour, alpha = laid_over(tuple([c.theme.color.lower() for c in claims]))
    underline = coder_underline(claims[-1].coder.color.lower(), colour, alpha) if show_coders else None
    return Layer(colour, alpha, underline, selected is not None and any(c.id == selected for c in claims))


def stretches(claims: list[Claim], low: int, high: int, selected: uuid.UUID | None = None,
              show_coders: bool = False) -> list[Stretch]:
    """The stretches of [low, high) covered by ``claims`` (in the view's paint order: by start, a
    longer claim under the shorter ones starting with it), each with the look its claims give;
    neighbouring stretches that look the same are one."""
    bounds = sorted({max(c.start, low) for c in claims} | {min(c.end, high) for c in claims})
    found: list[Stretch] = []
    covering: list[Claim] = []  # claims over the current stretch, in paint order
    waiting = iter(claims)
    following = next(waiting, None)
    for start, end in zip(bounds, bounds[1:]):
        covering = [c for c in covering if c.end > start]
        while following is not None and max(following.start, low) <= start:
            if following.end > start:
                covering.append(following)
            following = next(waiting, None)
        if not covering:
            continue
        layer = layer_of(covering, selected, show_coders)
        if found and found[-1].end == start and found[-1].layer == layer:
            found[-1] = Stretch(found[-1].start, end, layer)
        else:
            found.append(Stretch(start, end, layer))
    return found


def spliced(painted: list[Stretch], start: int, end: int, middle: list[Stretch]) -> list[Stretch]:
    """``painted`` with its stretches over [start, end) replaced by ``middle`` (the stretches
    worked out again for that part alone, e.g. under a claim just saved): stretches crossing an
    edge are cut there, and pieces that meet looking the same are joined again, so the result is
    what ``stretches`` gives for the whole range."""
    pieces = [s for s in painted if s.end <= start]
    pieces += [Stretch(s.start, start, s.layer) for s in painted if s.start < start < s.end]
    pieces += middle
    pieces += [Stretch(end, s.end, s.layer) for s in painted if s.start < end < s.end]
    pieces += [s for s in painted if s.start >= end]
    joined: list[Stretch] = []
    for piece in pieces:
        if joined and joined[-1].end == piece.start and joined[-1].layer == piece.layer:
            joined[-1] = Stretch(joined[-1].start, piece.end, piece.layer)
        else:
            joined.append(piece)
    return joined
