"""XML writer: the tree as one element per node, valid against ``schemas/jxparse.xsd``.

Design (namespace ``urn:jxparse:schema:1``, no prefix):

* Element names are the JSON ``type`` names (``bulletin``, ``document``, ``section``, ``paragraph``,
  ``amount`` …) and, for values without a tag, the JSON key (``source``, ``doc_number``,
  ``diagnostic``, ``furniture``). A few structural elements hold what JSON keeps in keys:
  ``title``, ``heading``, ``issuer_mark``, ``body`` (the block list of a document or attachment),
  ``addressee``/``signatory``/``note`` (string list items), ``meta`` (a metadata pair), ``row`` and
  ``cell`` (table rows).
* Numbers, booleans, enumerations, identifiers and entity fields are attributes; running text
  (titles, headings, paragraphs, cells, messages, list items) is element content.
* Spans are ``start``/``end`` attributes; a secondary span ``X_span`` becomes ``X_start``/``X_end``
  on the same element. ``page`` is an attribute; ``bbox="x0 top x1 bottom"``.
* Decimals are written exactly, as the JSON writer writes them (``25000``, ``2.5``, never an exponent).
* Paragraph text, document titles and section headings are mixed content: each entity is an inline
  element wrapped around its own text, so the element's text content is the JSON ``text``. Entities
  are placed in order, each searched for from the end of the previous one; an entity whose text is
  not found there stays in its place as an empty element carrying its text in a ``text`` attribute,
  so nothing is lost and the text content is unchanged.
* Characters that XML 1.0 forbids (U+0000-U+0008, U+000B, U+000C, U+000E-U+001F, lone surrogates,
  U+FFFE, U+FFFF) are written in element content as an empty ``<ctrl code="N"/>`` (N decimal). In
  attribute values a backslash is written ``\\\\`` and each forbidden character ``\\uXXXX``; a string
  list in one attribute (``duty``'s ``lead``…) joins its items with TAB, a TAB inside an item being
  written ``\\u0009``; an empty list is an absent attribute. ``None`` is an absent attribute or element.

XML is read back by :mod:`jxparse.loaders.xml`; both follow the layout of :mod:`jxparse.xml_layout`,
derived from the declaration of each node type in :mod:`jxparse.ast`.
"""

from __future__ import annotations

import enum
import math
from decimal import Decimal

from lxml import etree

from .. import ast
from ..xml_layout import (
    DOC_NUMBER_ATTRS,
    ELEMENT_NAMES,
    FORBIDDEN_RE,
    LAYOUTS,
    NAMESPACE,
    Attr,
    Content,
    Layout,
    encode_attribute,
    encode_list,
    q,
)
from .base import Writer, build_dispatch, dispatch
from .json import format_decimal

def _format_decimal(value: Decimal) -> str:
    if not value.is_finite():
        raise ValueError(f"cannot write the non-finite number {value} to XML")
    return format_decimal(value)


def _format_float(value: float) -> str:
    value = float(value)
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "INF" if value > 0 else "-INF"
    return repr(value)


# --------------------------------------------------------------------------- writer


class _Filler:
    """Appends text (with forbidden characters as <ctrl/>) and child elements to an element, in order."""

    def __init__(self, element: etree._Element) -> None:
        self.element = element
        self.last: etree._Element | None = None

    def text(self, text: str) -> None:
        position = 0
        for match in FORBIDDEN_RE.finditer(text):
            self._plain(text[position : match.start()])
            self.child("ctrl").set("code", str(ord(match.group())))
            position = match.end()
        self._plain(text[position:])

    def _plain(self, text: str) -> None:
        if not text:
            return
        if self.last is None:
            self.element.text = (self.element.text or "") + text
        else:
            self.last.tail = (self.last.tail or "") + text

    def child(self, tag: str) -> etree._Element:
        self.last = etree.SubElement(self.element, q(tag))
        return self.last


class XmlWriter(Writer):
    """Writes a bulletin as jxparse XML (namespace ``urn:jxparse:schema:1``, UTF-8, indented)."""

    name = "xml"
    extension = ".xml"

    def write(self, bulletin) -> str:
        chunks: list[str] = []
        pieces: list[str] = []

        def gather(piece: str) -> None:  # joined some thousands at a time: few objects alive
            pieces.append(piece)
            if len(pieces) >= 4096:
                chunks.append("".join(pieces))
                pieces.clear()

        write_xml(bulletin, gather)
        chunks.append("".join(pieces))
        return "".join(chunks)

    def write_to(self, bulletin, stream) -> None:
        write_xml(bulletin, stream.write)


