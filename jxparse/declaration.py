"""The node declarations of :mod:`jxparse.ast`, read once for the writers and readers.

:mod:`jxparse.ast` declares each field (its type, its docstring, and metadata where the type alone
does not say how it is written); this module turns that into one :class:`FieldInfo` per field, so
that the JSON mapping, the XML layout and the tree dump all read the same facts and none keeps a
list of field names of its own. It imports nothing of jxparse but :mod:`jxparse.ast`.
"""

from __future__ import annotations

import dataclasses
import enum
import functools
import types
import typing
from dataclasses import dataclass
from decimal import Decimal

from . import ast

KINDS = ("str", "int", "bool", "float", "decimal", "enum", "span", "bbox", "node", "nodes", "strings", "pairs", "rows")
"""What a field holds, as the writers tell it apart (from its type in ``ast.py``)."""


@dataclass(frozen=True)
class FieldInfo:
    """One declared field of a node type, as the writers need it."""

    name: str
    """The field's name in ``ast.py``."""
    kind: str
    """One of :data:`KINDS`."""
    optional: bool
    """True when the field may be None."""
    required: bool
    """True when the field has no default (a reader must find it)."""
    position: bool
    """True for spans, ``page`` and ``bbox``: where a node stood."""
    key: str | None
    """The JSON key, or None for a field that is not serialized."""
    classes: tuple[type, ...] = ()
    """For ``node`` and ``nodes``: the node classes the field may hold."""
    enum_type: type | None = None
    """For ``enum``: the enumeration."""
    meta: typing.Mapping[str, object] = dataclasses.field(default_factory=dict)
    """The field's metadata as declared (``xml``, ``tree`` … ; see :mod:`jxparse.ast`)."""

    def get(self, key: str, default=None):
        """A metadata value as declared, or ``default``."""
        return self.meta.get(key, default)


def node_classes() -> tuple[type, ...]:
    """Every node class, in the order of :data:`jxparse.ast.NAMES`."""
    return tuple(ast.NAMES)


def name_of(cls: type) -> str:
    """The XML element and tree-dump name of a node class; KeyError for a class that is no node."""
    return ast.NAMES[cls]


@functools.cache
def fields_of(cls: type) -> tuple[FieldInfo, ...]:
    """The declared fields of node class ``cls``, in declaration order; TypeError for a class that is
    not a declared node type."""
    if cls not in ast.NAMES:
        raise TypeError(f"{cls.__name__} is not a jxparse node type (not in jxparse.ast.NAMES)")
    hints = typing.get_type_hints(cls)
    infos = []
    for f in dataclasses.fields(cls):
        hint = hints[f.name]
        kind, optional, classes, enum_type = _classify(hint, f"{cls.__name__}.{f.name}")
        meta = dict(f.metadata)
        if meta.get("map"):
            if kind != "pairs":
                raise TypeError(f"{cls.__name__}.{f.name} is declared a map but holds {kind}")
        elif kind == "pairs":
            raise TypeError(f"{cls.__name__}.{f.name} holds pairs but is not declared a map")
        required = f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
        key = meta.get("key", f.name) if meta.get("serialized", True) else None
        infos.append(FieldInfo(f.name, kind, optional, required, bool(meta.get("position")), key, classes,
                               enum_type, types.MappingProxyType(meta)))
    return tuple(infos)


def field_of(cls: type, name: str) -> FieldInfo:
    """The declared field ``name`` of ``cls``."""
    for info in fields_of(cls):
        if info.name == name:
            return info
    raise KeyError(f"{cls.__name__} has no field {name!r}")


@functools.cache
def serialized_fields(cls: type) -> tuple[FieldInfo, ...]:
    """The fields of ``cls`` that JSON and XML write, in declaration order."""
    return tuple(info for info in fields_of(cls) if info.key is not None)


@functools.cache
def tag_field(cls: type) -> str | None:
    """The field whose value is the node's JSON ``type`` tag (a Furniture's ``kind``), or None."""
    for info in fields_of(cls):
        if info.key == "type":
            return info.name
    return None


def type_tag(node) -> str | None:
    """The JSON ``type`` tag of a node: its declared tag field's value, its NODE_TYPES name, or None."""
    cls = type(node)
    if cls not in ast.NAMES:
        return None
    name = tag_field(cls)
    if name is not None:
        return getattr(node, name)
    return ast.TYPE_NAMES.get(cls)


@functools.cache
def position_keys() -> frozenset[str]:
    """The JSON keys of every position field (``span``, ``page``, ``bbox``, ``*_span``)."""
    return frozenset(info.key for cls in node_classes() for info in fields_of(cls) if info.position and info.key)


def _classify(hint, where: str):
    """(kind, optional, node classes, enum) for a field's type."""
    args = typing.get_args(hint)
    optional = False
    if typing.get_origin(hint) in (typing.Union, types.UnionType) and type(None) in args:
        optional = True
        rest = tuple(arg for arg in args if arg is not type(None))
        hint = rest[0] if len(rest) == 1 else typing.Union[rest]  # noqa: UP007 - a runtime union
    if hint is ast.Span:
        return "span", optional, (), None
    if typing.get_origin(hint) is tuple:
        items = typing.get_args(hint)
        if items and items[-1] is not Ellipsis:  # a fixed-length tuple of floats: a bbox
            if all(item is float for item in items):
                return "bbox", optional, (), None
            raise TypeError(f"{where}: fixed-length tuple {hint} is not a bbox")
        item = items[0]
        if item is str:
            return "strings", optional, (), None
        if item == tuple[str, str]:
            return "pairs", optional, (), None
        if item == tuple[str, ...]:
            return "rows", optional, (), None
        return "nodes", optional, _node_classes(item, where), None
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return "enum", optional, (), hint
    if hint is bool:
        return "bool", optional, (), None
    if hint is int:
        return "int", optional, (), None
    if hint is float:
        return "float", optional, (), None
    if hint is Decimal:
        return "decimal", optional, (), None
    if hint is str:
        return "str", optional, (), None
    return "node", optional, _node_classes(hint, where), None


def _node_classes(hint, where: str) -> tuple[type, ...]:
    classes = typing.get_args(hint) if typing.get_origin(hint) in (typing.Union, types.UnionType) else (hint,)
    for cls in classes:
        if cls not in ast.NAMES:
            raise TypeError(f"{where}: {cls!r} is not a jxparse node type")
    return tuple(classes)


__all__ = [
    "KINDS", "FieldInfo", "node_classes", "name_of", "fields_of", "field_of", "serialized_fields", "tag_field",
    "type_tag", "position_keys",
]
