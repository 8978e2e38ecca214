"""Tree writer: an indented dump of the typed tree, the golden-file format for the AST.

Like docutils' pseudo-XML or pandoc's ``native``: one node per line, two spaces of indentation per
level, the node's type name first, then its span as ``[start:end]``, then its scalar fields as
``name=value`` in declaration order. Output is deterministic and diff-friendly:

* strings are Python ``repr`` (so control characters, U+3000 and other invisible characters show
  as escapes), decimals are exact (``25000``, ``2.5``), enumerations bare (``style=paren_hanzi``);
* fields that are ``None`` and lists that are empty are left out, so the dump shows what is there;
* a secondary span is shown with what it covers: ``title [3:40] '…'``, ``addressees [40:60]``,
  ``signoff [500:530] date='2019-07-15'`` (the sign-off span covers signatories and date);
* entities are listed one per line under the paragraph, title or heading that holds them, a
  paragraph's text on its own line; a document's blocks are under ``body``, the documents it
  issues under ``enclosures``.

A node of a type the writer does not know raises :class:`TypeError`: nothing is skipped silently.
"""

from __future__ import annotations

import enum
from decimal import Decimal

from .. import ast
from .base import Writer
from .json import format_decimal


class TreeWriter(Writer):
    """Writes a bulletin as an indented, one-node-per-line dump of the tree."""

    name = "tree"
    extension = ".tree"

    def write(self, bulletin) -> str:
        lines: list[str] = []
        _Dumper(lines).visit(bulletin, 0)
        return "\n".join(lines) + "\n"

    def write_to(self, bulletin, stream) -> None:
        _Dumper(_LineSink(stream.write)).visit(bulletin, 0)


class _LineSink:
    """Takes the dumper's lines and writes each, with its line break, as it comes."""

    def __init__(self, write) -> None:
        self.write = write

    def append(self, line: str) -> None:
        self.write(line + "\n")


def _value(value) -> str:
    if isinstance(value, enum.Enum):
        return str(value.value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return format_decimal(value) if value.is_finite() else str(value)
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, tuple):
        return "[" + ", ".join(_value(item) for item in value) + "]"
    if isinstance(value, float):
        return repr(value)
    return str(value)


def _span(span: ast.Span | None) -> str:
    return "" if span is None else f"[{span.start}:{span.end}]"


def _fields(node, *names: str) -> list[str]:
    """``name=value`` for each named field that is set (not None, not an empty list)."""
    parts = []
    for name in names:
        value = getattr(node, name)
        if value is None or value == ():
            continue
        parts.append(f"{name}={_value(value)}")
    return parts


