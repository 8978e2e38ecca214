"""Readers: turn a file of any supported format into the one text the grammar parses.

Every reader returns a :class:`SourceText`. Its ``text`` is what all spans of
the resulting tree point into: the decoded file for text and Markdown input,
the text jxparse extracted for HTML, PDF and DOCX input (``jxparse convert -t text``
prints it). Readers for heavy formats (PDF) are imported only when such a file
is read, so the text path and ``--help`` stay fast.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..ast import Diagnostic, Furniture
from .hints import (DATE_LABELS, NUMBER_LABELS, TITLE_LABELS, DateHint, Hint, ReaderHints,
                    hints_from_pairs)


@dataclass(frozen=True, slots=True)
class LineOrigin:
    """Where a stretch of the extracted text came from: a box on a PDF page, a paragraph of a DOCX body."""

    start: int
    """Offset of the stretch in ``SourceText.text``."""
    end: int
    page: int | None = None
    """1-based page number (None for DOCX, which has no pages until it is laid out)."""
    bbox: tuple[float, float, float, float] | None = None
    """[x0, top, x1, bottom] in PDF points (OFD's millimetres converted: 1 mm = 72/25.4 pt)."""
    para: int | None = None
    """DOCX: 1-based index of the paragraph in the document body (tables and text boxes included)."""


@dataclass(frozen=True, slots=True)
class TableRow:
    """One row of a table a reader wrote into the text: its cells, joined by one TAB from ``start``.

    The cells' offsets follow from their lengths (:meth:`cell_spans`), so a row keeps one offset, not
    two a cell: a dense table of many small cells would otherwise hold several objects per cell
    beside the text that already holds the table."""

    start: int
    """Offset of the row (its first cell) in ``SourceText.text``: the start of its line."""
    cells: tuple[str, ...]
    """The cells left to right (at least one), each exactly as the reader wrote it. TABs and line
    breaks separate cells and rows in the text, so the readers write one inside a cell as a space."""

    @property
    def end(self) -> int:
        """Offset just after the row's last cell (the line break after it)."""
        return self.start + sum(map(len, self.cells)) + len(self.cells) - 1

    def cell_spans(self) -> list[tuple[int, int]]:
        """The ``(start, end)`` offsets of each cell in ``SourceText.text`` (an empty cell has
        ``start == end``)."""
        spans = []
        start = self.start
        for cell in self.cells:
            spans.append((start, start + len(cell)))
            start += len(cell) + 1  # the TAB after the cell
        return spans


@dataclass(frozen=True, slots=True)
class TableRegion:
    """A table a reader found (an HTML data table, a DOCX table, a PDF or OFD table drawn with rules),
    as it stands in ``SourceText.text``: one line per row, cells separated by one TAB.

    The region says which lines are rows of which table and what their cells are, so the pipeline
    needs neither guess a table from the TABs in a line nor split a line to get its cells: a row
    whose other cells are empty (its text holds no TAB once the line is trimmed) is a row all the same.
    """

    rows: tuple[TableRow, ...]
    """The rows in text order (at least one). A PDF or OFD row whose cells are all empty is
    included, although the text shows it as a blank line (HTML and DOCX write no such row)."""

    @property
    def start(self) -> int:
        """Offset of the table's first row in ``SourceText.text``."""
        return self.rows[0].start

    @property
    def end(self) -> int:
        """Offset just after its last row."""
        return self.rows[-1].end


def table_region(rows: Iterable[tuple[int, Sequence[str]]]) -> TableRegion:
    """The region of a table whose rows the reader wrote at the given offsets: ``(start of the row's
    line, its cells)``, the cells joined by one TAB in the text. The rows are in text order."""
    out = tuple(TableRow(start, tuple(cells)) for start, cells in rows)
    if not out or not all(row.cells for row in out):
        raise ValueError("a table region needs at least one row, and a row at least one cell")
    return TableRegion(out)


@dataclass(frozen=True, slots=True)
class SourceText:
    """A decoded or extracted text, ready for the grammar, with what the reader learnt."""

    text: str
    format: str = "text"
    """``text``, ``markdown``, ``html``, ``pdf``, ``docx`` or ``ofd``."""
    name: str | None = None
    encoding: str | None = None
    sha256: str | None = None
    pages: int | None = None
    metadata: tuple[tuple[str, str], ...] = ()
    """Key/value metadata the container carried (HTML table, Markdown front matter), labelled as the
    source labels them; a single document's ``metadata`` in the tree."""
    hints: ReaderHints = ReaderHints()
    """The title, 文号 and date the container gives for the document (typed, from ``metadata`` or
    what the reader knows): they fill a document's fields where its text has none."""
    furniture: tuple[Furniture, ...] = ()
    origins: tuple[LineOrigin, ...] = ()
    """PDF provenance of the text's lines, in text order; empty for other formats."""
    diagnostics: tuple[Diagnostic, ...] = ()
    tables: tuple[TableRegion, ...] = ()
    """Tables the reader found, in text order; text and Markdown input have none: their tables are
    recognised from TABs and pipes in the text."""
    body_start: int = 0
    """Offset where the document text starts; before it stands container metadata (Markdown front
    matter) that the reader already turned into ``metadata``."""


def page_ranges(numbers: list[int]) -> str:
    """Page numbers (ascending) for a message, runs shortened: ``[1, 2, 3, 5]`` -> ``1-3, 5``."""
    parts = []
    start = prev = None
    for n in numbers:
        if start is None:
            start = prev = n
        elif n == prev + 1:
            prev = n
        else:
            parts.append(f"{start}" if start == prev else f"{start}-{prev}")
            start = prev = n
    if start is not None:
        parts.append(f"{start}" if start == prev else f"{start}-{prev}")
    return ", ".join(parts)


__all__ = [
    "DATE_LABELS", "DateHint", "Hint", "LineOrigin", "NUMBER_LABELS", "ReaderHints", "SourceText", "TITLE_LABELS",
    "TableRegion", "TableRow", "hints_from_pairs", "page_ranges", "table_region",
]
