"""XML reader: jxparse XML back into an equal tree, read with a parser that loads nothing.

The reader uses a parser that never loads a DTD, never resolves entities and never touches the
network; a document with a DOCTYPE is refused (jxparse never writes one), which also rules out
external-entity (XXE) and entity-expansion attacks. Every problem raises
:class:`~jxparse.errors.FormatError` with the line number. Where each field stands is read from
the layout of :mod:`jxparse.xml_layout`, the one the writer (:mod:`jxparse.writers.xml`) follows.
"""

from __future__ import annotations

import functools
import re
from decimal import Decimal, InvalidOperation

from lxml import etree

from .. import ast
from ..errors import FormatError
from ..xml_layout import (
    BLOCK_TAGS,
    CLASSES,
    DOC_NUMBER_ATTRS,
    ENTITY_TAGS,
    LAYOUTS,
    NAMESPACE,
    NS,
    Attr,
    Layout,
    decode_attribute,
    decode_list,
    q,
)


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
    "safe_parser", "parse_xml", "schema_errors", "from_xml",
]
