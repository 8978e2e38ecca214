"""The document: pages accumulated one by one, then laid out as blocks and furniture.

:class:`Layout` is the one entry both the PDF engines and the OFD reader feed: each page's
:class:`~.page.PageInput` as it is read (glyphs whose box is not a finite number are set apart,
glyphs without Unicode text and soft hyphens counted), then :meth:`Layout.build` once.
"""

from __future__ import annotations

from math import isfinite

from .blocks import _ATTACH, _HEADING, _ITEM, _SENTENCE_END, OutLine
from .columns import Gutter
from .furniture import FurnitureItem, find_furniture
from .glyphs import BOTTOM, SIZE, TEXT, TOP, UNMAPPED, X0, X1, Char
from .lines import Line, join_lines
from .measure import Geometry, body_geometry
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
        return sum(len(ln.text) for _, _, lines in self.pages for ln in lines)

    def build(self) -> tuple[list[OutLine], list[FurnitureItem]]:
        furniture_ids, furniture = find_furniture([(h, lines) for _, h, lines in self.pages])
        body_pages = [(w, [ln for ln in lines if id(ln) not in furniture_ids]) for w, _, lines in self.pages]
        # margins per parity (mirrored layouts), falling back to the whole document
        all_lines = [ln for _, lines in body_pages for ln in lines]
        width = self.pages[0][0] if self.pages else 595.0
        # (lines set in columns have their column's margins: they would blur the page's)
        in_one_column = [ln for ln in all_lines if ln.column is None]
        doc_geo = body_geometry(in_one_column or all_lines, width)
        if len(in_one_column) != len(all_lines):
            doc_geo.size = body_geometry(all_lines, width).size
            in_one_column = in_one_column or all_lines
        geos = {}
        for parity in (0, 1):
            sel = [ln for ln in in_one_column if ln.page % 2 == parity]
            g = body_geometry(sel, width) if len([ln for ln in sel if ln.kind == "text"]) >= 20 else doc_geo
            geos[parity] = Geometry(g.left, g.right, doc_geo.size)

        def geometry(ln: Line) -> Geometry:
            if ln.column is None:
                return geos[ln.page % 2]
            return Geometry(ln.column[0], ln.column[1], doc_geo.size)
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
                    prev_out.text = join_lines(prev_out.text, ln.text)
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
