"""Fold a body's flat headings and blocks into nested sections with ``grammar/sections.lark``.

The structure step hands over a flat list: :class:`HeadingItem` for each heading
line and finished blocks (paragraphs, tables) in between. Each item becomes one
token (``H_<RANK>`` or ``BLOCK``); the LALR parser of sections.lark nests them
by rank. The grammar accepts every sequence, so folding cannot fail; what is
odd (a number that skips) becomes a warning.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from .ast import Diagnostic, Section, SectionStyle, Severity, Span, cover

RANKS = ("part", "chapter", "subchapter", "article", "decimal1", "decimal2", "decimal3",
         "hanzi", "paren_hanzi", "arabic", "paren_arabic", "circled")
"""Section ranks, outermost first; the rule names of sections.lark."""


@dataclass(frozen=True, slots=True)
class HeadingItem:
    """A heading line waiting to become a :class:`Section`."""

    style: SectionStyle
    marker: str
    number: int | None
    heading: str
    heading_span: Span
    depth: int = 1
    """For decimal outlines, the number of components (1.2 -> 2)."""
    entities: tuple = ()
    page: int | None = None
    bbox: tuple | None = None

    @property
    def rank(self) -> str:
        if self.style is SectionStyle.DECIMAL:
            return f"decimal{min(self.depth, 3)}"
        return self.style.value


@functools.cache
def _parser():
    from .grammars import build_parser

    return build_parser("sections.lark", lexer="basic")


def fold_sections(items, id_prefix: str) -> tuple[tuple, list[Diagnostic]]:
    """Nest ``items`` (HeadingItems and blocks) into sections; return the blocks and diagnostics.

    Section ids are ``<id_prefix>.s<n>.<m>…`` after their position in the tree.
    """
    items = list(items)
    if not any(isinstance(item, HeadingItem) for item in items):
        return tuple(items), []
    from lark import Token

    interactive = _parser().parse_interactive()
    for index, item in enumerate(items):
        kind = "H_" + item.rank.upper() if isinstance(item, HeadingItem) else "BLOCK"
        interactive.feed_token(Token(kind, index))
    tree = interactive.feed_eof()
    diagnostics: list[Diagnostic] = []
    blocks = _children(tree.children, items, id_prefix, 1, diagnostics)
    _check_numbering(blocks, diagnostics)
    return blocks, diagnostics


def _children(nodes, items, id_prefix: str, level: int, diagnostics) -> tuple:
    result = []
    section_count = 0
    for node in nodes:
        if hasattr(node, "data"):
            section_count += 1
            result.append(_section(node, items, f"{id_prefix}.{section_count}" if level > 1
                                   else f"{id_prefix}.s{section_count}", level, diagnostics))
        else:
            result.append(items[int(node)])
    return tuple(result)


def _section(node, items, section_id: str, level: int, diagnostics) -> Section:
    heading: HeadingItem = items[int(node.children[0])]
    children = _children(node.children[1:], items, section_id, level + 1, diagnostics)
    span = cover([heading.heading_span] + [getattr(child, "span", None) for child in children])
    return Section(id=section_id, style=heading.style, marker=heading.marker, number=heading.number,
                   level=level, heading=heading.heading, children=children,
                   entities=heading.entities, span=span, heading_span=heading.heading_span,
                   page=heading.page, bbox=heading.bbox)


def _check_numbering(blocks, diagnostics, last_seen=None) -> None:
    """Warn where a style's numbers skip; numbering may run on across parents ((四) after 二、)."""
    last_seen = {} if last_seen is None else last_seen
    previous: dict[SectionStyle, int] = {}
    for block in blocks:
        if not isinstance(block, Section):
            continue
        if block.number is not None:
            before = previous.get(block.style)
            expected = {before + 1} if before is not None else {1, last_seen.get(block.style, 0) + 1}
            if block.number not in expected:
                want = " or ".join(str(n) for n in sorted(expected))
                diagnostics.append(Diagnostic(
                    Severity.WARNING, "numbering-gap",
                    f"heading {block.marker} follows number {before if before is not None else 'none'}; "
                    f"expected {want}", block.heading_span))
            previous[block.style] = block.number
            last_seen[block.style] = block.number
        _check_numbering(block.children, diagnostics, last_seen)


__all__ = ["HeadingItem", "RANKS", "fold_sections"]
