"""XML writer and reader: the tree as one element per node, valid against ``schemas/jxparse.xsd``.

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

The reader uses a parser that never loads a DTD, never resolves entities and never touches the
network; a document with a DOCTYPE is refused (jxparse never writes one), which also rules out
external-entity (XXE) and entity-expansion attacks. Every problem raises
:class:`~jxparse.errors.FormatError` with the line number.
"""

from __future__ import annotations

import enum
import functools
import math
import re
from decimal import Decimal, InvalidOperation

from lxml import etree

from .. import ast
from ..errors import FormatError
from ..xml_layout import (
    BLOCK_TAGS,
    CLASSES,
    DOC_NUMBER_ATTRS,
    ELEMENT_NAMES,
    ENTITY_TAGS,
    FORBIDDEN_RE,
    LAYOUTS,
    NAMESPACE,
    NS,
    Attr,
    Content,
    Layout,
    decode_attribute,
    decode_list,
    encode_attribute,
    encode_list,
    q,
)
from .base import Writer
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


# Nodes written element by element: their own elements hold only child elements, and they hold
# the bulk of a bulletin (every section of a body), so no lxml tree of the whole bulletin is built.
_STREAMED = (ast.Bulletin, ast.Document, ast.Attachment, ast.Section)
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
    if isinstance(item, _STREAMED):
        return lambda sink: _stream(item, depth, sink)

    def write(sink) -> None:
        holder = etree.Element(q("body"), nsmap={None: NAMESPACE})
        _add_node(_Filler(holder), item)
        sink(_serialized(holder[0], depth))

    return write


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


# --------------------------------------------------------------------------- reader


def safe_parser() -> etree.XMLParser:
    """An lxml parser that loads no DTD, resolves no entity and never uses the network.

    ``huge_tree`` is on, so that jxparse's own XML always reads back: libxml2 otherwise refuses a
    text node or attribute over 10 MB (a bulletin's ``text`` of a long document). What the limit
    guards against is entity amplification, and no entity is ever resolved here (a DOCTYPE is
    refused); the cost of a large text node is linear in its size, and nesting stays bounded
    (libxml2: 2048 levels with huge_tree; deeper raises FormatError).
    """
    return etree.XMLParser(
        resolve_entities=False,
        load_dtd=False,
        no_network=True,
        dtd_validation=False,
        huge_tree=True,
        remove_blank_text=False,
        remove_comments=False,
        remove_pis=False,
        strip_cdata=True,
    )


_DECLARATION_RE = re.compile(r"\A(<\?xml[^>]*\?>)")


def parse_xml(text: str | bytes, *, source: str | None = None) -> etree._ElementTree:
    """Parse XML text safely; raise FormatError (with the line) for malformed XML or a DOCTYPE."""
    if isinstance(text, str):
        # lxml refuses str input with an encoding declaration; drop it, keeping the line count.
        text = text.removeprefix("\ufeff")
        text = _DECLARATION_RE.sub(lambda m: "\n" * m.group(1).count("\n"), text, count=1)
    try:
        tree = etree.ElementTree(etree.fromstring(text, safe_parser()))
    except etree.XMLSyntaxError as error:
        line = error.lineno if error.lineno else None
        raise FormatError(f"malformed XML: {error.msg}", source=source, line=line) from None
    except ValueError as error:  # lxml refuses str input holding a lone surrogate or a NUL
        raise FormatError(f"malformed XML: {error}", source=source) from None
    docinfo = tree.docinfo
    if docinfo.doctype or docinfo.internalDTD is not None or docinfo.externalDTD is not None:
        raise FormatError("jxparse XML has no DOCTYPE; a DOCTYPE is refused (no DTD or entity is ever loaded)", source=source, line=1)
    return tree


@functools.cache
def _xml_schema() -> etree.XMLSchema:
    from ..schemas import read_schema

    document = etree.fromstring(read_schema("jxparse.xsd").encode("utf-8"), safe_parser())
    return etree.XMLSchema(document)


def schema_errors(tree: etree._ElementTree) -> list[tuple[int, str]]:
    """(line, message) for each way ``tree`` breaks the shipped XSD; empty when it is valid."""
    schema = _xml_schema()
    if schema.validate(tree):
        return []
    return [(error.line, error.message) for error in schema.error_log]


def from_xml(text: str | bytes, *, source: str | None = None, validate: bool = True) -> ast.Bulletin:
    """Read jxparse XML back into an equal :class:`~jxparse.ast.Bulletin` (spans included).

    ``validate`` first checks the document against the shipped XSD, so a wrong shape is reported
    with the XSD's message. Raise :class:`~jxparse.errors.FormatError` with the line number for
    malformed XML, a DOCTYPE, or anything that is not jxparse XML.
    """
    tree = parse_xml(text, source=source)
    root = tree.getroot()
    if root.tag != q("bulletin"):
        message = f"not jxparse XML: the root element must be <bulletin> in namespace {NAMESPACE}"
        raise FormatError(message, source=source, line=root.sourceline)
    schema = root.get("schema")
    if schema != ast.SCHEMA:
        raise FormatError(f"unsupported schema {schema!r}; this jxparse reads {ast.SCHEMA!r}", source=source, line=root.sourceline)
    if validate:
        errors = schema_errors(tree)
        if errors:
            line, message = errors[0]
            raise FormatError(f"invalid jxparse XML: {message}", source=source, line=line)
    try:
        return _read_node(root, ast.Bulletin)
    except FormatError as error:
        error.source = source
        raise


