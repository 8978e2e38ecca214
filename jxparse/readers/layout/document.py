"""The document: pages accumulated one by one, then laid out as blocks and furniture.

:class:`Layout` is the one entry both the PDF engines and the OFD reader feed: each page's
:class:`~.page.PageInput` as it is read (glyphs whose box is not a finite number are set apart,
glyphs without Unicode text and soft hyphens counted), then :meth:`Layout.build` once.
"""

from __future__ import annotations

from math import isfinite

from .blocks import OutLine, build_blocks
from .columns import Gutter
from .furniture import FurnitureItem, find_furniture
from .glyphs import BOTTOM, SIZE, TEXT, TOP, UNMAPPED, X0, X1, Char
from .lines import Line
from .page import PageInput, page_lines


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
