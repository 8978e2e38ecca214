"""Plain data (dicts, lists, strings, numbers) to and from the typed tree.

JSON is this data serialized; the XML writer and reader follow the same field
names. The mapping is derived from the dataclass fields of :mod:`jxparse.ast`,
never written out field by field, so a new field cannot be forgotten by one
format and kept by another. Nothing is dropped: ``None`` and empty lists are
written as ``null`` and ``[]``, so the shape of the output never depends on
its content.
"""

from __future__ import annotations

import dataclasses
import enum
import functools
import typing
from decimal import Decimal, InvalidOperation

from . import ast
from .errors import FormatError

# Nodes whose JSON object carries a "type" tag. Furniture's tag is its kind.
_TAGGED = set(ast.NODE_TYPES.values())

# Fields whose values are exact decimals (money, percentages, quantities).
DECIMAL_FIELDS = frozenset({"value", "min", "max"})

# Plain value classes and the field names under which they appear.
_VALUE_CLASSES: dict[str, type] = {
    "doc_number": ast.DocNumber,
    "source": ast.Source,
    "issue": ast.Issue,
}
# Fields that hold (key, value) pairs and are written as a JSON object (a map keeps their order).
MAP_FIELDS = frozenset({"metadata", "details"})
_LIST_CLASSES: dict[str, type] = {
    "diagnostics": ast.Diagnostic,
    "entries": ast.CatalogEntry,
    "furniture": ast.Furniture,
}


def merge_metadata(pairs) -> tuple[tuple[str, str], ...]:
    """Metadata pairs with unique keys, in first-seen order: metadata is a map in JSON and XML, so a
    key given twice keeps both values, joined with '；', instead of losing one."""
    merged: dict[str, str] = {}
    for key, value in pairs:
        if key in merged and value and merged[key] != value:
            merged[key] = f"{merged[key]}；{value}" if merged[key] else value
        else:
            merged.setdefault(key, value)
    return tuple(merged.items())


def is_position_field(name: str) -> bool:
    """True for fields that record where a node stood (spans, page, bbox)."""
    return name in ("span", "page", "bbox") or name.endswith("_span")


def to_data(node) -> object:
    """Convert a tree (or any node or value in it) to plain data."""
    if isinstance(node, ast.Bulletin):
        data: dict[str, object] = {"schema": ast.SCHEMA}
        data.update(_node_to_dict(node))
        return data
    return _value_to_data(node)


@functools.cache
def _serialized_names(node_type: type) -> tuple[str, ...]:
    """The names :func:`_node_to_dict` writes for a node type, worked out once per type."""
    names = [f.name for f in dataclasses.fields(node_type)]
    if node_type is ast.Bulletin:
        names.remove("text")
    if node_type is ast.Furniture:
        names.remove("kind")  # written as the "type"
    return tuple(names)


def serialized_names(node_type: type) -> tuple[str, ...]:
    """The fields of a node type that are serialized, in order (the ``type`` tag not included)."""
    return _serialized_names(node_type)


def node_type_tag(node) -> str | None:
    """The ``type`` tag a node is written with (a Furniture's is its kind), or None."""
    node_type = type(node)
    if node_type is ast.Furniture:
        return node.kind
    if node_type in _TAGGED:
        return ast.TYPE_NAMES[node_type]
    return None


def _node_to_dict(node) -> dict[str, object]:
    data: dict[str, object] = {}
    node_type = type(node)
    if node_type is ast.Furniture:
        data["type"] = node.kind
    elif node_type in _TAGGED:
        data["type"] = ast.TYPE_NAMES[node_type]
    for name in _serialized_names(node_type):
        data[name] = _value_to_data(getattr(node, name), name)
    return data


_PLAIN_TYPES = frozenset({str, bool, int, float, Decimal, type(None)})


def _value_to_data(value, name: str = "") -> object:
    if type(value) in _PLAIN_TYPES:  # the common case first; subclasses (enums) take the checks below
        return value
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, (str, bool, int, float, Decimal)):
        return value
    if name in MAP_FIELDS:
        return {key: val for key, val in value}
    if isinstance(value, tuple):
        return [_value_to_data(item) for item in value]
    if dataclasses.is_dataclass(value):
        return _node_to_dict(value)
    raise TypeError(f"cannot serialize {type(value).__name__}")


def from_data(data) -> ast.Bulletin:
    """Rebuild a :class:`~jxparse.ast.Bulletin` from plain data; raise FormatError on a wrong shape."""
    if not isinstance(data, dict) or data.get("type") != "bulletin":
        raise FormatError("not a jxparse bulletin: the root must be an object with \"type\": \"bulletin\"")
    schema = data.get("schema")
    if schema != ast.SCHEMA:
        raise FormatError(f"unsupported schema {schema!r}; this jxparse reads {ast.SCHEMA!r}")
    try:
        return _build(ast.Bulletin, data, "$")
    except FormatError:
        raise
    except (TypeError, ValueError, KeyError, InvalidOperation) as error:
        raise FormatError(f"malformed bulletin: {error}") from None


