"""Engine-independent PDF layout: characters with boxes -> lines -> blocks -> text.

Both PDF engines (pdfplumber, pypdfium2) only extract, per page, the characters
with their boxes, font sizes and directions, and the table cells found from the
page's rules (pdfplumber's table finder, or :mod:`~jxparse.readers.pdf_tables`
for pdfium). Everything else happens here, in pure Python, so both engines
produce the same text:

1. per page: drop doubled "fake bold" characters, cut table cells out, group the
   remaining characters into printed lines (spaces only where the PDF has a
   space character or a visible gap next to a Latin letter or digit); on a page
   set in two columns, read the left column's lines, then the right column's,
   in each stretch between lines across the gutter (titles, running heads);
   text set sideways (a wide table turned on a portrait page) is read on the
   page turned so that it runs left to right, after the page's upright text;
2. over the document: find running headers / footers (same text, same place,
   top or bottom band, on several pages) and page numbers (band + pattern);
   they become :class:`~jxparse.ast.Furniture`, never text;
3. over the body lines of all pages: re-join printed lines into paragraphs
   (first-line indent, line fill, unfinished sentence across a page or column
   break, measured against the line's own column),
   join wrapped titles, keep sign-off and 附件 list lines as consecutive lines,
   and separate blocks with one blank line; tables become one line per row,
   cells separated by TAB.

Text conventions (see :class:`Layout`):

- one line per paragraph / heading / title / 文号 line; one blank line between blocks;
- sign-off lines (issuer names, date) and 附件 list items: consecutive lines, no blank line;
- table rows: ``cell<TAB>cell…``, a blank line before and after the table;
- printed lines joined without a space, except between two Latin letters (English word wrap);
- inside a line: a space where the PDF has a space character, or a gap of at least
  0.12 em next to a Latin letter or digit (``2019 年 7 月``); never between two CJK
  characters unless the gap is a column gap (>= 2 em) or a real space character;
- U+00AD (soft hyphen) becomes ``-`` (U+002D): in 公文 it stands for a typed hyphen
  (``2014­2020`` -> ``2014-2020``); each page where this happened gets an info diagnostic.
"""

from __future__ import annotations

import re
from collections import Counter
from math import isfinite
from dataclasses import dataclass, field
from operator import itemgetter
from typing import NamedTuple

# --------------------------------------------------------------------------- input model


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


@dataclass(slots=True)
class PageInput:
    """What an engine extracted from one page."""

    number: int
    """1-based."""
    width: float
    height: float
    chars: list[Char]
    """Glyphs in drawing order: :class:`Char` or plain tuples of its fields."""
    tables: list[list[list[tuple[float, float, float, float]]]] = field(default_factory=list)
    """Tables as rows of cell boxes (x0, top, x1, bottom), top to bottom, left to right."""
    turned: dict[int, list[Char]] = field(default_factory=dict)
    """Glyphs whose text does not run left to right (a table set sideways on the page), by the
    direction it runs in: 90 (upwards), 180 (upside down) or 270 (downwards), counter-clockwise
    degrees; boxes as on the page, like ``chars``."""


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


# --------------------------------------------------------------------------- lines


@dataclass(slots=True)
class Line:
    """A printed line (or a table row) after extraction."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    size: float
    page: int
    kind: str = "text"
    """``text`` or ``row`` (a table row)."""
    table: int = -1
    """For rows: the table's index on its page."""
    gaps: tuple[tuple[float, float], ...] = ()
    """Blank stretches of at least one em between the line's glyphs, (x1 of one, x0 of the next)."""
    column: tuple[float, float] | None = None
    """On a page set in columns: the (left, right) margins of the line's column, or of the page's
    text area for a line across the columns."""
    frame: tuple[int, float, float] | None = None
    """For text set sideways: (direction, page width, page height); the line was read on the page
    turned so that its text runs left to right, and its box is on that turned page."""

    def page_box(self) -> tuple[float, float, float, float]:
        """The line's box on the page as displayed (top-left origin)."""
        box = (self.x0, self.top, self.x1, self.bottom)
        if self.frame is None:
            return box
        direction, width, height = self.frame
        return turn_box(360 - direction, *turned_size(direction, width, height))(*box)