class _Dumper:
    """Dispatches on node class (table built once) and appends one line per node."""

    _dispatch: dict[type, str] = {cls: "visit_" + name for name, cls in ast.NODE_TYPES.items()} | {
        ast.Source: "visit_source",
        ast.Issue: "visit_issue",
        ast.DocNumber: "visit_doc_number",
        ast.Furniture: "visit_furniture",
        ast.Diagnostic: "visit_diagnostic",
    }

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines

    def visit(self, node, depth: int) -> None:
        method = self._dispatch.get(type(node))
        if method is None:
            raise TypeError(f"TreeWriter cannot write a {type(node).__name__}: not a jxparse node type")
        getattr(self, method)(node, depth)

    def line(self, depth: int, name: str, *parts: str) -> None:
        self.lines.append("  " * depth + " ".join([name, *(part for part in parts if part)]))

    def visit_all(self, nodes, depth: int) -> None:
        for node in nodes:
            self.visit(node, depth)

    def strings(self, depth: int, name: str, span, items) -> None:
        if span is None and not items:
            return
        self.line(depth, name, _span(span))
        for item in items:
            self.line(depth + 1, _value(item))

    def text_with_entities(self, depth: int, name: str, span, text, entities) -> None:
        self.line(depth, name, _span(span), _value(text))
        self.visit_all(entities, depth + 1)

    # ----------------------------------------------------------------- bulletin level

    def visit_bulletin(self, node: ast.Bulletin, depth: int) -> None:
        self.line(depth, "bulletin", f"schema={ast.SCHEMA!r}")
        self.visit(node.source, depth + 1)
        if node.title is not None:
            self.line(depth + 1, "title", _value(node.title))
        if node.issue is not None:
            self.visit(node.issue, depth + 1)
        for group in (node.toc, node.documents, node.catalogs, node.furniture, node.diagnostics):
            self.visit_all(group, depth + 1)

    def visit_source(self, node: ast.Source, depth: int) -> None:
        self.line(depth, "source", *_fields(node, "name", "format", "encoding", "sha256", "pages"))

    def visit_issue(self, node: ast.Issue, depth: int) -> None:
        self.line(depth, "issue", _span(node.span),
                  *_fields(node, "name", "year", "number", "total_number", "published"))
        for key, value in node.details:
            self.line(depth + 1, f"{_value(key)}: {_value(value)}")

    def visit_toc_entry(self, node: ast.TocEntry, depth: int) -> None:
        self.line(depth, "toc_entry", _span(node.span), *_fields(node, "category", "page", "document", "title"))
        if node.doc_number is not None:
            self.visit(node.doc_number, depth + 1)

    def visit_catalog(self, node: ast.Catalog, depth: int) -> None:
        self.line(depth, "catalog", _span(node.span))
        self.line(depth + 1, "title", _span(node.title_span), _value(node.title))
        self.visit_all(node.entries, depth + 1)

    def visit_catalog_entry(self, node: ast.CatalogEntry, depth: int) -> None:
        self.line(depth, "catalog_entry", _span(node.span), *_fields(node, "title"))
        if node.doc_number is not None:
            self.visit(node.doc_number, depth + 1)

    def visit_furniture(self, node: ast.Furniture, depth: int) -> None:
        self.line(depth, "furniture", _span(node.span), *_fields(node, "kind", "page", "text"))

    def visit_diagnostic(self, node: ast.Diagnostic, depth: int) -> None:
        self.line(depth, "diagnostic", _span(node.span), *_fields(node, "severity", "code", "message"))

    def visit_doc_number(self, node: ast.DocNumber, depth: int) -> None:
        self.line(depth, "doc_number", _span(node.span), *_fields(node, "text", "agency", "year", "serial"))

    # ----------------------------------------------------------------- documents

    def visit_document(self, node: ast.Document, depth: int) -> None:
        self.line(depth, "document", _span(node.span), *_fields(node, "id", "kind", "page"))
        inner = depth + 1
        self.text_with_entities(inner, "title", node.title_span, node.title, node.title_entities)
        if node.issuer_mark is not None or node.issuer_mark_span is not None:
            mark = None if node.issuer_mark is None else _value(node.issuer_mark)
            self.line(inner, "issuer_mark", _span(node.issuer_mark_span), mark or "")
        if node.doc_number is not None:
            self.visit(node.doc_number, inner)
        self.strings(inner, "addressees", node.addressees_span, node.addressees)
        if node.body:
            self.line(inner, "body")
            self.visit_all(node.body, inner + 1)
        self.visit_all(node.attachments, inner)
        if node.signoff_span is not None or node.signatories or node.date is not None:
            self.line(inner, "signoff", _span(node.signoff_span), *_fields(node, "date", "date_source"))
            for item in node.signatories:
                self.line(inner + 1, _value(item))
        self.strings(inner, "notes", node.notes_span, node.notes)
        if node.enclosures:
            self.line(inner, "enclosures")
            self.visit_all(node.enclosures, inner + 1)
        if node.chronicle:
            self.line(inner, "chronicle")
            self.visit_all(node.chronicle, inner + 1)
        if node.metadata:
            self.line(inner, "metadata")
            for key, value in node.metadata:
                self.line(inner + 1, f"{_value(key)}: {_value(value)}")

    def visit_chronicle_entry(self, node: ast.ChronicleEntry, depth: int) -> None:
        self.line(depth, "chronicle_entry", _span(node.span), *_fields(node, "date", "month", "day", "text"))

    def visit_attachment(self, node: ast.Attachment, depth: int) -> None:
        self.line(depth, "attachment", _span(node.span), *_fields(node, "number", "omitted", "title"))
        self.visit_all(node.body, depth + 1)

    # ----------------------------------------------------------------- blocks

    def visit_section(self, node: ast.Section, depth: int) -> None:
        fields = _fields(node, "id", "style", "marker", "number", "level", "page", "bbox")
        self.line(depth, "section", _span(node.span), *fields)
        self.text_with_entities(depth + 1, "heading", node.heading_span, node.heading, node.entities)
        self.visit_all(node.children, depth + 1)

    def visit_paragraph(self, node: ast.Paragraph, depth: int) -> None:
        self.line(depth, "paragraph", _span(node.span), *_fields(node, "page", "bbox"))
        self.line(depth + 1, "text", _value(node.text))
        self.visit_all(node.entities, depth + 1)

    def visit_table(self, node: ast.Table, depth: int) -> None:
        self.line(depth, "table", _span(node.span), *_fields(node, "page", "bbox"))
        for row in node.rows:
            self.line(depth + 1, "row", *(_value(cell) for cell in row))

    # ----------------------------------------------------------------- entities

    def entity(self, node, depth: int, *names: str) -> None:
        self.line(depth, ast.TYPE_NAMES[type(node)], _span(node.span), _value(node.text), *_fields(node, *names))

    def visit_amount(self, node: ast.Amount, depth: int) -> None:
        self.entity(node, depth, "value", "unit", "per", "bound", "min", "max")

    def visit_percent(self, node: ast.Percent, depth: int) -> None:
        self.entity(node, depth, "value", "min", "max", "bound")

    def visit_fraction(self, node: ast.Fraction, depth: int) -> None:
        self.entity(node, depth, "numerator", "denominator")

    def visit_quantity(self, node: ast.Quantity, depth: int) -> None:
        self.entity(node, depth, "value", "unit", "min", "max", "bound")

    def visit_date(self, node: ast.DateMention, depth: int) -> None:
        self.entity(node, depth, "value", "year", "month", "part", "end_year")

    def visit_doc_ref(self, node: ast.DocRef, depth: int) -> None:
        self.entity(node, depth)
        self.visit(node.doc_number, depth + 1)

    def visit_title_ref(self, node: ast.TitleRef, depth: int) -> None:
        self.entity(node, depth, "title")

    def visit_duty(self, node: ast.Duty, depth: int) -> None:
        self.entity(node, depth, "lead", "cooperate", "responsible")


def handled_types() -> frozenset[type]:
    """The node classes the tree writer knows (for the every-writer-handles-every-node test)."""
    return frozenset(_Dumper._dispatch)


__all__ = [
    "TreeWriter", "handled_types",
]
