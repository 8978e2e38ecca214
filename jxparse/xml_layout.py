"""Where each field of each node type goes in jxparse XML, and the reversible escaping of text.

The XML writer (:mod:`jxparse.writers.xml`) and the XML reader (:mod:`jxparse.loaders.xml`) both
interpret the one :class:`Layout` per node type built here from the declaration in
:mod:`jxparse.ast` (each field's ``xml`` place, ``xml_name``, ``inline`` entities, its type): no
table of field names is kept by hand, so a field added to a node has a place in XML at once
(``tests/test_declaration.py`` checks that the XSD gives it one too). See
:mod:`jxparse.writers.xml` for the design of the XML itself.
"""

from __future__ import annotations

import enum
import functools
import re
import typing
from dataclasses import dataclass

from . import ast
from .declaration import FieldInfo, name_of, node_classes, serialized_fields

NAMESPACE = "urn:jxparse:schema:1"
"""The namespace of every jxparse XML element."""

NS = "{" + NAMESPACE + "}"
"""The namespace in lxml's ``{uri}tag`` form."""


def q(tag: str) -> str:
    """The qualified (lxml) name of a jxparse element."""
    return NS + tag


# --------------------------------------------------------------------------- layout


@dataclass(frozen=True)
class Attr:
    """A field stored in an attribute."""

    field: str
    kind: str  # str, int, decimal, bool, enum, strlist, bbox, span, doc_number
    name: str = ""  # attribute name (prefix for span and doc_number); defaults to the field name
    required: bool = False
    choices: type[enum.Enum] | None = None  # for enum: the enumeration


@dataclass(frozen=True)
class Content:
    """A field (or a text/entities pair) stored in element content."""

    field: str
    kind: str  # text, mixed, child_text, child_mixed, value, text_list, nodes, body, rows, meta
    name: str = ""  # child element name
    required: bool = False
    entities: str = ""  # for mixed and child_mixed: the field holding the entities
    tags: tuple[str, ...] = ()  # for nodes: the element names allowed


@dataclass(frozen=True)
class Layout:
    """Where the fields of one node type go: its element name, attributes and content, in order."""

    tag: str
    attrs: tuple[Attr, ...] = ()
    content: tuple[Content, ...] = ()
    entity: bool = False  # inline entity: content is the entity's text


ENTITY_CLASSES: tuple[type, ...] = typing.get_args(ast.Entity)
"""The entity classes: written inline, wrapped around their own text."""
BLOCK_CLASSES: tuple[type, ...] = typing.get_args(ast.Block)
"""The block classes: what a ``<body>`` holds."""

_ATTR_KINDS = {"str": "str", "int": "int", "decimal": "decimal", "bool": "bool", "enum": "enum",
               "strings": "strlist", "bbox": "bbox", "span": "span", "node": "doc_number"}
_DEFAULT_PLACES = {"node": "child", "nodes": "items", "pairs": "meta", "rows": "rows"}


def _place(info: FieldInfo) -> str:
    return info.get("xml") or _DEFAULT_PLACES.get(info.kind, "attr")


def _attr(cls: type, info: FieldInfo) -> Attr:
    kind = _ATTR_KINDS.get(info.kind)
    if kind is None or (kind == "doc_number" and info.classes != (ast.DocNumber,)):
        raise TypeError(f"{cls.__name__}.{info.name}: a {info.kind} field cannot be an XML attribute")
    if kind == "span":
        name = info.get("xml_name", "" if info.name == "span" else info.name.removesuffix("_span"))
    else:
        name = info.get("xml_name", "")
    required = not info.optional and kind not in ("strlist", "span")
    return Attr(info.name, kind, name, required, info.enum_type)


def _content(cls: type, info: FieldInfo, place: str) -> Content:
    inline = info.get("inline", "")
    name = info.get("xml_name", "")
    if place == "text":
        return Content(info.name, "mixed" if inline else "text", entities=inline)
    if place == "child":
        if info.kind == "node":
            if len(info.classes) != 1:
                raise TypeError(f"{cls.__name__}.{info.name}: a child element holds one node type")
            return Content(info.name, "value", name_of(info.classes[0]), required=not info.optional)
        kind = "child_mixed" if inline else "child_text"
        return Content(info.name, kind, name or info.name, required=not info.optional, entities=inline)
    if place == "items":
        if info.kind == "strings":
            return Content(info.name, "text_list", name or info.name)
        return Content(info.name, "nodes", tags=tuple(name_of(c) for c in info.classes))
    if place == "body":
        return Content(info.name, "body", name or "body")
    if place == "rows":
        return Content(info.name, "rows", "row")
    if place == "meta":
        return Content(info.name, "meta", name or "meta")
    raise TypeError(f"{cls.__name__}.{info.name}: unknown XML place {place!r}")


