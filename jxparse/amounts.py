"""The money table: one row per amount, with where it stands — what an analyst opens in a spreadsheet."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from decimal import Decimal

from .ast import Amount, Attachment, Bulletin, Document, Paragraph, Section, Table

COLUMNS = ("file", "doc_number", "document", "section", "text", "value", "min", "max", "unit", "per", "bound",
           "sentence")
"""The columns of :func:`amount_rows`, in order."""

_SENTENCE_END = "。！？!?；;"


@dataclass(frozen=True)
class AmountRow:
    """One money amount and its context."""

    file: str
    doc_number: str
    """The 文号 of the document the amount stands in (of the issuing notice for an enclosure)."""
    document: str
    """The title of the document (or enclosure) the amount stands in."""
    section: str
    """The section path, each marker with its heading text, e.g.
    ``一、推进基础设施建设 > (二)支持农业发展平台建设``."""
    text: str
    value: Decimal | None
    min: Decimal | None
    max: Decimal | None
    unit: str
    per: str | None
    bound: str | None
    sentence: str
    """The sentence of the paragraph that holds the amount; for an amount in a table cell, the
    cells of its row joined by `` | ``."""


def amount_rows(bulletin: Bulletin, *, file: str | None = None):
    """Yield an :class:`AmountRow` for every money amount of ``bulletin``, in document order."""
    name = file if file is not None else (bulletin.source.name or "")
    for document in bulletin.documents:
        yield from _document_rows(document, name, document.doc_number.text if document.doc_number else "")


def _document_rows(document: Document, file: str, number: str):
    number = document.doc_number.text if document.doc_number else number
    yield from _block_rows(document.body, file, number, document.title, ())
    for attachment in document.attachments:
        if isinstance(attachment, Attachment):
            yield from _block_rows(attachment.body, file, number, attachment.title, ())
    for enclosure in document.enclosures:
        yield from _document_rows(enclosure, file, number)


def _block_rows(blocks, file: str, number: str, title: str, path: tuple[str, ...]):
    for block in blocks:
        if isinstance(block, Section):
            here = path + (block.marker + block.heading,)
            yield from _entity_rows(block.entities, block.heading, file, number, title, here)
            yield from _block_rows(block.children, file, number, title, here)
        elif isinstance(block, Paragraph):
            yield from _entity_rows(block.entities, block.text, file, number, title, path)
        elif isinstance(block, Table):
            yield from _table_rows(block, file, number, title, path)
        else:  # pragma: no cover - a new block type must be handled here
            raise TypeError(f"amount_rows does not know {type(block).__name__}")


def _table_rows(table: Table, file: str, number: str, title: str, path: tuple[str, ...]):
    """Amounts in table cells (budgets live in tables), read by the same entity grammar as paragraphs.

    The tree keeps a table as cell texts without entities, so the cells are read here; the row's
    cells, joined, stand in for the sentence.
    """
    from .pipeline.entities import find_entities

    for row in table.rows:
        context = " | ".join(re.sub(r"\s+", " ", cell).strip() for cell in row)
        for cell in row:
            for entity in find_entities(cell):
                if isinstance(entity, Amount):
                    yield AmountRow(file=file, doc_number=number, document=title, section=" > ".join(path),
                                    text=entity.text, value=entity.value, min=entity.min, max=entity.max,
                                    unit=entity.unit, per=entity.per, bound=entity.bound, sentence=context)


def _entity_rows(entities, text: str, file: str, number: str, title: str, path: tuple[str, ...]):
    cursor = 0
    for entity in entities:
        if not isinstance(entity, Amount):
            continue
        at = text.find(entity.text, cursor)
        if at >= 0:
            cursor = at + len(entity.text)
        yield AmountRow(file=file, doc_number=number, document=title, section=" > ".join(path), text=entity.text,
                        value=entity.value, min=entity.min, max=entity.max, unit=entity.unit, per=entity.per,
                        bound=entity.bound, sentence=_sentence(text, at if at >= 0 else 0,
                                                                     len(entity.text) if at >= 0 else 0))


SENTENCE_WINDOW = 200
"""At most this many characters of a sentence are kept on each side of its amount; a longer
sentence (or a paragraph without a sentence end) is cut there, and the cut marked with ``…``."""

_CUT = "…"


def _sentence(text: str, offset: int, length: int = 0) -> str:
    """The sentence of ``text`` around ``text[offset:offset + length]``, cut to SENTENCE_WINDOW
    characters each side (marked ``…``). Only the window is searched, so a paragraph of thousands
    of amounts and no sentence end costs a window per amount, not the paragraph."""
    low = max(0, offset - SENTENCE_WINDOW)
    start = max(text.rfind(stop, low, offset) for stop in _SENTENCE_END) + 1
    cut_before = start == 0 and low > 0
    if cut_before:
        start = low
    after = offset + length
    high = min(len(text), after + SENTENCE_WINDOW)
    ends = [index for index in (text.find(stop, offset, high) for stop in _SENTENCE_END) if index >= 0]
    end = min(ends) + 1 if ends else high
    cut_after = not ends and high < len(text)
    sentence = re.sub(r"\s+", " ", text[start:end]).strip()
    return (_CUT if cut_before else "") + sentence + (_CUT if cut_after else "")


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        from .writers.json import format_decimal

        return format_decimal(value)
    return str(value)


def rows_to_csv(rows, *, excel: bool = False) -> str:
    """CSV text (with a header line) for amount rows.

    ``excel=True`` ends lines with CRLF and starts with a byte-order mark (U+FEFF, written as UTF-8
    EF BB BF), which Excel needs to open UTF-8 CSV correctly in a Chinese locale (it assumes GBK
    otherwise).
    """
    table = RowWriter(io.StringIO(), "csv", excel=excel)
    table.write(rows)
    table.close()
    return table.stream.getvalue()


def rows_to_json(rows) -> str:
    """A JSON array (one object per row, exact numbers) for amount rows."""
    table = RowWriter(io.StringIO(), "json")
    table.write(rows)
    table.close()
    return table.stream.getvalue()


class RowWriter:
    """Writes amount rows to a text stream as they come, as CSV (with a header line) or as one JSON
    array, so a table of many rows (or of many files) is never held in memory whole.

    The text is exactly :func:`rows_to_csv` / :func:`rows_to_json` of all the rows written;
    :meth:`close` ends it (the JSON array's bracket) and must be called once, even for no rows.
    """

    def __init__(self, stream, format: str = "csv", *, excel: bool = False) -> None:
        if format not in ("csv", "json"):
            raise ValueError(f"unknown table format {format!r}")
        self.stream = stream
        self.format = format
        self._rows = 0
        if format == "csv":
            if excel:  # see rows_to_csv
                stream.write("\ufeff")
            self._csv = csv.writer(stream, lineterminator="\r\n" if excel else "\n")
            self._csv.writerow(COLUMNS)

    def write(self, rows) -> None:
        """Write ``rows`` (any iterable of :class:`AmountRow`), one at a time."""
        from .writers.json import dumps_data

        for row in rows:
            if self.format == "csv":
                self._csv.writerow([_cell(getattr(row, column)) for column in COLUMNS])
            else:
                # one object of the array, indented as dumps_data indents the array's items
                item = dumps_data({column: getattr(row, column) for column in COLUMNS}).replace("\n", "\n  ")
                self.stream.write(("[\n  " if self._rows == 0 else ",\n  ") + item)
            self._rows += 1

    def close(self) -> None:
        """End the table (the JSON array's closing bracket and the final line break)."""
        if self.format == "json":
            self.stream.write("\n]\n" if self._rows else "[]\n")


__all__ = [
    "COLUMNS", "AmountRow", "amount_rows", "rows_to_csv", "rows_to_json", "RowWriter",
]
