"""Columns: a page set in two columns, read left column first, then the right.

Evidence: where the lines start and end (the right column's left margin is where most of its lines
start; the left column ends at the furthest right of the text left of it), blank stretches of an em
or more inside a line (a row that holds both columns), the widths of the two columns, and how many
lines cross the gutter. A page with too little text to show its columns may use the page before's.
"""

from __future__ import annotations

from dataclasses import dataclass

from .glyphs import Char
from .lines import Line, printed_line
from .measure import most_common


@dataclass(slots=True)
class Gutter:
    """The blank stretch between two columns, and the margins of the text area around them."""

    left: float
    """The left column's left margin."""
    a: float
    """The left column's right edge."""
    b: float
    """The right column's left margin (where its continuation lines start)."""
    right: float
    """The right column's right edge."""
    tolerance: float
    """How far left of ``b`` a glyph of the right column may start (and right of ``a`` one of the left
    column end, on a page that uses another page's gutter)."""

    def side(self, line: Line) -> str:
        """Where ``line`` lies: in the ``left`` or ``right`` column, in ``both`` (a row that holds
        both, split by a gap over the gutter), or ``across`` the gutter (a title, a running head)."""
        outer, inner = self.a + self.tolerance, self.b - self.tolerance
        if line.x0 >= inner:
            return "right"
        if line.x1 <= outer:
            return "left"
        if any(g0 <= outer and g1 >= inner for g0, g1 in line.gaps):
            return "both"
        return "across"


def _find_gutter(lines: list[Line]) -> Gutter | None:
    """The gutter of a page set in two columns, or None for a page in one column.

    The right column's left margin ``b`` is where most of its lines start (the continuation lines of
    its paragraphs), either as lines of their own, when the columns' baselines differ, or after a gap
    in a row that holds both columns; the left column ends at ``a``, the furthest right of the text
    left of ``b``. Two columns need a gutter of an em; columns of about the same width (three in
    five), eight ems or more; four lines or more on either side, at least two in five filling their
    column; and at most two in five lines across the gutter (titles, running heads). A list or a
    borderless table of two columns thus stays in rows, as printed.
    """
    if len(lines) < 8:
        return None
    left = min(ln.x0 for ln in lines)
    right = max(ln.x1 for ln in lines)
    span = right - left
    lo, hi = left + 0.3 * span, right - 0.3 * span
    starts = [ln.x0 for ln in lines if lo <= ln.x0 <= hi]
    starts += [g1 for ln in lines for _, g1 in ln.gaps if lo <= g1 <= hi]
    if len(starts) < 4:
        return None
    margin = most_common((round(x) for x in starts), 0)
    at_margin = [x for x in starts if abs(x - margin) <= 1.0]
    if len(at_margin) < 3:
        return None
    b = min(at_margin)
    em = float(most_common((round(ln.size) for ln in lines), 12))
    tolerance = 0.25 * em
    left_ends: list[float] = []
    right_ends: list[float] = []
    crossing = 0
    for ln in lines:
        if ln.x0 >= b - tolerance:
            right_ends.append(ln.x1)
        elif ln.x1 <= b - tolerance and ln.x0 < lo:
            left_ends.append(ln.x1)
        elif ln.x1 <= b - tolerance:  # in the middle: a page number, say
            crossing += 1
        else:
            split = [g0 for g0, g1 in ln.gaps if g1 >= b - tolerance and g0 < b - tolerance]
            if split:
                left_ends.append(max(split))
                right_ends.append(ln.x1)
            else:
                crossing += 1
    if len(left_ends) < 4 or len(right_ends) < 4 or crossing > 0.4 * len(lines):
        return None
    a = max(left_ends)
    edge = max(right_ends)
    if b - a < em:
        return None
    narrow, wide = sorted((a - left, edge - b))
    if narrow < 8 * em or narrow < 0.6 * wide:  # a list, or a borderless table with a narrow column
        return None
    if sum(1 for x in left_ends if x >= a - 2 * em) < 0.4 * len(left_ends):
        return None
    if sum(1 for x in right_ends if x >= edge - 2 * em) < 0.4 * len(right_ends):
        return None
    return Gutter(left, a, b, edge, tolerance)


def _fits(lines: list[Line], gutter: Gutter) -> bool:
    """Whether a page's lines keep to the columns of ``gutter``: three or more lines in a column, and
    at most two in five across the gutter."""
    across = sum(1 for ln in lines if gutter.side(ln) == "across")
    return len(lines) - across >= 3 and across <= 0.4 * len(lines)


def read_columns(rows: list[tuple[list[Char], Line]], page: int, previous: list[Gutter | None]) -> list[Line]:
    """The page's lines in reading order: on a page set in two columns, each stretch of rows between
    lines across the gutter (a title, a table, a running head) gives the left column's lines, then
    the right column's; every line gets the margins of its column (``Line.column``).

    ``previous`` holds the gutter found on the page before: a page with too little text to show its
    columns (the end of a document, one column filled) is read with it, if its lines keep to it.
    The gutter found here replaces it.
    """
    lines = [line for _, line in rows]
    gutter = _find_gutter(lines)
    earlier, previous[0] = previous[0], gutter
    if gutter is None and earlier is not None and _fits(lines, earlier):
        gutter = earlier
    if gutter is None:
        return lines
    left_margins = (gutter.left, gutter.a)
    right_margins = (gutter.b, gutter.right)
    middle = (gutter.a + gutter.b) / 2  # halfway across the gutter
    out: list[Line] = []
    left_column: list[Line] = []
    right_column: list[Line] = []
    for row, line in rows:
        side = gutter.side(line)
        if side == "right":
            line.column = right_margins
            right_column.append(line)
        elif side == "left":
            line.column = left_margins
            left_column.append(line)
        elif side == "both":
            for glyphs, column, margins in (
                ([c for c in row if c[1] + c[3] < 2 * middle], left_column, left_margins),
                ([c for c in row if c[1] + c[3] >= 2 * middle], right_column, right_margins),
            ):
                part = printed_line(glyphs, page)
                if part is not None:
                    part.column = margins
                    column.append(part)
        else:  # across the gutter: the columns above it are read first
            out += left_column + right_column
            left_column, right_column = [], []
            line.column = (gutter.left, gutter.right)
            out.append(line)
    return out + left_column + right_column