def _is_cjk(ch: str) -> bool:
    o = ord(ch)
    return (
        0x2E80 <= o <= 0x9FFF
        or 0xF900 <= o <= 0xFAFF
        or 0xFF00 <= o <= 0xFFEF
        or 0x3000 <= o <= 0x303F
        or 0x20000 <= o <= 0x2FFFF
        or ch in "“”‘’—…·《》"
    )


_SPACES = frozenset(" \u00a0\u2002\u2003\u2009\u3000\t\r\n")
_TEXT = itemgetter(0)
_X0 = itemgetter(1)
_TOP = itemgetter(2)
_X1 = itemgetter(3)
_BOTTOM = itemgetter(4)
_SIZE = itemgetter(5)


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


def _line(chars: list[Char], page: int) -> Line | None:
    """The printed line of ``chars`` (sorted by x0), or None when it holds no ink.

    One pass builds the text and the box: a space where the PDF has a space character, or a gap of at
    least 0.12 em next to a Latin letter or digit, or a column gap (2 em) between CJK characters; the
    box and the size are those of the ink (every glyph but the space characters of ``_SPACES``).
    """
    parts: list[str] = []
    pending_space = False
    prev_text = ""  # the last glyph written
    prev_x1 = prev_size = 0.0
    x0 = None
    x1 = 0.0
    first_size = 0.0
    mixed_sizes = False
    gaps = []
    for text, c_x0, _, c_x1, _, size in chars:
        if text.isspace():  # every character of _SPACES is whitespace
            if parts:
                pending_space = True
            if text in _SPACES:
                continue
        elif text:
            if text == "\u00ad":
                text = "-"
            if parts:
                gap = c_x0 - prev_x1
                em = size if size < prev_size else prev_size
                if em < 1.0:
                    em = 1.0
                if pending_space:
                    parts.append(" ")
                elif gap >= 0.12 * em and (gap >= 2.0 * em or not (_is_cjk(prev_text[-1]) and _is_cjk(text[0]))):
                    parts.append(" ")
                if gap >= em:  # a column gutter, among others: see _find_gutter
                    gaps.append((prev_x1, c_x0))
            parts.append(text)
            prev_text = text
            prev_x1 = c_x1
            prev_size = size
            pending_space = False
        else:  # an empty glyph: no text, no ink
            continue
        # ink: whitespace other than the space characters counts, as it takes room on the line
        if x0 is None:
            x0, x1, first_size = c_x0, c_x1, size
        else:
            if c_x1 > x1:
                x1 = c_x1
            if size != first_size:
                mixed_sizes = True
    text = "".join(parts).strip()
    if not text:
        return None
    size = first_size
    if mixed_sizes:  # the most common size, the leftmost on a tie
        counts = Counter(c[5] for c in chars if c[0] and c[0] not in _SPACES)
        size = max(counts, key=counts.__getitem__)
    return Line(
        text=text,
        x0=x0,
        top=min(map(_TOP, chars)),
        x1=x1,
        bottom=max(map(_BOTTOM, chars)),
        size=round(size, 1),
        page=page,
        gaps=tuple(gaps),
    )


def _rows(chars: list[Char]) -> list[list[Char]]:
    """Glyphs grouped into printed rows (top to bottom), each sorted left to right."""
    if not chars:
        return []
    mids = [(top + bottom) / 2 for _, _, top, _, bottom, _ in chars]
    groups: list[list[Char]] = []
    cur: list[Char] = []
    cur_mid = 0.0
    cur_size = 0.0
    # by vertical middle; the sort is stable, so characters at the same height keep extraction order
    # (and a middle is never above the line's first: the distance needs no abs())
    for i in sorted(range(len(chars)), key=mids.__getitem__):
        c = chars[i]
        mid = mids[i]
        size = c[5] if c[5] > 1.0 else 1.0
        if cur and mid - cur_mid <= 0.45 * (cur_size if cur_size < size else size):
            cur.append(c)
            continue
        if cur:
            groups.append(cur)
        cur = [c]
        cur_mid = mid
        cur_size = size
    groups.append(cur)
    for g in groups:
        g.sort(key=_X0)
    return groups


def group_lines(chars: list[Char], page: int) -> list[Line]:
    """Group characters into printed lines (top to bottom, each left to right)."""
    lines = []
    for row in _rows(chars):
        line = _line(row, page)
        if line is not None:
            lines.append(line)
    return lines


