"""Fold a body's flat headings and blocks into nested sections with ``grammar/sections.lark``.

The structure step hands over a flat list: :class:`HeadingItem` for each heading
line and finished blocks (paragraphs, tables) in between. Each heading becomes
one token (``H_<RANK>``); the LALR parser of sections.lark nests them by rank,
and each block joins the heading before it. The grammar accepts every sequence,
so folding cannot fail; what is odd (a number that skips) becomes a warning.
"""

from __future__ import annotations

import bisect
import functools
from dataclasses import dataclass

from lark import Transformer

from ..ast import Diagnostic, Section, SectionStyle, Severity, Span, cover

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


class _Fold(Transformer):
    """Builds the fold as sections.lark reduces (embedded in the parser, like the line grammar's
    builder): each section is a ``(heading index, child sections)`` pair, the body a tuple of them.

    A parse tree would hold a Tree (with its own dict) and a Token for every heading of the body
    until the sections were made: some 400 bytes a heading, a third of the peak memory on a body of
    thousands of headings. Here each heading's token is dropped as soon as its rule is reduced.
    The list rules (``_hanzis`` …) keep Lark's default: they are inlined into the rule above them.
    """

    def start(self, children) -> tuple:
        return tuple(children)

    @staticmethod
    def _section(children) -> tuple[int, tuple]:
        return int(children[0]), tuple(children[1:])


for _rank in RANKS:
    setattr(_Fold, _rank, staticmethod(_Fold._section))


@functools.cache
def _parser():
    from ..grammars import build_parser

    return build_parser("sections.lark", lexer="basic", transformer=_Fold())


def fold_sections(items: list, id_prefix: str) -> tuple[tuple, list[Diagnostic]]:
    """Nest ``items`` (HeadingItems and blocks) into sections; return the blocks and diagnostics.

    Only the headings go through the grammar: a block always belongs to the heading just before it
    (or to the body, before the first heading), so it carries no structure and feeding it would only
    cost parser steps. Section ids are ``<id_prefix>.s<n>.<m>…`` after their position in the tree.

    The list ``items`` is used up: each HeadingItem in it is let go as soon as its section is made,
    so that a body of many headings does not hold both at once.
    """
    headings = [index for index, item in enumerate(items) if isinstance(item, HeadingItem)]
    if not headings:
        return tuple(items), []
    from lark import Token

    interactive = _parser().parse_interactive()
    for index in headings:
        interactive.feed_token(Token(_TOKEN_TYPES[items[index].rank], index))
    folded = interactive.feed_eof()
    diagnostics: list[Diagnostic] = []
    blocks = tuple(items[:headings[0]]) + _sections(folded, items, headings, id_prefix, 1)
    gaps = _Gaps(diagnostics)
    _check_numbering(blocks, gaps)
    gaps.close()
    return blocks, diagnostics


_TOKEN_TYPES = {rank: "H_" + rank.upper() for rank in RANKS}


def _sections(nodes, items, headings: list[int], id_prefix: str, level: int) -> tuple:
    """The sections of the fold's ``(heading index, child sections)`` pairs ``nodes``."""
    result = []
    for count, (index, nested) in enumerate(nodes, start=1):
        section_id = f"{id_prefix}.{count}" if level > 1 else f"{id_prefix}.s{count}"
        heading: HeadingItem = items[index]
        items[index] = None  # made into the section below; nothing reads it again
        # the blocks after a heading, up to the next heading, are its own
        following = bisect.bisect_right(headings, index)
        own_end = headings[following] if following < len(headings) else len(items)
        children = tuple(items[index + 1:own_end]) + _sections(nested, items, headings, section_id, level + 1)
        span = cover([heading.heading_span] + [getattr(child, "span", None) for child in children])
        result.append(Section(id=section_id, style=heading.style, marker=heading.marker, number=heading.number,
                              level=level, heading=heading.heading, children=children,
                              entities=heading.entities, span=span, heading_span=heading.heading_span,
                              page=heading.page, bbox=heading.bbox))
    return tuple(result)


def _check_numbering(blocks, gaps: "_Gaps", last_seen=None) -> None:
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
                gaps.add(block, before, expected)
            previous[block.style] = block.number
            last_seen[block.style] = block.number
        _check_numbering(block.children, gaps, last_seen)


class _Gaps:
    """The numbering-gap warnings of one body: the first :data:`_LISTED` one by one, the rest as one
    warning with their count and the place of the first of them. A body of thousands of gaps (a
    list numbered by someone else's scheme, a misread layout) says so without thousands of objects."""

    def __init__(self, diagnostics: list[Diagnostic]):
        self.diagnostics = diagnostics
        self.listed = 0
        self.unlisted = 0
        self.first_unlisted: Diagnostic | None = None

    def add(self, block: Section, before: int | None, expected: set[int]) -> None:
        if self.listed < _LISTED:
            self.listed += 1
            self.diagnostics.append(self._warning(block, before, expected))
            return
        if not self.unlisted:
            self.first_unlisted = self._warning(block, before, expected)
        self.unlisted += 1

    @staticmethod
    def _warning(block: Section, before: int | None, expected: set[int]) -> Diagnostic:
        want = " or ".join(str(n) for n in sorted(expected))
        return Diagnostic(Severity.WARNING, "numbering-gap",
                          f"heading {block.marker} follows number {before if before is not None else 'none'}; "
                          f"expected {want}", block.heading_span)

    def close(self) -> None:
        if self.unlisted:
            first = self.first_unlisted
            self.diagnostics.append(Diagnostic(
                Severity.WARNING, "numbering-gap",
                f"{self.unlisted} more numbering gaps in this body, not listed one by one; the first: {first.message}",
                first.span))


_LISTED = 100
"""Numbering gaps listed one by one per body; more are counted in one warning."""


__all__ = ["HeadingItem", "RANKS", "fold_sections"]
