"""One page: what an engine extracted (:class:`PageInput`) -> the page's lines in reading order.

Evidence: the table cells the engine found from the page's rules (a glyph belongs to the cell its
middle falls in; a table row becomes one line, cells TAB-separated), the printed lines outside the
tables (:mod:`.lines`), the column gutter (:mod:`.columns`), and the direction text runs in (text set
sideways is read on the page turned so that it runs left to right, after the upright text).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .columns import Gutter, read_columns
from .glyphs import Char, dedupe, turn_box, turn_glyphs, turned_size
from .lines import Line, LineKind, glyph_rows, group_lines, join_lines, printed_line
from .measure import body_geometry


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


def _cell_text(chars: list[Char]) -> str:
    """A table cell's text: its printed lines joined as paragraph lines are."""
    out = ""
    for line in group_lines(chars, 0):
        out = join_lines(out, line.text) if out else line.text
    return out


def page_lines(page: PageInput, previous_gutter: list[Gutter | None] | None = None) -> list[Line]:
    """Printed lines and table rows of one page, in reading order (top to bottom).

    ``previous_gutter``: a one-item list that carries the column gutter from page to page (see
    :func:`read_columns`); a page read on its own needs none. Text set sideways (``page.turned``)
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
                        kind=LineKind.ROW,
                        table=t,
                        cells=tuple(cells),
                    )
                )
    rows_and_lines = [(row, line) for row in glyph_rows(chars) if (line := printed_line(row, page.number))]
    lines = read_columns(rows_and_lines, page.number, previous_gutter if previous_gutter is not None else [None])
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
    text = [ln for ln in lines if ln.kind is LineKind.TEXT and ln.column is None]
    geometry = body_geometry(text, width) if text else None
    area = (geometry.left, geometry.right) if geometry else None  # the margins of this text
    for ln in lines:
        ln.frame = (direction, page.width, page.height)
        if ln.kind is LineKind.ROW:
            ln.table += table_offset
        elif ln.column is None:
            ln.column = area
    return lines
