"""Printed lines: glyphs grouped into the lines of a page, and two printed lines joined.

Evidence: the glyphs' vertical middles (one line: within 0.45 em), their left-to-right order, the
gaps between them measured in ems (a space only where the PDF has a space character or a visible gap
next to a Latin letter or digit), and the sizes of their fonts (the line's size: the most common).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from enum import Enum

from .glyphs import BOTTOM, TOP, X0, Char, turn_box, turned_size


class LineKind(Enum):
    """What a :class:`Line` (and an output line) is."""

    TEXT = "text"
    ROW = "row"
    """A table row: its cells' text, TAB-separated."""


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
    kind: LineKind = LineKind.TEXT
    table: int = -1
    """For rows: the table's index on its page."""
    cells: tuple[str, ...] = ()
    """For rows: the cells' text, left to right (``text`` is them joined by TAB)."""
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


def printed_line(chars: list[Char], page: int) -> Line | None:
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
                if gap >= em:  # a column gutter, among others: see :mod:`.columns`
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
        top=min(map(TOP, chars)),
        x1=x1,
        bottom=max(map(BOTTOM, chars)),
        size=round(size, 1),
        page=page,
        gaps=tuple(gaps),
    )


def glyph_rows(chars: list[Char]) -> list[list[Char]]:
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
        g.sort(key=X0)
    return groups


def group_lines(chars: list[Char], page: int) -> list[Line]:
    """Group characters into printed lines (top to bottom, each left to right)."""
    lines = []
    for row in glyph_rows(chars):
        line = printed_line(row, page)
        if line is not None:
            lines.append(line)
    return lines


def join_lines(a: str, b: str) -> str:
    """Join two printed lines of one paragraph.

    Nothing goes between them, except one space between two Latin letters (an English word wrap).
    A number wrapped inside (``2`` / ``019``, character-wrapping layouts) is joined back as it was.
    """
    if a and b and a[-1].isascii() and a[-1].isalpha() and b[0].isascii() and b[0].isalpha():
        return a + " " + b
    return a + b