def build_layout(cls: type) -> Layout:
    """The XML layout of node class ``cls``, from its declaration."""
    entity = cls in ENTITY_CLASSES
    attrs: list[Attr] = []
    after: list[tuple[str, Attr]] = []
    content: list[Content] = []
    for info in serialized_fields(cls):
        place = _place(info)
        if place == "attr":
            attr = _attr(cls, info)
            if info.get("xml_after"):
                after.append((info.get("xml_after"), attr))
            else:
                attrs.append(attr)
        elif place == "inline":
            continue  # written inside the text of the field whose ``inline`` names it
        elif place == "text" and entity:
            if info.name != "text":
                raise TypeError(f"{cls.__name__}.{info.name}: an entity's content is its text")
        else:
            content.append(_content(cls, info, place))
    for target, attr in after:
        index = next(i for i, a in enumerate(attrs) if a.field == target)
        attrs.insert(index + 1, attr)
    if any(c.kind in ("text", "mixed") for c in content) and len(content) > 1:
        raise TypeError(f"{cls.__name__}: an element whose content is a text holds nothing else")
    return Layout(name_of(cls), tuple(attrs), tuple(content), entity)


@functools.cache
def layouts() -> dict[type, Layout]:
    """The layout of every node class."""
    return {cls: build_layout(cls) for cls in node_classes()}


LAYOUTS: dict[type, Layout] = layouts()
"""Where each field of each node class goes in XML (see :mod:`jxparse.writers.xml`)."""

DOC_NUMBER_ATTRS = tuple(attr for attr in LAYOUTS[ast.DocNumber].attrs if attr.kind != "span")
"""The attributes that carry a DocNumber's parts beside an entity's ``doc_number`` attribute."""
CLASSES: dict[str, type] = {layout.tag: cls for cls, layout in LAYOUTS.items()}
"""Node classes by element name."""
ENTITY_TAGS: tuple[str, ...] = tuple(name_of(cls) for cls in ENTITY_CLASSES)
BLOCK_TAGS: tuple[str, ...] = tuple(name_of(cls) for cls in BLOCK_CLASSES)
_STRUCTURAL = ("title", "heading", "issuer_mark", "body", "addressee", "signatory", "note", "meta", "row", "cell", "ctrl")
ELEMENT_NAMES: frozenset[str] = frozenset(CLASSES) | frozenset(_STRUCTURAL)
"""Every element name jxparse XML uses."""


# --------------------------------------------------------------------------- escaping

# Characters XML 1.0 cannot carry, even as character references.
_FORBIDDEN = "\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff"
FORBIDDEN_RE = re.compile(f"[{_FORBIDDEN}]")
"""One character XML 1.0 cannot carry (written in content as ``<ctrl code="N"/>``)."""
_ATTR_ESCAPE_RE = re.compile(f"[\\\\{_FORBIDDEN}]")
_LIST_ITEM_ESCAPE_RE = re.compile(f"[\\\\\t{_FORBIDDEN}]")
_ATTR_UNESCAPE_RE = re.compile(r"\\(\\|u[0-9A-Fa-f]{4})")


def encode_attribute(value: str) -> str:
    """Make ``value`` safe for an XML attribute, reversibly (backslash and forbidden characters escaped)."""
    return _ATTR_ESCAPE_RE.sub(_escape_char, value)


def decode_attribute(value: str) -> str:
    """Undo :func:`encode_attribute`; a backslash not starting a valid escape is kept as written."""
    return _ATTR_UNESCAPE_RE.sub(lambda m: "\\" if m.group(1) == "\\" else chr(int(m.group(1)[1:], 16)), value)


def _escape_char(match: re.Match) -> str:
    char = match.group()
    return "\\\\" if char == "\\" else f"\\u{ord(char):04X}"


def encode_list(items) -> str:
    """A list of strings as one attribute value: items joined with TAB, each escaped (TAB included)."""
    return "\t".join(_LIST_ITEM_ESCAPE_RE.sub(_escape_char, item) for item in items)


def decode_list(value: str) -> tuple[str, ...]:
    """Undo :func:`encode_list`."""
    return tuple(decode_attribute(item) for item in value.split("\t"))


__all__ = [
    "NAMESPACE", "NS", "q", "Attr", "Content", "Layout", "ENTITY_CLASSES", "BLOCK_CLASSES", "build_layout", "layouts",
    "LAYOUTS", "DOC_NUMBER_ATTRS", "CLASSES", "ENTITY_TAGS", "BLOCK_TAGS", "ELEMENT_NAMES", "FORBIDDEN_RE",
    "encode_attribute", "decode_attribute", "encode_list", "decode_list",
]
