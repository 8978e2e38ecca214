"""JSON writer: the tree as ``docs/tree.md`` describes it.

Keys keep the declaration order of the node types (stable diffs), Chinese is
written as is (``ensure_ascii=False``), and numbers are exact: a Decimal is
written as its own digits, never through a binary float (25000, never
25000.000000004; 2.5 stays 2.5).
"""

from __future__ import annotations

import enum
import json
import math
from decimal import Decimal
from json.encoder import encode_basestring as _encode_string

from .. import ast
from ..data import node_type_tag, serialized_fields_of
from .base import Writer, build_dispatch, dispatch


def format_decimal(value: Decimal) -> str:
    """An exact JSON number for ``value``: no exponent, no trailing zeros, integral values without a
    fraction. Works on the digits themselves, so no decimal context can round a long number."""
    if not value.is_finite():
        raise ValueError(f"{value} is not a JSON number")
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def dumps_data(data, *, indent: int | None = 2) -> str:
    """Serialize plain data (as from :func:`jxparse.data.to_data`) to JSON text.

    The text is exactly what ``json.dumps(data, ensure_ascii=False, indent=indent)`` writes, except
    that a Decimal is written as its own digits. It is written here rather than by ``json.dumps``:
    the standard library has no hook for raw number text, and it indents in pure Python, one
    generator step per value, which made writing JSON twice as slow as parsing the bulletin.
    """
    out: list[str] = []
    if indent is None:
        _write(data, None, "", out)
    else:
        _write(data, "\n", " " * indent, out)
    return "".join(out)


def _write(value, newline: str | None, step: str, out: list[str]) -> None:
    """Append the JSON text of ``value``. ``newline`` is a line break plus the current indentation,
    or None for the one-line form."""
    kind = type(value)
    if kind is str:
        out.append(_encode_string(value))
    elif kind is dict or kind is list or kind is tuple:
        if not value:
            out.append("{}" if kind is dict else "[]")
            return
        inner = None if newline is None else newline + step
        opening, closing = ("{", "}") if kind is dict else ("[", "]")
        separator = opening if inner is None else opening + inner
        following = ", " if inner is None else "," + inner
        if kind is dict:
            for key, item in value.items():
                if type(key) is not str:
                    raise TypeError(f"JSON object keys must be strings, not {type(key).__name__}")
                out.append(separator)
                out.append(_encode_string(key))
                out.append(": ")
                _write(item, inner, step, out)
                separator = following
        else:
            for item in value:
                out.append(separator)
                _write(item, inner, step, out)
                separator = following
        out.append(closing if newline is None else newline + closing)
    elif value is None:
        out.append("null")
    elif value is True:
        out.append("true")
    elif value is False:
        out.append("false")
    elif isinstance(value, Decimal):
        out.append(format_decimal(value))
    elif isinstance(value, int):
        out.append(int.__repr__(value))
    elif isinstance(value, float):
        out.append(float.__repr__(value) if math.isfinite(value) else json.dumps(value))
    elif isinstance(value, str):
        out.append(_encode_string(value))
    else:
        raise TypeError(f"Object of type {kind.__name__} is not JSON serializable")


MAX_EXPONENT = 1000
"""Numbers whose decimal exponent lies beyond ±MAX_EXPONENT are refused: ``1e-999999999`` is a
valid JSON number, but writing it out again in plain notation would take a gigabyte."""


def _decimal(text: str) -> Decimal:
    value = Decimal(text)
    if value and abs(value.adjusted()) > MAX_EXPONENT:
        raise ValueError(f"the number {text[:40]} is out of range (exponent beyond ±{MAX_EXPONENT})")
    return value


def _constant(name: str):
    raise ValueError(f"{name} is not a JSON number")


def loads_data(text: str):
    """Parse JSON text into plain data, reading non-integral numbers as exact Decimals.

    Refuses (ValueError) ``NaN`` and ``Infinity``, which JSON does not have, numbers with an
    exponent beyond ±:data:`MAX_EXPONENT` and integers of over 4300 digits (Python's own limit).
    """
    return json.loads(text, parse_float=_decimal, parse_constant=_constant)


