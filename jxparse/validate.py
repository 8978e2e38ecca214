"""Check jxparse JSON or XML output against the schemas jxparse ships.

XML is checked against ``schemas/jxparse.xsd`` with lxml (and then read back, for the few rules an
XSD cannot say); JSON against ``schemas/jxparse.schema.json`` (draft 2020-12) with ``jsonschema``,
which is imported only when JSON is validated. Problems come back as ``name:line: message``
strings, the form the CLI prints; an empty list means valid.
"""

from __future__ import annotations

import bisect
import functools
import json
import re
from decimal import Decimal

from .errors import FormatError, UnknownFormat
from .schemas import JSON_SCHEMA, XSD, read_schema

__all__ = ["schema_text", "validate_text", "detect_kind"]


def schema_text(kind: str) -> str:
    """The text of the shipped schema: ``"json"`` for the JSON Schema, ``"xml"`` (or ``"xsd"``) for the XSD."""
    if kind == "json":
        return read_schema(JSON_SCHEMA)
    if kind in ("xml", "xsd"):
        return read_schema(XSD)
    raise UnknownFormat(f"unknown schema kind {kind!r} (known: json, xml)")


def detect_kind(text: str) -> str | None:
    """``"xml"`` or ``"json"`` from the first significant character of ``text``, or None."""
    stripped = text.lstrip("\ufeff \t\r\n")
    if stripped.startswith("<"):
        return "xml"
    if stripped.startswith(("{", "[")):
        return "json"
    return None


def validate_text(text: str, *, name: str) -> list[str]:
    """Validate jxparse output (JSON or XML, told apart by content) against the shipped schema.

    Args:
        text: the whole file.
        name: the file name to put in front of each problem.

    Returns:
        One ``name:line: message`` string per problem, in line order; empty when ``text`` is valid.
    """
    kind = detect_kind(text)
    if kind == "xml":
        return _validate_xml(text, name)
    if kind == "json":
        return _validate_json(text, name)
    return [f"{name}:1: neither JSON nor XML: jxparse output starts with '{{' or '<'"]


# --------------------------------------------------------------------------- XML


def _validate_xml(text: str, name: str) -> list[str]:
    try:
        return _check_xml(text, name)
    except RecursionError:
        return [f"{name}:1: invalid: elements nested too deeply"]


def _check_xml(text: str, name: str) -> list[str]:
    from .loaders.xml import from_xml, parse_xml, schema_errors

    try:
        tree = parse_xml(text, source=name)
    except FormatError as error:
        return [f"{name}:{error.line or 1}: {error.message}"]
    errors = schema_errors(tree)
    if errors:
        return [f"{name}:{line}: {message}" for line, message in errors]
    try:
        from_xml(text, source=name, validate=False)
    except FormatError as error:
        return [f"{name}:{error.line or 1}: {error.message}"]
    return []


# --------------------------------------------------------------------------- JSON


@functools.cache
def _json_validator():
    import jsonschema

    schema = json.loads(read_schema(JSON_SCHEMA))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def _validate_json(text: str, name: str) -> list[str]:
    from .writers.json import loads_data

    try:
        data = loads_data(text)
    except json.JSONDecodeError as error:
        return [f"{name}:{error.lineno}: invalid JSON: {error.msg} (column {error.colno})"]
    except RecursionError:
        return [f"{name}:1: invalid: arrays or objects nested too deeply"]
    except ValueError as error:  # NaN, Infinity, numbers out of range, integers over 4300 digits
        return [f"{name}:1: invalid JSON: {error}"]
    try:
        errors = [_deepest(error) for error in _json_validator().iter_errors(data)]
    except RecursionError:
        return [f"{name}:1: invalid: nested too deeply to check"]
    if not errors:
        return []
    try:
        lines = _json_lines(text)  # only for invalid input: locating values costs a second pass
    except (ValueError, IndexError, RecursionError):  # pragma: no cover - json.loads accepted it
        lines = {}
    problems = []
    for error in errors:
        path = tuple(error.absolute_path)
        problems.append((_line_for(lines, path), _json_path(path), error.message))
    problems.sort(key=lambda item: (item[0], item[1]))
    return [f"{name}:{line}: {path}: {_shorten(message)}" for line, path, message in problems]


def _deepest(error):
    """For anyOf failures (a nullable value), the most specific sub-error.

    The sub-error that got furthest into the instance wins, and a "not of type 'null'" loses to
    any other: for ``"span": {"start": -1, …}`` that gives "-1 is less than the minimum of 0".
    """
    if not error.context:
        return error
    best = max(
        error.context,
        key=lambda sub: (len(sub.absolute_path), not (sub.validator == "type" and sub.validator_value == "null")),
    )
    return _deepest(best)


def _shorten(message: str, limit: int = 300) -> str:
    return message if len(message) <= limit else message[: limit - 1] + "…"


def _json_path(path: tuple) -> str:
    out = "$"
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else f".{part}"
    return out


def _line_for(lines: dict[tuple, int], path: tuple) -> int:
    while path not in lines and path:
        path = path[:-1]
    return lines.get(path, 1)


_NUMBER_RE = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?")
_WS_RE = re.compile(r"[ \t\n\r]*")


def _json_lines(text: str) -> dict[tuple, int]:
    """The 1-based line where each value of a JSON document starts, keyed by its path."""
    from json.decoder import scanstring

    newlines = [match.start() for match in re.finditer("\n", text)]
    lines: dict[tuple, int] = {}

    def line_of(position: int) -> int:
        return bisect.bisect_right(newlines, position - 1) + 1

    def skip(position: int) -> int:
        return _WS_RE.match(text, position).end()

    def value(position: int, path: tuple) -> int:
        position = skip(position)
        lines[path] = line_of(position)
        char = text[position]
        if char == "{":
            position = skip(position + 1)
            if text[position] == "}":
                return position + 1
            while True:
                key, position = scanstring(text, position + 1)
                position = skip(position)  # at ':'
                position = value(position + 1, path + (key,))
                position = skip(position)
                if text[position] == "}":
                    return position + 1
                position = skip(position + 1)  # after ','
        if char == "[":
            position = skip(position + 1)
            if text[position] == "]":
                return position + 1
            index = 0
            while True:
                position = value(position, path + (index,))
                position = skip(position)
                if text[position] == "]":
                    return position + 1
                position += 1
                index += 1
        if char == '"':
            return scanstring(text, position + 1)[1]
        for literal in ("true", "false", "null", "NaN", "Infinity", "-Infinity"):
            if text.startswith(literal, position):
                return position + len(literal)
        match = _NUMBER_RE.match(text, position)
        if not match:
            raise ValueError(f"unexpected character at {position}")
        return match.end()

    value(0, ())
    return lines
