"""Tree writer: an indented dump of the typed tree, the golden-file format for the AST.

Like docutils' pseudo-XML or pandoc's ``native``: one node per line, two spaces of indentation per
level, the node's type name first, then its span as ``[start:end]``, then its scalar fields as
``name=value`` in declaration order. Output is deterministic and diff-friendly:

* strings are Python ``repr`` (so control characters, U+3000 and other invisible characters show
  as escapes), decimals are exact (``25000``, ``2.5``), enumerations bare (``style=paren_hanzi``);
* fields that are ``None`` and lists that are empty are left out, so the dump shows what is there;
* a secondary span is shown with what it covers: ``title [3:40] '…'``, ``addressees [40:60]``,
  ``signoff [500:530] date='2019-07-15'`` (the sign-off span covers signatories and date);
* entities are listed one per line under the paragraph, title or heading that holds them, a
  paragraph's text on its own line; a document's blocks are under ``body``, the documents it
  issues under ``enclosures``.

A node of a type the writer does not know raises :class:`TypeError`: nothing is skipped silently.
"""

from __future__ import annotations

import enum
import functools
from dataclasses import dataclass
from decimal import Decimal

from .. import ast
from ..declaration import FieldInfo, fields_of, name_of
from .base import Writer, build_dispatch, dispatch
from .json import format_decimal


class TreeWriter(Writer):
    """Writes a bulletin as an indented, one-node-per-line dump of the tree."""

    name = "tree"
    extension = ".tree"

    def write(self, bulletin) -> str:
        lines: list[str] = []
        _Dumper(lines).visit(bulletin, 0)
        return "\n".join(lines) + "\n"

    def write_to(self, bulletin, stream) -> None:
        _Dumper(_LineSink(stream.write)).visit(bulletin, 0)


class _LineSink:
    """Takes the dumper's lines and writes each, with its line break, as it comes."""

    def __init__(self, write) -> None:
        self.write = write

    def append(self, line: str) -> None:
        self.write(line + "\n")


def _value(value) -> str:
    if isinstance(value, enum.Enum):
        return str(value.value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return format_decimal(value) if value.is_finite() else str(value)
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, tuple):
        return "[" + ", ".join(_value(item) for item in value) + "]"
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, ast.Span):
        return _span(value)
    return str(value)


def _span(span: ast.Span | None) -> str:
    return "" if span is None else f"[{span.start}:{span.end}]"


def _fields(node, names) -> list[str]:
    """``name=value`` for each named field that is set (not None, not an empty list)."""
    parts = []
    for name in names:
        value = getattr(node, name)
        if value is None or value == ():
            continue
        parts.append(f"{name}={_value(value)}")
    return parts


# --------------------------------------------------------------------------- the plan of a node type

_BELOW = ("line", "children", "group", "strings", "pairs", "rows")
_PLACES = ("head", "last", "label", "span", "hidden") + _BELOW


@dataclass(frozen=True)
class _Plan:
    """How the dump shows one node type, read from its declaration (see :mod:`jxparse.ast`, ``tree``)."""

    name: str
    span: str | None  # the field shown as the node's [start:end]
    labels: tuple[str, ...]  # fields shown bare after the span
    head: tuple[str, ...]  # fields shown as name=value on the node's line, "last" ones at the end
    below: tuple[tuple[str, FieldInfo], ...]  # (place, field) shown on lines under the node, in order


def _place(info: FieldInfo) -> str:
    if info.key is None:
        return "hidden"  # not serialized (the source text)
    declared = info.get("tree")
    if declared is not None:
        if declared not in _PLACES:
            raise TypeError(f"unknown tree place {declared!r} for field {info.name!r}")
        return declared
    if info.name == "span" and info.kind == "span":
        return "span"
    return {"node": "children", "nodes": "children", "pairs": "pairs", "rows": "rows"}.get(info.kind, "head")