# How many pieces of JSON text the tree writer gathers before it joins them and hands them on: big
# enough that joining is cheap per piece, small enough that the pieces (each a separate str object,
# some 50 bytes of overhead apiece) never add up to more than a few hundred KB.
_FLUSH_PIECES = 4096


def write_tree(node, sink, *, indent: int = 2) -> None:
    """Write the JSON text of a tree (as :func:`dumps_data` of :func:`jxparse.data.to_data` would
    write it) to ``sink`` (a callable taking str), in pieces of some tens of KB.

    The tree is walked directly: no plain-data copy of it is built, and no list of every piece of
    output text is kept, so writing to a file costs memory for the tree alone, whatever the
    output's size (building the copy and the list took 40-120 MB per MB of input text).
    """
    out: list[str] = []
    _write_value(node, False, "\n", " " * indent, out, sink)
    out.append("\n")
    sink("".join(out))


def _write_value(value, is_map: bool, newline: str, step: str, out: list[str], sink) -> None:
    """Append the JSON of a tree value, mapped as :func:`jxparse.data.to_data` maps it (``is_map``:
    the value is (key, value) pairs, written as an object)."""
    kind = type(value)
    if kind is str:
        out.append(_encode_string(value))
    elif value is None:
        out.append("null")
    elif kind is tuple:
        if not value:
            out.append("{}" if is_map else "[]")
            return
        inner = newline + step
        following = "," + inner
        if is_map:  # pairs, written as an object
            separator = "{" + inner
            for key, item in value:
                out.append(separator)
                out.append(_encode_string(key))
                out.append(": ")
                _write(item, inner, step, out)
                separator = following
            out.append(newline + "}")
        else:
            separator = "[" + inner
            for item in value:
                out.append(separator)
                _write_value(item, False, inner, step, out, sink)
                separator = following
            out.append(newline + "]")
    elif kind in _PLAIN_SCALARS:
        _write(value, newline, step, out)
    elif isinstance(value, enum.Enum):
        _write(value.value, newline, step, out)
    elif isinstance(value, (str, bool, int, float, Decimal)):
        _write(value, newline, step, out)
    else:
        dispatch(_DISPATCH, value, "JsonWriter")(value, newline, step, out, sink)


_PLAIN_SCALARS = frozenset({bool, int, float, Decimal})


def _write_node(node, newline: str, step: str, out: list[str], sink) -> None:
    inner = newline + step
    separator = "{" + inner
    following = "," + inner
    if type(node) is ast.Bulletin:
        out.append(separator + '"schema": ' + _encode_string(ast.SCHEMA))
        separator = following
    tag = node_type_tag(node)
    if tag is not None:
        out.append(separator + '"type": ')
        _write(tag, inner, step, out)
        separator = following
    for key, name, is_map in serialized_fields_of(type(node)):
        out.append(separator + _encode_string(key) + ": ")
        _write_value(getattr(node, name), is_map, inner, step, out, sink)
        separator = following
    out.append("{}" if separator == "{" + inner else newline + "}")
    if len(out) >= _FLUSH_PIECES:
        sink("".join(out))
        out.clear()


class _Nodes:
    """The JSON writer's method per node type: one for all, since the mapping is declared."""

    json_node = staticmethod(_write_node)


_DISPATCH = build_dispatch(_Nodes, "json_", fallback="json_node") | {ast.Span: _write_node}


class JsonWriter(Writer):
    """Writes a bulletin as indented JSON (schema ``jxparse/1``)."""

    name = "json"
    extension = ".json"

    def write(self, bulletin) -> str:
        chunks: list[str] = []
        write_tree(bulletin, chunks.append)
        return "".join(chunks)

    def write_to(self, bulletin, stream) -> None:
        write_tree(bulletin, stream.write)


__all__ = [
    "format_decimal", "dumps_data", "loads_data", "write_tree", "JsonWriter",
]
