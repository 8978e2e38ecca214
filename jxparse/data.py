"""Plain data (dicts, lists, strings, numbers) to and from the typed tree.

JSON is this data serialized; the XML writer and reader follow the same field
names. The mapping is derived from the declaration of each node type in
:mod:`jxparse.ast` (read through :mod:`jxparse.declaration`: JSON keys, maps,
spans, decimals, which node types a field holds), never written out field by
field, so a new field cannot be forgotten by one format and kept by another. Nothing is dropped: ``None`` and empty lists are
written as ``null`` and ``[]``, so the shape of the output never depends on
its content.
"""

from __future__ import annotations

import dataclasses
import enum
import functools
from decimal import Decimal, InvalidOperation

from . import ast
from .declaration import FieldInfo, fields_of, position_keys, serialized_fields, type_tag
from .errors import FormatError


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
    """True for the JSON keys of fields that record where a node stood (spans, page, bbox), as
    declared in :mod:`jxparse.ast`."""
    return name in position_keys()


def to_data(node) -> object:
    """Convert a tree (or any node or value in it) to plain data."""
    if isinstance(node, ast.Bulletin):
        data: dict[str, object] = {"schema": ast.SCHEMA}
        data.update(_node_to_dict(node))
        return data
    return _value_to_data(node)


@functools.cache
def _serialized(node_type: type) -> tuple[tuple[str, str, bool], ...]:
    """(JSON key, field name, is a map) for each serialized field of a node type, in declaration order,
    the ``type`` tag left out (it is written first)."""
    if node_type is ast.Span:
        return (("start", "start", False), ("end", "end", False))
    return tuple((info.key, info.name, info.kind == "pairs") for info in serialized_fields(node_type) if info.key != "type")


def serialized_names(node_type: type) -> tuple[str, ...]:
    """The JSON keys of a node type's serialized fields, in order (the ``type`` tag not included)."""
    return tuple(key for key, _, _ in _serialized(node_type))


def serialized_fields_of(node_type: type) -> tuple[tuple[str, str, bool], ...]:
    """(JSON key, field name, is a map) for each serialized field, in order (the ``type`` tag not
    included): what the JSON writer walks."""
    return _serialized(node_type)


def node_type_tag(node) -> str | None:
    """The ``type`` tag a node is written with (a Furniture's is its kind), or None."""
    return type_tag(node)


def _node_to_dict(node) -> dict[str, object]:
    data: dict[str, object] = {}
    tag = type_tag(node)
    if tag is not None:
        data["type"] = tag
    for key, name, is_map in _serialized(type(node)):
        value = getattr(node, name)
        data[key] = {k: v for k, v in value} if is_map else _value_to_data(value)
    return data


_PLAIN_TYPES = frozenset({str, bool, int, float, Decimal, type(None)})


def _value_to_data(value) -> object:
    if type(value) in _PLAIN_TYPES:  # the common case first; subclasses (enums) take the checks below
        return value
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, (str, bool, int, float, Decimal)):
        return value
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
    for info in fields_of(cls):
        if info.key is None:
            continue
        key = info.key
        if key not in data:
            if info.required:
                raise FormatError(f"{path}: {cls.__name__} lacks {key!r}")
            continue
        value, where = data[key], f"{path}.{key}"
        if value is None and info.required and not info.optional:
            raise FormatError(f"{where}: must not be null")
        try:
            kwargs[info.name] = _field_value(info, value, where)
        except FormatError:
            raise
        except (TypeError, ValueError, KeyError, InvalidOperation) as error:
            raise FormatError(f"{where}: {error}") from None
    return cls(**kwargs)


_SCALARS = {"str": (str,), "int": (int,), "bool": (bool,)}


def _field_value(info: FieldInfo, value, path: str):
    kind = info.kind
    if value is None:
        if not info.optional and kind in _SCALARS:
            raise FormatError(f"{path}: must not be null")
        return None
    if kind == "span":
        if not isinstance(value, dict):
            raise FormatError(f"{path}: expected a span object, got {type(value).__name__}")
        return ast.Span(_expect(value.get("start"), int, f"{path}.start"), _expect(value.get("end"), int, f"{path}.end"))
    if kind == "bbox":
        return tuple(float(_expect_number(v, path)) for v in _list(value, path))
    if kind == "decimal":
        return Decimal(str(_expect_number(value, path)))
    if kind == "enum":
        return info.enum_type(value)
    if kind == "pairs":
        if not isinstance(value, dict):
            raise FormatError(f"{path}: expected an object")
        return tuple((str(k), str(v)) for k, v in value.items())
    if kind == "rows":
        return tuple(tuple(_expect(cell, str, path) for cell in _list(row, path)) for row in _list(value, path))
    if kind in _SCALARS:
        kinds = _SCALARS[kind]
        if not isinstance(value, kinds) or (isinstance(value, bool) and bool not in kinds):
            raise FormatError(f"{path}: expected {kind}, got {type(value).__name__}")
        return value
    if kind == "strings":
        return tuple(_expect(item, str, f"{path}[{i}]") for i, item in enumerate(_list(value, path)))
    if kind == "node":
        return _node(info.classes, value, path)
    if kind == "nodes":
        return tuple(_node(info.classes, item, f"{path}[{i}]") for i, item in enumerate(_list(value, path)))
    raise FormatError(f"{path}: cannot read a {kind} field")  # pragma: no cover - every kind is handled above


def _node(classes: tuple[type, ...], value, path: str):
    """A node of one of ``classes``: a class without a ``type`` tag of its own (a Source, a
    DocNumber, a Diagnostic, a Furniture) is built as the field declares it; the others by their tag."""
    if len(classes) == 1 and classes[0] not in ast.TYPE_NAMES:
        return _build(classes[0], value, path)
    node = _item(value, path)
    if type(node) not in classes:
        expected = " or ".join(repr(ast.TYPE_NAMES[cls]) for cls in classes)
        raise FormatError(f"{path}: expected a node of type {expected}, got {value.get('type')!r}")
    return node


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