# --------------------------------------------------------------------------- columns


@dataclass(slots=True)
class _Gutter:
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


def _find_gutter(lines: list[Line]) -> _Gutter | None:
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
    margin = _mode((round(x) for x in starts), 0)
    at_margin = [x for x in starts if abs(x - margin) <= 1.0]
    if len(at_margin) < 3:
        return None
    b = min(at_margin)
    em = float(_mode((round(ln.size) for ln in lines), 12))
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
    return _Gutter(left, a, b, edge, tolerance)


def _fits(lines: list[Line], gutter: _Gutter) -> bool:
    """Whether a page's lines keep to the columns of ``gutter``: three or more lines in a column, and
    at most two in five across the gutter."""
    across = sum(1 for ln in lines if gutter.side(ln) == "across")
    return len(lines) - across >= 3 and across <= 0.4 * len(lines)


def _read_columns(rows: list[tuple[list[Char], Line]], page: int, previous: list[_Gutter | None]) -> list[Line]:
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
                part = _line(glyphs, page)
                if part is not None:
                    part.column = margins
                    column.append(part)
        else:  # across the gutter: the columns above it are read first
            out += left_column + right_column
            left_column, right_column = [], []
            line.column = (gutter.left, gutter.right)
            out.append(line)
    return out + left_column + right_column


def _cell_text(chars: list[Char]) -> str:
    """A table cell's text: its printed lines joined as paragraph lines are."""
    out = ""
    for line in group_lines(chars, 0):
        out = _join(out, line.text) if out else line.text
    return out


def _join(a: str, b: str) -> str:
    """Join two printed lines of one paragraph.

    Nothing goes between them, except one space between two Latin letters (an English word wrap).
    A number wrapped inside (``2`` / ``019``, character-wrapping layouts) is joined back as it was.
    """
    if a and b and a[-1].isascii() and a[-1].isalpha() and b[0].isascii() and b[0].isalpha():
        return a + " " + b
    return a + b


def page_lines(page: PageInput, previous_gutter: list[_Gutter | None] | None = None) -> list[Line]:
    """Printed lines and table rows of one page, in reading order (top to bottom).

    ``previous_gutter``: a one-item list that carries the column gutter from page to page (see
    :func:`_read_columns`); a page read on its own needs none. Text set sideways (``page.turned``)
    comes after the upright text, read on the page turned so that it runs left to right.
    """
    tables, turned_tables = _tables_by_direction(page) if page.turned else (page.tables, {})
    chars = dedupe(page.chars)
    rows: list[Line] = []
    if tables:
        cell_boxes = []  # (x0, top, x1, bottom, table, row, col)
        for t, table in enumerate(tables):
            for r, row in enumerate(table):
                for k, box in enumerate(row):
                    cell_boxes.append((box, t, r, k))
        cell_chars: dict[tuple[int, int, int], list[Char]] = {}
        free = []
        for c in chars:
            _, x0, top, x1, bottom, _ = c
            mx = (x0 + x1) / 2
            my = (top + bottom) / 2
            for box, t, r, k in cell_boxes:
                if box[0] <= mx <= box[2] and box[1] <= my <= box[3]:
                    cell_chars.setdefault((t, r, k), []).append(c)
                    break
            else:
                free.append(c)
        chars = free
        for t, table in enumerate(tables):
            for r, row in enumerate(table):
                cells = [_cell_text(cell_chars.get((t, r, k), [])) for k in range(len(row))]
                rows.append(
                    Line(
                        text="\t".join(cells),
                        x0=min(b[0] for b in row),
                        top=min(b[1] for b in row),
                        x1=max(b[2] for b in row),
                        bottom=max(b[3] for b in row),
                        size=0.0,
                        page=page.number,
                        kind="row",
                        table=t,
                    )
                )
    rows_and_lines = [(row, line) for row in _rows(chars) if (line := _line(row, page.number))]
    lines = _read_columns(rows_and_lines, page.number, previous_gutter if previous_gutter is not None else [None])
    if rows:
        lines = sorted(lines + rows, key=lambda line: (line.top, line.x0))
    offset = len(tables)
    for direction, glyphs in sorted(page.turned.items()):
        lines += _turned_lines(page, direction, glyphs, turned_tables.get(direction, []), offset)
        offset += len(turned_tables.get(direction, []))
    return lines


