"""Blocks: the body's printed lines re-joined into paragraphs, titles, sign-off lines, table rows.

Evidence, per line against the one before it: the margins and body size of its column or page
(:mod:`.measure`), its indent and fill in ems, centring, the vertical gap, the font size, a heading
marker or a 附件 label at its start, a sentence end at the end of the line before, and whether the
document's paragraphs start with a first-line indent. :func:`render` writes the blocks as text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


_HEADING = re.compile(
    r"^(?:[一二三四五六七八九十百]+[、．.]|[（(][一二三四五六七八九十百]+[）)]|\d{1,2}[.．、](?![\d.．])"
    r"|[（(]\d{1,2}[）)]|第[一二三四五六七八九十百零〇]+[编章节条]|[①-⑳]|[㈠-㈩])"
)
_ITEM = re.compile(r"^\d{1,2}[.．、]")
_ATTACH = re.compile(r"^(?:[-–•·]\s*)?附\s*件\s*[:：]")
_SENTENCE_END = tuple("。！？；：:;!?")


@dataclass(slots=True)
class OutLine:
    """A line of the output text: a paragraph, a heading, a sign-off line, a table row …"""

    text: str
    page: int
    bbox: tuple[float, float, float, float]
    blank_before: bool
    kind: str = "text"


def render(out: list[OutLine]) -> tuple[str, list[tuple[int, int, OutLine]]]:
    """The text and, per output line, its (start, end) offsets."""
    parts: list[str] = []
    pos = 0
    spans = []
    prev_kind = None
    for i, o in enumerate(out):
        if i:
            sep = "\n\n" if (o.blank_before or (prev_kind == "row") != (o.kind == "row")) else "\n"
            parts.append(sep)
            pos += len(sep)
        parts.append(o.text)
        spans.append((pos, pos + len(o.text), o))
        pos += len(o.text)
        prev_kind = o.kind
    if parts:
        parts.append("\n")
    return "".join(parts), spans
