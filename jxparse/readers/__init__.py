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
from ..data import merge_metadata
from ..numbers import parse_date


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


# --------------------------------------------------------------------------- hints

# The labels under which a source gives a document's own fields, in order of preference: the one
# table of them. 发布日期 is the day of publication, not of signing: it stands in for the 成文日期
# only where nothing better is there. WPS docfield and OFD tag names (GB/T 33476: 标题, 发文字号,
# 成文日期) are labels of this table too.
TITLE_LABELS = ("标题", "title", "名称")
NUMBER_LABELS = ("发文字号", "文号", "文件编号", "doc_number")
DATE_LABELS = ("成文日期", "date", "发文日期", "发布日期")


@dataclass(frozen=True, slots=True)
class Hint:
    """One value a source gives for a document field, with the label it stood under."""

    label: str
    """The label as the source gives it (an HTML table's 发文字号, a front-matter key, a WPS
    docfield's or an OFD tag's name), so that a message or the docs can say where a value came from."""
    text: str
    """The value as the source gives it (blanks as given); a label given twice holds both values
    joined with '；', as ``SourceText.metadata`` holds them."""


@dataclass(frozen=True, slots=True)
class DateHint:
    """The date a source gives for a document: its label, its text and the date read from it."""

    label: str
    """The label the date stood under (成文日期, 发布日期 …)."""
    text: str
    """The value as the source gives it."""
    iso: str
    """``YYYY-MM-DD`` as :func:`jxparse.numbers.parse_date` reads the text: the string a document's
    ``date`` holds. A string, not a ``datetime.date``: parse_date checks month 1-12 and day 1-31
    only (a printed 2月30日 is kept as written, not refused), which a ``datetime.date`` cannot hold."""


@dataclass(frozen=True, slots=True)
class ReaderHints:
    """What a source says about the document it holds (title, 文号, date), typed, each value with
    its label: the evidence that fills a document's fields where its text has none.

    Each field holds every value the source gives under a label of that field, best label first, so
    that the hints of two sources (a reader's, and a metadata block in a document's text) combine
    exactly as their pairs merge (:meth:`combined`); :attr:`title`, :attr:`doc_number` and
    :attr:`date` are the values that count.
    """

    titles: tuple[Hint, ...] = ()
    """Values given for the document's title, best first (``TITLE_LABELS`` order)."""
    doc_numbers: tuple[Hint, ...] = ()
    """Values given for its 文号, best first (``NUMBER_LABELS`` order), as text: the pipeline's 文号
    parser reads them."""
    dates: tuple[Hint, ...] = ()
    """Values given under a date label, best first (``DATE_LABELS`` order), those that hold no date
    too (a later label stands in for them)."""

    @property
    def title(self) -> Hint | None:
        """The title the source gives, or None."""
        return self.titles[0] if self.titles else None

    @property
    def doc_number(self) -> Hint | None:
        """The 文号 text the source gives under its best label, or None. A text that is not one 文号
        gives the document none: the next label is not tried (a page whose 发文字号 is 无 has none)."""
        return self.doc_numbers[0] if self.doc_numbers else None

    @property
    def date(self) -> DateHint | None:
        """The date under the best label whose value holds one, or None."""
        for hint in self.dates:
            iso = parse_date(hint.text)
            if iso:
                return DateHint(hint.label, hint.text, iso)
        return None

    def __bool__(self) -> bool:
        return bool(self.titles or self.doc_numbers or self.dates)

    def combined(self, then: ReaderHints) -> ReaderHints:
        """These hints and ``then``'s, as :func:`hints_from_pairs` reads the pairs of both, these
        first: the better label wins whichever source gives it; two values under one label are
        joined as :func:`jxparse.data.merge_metadata` joins them."""
        return ReaderHints(titles=_joined(self.titles, then.titles, TITLE_LABELS),
                           doc_numbers=_joined(self.doc_numbers, then.doc_numbers, NUMBER_LABELS),
                           dates=_joined(self.dates, then.dates, DATE_LABELS))


def hints_from_pairs(pairs) -> ReaderHints:
    """The hints of a source whose labels are the only evidence (an HTML metadata table, Markdown
    front matter, WPS docfields, OFD tags, a metadata block in a document's text): the (label,
    value) pairs read by the label table above. A label given twice counts with both values joined
    (:func:`jxparse.data.merge_metadata`); an empty value counts as not given."""
    values = dict(merge_metadata(pairs))

    def given(labels: tuple[str, ...]) -> tuple[Hint, ...]:
        return tuple(Hint(label, values[label]) for label in labels if values.get(label))

    return ReaderHints(titles=given(TITLE_LABELS), doc_numbers=given(NUMBER_LABELS), dates=given(DATE_LABELS))


def _joined(first: tuple[Hint, ...], then: tuple[Hint, ...], labels: tuple[str, ...]) -> tuple[Hint, ...]:
    """The hints of one field from two sources, one per label, best label first (a label outside
    the table after the table's, in the order given)."""
    merged = merge_metadata([(hint.label, hint.text) for hint in first + then])
    rank = {label: index for index, label in enumerate(labels)}
    return tuple(sorted((Hint(label, text) for label, text in merged if text),
                        key=lambda hint: rank.get(hint.label, len(labels))))


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
