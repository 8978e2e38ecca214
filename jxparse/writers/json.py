"""JSON writer: the tree as ``output-contract.md`` describes it.

Keys keep the declaration order of the node types (stable diffs), Chinese is
written as is (``ensure_ascii=False``), and numbers are exact: a Decimal is
written as its own digits, never through a binary float (25000, never
25000.000000004; 2.5 stays 2.5).
"""

from __future__ import annotations

import json
import secrets
from decimal import Decimal

from ..data import to_data
from .base import Writer


def format_decimal(value: Decimal) -> str:
    """An exact JSON number for ``value``: no exponent, no trailing zeros, integral values without a
    fraction. Works on the digits themselves, so no decimal context can round a long number."""
    if not value.is_finite():
        raise ValueError(f"{value} is not a JSON number")
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _mark_decimals(value, mark: str):
    if isinstance(value, Decimal):
        return mark + format_decimal(value) + "\x00"
    if isinstance(value, dict):
        return {key: _mark_decimals(item, mark) for key, item in value.items()}
    if isinstance(value, list):
        return [_mark_decimals(item, mark) for item in value]
    return value


def dumps_data(data, *, indent: int | None = 2) -> str:
    """Serialize plain data (as from :func:`jxparse.data.to_data`) to JSON text."""
    # json has no hook for raw number text, so each Decimal is swapped for a marker string and the
    # quoted marker is replaced by the digits after encoding. The marker starts with a NUL and a
    # random token, so no text of the document can look like it.
    mark = "\x00jxparse-decimal-" + secrets.token_hex(8) + ":"
    text = json.dumps(_mark_decimals(data, mark), ensure_ascii=False, indent=indent)
    quoted_mark = json.dumps(mark, ensure_ascii=False)[1:-1]
    if quoted_mark not in text:
        return text
    pieces = text.split('"' + quoted_mark)
    out = [pieces[0]]
    for piece in pieces[1:]:
        number, rest = piece.split("\\u0000\"", 1)
        out.append(number)
        out.append(rest)
    return "".join(out)


def loads_data(text: str):
    """Parse JSON text into plain data, reading non-integral numbers as exact Decimals."""
    return json.loads(text, parse_float=Decimal)


class JsonWriter(Writer):
    """Writes a bulletin as indented JSON (schema ``jxparse/1``)."""

    name = "json"
    extension = ".json"

    def write(self, bulletin) -> str:
        return dumps_data(to_data(bulletin)) + "\n"
