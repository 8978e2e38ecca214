"""How jxparse reads a line of running text: the contract for writers whose output must read back.

A writer that writes text for jxparse to read again (the Markdown writer) must know where the
reader starts a heading, a 文号 or a table, and when it joins a line to the one before. It asks
these questions here instead of importing the reader's stages, so the answers follow the reader
when its rules change, and the writer never depends on how the reader is built:

* :func:`classify` — what the line grammar makes of one line written alone;
* :func:`joins_next` — whether the reader joins the next text line onto a line ending this way;
* :func:`continues` — both together: does ``line``, written after ``previous``, go on its paragraph;
* :func:`ends_open` — whether a line ends in punctuation that keeps it open whatever follows;
* :data:`MIN_CUT_LINE` — from this length on, a line without closing punctuation joins the next;
* :func:`heading_marker` — the pattern of a heading marker at a line's start, as the grammar reads
  it (the PDF and OFD layout uses it to start a block where the grammar will see a heading).
"""

from __future__ import annotations

import functools
import re

from .lines import LineKind, line_parser, read_lines
from .paragraphs import MIN_CUT_LINE, ends_open, is_unfinished

BLANK = "blank"
""":func:`classify` of a line of blanks."""
PREFIXED = "prefixed"
""":func:`classify` of a line with a Markdown prefix (``#``, ``-``, ``>``) or indentation."""


@functools.lru_cache(maxsize=4096)
def classify(line: str) -> str:
    """What jxparse's line grammar makes of ``line`` written alone: a :class:`LineKind` value,
    :data:`PREFIXED` for a Markdown prefix or indentation (which a plain text line never has), or
    :data:`BLANK`."""
    lines = read_lines(line)
    if len(lines) != 1:
        return BLANK
    typed = lines[0]
    if typed.md_prefix is not None or typed.indented:
        return PREFIXED
    return typed.kind


def joins_next(text: str) -> bool:
    """True when a line ending like ``text`` ends mid-sentence, so the reader joins the next text
    line onto it (no closing punctuation, and an open mark or :data:`MIN_CUT_LINE` characters)."""
    return is_unfinished(text)


def continues(previous: str, line: str) -> bool:
    """True when ``line``, written on the line after the paragraph text ``previous``, is read as
    going on that paragraph: ``previous`` ends mid-sentence and ``line`` is plain text, or
    ``previous`` ends in an open mark (， 、 （ “ …) and ``line`` looks like a heading (a cut
    sentence can go on with "二、" as well as with anything else)."""
    if not joins_next(previous):
        return False
    kind = classify(line)
    return kind == LineKind.TEXT or (kind == LineKind.HEADING and ends_open(previous))


@functools.cache
def heading_marker() -> re.Pattern[str]:
    """A heading marker at the start of a line (``一、`` ``（二）`` ``3.`` ``第四条`` ``⑤`` …): the
    terminals of the line grammar's ``heading`` rule (``grammar/bulletin.lark``), read from its
    parser, so that whoever uses it agrees with the grammar on what starts a heading."""
    parser = line_parser()
    names = {rule.expansion[0].name for rule in parser.rules if rule.origin.name == "heading"}
    patterns = [terminal.pattern.to_regexp() for terminal in parser.terminals if terminal.name in names]
    return re.compile("^(?:" + "|".join(f"(?:{pattern})" for pattern in patterns) + ")")


__all__ = ["BLANK", "MIN_CUT_LINE", "PREFIXED", "LineKind", "classify", "continues", "ends_open", "heading_marker", "joins_next"]