_NS_DECLARATION = f' xmlns="{NAMESPACE}"'


def write_xml(bulletin, sink) -> None:
    """Write the XML of ``bulletin`` to ``sink`` (a callable taking str), piece by piece.

    The text is exactly what serializing :func:`to_element` (indented) gives, but only one small
    element (a paragraph, a heading, a diagnostic) is built at a time: the lxml tree of a whole
    bulletin took some 4 KB per section, hundreds of MB per MB of a text dense with headings.
    """
    sink("<?xml version='1.0' encoding='UTF-8'?>\n")
    _stream(bulletin, 0, sink)
    sink("\n")


def _stream(node, depth: int, sink) -> None:
    layout = _layout(node)
    shell = etree.Element(q(layout.tag), nsmap={None: NAMESPACE})
    if isinstance(node, ast.Bulletin):
        shell.set("schema", ast.SCHEMA)
    for attr in layout.attrs:
        _write_attr(shell, attr, getattr(node, attr.field))
    empty = etree.tostring(shell, encoding=str)  # <tag attrs/>
    if depth:
        empty = empty.replace(_NS_DECLARATION, "", 1)  # declared once, on the root
    inner = "\n" + "  " * (depth + 1)
    opened = False
    for write_child in _streamed_children(node, layout, depth + 1):
        if not opened:
            sink(empty[:-2] + ">")
            opened = True
        sink(inner)
        write_child(sink)
    if opened:
        sink("\n" + "  " * depth + f"</{layout.tag}>")
    else:
        sink(empty)


def _streamed_children(node, layout: Layout, depth: int):
    """One writer (a callable taking the sink) per child element of ``node``, in order."""
    for content in layout.content:
        value = getattr(node, content.field)
        if content.kind == "nodes":
            for item in value:
                yield _child_writer(item, depth)
        elif content.kind == "body":
            if value:
                yield lambda sink, value=value: _stream_body(value, content.name, depth, sink)
        else:
            holder = etree.Element(q(layout.tag), nsmap={None: NAMESPACE})
            _write_content(_Filler(holder), content, node)
            # serialized while in the holder, whose default namespace they share (a detached
            # element would be written with a generated prefix)
            for text in [_serialized(element, depth) for element in holder]:
                yield lambda sink, text=text: sink(text)


def _child_writer(item, depth: int):
    write = dispatch(_DISPATCH, item, "XmlWriter")
    return lambda sink: write(item, depth, sink)


def _write_element(item, depth: int, sink) -> None:
    """Write a node built as one small lxml element (a paragraph, a heading, a diagnostic …)."""
    holder = etree.Element(q("body"), nsmap={None: NAMESPACE})
    _add_node(_Filler(holder), item)
    sink(_serialized(holder[0], depth))


class _Nodes:
    """The XML writer's method per node type: the nodes that hold the bulk of a bulletin (every
    section of a body) are written element by element, so no lxml tree of the whole bulletin is
    built; every other node as one small element, from its layout."""

    xml_bulletin = xml_document = xml_attachment = xml_section = staticmethod(_stream)
    xml_node = staticmethod(_write_element)


_DISPATCH = build_dispatch(_Nodes, "xml_", fallback="xml_node")


def _stream_body(blocks, name: str, depth: int, sink) -> None:
    sink(f"<{name}>")
    inner = "\n" + "  " * (depth + 1)
    for block in blocks:
        sink(inner)
        _child_writer(block, depth + 1)(sink)
    sink("\n" + "  " * depth + f"</{name}>")


def _serialized(element: etree._Element, depth: int) -> str:
    """The XML of one element (indented for ``depth``), without a namespace declaration."""
    _indent(element, depth)
    return etree.tostring(element, encoding=str, with_tail=False).replace(_NS_DECLARATION, "", 1)


def to_element(node) -> etree._Element:
    """The XML element for ``node`` (normally a :class:`~jxparse.ast.Bulletin`), not yet indented."""
    root = etree.Element(q(_layout(node).tag), nsmap={None: NAMESPACE})
    _fill(root, node)
    return root


def _layout(node) -> Layout:
    try:
        return LAYOUTS[type(node)]
    except KeyError:
        raise TypeError(f"XmlWriter cannot write a {type(node).__name__}: not a jxparse node type") from None


def _add_node(filler: _Filler, node) -> None:
    _fill(filler.child(_layout(node).tag), node)


