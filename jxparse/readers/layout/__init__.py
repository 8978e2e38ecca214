"""Engine-independent page layout: characters with boxes -> lines -> blocks -> text.

Both PDF engines (pdfplumber, pypdfium2) and the OFD reader only extract, per
page, the characters with their boxes, font sizes and directions, and the table
cells found from the page's rules (pdfplumber's table finder, or
:mod:`~jxparse.readers.pdf_tables` for pdfium and OFD), as a :class:`PageInput`.
Everything else happens here, in pure Python that imports no engine, so all give
the same text. The one entry is :class:`Layout`: ``add_page`` per page, then
``finish`` (a :class:`LaidOut`: text, line origins, furniture, tables). The modules, in the order the evidence is read:

- :mod:`.glyphs`: glyph tuples, text direction and quarter turns, fake-bold doubles;
- :mod:`.lines`: glyphs -> printed lines; :mod:`.measure`: margins and body size;
- :mod:`.columns`: two-column pages; :mod:`.page`: one page's lines and table rows;
- :mod:`.furniture`: running heads and page numbers; :mod:`.blocks`: paragraphs and
  the text; :mod:`.document`: :class:`Layout`, which runs them over the pages.

In short:

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

from .blocks import OutLine, render
from .document import LaidOut, Layout
from .furniture import FurnitureItem
from .glyphs import Char, dedupe, overprints, text_direction, turn_box, turn_glyphs, turned_size, zero_advance
from .lines import Line, LineKind, group_lines
from .page import PageInput, page_lines

__all__ = [
    "Char", "FurnitureItem", "LaidOut", "Layout", "Line", "LineKind", "OutLine", "PageInput", "dedupe", "group_lines", "overprints",
    "page_lines", "render", "text_direction", "turn_box", "turn_glyphs", "turned_size", "zero_advance",
]
