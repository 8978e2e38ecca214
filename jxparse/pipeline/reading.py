"""How jxparse reads a line of running text: the contract for writers whose output must read back.

A writer that writes text for jxparse to read again (the Markdown writer) must know where the
reader starts a heading, a 文号 or a table, and when it joins a line to the one before. It asks
these questions here instead of importing the reader's stages, so the answers follow the reader
when its rules change, and the writer never depends on how the reader is built:

* :func:`classify` — what the line grammar makes of one line written alone;
* :func:`joins_next` — whether the reader joins the next text line onto a line ending this way;
* :func:`continues` — both together: does ``line``, written after ``previous``, go on its paragraph;
* :func:`ends_open` — whether a line ends in punctuation that keeps it open whatever follows;
* :data:`MIN_CUT_LINE` — from this length on, a line without closing punctuation joins the next.
"""

from __future__ import annotations

import functools

from .lines import LineKind, read_lines
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


__all__ = ["BLANK", "MIN_CUT_LINE", "PREFIXED", "LineKind", "classify", "continues", "ends_open", "joins_next"]