def _tables_by_direction(page: PageInput):
    """The page's tables split by the direction of the text inside them: (upright tables, {direction:
    tables}). A table goes with the glyphs most of whose middles fall in it."""
    upright: list = []
    turned: dict[int, list] = {}
    for table in page.tables:
        x0 = min(box[0] for row in table for box in row)
        top = min(box[1] for row in table for box in row)
        x1 = max(box[2] for row in table for box in row)
        bottom = max(box[3] for row in table for box in row)

        def inside(glyphs):
            return sum(1 for _, a, b, c, d, _ in glyphs if x0 <= (a + c) / 2 <= x1 and top <= (b + d) / 2 <= bottom)

        counts = {direction: inside(glyphs) for direction, glyphs in page.turned.items()}
        direction = max(counts, key=counts.__getitem__)
        if counts[direction] > inside(page.chars):
            turned.setdefault(direction, []).append(table)
        else:
            upright.append(table)
    return upright, turned


def _turned_lines(page: PageInput, direction: int, glyphs: list[Char], tables: list, table_offset: int) -> list[Line]:
    """The lines of text set sideways (or upside down), read on the page turned so that it runs left
    to right; each line keeps the turn in ``Line.frame`` and its text area as ``Line.column``."""
    turn = turn_box(direction, page.width, page.height)
    width, height = turned_size(direction, page.width, page.height)
    chars = turn_glyphs(turn, glyphs)
    turned_tables = []
    for table in tables:
        by_top: dict[float, list] = {}
        for box in (turn(*box) for row in table for box in row):
            by_top.setdefault(round(box[1], 1), []).append(box)
        turned_tables.append([sorted(by_top[key]) for key in sorted(by_top)])
    lines = page_lines(PageInput(page.number, width, height, chars, turned_tables))
    text = [ln for ln in lines if ln.kind == "text" and ln.column is None]
    geometry = _geometry(text, width) if text else None
    area = (geometry.left, geometry.right) if geometry else None  # the margins of this text
    for ln in lines:
        ln.frame = (direction, page.width, page.height)
        if ln.kind == "row":
            ln.table += table_offset
        elif ln.column is None:
            ln.column = area
    return lines


# --------------------------------------------------------------------------- furniture

_PAGE_NUMBER = re.compile(
    r"^(?:[-—–－~～]+\s*\d{1,4}\s*[-—–－~～]+|[·•]\s*\d{1,4}\s*[·•]|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?"
    r"|\d{1,4}|\d{1,4}\s*/\s*\d{1,4}|[Pp]age\s*\d{1,4}(?:\s*of\s*\d{1,4})?)$"
)
_DIGITS = re.compile(r"\d+")


@dataclass(slots=True)
class FurnitureItem:
    kind: str
    text: str
    page: int


