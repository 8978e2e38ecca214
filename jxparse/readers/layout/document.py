"""The document: pages accumulated one by one, then laid out as blocks and furniture.

:class:`Layout` is the one entry both the PDF engines and the OFD reader feed: each page's
:class:`~.page.PageInput` as it is read (glyphs whose box is not a finite number are set apart,
glyphs without Unicode text and soft hyphens counted), then :meth:`Layout.finish` once.
"""

from __future__ import annotations

from dataclasses import dataclass
from math import isfinite

from ...ast import Diagnostic, Severity, Span
from .. import LineOrigin, TableRegion, page_ranges, table_region

from .blocks import OutLine, build_blocks, render
from .columns import Gutter
from .furniture import FurnitureItem, find_furniture
from .glyphs import BOTTOM, SIZE, TEXT, TOP, UNMAPPED, X0, X1, Char
from .lines import Line, LineKind
from .page import PageInput, page_lines


@dataclass(frozen=True, slots=True)
class LaidOut:
    """A laid-out document: what a reader of PDF or OFD puts in its :class:`~jxparse.readers.SourceText`."""

    text: str
    """One line per paragraph, heading, sign-off line or table row; blank lines between blocks."""
    origins: tuple[LineOrigin, ...]
    """Per output line, its span in ``text``, its page and box (rounded to 0.01 pt)."""
    furniture: tuple[FurnitureItem, ...]
    """Running heads, footers and page numbers, in page order."""
    tables: tuple[TableRegion, ...]
    """The tables: a run of rows on consecutive lines (a table going on at the head of the next page
    included), in text order."""
    table_diagnostics: tuple[Diagnostic, ...]
    """One ``pdf-table`` info diagnostic per table, spanning its rows."""


class Layout:
    """Accumulates the pages' lines, then builds the text."""

    def __init__(self) -> None:
        self.pages: list[tuple[float, float, list[Line]]] = []  # (width, height, lines)
        self.soft_hyphen_pages: list[int] = []
        self.unmapped: list[tuple[int, int, int]] = []
        """Pages with glyphs that have no Unicode text: (page, such glyphs, all glyphs)."""
        self.unplaced: list[tuple[int, str]] = []
        """Glyphs without a usable position: (page, text), in drawing order."""
        self._gutter: list[Gutter | None] = [None]  # the column gutter of the last page read

    def add_page(self, page: PageInput) -> None:
        """Lay out one page (pages in order); its glyphs are dropped once its lines are read."""
        page.chars = self._placed(page.number, page.chars)
        page.turned = {direction: self._placed(page.number, glyphs) for direction, glyphs in page.turned.items()}
        text = "".join(map(TEXT, page.chars))
        if "\u00ad" in text:
            self.soft_hyphen_pages.append(page.number)
        unmapped = len(UNMAPPED.findall(text))
        if unmapped:
            self.unmapped.append((page.number, unmapped, len(page.chars)))
        self.pages.append((page.width, page.height, page_lines(page, self._gutter)))
        page.chars = []

    def _placed(self, number: int, glyphs: list[Char]) -> list[Char]:
        """``glyphs`` without those whose box or size is not a finite number (a broken or hostile
        text matrix); their text goes to ``unplaced``. One sum per field finds them (a NaN or an
        infinity spreads), so a sound page costs a few C-level passes."""
        if isfinite(sum(map(X0, glyphs)) + sum(map(TOP, glyphs)) + sum(map(X1, glyphs))
                    + sum(map(BOTTOM, glyphs)) + sum(map(SIZE, glyphs))):
            return glyphs
        placed = []
        for glyph in glyphs:
            if isfinite(glyph[1] + glyph[2] + glyph[3] + glyph[4] + glyph[5]):
                placed.append(glyph)
            else:
                self.unplaced.append((number, glyph[0]))
        return placed

    def char_count(self) -> int:
        """The characters of all lines read so far (0: no text layer)."""
        return sum(len(ln.text) for _, _, lines in self.pages for ln in lines)

    def build(self) -> tuple[list[OutLine], list[FurnitureItem]]:
        """The output lines of the body (see :mod:`.blocks`) and the furniture, in page order."""
        furniture_ids, furniture = find_furniture([(height, lines) for _, height, lines in self.pages])
        body = [[ln for ln in lines if id(ln) not in furniture_ids] for _, _, lines in self.pages]
        width = self.pages[0][0] if self.pages else 595.0
        return build_blocks(body, width), furniture

    def finish(self) -> LaidOut:
        """The laid-out text of the pages added: :meth:`build`, then :func:`~.blocks.render`."""
        out, furniture = self.build()
        text, spans = render(out)
        origins = tuple(LineOrigin(start, end, o.page, tuple(round(v, 2) for v in o.bbox)) for start, end, o in spans)
        runs = _table_runs(spans)
        return LaidOut(text, origins, tuple(furniture), tuple(table_region((start, o.cells) for start, _, o in run)
                                                              for run in runs),
                       tuple(_table_diagnostic(run) for run in runs))


def _table_runs(spans) -> list[list[tuple[int, int, OutLine]]]:
    """The tables: runs of rows on consecutive lines (no blank line between them), as (start, end, row)."""
    result = []
    i = 0
    while i < len(spans):
        start, end, o = spans[i]
        if o.kind is not LineKind.ROW:
            i += 1
            continue
        j = i
        while j + 1 < len(spans) and spans[j + 1][2].kind is LineKind.ROW and not spans[j + 1][2].blank_before:
            j += 1
        result.append(spans[i : j + 1])
        i = j + 1
    return result


def _table_diagnostic(run: list[tuple[int, int, OutLine]]) -> Diagnostic:
    """The info diagnostic of a table (a run of rows), spanning its rows in the text."""
    cols = max(len(o.cells) for _, _, o in run)
    pages = sorted({o.page for _, _, o in run})
    return Diagnostic(
        Severity.INFO,
        "pdf-table",
        f"table of {len(run)} rows, up to {cols} cells a row, on page {page_ranges(pages)}: one line per row, "
        "cells separated by TAB",
        Span(run[0][0], run[-1][1]),
    )