@functools.cache
def _plan(cls: type) -> _Plan:
    infos = fields_of(cls)
    shown_elsewhere = set()
    for info in infos:
        for key in ("tree_span", "tree_entities"):
            if info.get(key):
                shown_elsewhere.add(info.get(key))
        shown_elsewhere.update(info.get("tree_with", ()))
    span, labels, head, last, below = None, [], [], [], []
    for info in infos:
        if info.name in shown_elsewhere:
            continue
        place = _place(info)
        if place == "span":
            span = info.name
        elif place == "label":
            labels.append(info.name)
        elif place == "head":
            head.append(info.name)
        elif place == "last":
            last.append(info.name)
        elif place in _BELOW:
            below.append((place, info))
    return _Plan(name_of(cls), span, tuple(labels), tuple(head + last), tuple(below))


class _Dumper:
    """Appends one line per node; the method for each node type comes from one table built once
    (:func:`jxparse.writers.base.build_dispatch`): every declared node type is written by
    :meth:`visit_node` from its declaration, the root by :meth:`visit_bulletin`."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines

    def visit(self, node, depth: int) -> None:
        dispatch(_DISPATCH, node, "TreeWriter")(self, node, depth)

    def line(self, depth: int, name: str, *parts: str) -> None:
        self.lines.append("  " * depth + " ".join([name, *(part for part in parts if part)]))

    def visit_all(self, nodes, depth: int) -> None:
        for node in nodes:
            self.visit(node, depth)

    def visit_bulletin(self, node: ast.Bulletin, depth: int) -> None:
        plan = _plan(ast.Bulletin)
        self.line(depth, plan.name, f"schema={ast.SCHEMA!r}", *_fields(node, plan.head))
        self.below(node, plan, depth)

    def visit_node(self, node, depth: int) -> None:
        plan = _plan(type(node))
        span = _span(getattr(node, plan.span)) if plan.span else ""
        labels = (_value(getattr(node, name)) for name in plan.labels)
        self.line(depth, plan.name, span, *labels, *_fields(node, plan.head))
        self.below(node, plan, depth)

    def below(self, node, plan: _Plan, depth: int) -> None:
        inner = depth + 1
        for place, info in plan.below:
            value = getattr(node, info.name)
            name = info.get("tree_name", info.name)
            if place == "children":
                if info.kind == "nodes":
                    self.visit_all(value, inner)
                elif value is not None:
                    self.visit(value, inner)
            elif place == "line":
                span = getattr(node, info.get("tree_span")) if info.get("tree_span") else None
                if value is None and span is None:
                    continue
                self.line(inner, name, _span(span), "" if value is None else _value(value))
                if info.get("tree_entities"):
                    self.visit_all(getattr(node, info.get("tree_entities")), inner + 1)
            elif place == "group":
                if value:
                    self.line(inner, name)
                    if info.kind == "pairs":
                        self.pairs(value, inner + 1)
                    else:
                        self.visit_all(value, inner + 1)
            elif place == "strings":
                span = getattr(node, info.get("tree_span")) if info.get("tree_span") else None
                with_fields = info.get("tree_with", ())
                if span is None and not value and all(getattr(node, f) is None for f in with_fields):
                    continue
                self.line(inner, name, _span(span), *_fields(node, with_fields))
                for item in value:
                    self.line(inner + 1, _value(item))
            elif place == "pairs":
                self.pairs(value, inner)
            elif place == "rows":
                for row in value:
                    self.line(inner, "row", *(_value(cell) for cell in row))

    def pairs(self, pairs, depth: int) -> None:
        for key, value in pairs:
            self.line(depth, f"{_value(key)}: {_value(value)}")


_DISPATCH = build_dispatch(_Dumper, "visit_", fallback="visit_node")


def handled_types() -> frozenset[type]:
    """The node classes the tree writer knows (for the every-writer-handles-every-node test)."""
    return frozenset(_DISPATCH)


__all__ = [
    "TreeWriter", "handled_types",
]