def find_furniture(pages: list[tuple[float, list[Line]]]) -> tuple[set[int], list[FurnitureItem]]:
    """Find running headers, footers and page numbers.

    ``pages`` holds each page's height and lines. Returns the ids (``id(line)``) of furniture lines and
    the furniture in page order. A line is furniture when it lies in the top or bottom band (15 % of the
    page height) and either looks like a page number (``— 3 —``, ``- 3 -``, ``·3·``, ``第3页``, ``3``,
    ``3/12``) or its text (digits ignored) repeats at about the same place on at least two pages (and on
    a fifth of the pages, for long documents).
    """
    n = len(pages)
    cands: list[tuple[str, Line]] = []
    for page_height, lines in pages:
        for ln in lines:
            if ln.kind != "text":
                continue
            # sideways text: the bands of its own turned page (a whole page set sideways has its
            # running head and page number sideways too)
            height = page_height if ln.frame is None else turned_size(*ln.frame)[1]
            if ln.bottom <= height * 0.15:
                cands.append(("top", ln))
            elif ln.top >= height * 0.85:
                cands.append(("bottom", ln))
    keys: Counter = Counter()
    for band, ln in cands:
        keys[(band, _DIGITS.sub("#", ln.text.replace(" ", "")), round(ln.top / 12))] += 1
    ids: set[int] = set()
    items = []
    need = max(2, n // 5)
    for band, ln in cands:
        compact = ln.text.replace(" ", "")
        key = (band, _DIGITS.sub("#", compact), round(ln.top / 12))
        repeated = sum(keys.get((key[0], key[1], key[2] + d), 0) for d in (-1, 0, 1)) >= need
        if _PAGE_NUMBER.match(ln.text.strip()) and (n == 1 or repeated or not compact.isdigit()):
            items.append(FurnitureItem("page_number", ln.text, ln.page))
            ids.add(id(ln))
        elif repeated and n > 1:
            items.append(FurnitureItem("page_header" if band == "top" else "page_footer", ln.text, ln.page))
            ids.add(id(ln))
    items.sort(key=lambda f: (f.page, {"page_header": 0, "page_number": 1, "page_footer": 2}[f.kind]))
    return ids, items


# --------------------------------------------------------------------------- blocks

_HEADING = re.compile(
    r"^(?:[一二三四五六七八九十百]+[、．.]|[（(][一二三四五六七八九十百]+[）)]|\d{1,2}[.．、](?![\d.．])"
    r"|[（(]\d{1,2}[）)]|第[一二三四五六七八九十百零〇]+[编章节条]|[①-⑳]|[㈠-㈩])"
)
_ITEM = re.compile(r"^\d{1,2}[.．、]")
_ATTACH = re.compile(r"^(?:[-–•·]\s*)?附\s*件\s*[:：]")
_SENTENCE_END = tuple("。！？；：:;!?")


@dataclass(slots=True)
class _Geometry:
    left: float
    right: float
    size: float


def _mode(values, default):
    c = Counter(values)
    return c.most_common(1)[0][0] if c else default


def _geometry(lines: list[Line], width: float) -> _Geometry:
    text = [ln for ln in lines if ln.kind == "text"]
    size = _mode((round(ln.size) for ln in text), 12.0)
    body = [ln for ln in text if abs(ln.size - size) < 1.0]
    if not body:
        return _Geometry(width * 0.12, width * 0.88, size)
    left = _mode((round(ln.x0) for ln in body), body[0].x0)
    right = max(ln.x1 for ln in body)
    full = [round(ln.x1) for ln in body if ln.x1 > right - 2 * size]
    right = _mode(full, right)
    right = max([ln.x1 for ln in body if abs(ln.x1 - right) <= 1.5] or [right])
    return _Geometry(float(left), float(right), float(size))


@dataclass(slots=True)
class OutLine:
    """A line of the output text: a paragraph, a heading, a sign-off line, a table row …"""

    text: str
    page: int
    bbox: tuple[float, float, float, float]
    blank_before: bool
    kind: str = "text"


_UNMAPPED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffd\ue000-\uf8ff]")
"""Glyph text that is no text: control characters (a font's codes read as if they were Unicode), the
replacement character the engines give a glyph without a Unicode mapping, and private-use code points."""


