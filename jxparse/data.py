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
}
_LIST_CLASSES: dict[str, type] = {
    "diagnostics": ast.Diagnostic,
    "entries": ast.CatalogEntry,
    "furniture": ast.Furniture,
}


def is_position_field(name: str) -> bool:
    """True for fields that record where a node stood (spans, page, bbox)."""
    return name in ("span", "page", "bbox") or name.endswith("_span")


def node_fields(node) -> list[dataclasses.Field]:
    """The serialized fields of a node, in declaration order (a bulletin's source text is not one)."""
    return [f for f in dataclasses.fields(node) if not (isinstance(node, ast.Bulletin) and f.name == "text")]


def to_data(node) -> object:
    """Convert a tree (or any node or value in it) to plain data."""
    if isinstance(node, ast.Bulletin):
        data: dict[str, object] = {"schema": ast.SCHEMA}
        data.update(_node_to_dict(node))
        return data
    return _value_to_data(node)


def _node_to_dict(node) -> dict[str, object]:
    data: dict[str, object] = {}
    if isinstance(node, ast.Furniture):
        data["type"] = node.kind
    elif type(node) in _TAGGED:
        data["type"] = ast.TYPE_NAMES[type(node)]
    for f in node_fields(node):
        if isinstance(node, ast.Furniture) and f.name == "kind":
            continue
        data[f.name] = _value_to_data(getattr(node, f.name), f.name)
    return data


def _value_to_data(value, name: str = "") -> object:
    if isinstance(value, enum.Enum):
        return value.value
    if value is None or isinstance(value, (str, bool, int, float, Decimal)):
        return value
    if name == "metadata":
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
    for f in dataclasses.fields(cls):
        if cls is ast.Bulletin and f.name == "text":
            continue
        key = "type" if cls is ast.Furniture and f.name == "kind" else f.name
        if key not in data:
            if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
                raise FormatError(f"{path}: {cls.__name__} lacks {key!r}")
            continue
        kwargs[f.name] = _field_value(cls, f.name, data[key], f"{path}.{key}")
    return cls(**kwargs)


def _field_value(cls: type, name: str, value, path: str):
    if value is None:
        return None
    if is_position_field(name) and name != "page" and name != "bbox":
        return ast.Span(int(value["start"]), int(value["end"]))
    if name == "bbox":
        return tuple(float(v) for v in value)
    if name == "page":
        return _expect(value, int, path)
    if name in DECIMAL_FIELDS and cls is not ast.DateMention:
        if isinstance(value, bool) or not isinstance(value, (int, float, Decimal, str)):
            raise FormatError(f"{path}: expected a number, got {type(value).__name__}")
        return Decimal(str(value))
    if name == "style":
        return ast.SectionStyle(value)
    if name == "severity":
        return ast.Severity(value)
    if name == "metadata":
        if not isinstance(value, dict):
            raise FormatError(f"{path}: expected an object")
        return tuple((str(k), str(v)) for k, v in value.items())
    if name == "rows":
        return tuple(tuple(_expect(cell, str, path) for cell in row) for row in value)
    if name in _VALUE_CLASSES:
        return _build(_VALUE_CLASSES[name], value, path)
    if name in _LIST_CLASSES:
        return tuple(_build(_LIST_CLASSES[name], item, f"{path}[{i}]") for i, item in enumerate(_list(value, path)))
    if isinstance(value, list):
        return tuple(_item(item, f"{path}[{i}]") for i, item in enumerate(value))
    if isinstance(value, dict):
        return _item(value, path)
    return value


def _item(value, path: str):
    if isinstance(value, dict):
        tag = value.get("type")
        cls = ast.NODE_TYPES.get(tag)
        if cls is None:
            raise FormatError(f"{path}: unknown node type {tag!r}")
        return _build(cls, value, path)
    return value


def _list(value, path: str) -> list:
    if not isinstance(value, list):
        raise FormatError(f"{path}: expected a list, got {type(value).__name__}")
    return value


def _expect(value, kind: type, path: str):
    if not isinstance(value, kind) or isinstance(value, bool):
        raise FormatError(f"{path}: expected {kind.__name__}, got {type(value).__name__}")
    return value