def _build(cls: type, data, path: str):
    if not isinstance(data, dict):
        raise FormatError(f"{path}: expected an object for {cls.__name__}, got {type(data).__name__}")
    kwargs = {}
    hints = _hints(cls)
    for f in dataclasses.fields(cls):
        if cls is ast.Bulletin and f.name == "text":
            continue
        key = "type" if cls is ast.Furniture and f.name == "kind" else f.name
        required = f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
        if key not in data:
            if required:
                raise FormatError(f"{path}: {cls.__name__} lacks {key!r}")
            continue
        value, where = data[key], f"{path}.{key}"
        if value is None and (required and not _optional(hints[f.name])):
            raise FormatError(f"{where}: must not be null")
        try:
            kwargs[f.name] = _field_value(cls, f.name, value, where, hints[f.name])
        except FormatError:
            raise
        except (TypeError, ValueError, KeyError, InvalidOperation) as error:
            raise FormatError(f"{where}: {error}") from None
    return cls(**kwargs)


@functools.cache
def _hints(cls: type) -> dict[str, object]:
    return typing.get_type_hints(cls)


def _optional(hint) -> bool:
    return type(None) in typing.get_args(hint)


def _scalar_kinds(hint) -> tuple[type, ...]:
    """The plain JSON kinds a field may hold: (str,), (int,), (bool,), or () for structured fields."""
    kinds = tuple(kind for kind in (typing.get_args(hint) or (hint,)) if kind is not type(None))
    if all(kind in (str, int, bool) for kind in kinds):
        return kinds
    return ()


def _field_value(cls: type, name: str, value, path: str, hint=None):
    if value is None:
        if hint is not None and not _optional(hint) and _scalar_kinds(hint):
            raise FormatError(f"{path}: must not be null")
        return None
    if is_position_field(name) and name != "page" and name != "bbox":
        if not isinstance(value, dict):
            raise FormatError(f"{path}: expected a span object, got {type(value).__name__}")
        return ast.Span(_expect(value.get("start"), int, f"{path}.start"), _expect(value.get("end"), int, f"{path}.end"))
    if name == "bbox":
        return tuple(float(_expect_number(v, path)) for v in _list(value, path))
    if name == "page":
        return _expect(value, int, path)
    if name in DECIMAL_FIELDS and cls is not ast.DateMention:
        return Decimal(str(_expect_number(value, path)))
    if name == "style":
        return ast.SectionStyle(value)
    if name == "severity":
        return ast.Severity(value)
    if name in MAP_FIELDS:
        if not isinstance(value, dict):
            raise FormatError(f"{path}: expected an object")
        return tuple((str(k), str(v)) for k, v in value.items())
    if name == "rows":
        return tuple(tuple(_expect(cell, str, path) for cell in _list(row, path)) for row in _list(value, path))
    if name in _VALUE_CLASSES:
        return _build(_VALUE_CLASSES[name], value, path)
    if name in _LIST_CLASSES:
        return tuple(_build(_LIST_CLASSES[name], item, f"{path}[{i}]") for i, item in enumerate(_list(value, path)))
    kinds = _scalar_kinds(hint) if hint is not None else ()
    if kinds:
        if not isinstance(value, kinds) or (isinstance(value, bool) and bool not in kinds):
            expected = " or ".join(kind.__name__ for kind in kinds)
            raise FormatError(f"{path}: expected {expected}, got {type(value).__name__}")
        return value
    if typing.get_origin(hint) is tuple or hint is None:
        items = _list(value, path)
        element = (typing.get_args(hint) or (None,))[0]
        if element is str:
            return tuple(_expect(item, str, f"{path}[{i}]") for i, item in enumerate(items))
        return tuple(_item(item, f"{path}[{i}]") for i, item in enumerate(items))
    return _item(value, path)


def _item(value, path: str):
    if not isinstance(value, dict):
        raise FormatError(f"{path}: expected a node object, got {type(value).__name__}")
    tag = value.get("type")
    cls = ast.NODE_TYPES.get(tag)
    if cls is None:
        raise FormatError(f"{path}: unknown node type {tag!r}")
    return _build(cls, value, path)


def _expect_number(value, path: str):
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal)):
        raise FormatError(f"{path}: expected a number, got {type(value).__name__}")
    return value


def _list(value, path: str) -> list:
    if not isinstance(value, list):
        raise FormatError(f"{path}: expected a list, got {type(value).__name__}")
    return value


def _expect(value, kind: type, path: str):
    if not isinstance(value, kind) or isinstance(value, bool):
        raise FormatError(f"{path}: expected {kind.__name__}, got {type(value).__name__}")
    return value