def _fail(element, message: str) -> FormatError:
    return FormatError(message, line=getattr(element, "sourceline", None))


def _local(element) -> str:
    tag = element.tag
    if not isinstance(tag, str):
        return ""
    if not tag.startswith(NS):
        raise _fail(element, f"element <{tag}> is not in the jxparse namespace {NAMESPACE}")
    return tag[len(NS) :]


def _is_markup_aside(node) -> bool:
    """Comments and processing instructions: skipped (their tail text still counts)."""
    return isinstance(node, (etree._Comment, etree._ProcessingInstruction))


def _check_child(child) -> None:
    if isinstance(child, etree._Entity):
        raise _fail(child, f"entity reference &{child.name}; is not allowed in jxparse XML")


def _read_node(element, cls: type):
    layout = LAYOUTS[cls]
    kwargs: dict[str, object] = {}
    allowed = {"schema"} if cls is ast.Bulletin else set()
    for attr in layout.attrs:
        allowed |= _read_attr(element, attr, kwargs)
    if layout.entity:
        text_attr = element.get("text")
        allowed.add("text")
        if text_attr is not None:
            if len(element) or element.text:
                raise _fail(element, f"<{layout.tag}> has a text attribute and content")
            kwargs["text"] = decode_attribute(text_attr)
        else:
            kwargs["text"] = _read_text(element)
    for name in element.attrib:
        if name not in allowed:
            raise _fail(element, f"<{layout.tag}> has an unknown attribute {name!r}")
    if not layout.entity:
        _read_content(element, layout, kwargs)
    try:
        return cls(**kwargs)
    except (TypeError, ValueError) as error:
        raise _fail(element, f"<{layout.tag}>: {error}") from None


def _read_attr(element, attr: Attr, kwargs: dict) -> set[str]:
    name = attr.name or attr.field
    kind = attr.kind
    if kind == "span":
        prefix = attr.name + "_" if attr.name else ""
        start, end = element.get(prefix + "start"), element.get(prefix + "end")
        if (start is None) != (end is None):
            raise _fail(element, f"<{_local(element)}> has only one of {prefix}start and {prefix}end")
        if start is not None:
            kwargs[attr.field] = ast.Span(_int(element, start), _int(element, end))
        else:
            kwargs[attr.field] = None
        return {prefix + "start", prefix + "end"}
    if kind == "doc_number":
        sub: dict[str, object] = {}
        names = {name}
        for part in DOC_NUMBER_ATTRS + (Attr("span", "span", name),):
            names |= _read_attr(element, part, sub)
        text = element.get(name)
        if text is None:
            raise _fail(element, f"<{_local(element)}> lacks the attribute {name!r}")
        kwargs[attr.field] = ast.DocNumber(text=decode_attribute(text), **sub)
        return names
    raw = element.get(name)
    if raw is None:
        if attr.required:
            raise _fail(element, f"<{_local(element)}> lacks the attribute {name!r}")
        kwargs[attr.field] = () if kind == "strlist" else None
        return {name}
    if kind == "str":
        value: object = decode_attribute(raw)
    elif kind == "int":
        value = _int(element, raw)
    elif kind == "decimal":
        try:
            value = Decimal(raw.strip())
        except InvalidOperation:
            raise _fail(element, f"{name}={raw!r} is not a decimal number") from None
        if not value.is_finite():
            raise _fail(element, f"{name}={raw!r} is not a finite number")
    elif kind == "bool":
        if raw.strip() not in ("true", "false", "1", "0"):
            raise _fail(element, f"{name}={raw!r} is not a boolean")
        value = raw.strip() in ("true", "1")
    elif kind == "enum":
        try:
            value = attr.choices(raw.strip())
        except ValueError:
            raise _fail(element, f"{name}={raw!r} is not one of {[m.value for m in attr.choices]}") from None
    elif kind == "bbox":
        parts = raw.split()
        if len(parts) != 4:
            raise _fail(element, f"{name}={raw!r} must hold four numbers")
        try:
            value = tuple(float(part) for part in parts)
        except ValueError:
            raise _fail(element, f"{name}={raw!r} must hold four numbers") from None
    elif kind == "strlist":
        value = decode_list(raw)
    else:  # pragma: no cover
        raise AssertionError(kind)
    kwargs[attr.field] = value
    return {name}


def _int(element, raw: str) -> int:
    try:
        return int(raw.strip())
    except ValueError:
        raise _fail(element, f"{raw!r} is not an integer") from None


