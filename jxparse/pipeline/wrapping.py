"""Text hard-wrapped at a fixed width: which lines were cut by the wrap, not by the author.

Some exporters (fixed-width text dumps, e-mail gateways, ``fold``) cut every line at the same
width, without indentation. Then a heading runs on over the next line, a 主送 line over three, a
number is cut in two (``15`` / ``0万元``), and a line that starts with ``2.`` or ``（三）`` after a cut
is no heading at all. The evidence is the widths themselves: in such a text many lines have exactly
the same length and hardly any line is longer. This step finds that width and marks every line that
the wrap cut (``Line.continued``); the line after a cut loses any line type its start suggested,
because it starts in the middle of a sentence.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

from .lines import Line, LineKind

_SENTENCE_ENDS = "。！？!?：:"
_CLAUSE_ENDS = "；;"
"""A cut after ； is a wrap only where plain text follows: before a numbered line it ends a list item."""
_MIN_WIDTH = 16
_MIN_CUT_LINES = 5
_MIN_SHARE = 0.2
"""At least this share of the lines that reach the width must have exactly the width."""
_MAX_LONGER_SHARE = 0.02
"""Lines longer than the width: a wrapped text has (almost) none."""


def _physical_lengths(lines: list[Line], text: str) -> list[int]:
    """Each line's length as the wrap counted it: from the line's start to its line break, so that
    blanks the wrap left at the end (``外币等值 1 `` / ``万美元``) count."""
    lengths = []
    for line in lines:
        begin = line.start  # the first non-blank character: indentation is no part of it
        end = line.end
        while end < len(text) and text[end] in " \t\u3000":
            end += 1
        lengths.append(end - begin)
    return lengths


def wrap_width(lines: list[Line], text: str) -> int | None:
    """The width ``text`` was hard-wrapped at, or None when it was not."""
    lengths = Counter(length for line, length in zip(lines, _physical_lengths(lines, text))
                      if length >= _MIN_WIDTH and "\t" not in line.text)
    if not lengths:
        return None
    width, count = max(lengths.items(), key=lambda item: (item[1], item[0]))
    longer = sum(n for length, n in lengths.items() if length > width)
    total = sum(lengths.values())
    if count < _MIN_CUT_LINES or count < _MIN_SHARE * total or longer > _MAX_LONGER_SHARE * total:
        return None
    return width


def mark_wrapped(lines: list[Line], text: str) -> list[Line]:
    """``lines`` of ``text`` with ``continued`` set on every line the wrap cut, and the lines after
    such a cut typed as plain text. Text that was not hard-wrapped comes back unchanged."""
    width = wrap_width(lines, text)
    if width is None:
        return lines
    physical = _physical_lengths(lines, text)
    result: list[Line] = []
    previous_cut = False
    run_start = 0
    for index, line in enumerate(lines):
        following = lines[index + 1] if index + 1 < len(lines) else None
        cut = (physical[index] == width and following is not None and not following.blank_before
               and line.text[-1] not in _SENTENCE_ENDS and "\t" not in line.text
               and (line.text[-1] not in _CLAUSE_ENDS or following.kind == LineKind.TEXT))
        changes = {}
        if cut:
            changes["continued"] = True
        if previous_cut and line.kind != LineKind.TEXT:
            # The middle of a sentence: "2." or "（三）" at its start is no marker, "2019年7月1日" no date line.
            changes.update(kind=LineKind.TEXT, style=None, marker=None, marker_number=None, rest_start=0)
        result.append(replace(line, **changes) if changes else line)
        previous_cut = cut
        if not cut:
            _mark_prose(result, run_start)
            run_start = len(result)
    return result


_MAX_TITLE = 120


def _mark_prose(lines: list[Line], start: int) -> None:
    """Mark the wrapped run ``lines[start:]`` as prose where its joined text cannot be a title."""
    if len(lines) - start < 2:
        return
    text = "".join(line.text for line in lines[start:])
    if "。" in text or len(text) > _MAX_TITLE:
        lines[start:] = [replace(line, prose=True) for line in lines[start:]]


__all__ = ["mark_wrapped", "wrap_width"]
