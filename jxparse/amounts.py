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
    from .entities import find_entities

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
                        bound=entity.bound, sentence=_sentence(text, at if at >= 0 else 0))


def _sentence(text: str, offset: int) -> str:
    start = max((text.rfind(stop, 0, offset) for stop in _SENTENCE_END), default=-1) + 1
    ends = [index for index in (text.find(stop, offset) for stop in _SENTENCE_END) if index >= 0]
    end = min(ends) + 1 if ends else len(text)
    return re.sub(r"\s+", " ", text[start:end]).strip()


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
    out = io.StringIO()
    if excel:
        out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n" if excel else "\n")
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow([_cell(getattr(row, column)) for column in COLUMNS])
    return out.getvalue()


def rows_to_json(rows) -> str:
    """A JSON array (one object per row, exact numbers) for amount rows."""
    from .writers.json import dumps_data

    return dumps_data([{column: getattr(row, column) for column in COLUMNS} for row in rows]) + "\n"


__all__ = [
    "COLUMNS", "AmountRow", "amount_rows", "rows_to_csv", "rows_to_json",
]