def _read_text(element, entities: list | None = None) -> str:
    """The element's text: text nodes, <ctrl/> characters and (when collecting) inline entities."""
    parts = [element.text or ""]
    for child in element:
        if _is_markup_aside(child):
            parts.append(child.tail or "")
            continue
        _check_child(child)
        tag = _local(child)
        if tag == "ctrl":
            parts.append(_read_ctrl(child))
        elif entities is not None and tag in ENTITY_TAGS:
            entity = _read_node(child, CLASSES[tag])
            entities.append(entity)
            if child.get("text") is None:
                parts.append(entity.text)
        else:
            raise _fail(child, f"unexpected element <{tag}> inside <{_local(element)}>")
        parts.append(child.tail or "")
    return "".join(parts)


def _read_ctrl(element) -> str:
    if len(element) or element.text:
        raise _fail(element, "<ctrl> must be empty")
    raw = element.get("code")
    if raw is None or set(element.attrib) != {"code"}:
        raise _fail(element, "<ctrl> takes exactly one attribute, code")
    code = _int(element, raw)
    if not 0 <= code <= 0x10FFFF:
        raise _fail(element, f"<ctrl code={raw!r}> is not a character code")
    return chr(code)


def _element_children(element) -> list:
    """The child elements of an element-only container; text other than whitespace is an error."""
    if element.text and element.text.strip():
        raise _fail(element, f"unexpected text {element.text.strip()[:20]!r} in <{_local(element)}>")
    children = []
    for child in element:
        if child.tail and child.tail.strip():
            raise _fail(child, f"unexpected text {child.tail.strip()[:20]!r} in <{_local(element)}>")
        if _is_markup_aside(child):
            continue
        _check_child(child)
        children.append(child)
    return children


def _read_content(element, layout: Layout, kwargs: dict) -> None:
    if any(c.kind in ("text", "mixed") for c in layout.content):
        content = layout.content[0]
        if content.kind == "mixed":
            entities: list = []
            kwargs[content.field] = _read_text(element, entities)
            kwargs[content.entities] = tuple(entities)
        else:
            kwargs[content.field] = _read_text(element)
        return
    children = _element_children(element)
    index = 0

    def take(tags) -> list:
        nonlocal index
        taken = []
        while index < len(children) and _local(children[index]) in tags:
            taken.append(children[index])
            index += 1
        return taken

    for content in layout.content:
        kind = content.kind
        if kind in ("child_text", "child_mixed", "value", "body"):
            found = take((content.name or content.field,))
            if len(found) > 1:
                raise _fail(found[1], f"<{layout.tag}> has more than one <{content.name}>")
            if not found:
                if content.required:
                    raise _fail(element, f"<{layout.tag}> lacks its <{content.name}>")
                kwargs[content.field] = () if kind == "body" else None
                if kind == "child_mixed":
                    kwargs[content.entities] = ()
                continue
            child = found[0]
            if child.attrib and kind in ("child_text", "child_mixed", "body"):
                raise _fail(child, f"<{content.name}> takes no attributes")
            if kind == "child_text":
                kwargs[content.field] = _read_text(child)
            elif kind == "child_mixed":
                entities = []
                kwargs[content.field] = _read_text(child, entities)
                kwargs[content.entities] = tuple(entities)
            elif kind == "value":
                kwargs[content.field] = _read_node(child, CLASSES[content.name])
            else:
                kwargs[content.field] = tuple(_read_node(item, CLASSES[_local(item)]) for item in _blocks(child))
        elif kind == "text_list":
            items = take((content.name,))
            for item in items:
                if item.attrib:
                    raise _fail(item, f"<{content.name}> takes no attributes")
            kwargs[content.field] = tuple(_read_text(item) for item in items)
        elif kind == "nodes":
            kwargs[content.field] = tuple(_read_node(item, CLASSES[_local(item)]) for item in take(content.tags))
        elif kind == "rows":
            rows = []
            for row in take(("row",)):
                if row.attrib:
                    raise _fail(row, "<row> takes no attributes")
                cells = []
                for cell in _element_children(row):
                    if _local(cell) != "cell" or cell.attrib:
                        raise _fail(cell, f"unexpected <{_local(cell)}> in <row>")
                    cells.append(_read_text(cell))
                rows.append(tuple(cells))
            kwargs[content.field] = tuple(rows)
        elif kind == "meta":
            pairs = []
            for meta in take(("meta",)):
                key = meta.get("key")
                if key is None or set(meta.attrib) != {"key"}:
                    raise _fail(meta, "<meta> takes exactly one attribute, key")
                pairs.append((decode_attribute(key), _read_text(meta)))
            kwargs[content.field] = tuple(pairs)
        else:  # pragma: no cover
            raise AssertionError(kind)
    if index < len(children):
        child = children[index]
        raise _fail(child, f"unexpected element <{_local(child)}> in <{layout.tag}>")


def _blocks(body) -> list:
    children = _element_children(body)
    for child in children:
        if _local(child) not in BLOCK_TAGS:
            raise _fail(child, f"unexpected element <{_local(child)}> in <body>")
    return children


__all__ = [
    "NAMESPACE", "ELEMENT_NAMES", "encode_attribute", "decode_attribute", "XmlWriter", "to_element",
    "safe_parser", "parse_xml", "schema_errors", "from_xml",
]