class Layout:
    """Accumulates the pages' lines, then builds the text."""

    def __init__(self) -> None:
        self.pages: list[tuple[float, float, list[Line]]] = []  # (width, height, lines)
        self.soft_hyphen_pages: list[int] = []
        self.unmapped: list[tuple[int, int, int]] = []
        """Pages with glyphs that have no Unicode text: (page, such glyphs, all glyphs)."""
        self.unplaced: list[tuple[int, str]] = []
        """Glyphs without a usable position: (page, text), in drawing order."""
        self._gutter: list[_Gutter | None] = [None]  # the column gutter of the last page read

    def add_page(self, page: PageInput) -> None:
        page.chars = self._placed(page.number, page.chars)
        page.turned = {direction: self._placed(page.number, glyphs) for direction, glyphs in page.turned.items()}
        text = "".join(map(_TEXT, page.chars))
        if "\u00ad" in text:
            self.soft_hyphen_pages.append(page.number)
        unmapped = len(_UNMAPPED.findall(text))
        if unmapped:
            self.unmapped.append((page.number, unmapped, len(page.chars)))
        self.pages.append((page.width, page.height, page_lines(page, self._gutter)))
        page.chars = []

    def _placed(self, number: int, glyphs: list[Char]) -> list[Char]:
        """``glyphs`` without those whose box or size is not a finite number (a broken or hostile
        text matrix); their text goes to ``unplaced``. One sum per field finds them (a NaN or an
        infinity spreads), so a sound page costs a few C-level passes."""
        if isfinite(sum(map(_X0, glyphs)) + sum(map(_TOP, glyphs)) + sum(map(_X1, glyphs))
                    + sum(map(_BOTTOM, glyphs)) + sum(map(_SIZE, glyphs))):
            return glyphs
        placed = []
        for glyph in glyphs:
            if isfinite(glyph[1] + glyph[2] + glyph[3] + glyph[4] + glyph[5]):
                placed.append(glyph)
            else:
                self.unplaced.append((number, glyph[0]))
        return placed

    def char_count(self) -> int:
        return sum(len(ln.text) for _, _, lines in self.pages for ln in lines)

    def build(self) -> tuple[list[OutLine], list[FurnitureItem]]:
        furniture_ids, furniture = find_furniture([(h, lines) for _, h, lines in self.pages])
        body_pages = [(w, [ln for ln in lines if id(ln) not in furniture_ids]) for w, _, lines in self.pages]
        # margins per parity (mirrored layouts), falling back to the whole document
        all_lines = [ln for _, lines in body_pages for ln in lines]
        width = self.pages[0][0] if self.pages else 595.0
        # (lines set in columns have their column's margins: they would blur the page's)
        in_one_column = [ln for ln in all_lines if ln.column is None]
        doc_geo = _geometry(in_one_column or all_lines, width)
        if len(in_one_column) != len(all_lines):
            doc_geo.size = _geometry(all_lines, width).size
            in_one_column = in_one_column or all_lines
        geos = {}
        for parity in (0, 1):
            sel = [ln for ln in in_one_column if ln.page % 2 == parity]
            g = _geometry(sel, width) if len([ln for ln in sel if ln.kind == "text"]) >= 20 else doc_geo
            geos[parity] = _Geometry(g.left, g.right, doc_geo.size)

        def geometry(ln: Line) -> _Geometry:
            if ln.column is None:
                return geos[ln.page % 2]
            return _Geometry(ln.column[0], ln.column[1], doc_geo.size)
        # Do paragraphs start with a first-line indent (GB/T 9704: two characters)? Then a line at the
        # left margin after a full line continues the paragraph, even across a page break after 。
        # and even when it starts with a heading marker (a wrapped "…标准统\n一、技术协同…").
        body_text = [ln for ln in all_lines if ln.kind == "text" and abs(ln.size - doc_geo.size) < 1.0]
        indents = sum(1 for ln in body_text if 1.5 <= (ln.x0 - geometry(ln).left) / max(ln.size, 1.0) <= 2.6)
        indented_style = indents >= max(2, 0.08 * len(body_text))
        out: list[OutLine] = []
        prev: Line | None = None
        prev_out: OutLine | None = None
        mode = ""  # "title", "signoff", "attach", "para", "table"
        attach_x0 = 0.0
        cont_x0: float | None = None  # x0 of a paragraph's continuation lines, once known
        cont_indent = 0.0  # their indent from the margin (in columns, the margin moves)
        prev_g = geos[1]
        for _, lines in body_pages:
            first_on_page = True
            for ln in lines:
                g = geometry(ln)
                em = max(ln.size, 1.0) if ln.kind == "text" else g.size
                if ln.kind == "row":
                    same_table = (
                        prev is not None
                        and prev.kind == "row"
                        and (prev.page == ln.page and prev.table == ln.table or prev.page != ln.page and first_on_page)
                    )
                    out.append(OutLine(ln.text, ln.page, ln.page_box(), not same_table, "row"))
                    prev, prev_g, prev_out, mode = ln, g, out[-1], "table"
                    first_on_page = False
                    continue
                center = (g.left + g.right) / 2
                mid = (ln.x0 + ln.x1) / 2
                indent = (ln.x0 - g.left) / em
                centered = (
                    abs(mid - center) < 0.6 * em  # both margins equal within about one character
                    and indent > 0.5
                    and (g.right - ln.x1) / em > 0.5
                )
                right_side = mid - center > 3 * em and ln.x0 > center - em and (g.right - ln.x1) > -em
                heading = bool(_HEADING.match(ln.text))
                action = "block"
                if prev is not None and prev.kind == "text" and mode != "table" and prev.frame == ln.frame:
                    pem = max(prev.size, 1.0)
                    same_size = abs(prev.size - ln.size) < 1.0
                    page_break = prev.page != ln.page
                    vgap = ln.top - prev.bottom
                    close = page_break or vgap < 1.2 * em
                    # (a paragraph runs on from the foot of one column to the head of the next)
                    pg = g if prev.column is None else prev_g
                    prev_full = (pg.right - prev.x1) / pem < 2.0
                    prev_end = prev.text.endswith(_SENTENCE_END)
                    if mode == "title":
                        if centered and same_size and close and ln.size > g.size + 0.5 and not page_break:
                            action = "join"
                    elif mode == "signoff":
                        if right_side and close and not page_break:
                            action = "line"
                    elif mode == "attach":
                        if ln.x0 > attach_x0 + 1.5 * em and close and same_size and not right_side:
                            action = "line" if _ITEM.match(ln.text) else "join"
                    # a paragraph's indented first line that ends short can look centered (ragged
                    # right text): a full-measure line at the margin after it says it was not
                    first_line_before = (
                        mode == "centered" and 1.5 <= (prev.x0 - pg.left) / pem <= 2.6 and abs(indent) < 0.5
                    )
                    may_run_on = mode in ("para", "attach", "title") or first_line_before
                    if action == "block" and may_run_on and not centered:
                        if cont_x0 is not None and ln.column is not None:
                            aligned = abs(ln.x0 - g.left - cont_indent) < 0.5 * em
                        elif cont_x0 is not None:
                            aligned = abs(ln.x0 - cont_x0) < 0.5 * em
                        else:
                            aligned = abs(indent) < 0.5 or (
                                # hanging indent (TOC entries, lists): the first line is indented,
                                # its continuation deeper still
                                not page_break
                                and ln.x0 > prev.x0 + 0.5 * em
                                and prev.x0 > g.left + 0.5 * em
                                and not prev.text.endswith(_SENTENCE_END)
                            )
                        if (
                            prev_full
                            and same_size
                            and close
                            and aligned
                            and not (heading and not (indented_style and abs(indent) < 0.5 and not prev_end))
                            and not right_side
                            and not (page_break and prev_end and not indented_style)
                        ):
                            if mode != "title" or ln.size > g.size + 0.5:
                                action = "join"
                if action == "join" and prev_out is not None:
                    if mode == "centered":
                        mode = "para"
                    if cont_x0 is None:
                        cont_x0 = ln.x0
                        cont_indent = ln.x0 - g.left
                    prev_out.text = _join(prev_out.text, ln.text)
                    if prev_out.page == ln.page:
                        b = prev_out.bbox
                        x0, top, x1, bottom = ln.page_box()
                        prev_out.bbox = (min(b[0], x0), min(b[1], top), max(b[2], x1), max(b[3], bottom))
                else:
                    out.append(OutLine(ln.text, ln.page, ln.page_box(), action == "block"))
                    prev_out = out[-1]
                    cont_x0 = None
                    if action == "block":
                        if _ATTACH.match(ln.text):
                            mode, attach_x0 = "attach", ln.x0
                        elif ln.size > g.size + 0.5 and (
                            centered or abs(indent) < 0.5 and (g.right - ln.x1) / em < 1.0
                        ):  # a title: centered, or across the measure (a column's, say)
                            mode = "title"
                        elif right_side:
                            mode = "signoff"
                        elif centered:
                            mode = "centered"
                        else:
                            mode = "para"
                prev, prev_g = ln, g
                first_on_page = False
        return out, furniture


def render(out: list[OutLine]) -> tuple[str, list[tuple[int, int, OutLine]]]:
    """The text and, per output line, its (start, end) offsets."""
    parts: list[str] = []
    pos = 0
    spans = []
    prev_kind = None
    for i, o in enumerate(out):
        if i:
            sep = "\n\n" if (o.blank_before or (prev_kind == "row") != (o.kind == "row")) else "\n"
            parts.append(sep)
            pos += len(sep)
        parts.append(o.text)
        spans.append((pos, pos + len(o.text), o))
        pos += len(o.text)
        prev_kind = o.kind
    if parts:
        parts.append("\n")
    return "".join(parts), spans