def _fill(element: etree._Element, node) -> None:
    layout = _layout(node)
    if isinstance(node, ast.Bulletin):
        element.set("schema", ast.SCHEMA)
    for attr in layout.attrs:
        _write_attr(element, attr, getattr(node, attr.field))
    filler = _Filler(element)
    if layout.entity:
        filler.text(node.text)
    for content in layout.content:
        _write_content(filler, content, node)


def _write_attr(element: etree._Element, attr: Attr, value) -> None:
    name = attr.name or attr.field
    if value is None:
        return
    kind = attr.kind
    if kind == "span":
        prefix = attr.name + "_" if attr.name else ""
        element.set(prefix + "start", str(int(value.start)))
        element.set(prefix + "end", str(int(value.end)))
    elif kind == "str":
        element.set(name, encode_attribute(value))
    elif kind == "int":
        element.set(name, str(int(value)))
    elif kind == "decimal":
        element.set(name, _format_decimal(Decimal(value)))
    elif kind == "bool":
        element.set(name, "true" if value else "false")
    elif kind == "enum":
        element.set(name, value.value if isinstance(value, enum.Enum) else str(value))
    elif kind == "bbox":
        element.set(name, " ".join(_format_float(v) for v in value))
    elif kind == "strlist":
        if value:
            element.set(name, encode_list(value))
    elif kind == "doc_number":
        # a doc_ref's DocNumber: its text in the doc_number attribute, its parts beside it
        element.set(name, encode_attribute(value.text))
        for part in DOC_NUMBER_ATTRS + (Attr("span", "span", name),):
            _write_attr(element, part, getattr(value, part.field))
    else:  # pragma: no cover - the layout table is checked by tests
        raise AssertionError(kind)


def _write_content(filler: _Filler, content: Content, node) -> None:
    value = getattr(node, content.field)
    kind = content.kind
    if kind == "text":
        filler.text(value)
    elif kind == "mixed":
        _write_mixed(filler, value, getattr(node, content.entities))
    elif kind == "child_text":
        if value is not None:
            _Filler(filler.child(content.name)).text(value)
    elif kind == "child_mixed":
        _write_mixed(_Filler(filler.child(content.name)), value, getattr(node, content.entities))
    elif kind == "value":
        if value is not None:
            _add_node(filler, value)
    elif kind == "text_list":
        for item in value:
            _Filler(filler.child(content.name)).text(item)
    elif kind == "nodes":
        for item in value:
            _add_node(filler, item)
    elif kind == "body":
        if value:
            body = _Filler(filler.child(content.name))
            for item in value:
                _add_node(body, item)
    elif kind == "rows":
        for row in value:
            cells = _Filler(filler.child("row"))
            for cell in row:
                _Filler(cells.child("cell")).text(cell)
    elif kind == "meta":
        for key, item in value:
            meta = filler.child("meta")
            meta.set("key", encode_attribute(key))
            _Filler(meta).text(item)
    else:  # pragma: no cover
        raise AssertionError(kind)


def _write_mixed(filler: _Filler, text: str, entities) -> None:
    # Entities are in text order and do not overlap: each is looked for from the end of the one
    # before. One that is not found keeps its place with its text in an attribute.
    cursor = 0
    for entity in entities:
        layout = _layout(entity)
        if not layout.entity:
            raise TypeError(f"XmlWriter cannot write a {type(entity).__name__} inside text")
        found = text.find(entity.text, cursor)
        if found < 0:
            element = filler.child(layout.tag)
            element.set("text", encode_attribute(entity.text))
            for attr in layout.attrs:
                _write_attr(element, attr, getattr(entity, attr.field))
            continue
        filler.text(text[cursor:found])
        _fill(filler.child(layout.tag), entity)
        cursor = found + len(entity.text)
    filler.text(text[cursor:])


# Elements holding only other elements: these, and only these, get indentation whitespace.
_ELEMENT_ONLY = frozenset(
    q(tag) for tag in ("bulletin", "document", "section", "attachment", "body", "table", "row", "catalog", "catalog_entry", "toc_entry")
)


def _indent(element: etree._Element, depth: int) -> None:
    if element.tag not in _ELEMENT_ONLY or len(element) == 0:
        return
    inner = "\n" + "  " * (depth + 1)
    element.text = inner
    for child in element:
        child.tail = inner
        _indent(child, depth + 1)
    element[-1].tail = "\n" + "  " * depth


__all__ = [
    "NAMESPACE", "ELEMENT_NAMES", "encode_attribute", "XmlWriter", "write_xml", "to_element",
]
