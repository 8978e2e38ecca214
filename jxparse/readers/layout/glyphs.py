"""Glyphs: what an engine hands over for each character, and what the glyphs alone tell.

Evidence: a glyph's text, box (points, top-left origin) and font size, and the order the page draws
the glyphs in. From these: the direction text runs in (from the text matrix), turning boxes by a
quarter turn (pages with /Rotate, text set sideways), "fake bold" doubles (the same glyph drawn again
over itself, told apart from zero-advance glyphs by the drawing order), and glyph text that is no text
(control characters, U+FFFD, private use).
"""

from __future__ import annotations

import re
from operator import itemgetter
from typing import NamedTuple


class Char(NamedTuple):
    """One glyph: text and box in points, top-left origin (pdfplumber convention).

    The layout reads glyphs by position only (``text, x0, top, x1, bottom, size = glyph``), so an engine
    may hand over plain tuples in this order: a page holds thousands of glyphs, and building a plain
    tuple costs a fraction of a named one.
    """

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    size: float


def text_direction(a: float, b: float) -> int:
    """The direction text runs in, to the nearest quarter turn (counter-clockwise degrees), from the
    first row (a, b) of its matrix, y upwards (PDF space)."""
    if a >= abs(b):
        return 0
    if b > abs(a):
        return 90
    if -a >= abs(b):
        return 180
    return 270


def turn_box(rotation: int, width: float, height: float):
    """A function that maps a box (x0, top, x1, bottom) on a ``width`` x ``height`` page (top-left
    origin) to the page turned clockwise by ``rotation`` degrees (90, 180 or 270)."""
    if rotation == 90:  # the left edge goes to the top

        def turn(x0, top, x1, bottom):
            return height - bottom, x0, height - top, x1

    elif rotation == 180:

        def turn(x0, top, x1, bottom):
            return width - x1, height - bottom, width - x0, height - top

    elif rotation == 270:  # the left edge goes to the bottom

        def turn(x0, top, x1, bottom):
            return top, width - x1, bottom, width - x0

    else:
        raise ValueError(f"not a quarter turn: {rotation}")
    return turn


def turn_glyphs(turn, glyphs: list[Char]) -> list[Char]:
    """``glyphs`` with their boxes mapped by ``turn`` (a function from :func:`turn_box`)."""
    return [(text, *turn(x0, top, x1, bottom), size) for text, x0, top, x1, bottom, size in glyphs]


def turned_size(rotation: int, width: float, height: float) -> tuple[float, float]:
    """The width and height of a ``width`` x ``height`` page turned by ``rotation`` degrees."""
    return (height, width) if rotation in (90, 270) else (width, height)


# the fields of a glyph tuple, for map() over thousands of glyphs
TEXT = itemgetter(0)
X0 = itemgetter(1)
TOP = itemgetter(2)
X1 = itemgetter(3)
BOTTOM = itemgetter(4)
SIZE = itemgetter(5)


def dedupe(chars: list[Char], tolerance: float = 1.0) -> list[Char]:
    """Drop "fake bold" doubles: the same character, same size, drawn again over itself.

    Close to pdfplumber's ``Page.dedupe_chars()`` (text, font size and position within
    ``tolerance`` points; the first drawn is kept), done here for both engines because
    ``dedupe_chars()`` costs 40 % of pdfplumber's page time on the sample, and this costs about 1 %.

    Position alone is no evidence, though: a font without widths (zero-advance glyphs) draws every
    digit of ``1000`` at one place, and dropping them would turn ``1000万元`` into ``10万元``. So
    glyphs at one place are only doubles when they are a *second drawing*: the copies of a cluster
    (same text, size and place) are cut into runs drawn one right after the other with the pen not
    moving (:func:`overprints`); a cluster of one such run is a zero-advance stack and is kept whole;
    of several runs (the string drawn again, or each glyph drawn again with an offset), the first
    run is kept.
    """
    drop, _ = overprints(chars, tolerance)
    if not drop:
        return chars
    return [c for i, c in enumerate(chars) if i not in drop]


def overprints(chars: list[Char], tolerance: float = 1.0) -> tuple[set[int], int]:
    """(indices of fake-bold doubles to drop, glyphs kept although drawn where the one before was).

    See :func:`dedupe`. The second number counts zero-advance stacks: glyphs whose order on the
    line comes from the drawing order alone, which the PDF reader reports as a warning.
    """
    by_text: dict[str, list[tuple[float, int]]] = {}
    for i, (text, _, top, _, _, _) in enumerate(chars):
        if not text.isspace():
            by_text.setdefault(text, []).append((top, i))
    parent: dict[int, int] = {}

    def root(i: int) -> int:
        while parent.get(i, i) != i:
            i = parent[i] = parent.get(parent[i], parent[i])
        return i

    for group in by_text.values():
        n = len(group)
        if n < 2:
            continue
        group.sort()  # by top, then drawing order
        for a in range(n - 1):
            top, ia = group[a]
            limit = top + tolerance
            if group[a + 1][0] > limit:  # the usual case: the next one of this text is on another line
                continue
            _, x0, _, _, _, size = chars[ia]
            for b in range(a + 1, n):
                top_b, ib = group[b]
                if top_b > limit:
                    break
                _, x0_b, _, _, _, size_b = chars[ib]
                if abs(x0_b - x0) <= tolerance and abs(size_b - size) < 0.5:
                    ra, rb = root(ia), root(ib)
                    if ra != rb:
                        parent[max(ra, rb)] = min(ra, rb)
    if not parent:
        return set(), 0
    clusters: dict[int, set[int]] = {}
    for i in list(parent):
        clusters.setdefault(root(i), {root(i)}).add(i)
    drop: set[int] = set()
    stacked = 0
    for members in clusters.values():
        members = sorted(members)
        runs = [[members[0]]]
        for previous, current in zip(members, members[1:]):
            p, c = chars[previous], chars[current]
            still = current == previous + 1 and abs(c[1] - p[1]) < 0.01 and abs(c[2] - p[2]) < 0.01
            if still:
                runs[-1].append(current)
            else:
                runs.append([current])
        if len(runs) == 1:
            stacked += len(members) - 1  # a zero-advance stack: every glyph is text
        else:
            for run in runs[1:]:
                drop.update(run)
    return drop, stacked


def zero_advance(chars: list[Char]) -> bool:
    """True when a glyph is drawn where the glyph drawn just before it starts (same x0 and top), both
    ink: the pen did not move, as with a font whose ``/Widths`` are 0."""
    previous = None
    for glyph in chars:
        if previous is not None and abs(glyph[1] - previous[1]) < 0.01 and abs(glyph[2] - previous[2]) < 0.01 \
                and not glyph[0].isspace() and not previous[0].isspace():
            return True
        previous = glyph
    return False


UNMAPPED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffd\ue000-\uf8ff]")
"""Glyph text that is no text: control characters (a font's codes read as if they were Unicode), the
replacement character the engines give a glyph without a Unicode mapping, and private-use code points."""
