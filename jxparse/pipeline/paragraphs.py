"""Paragraph text: re-joining lines that a page break or a wrap cut, and cleaning converter markup.

A paragraph's ``text`` is built from one or more stretches of the source. The
builder keeps, for every character it emits, the source offset it came from,
so that entities found in the cleaned text still get spans that point at the
exact source (``10 万\\n\\n元`` is one amount whose span covers the break).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence

from ..ast import Span
from .lines import LineKind

# A line that ends with one of these finished its sentence or clause.
_FINISHED = "。！？!?；;：:…"
# Closing brackets that end a paragraph when they close a note or duty line: (…负责)
_CLOSERS = ")）】〕]"
# These clearly leave the sentence open, whatever the line length.
_OPEN_ENDINGS = "，,、（(“《—-"
MIN_CUT_LINE = 20
"""A line shorter than this is a cut line only when it ends in an open punctuation mark; short
lines without punctuation are headings, names, table cells, more often than cut sentences."""

joinable_kinds = frozenset({LineKind.TEXT, LineKind.HEADING})
"""Kinds of line that may continue a cut paragraph (a continuation can look like a heading)."""

# A blank between two CJK characters of a title is where a converter wrapped the line.
_WRAP_SPACE = re.compile(r"(?<=[\u3400-\u9fff“”《》（）()、])[ \u3000]+(?=[\u3400-\u9fff“”《》（）()、])")

# Markup that text converters leave in any text: **bold**, __bold__, <http://autolinks>.
_CONVERTER_MARKUP = (r"\*\*(?=\S)(?P<bold>.+?)(?<=\S)\*\*|__(?=\S)(?P<under>.+?)(?<=\S)__"
                     r"|<(?P<link>(?:https?|ftp)://[^\s<>]+|www\.[^\s<>]+)>")
_TEXT_MARKUP = re.compile(_CONVERTER_MARKUP)
# In Markdown input also backslash escapes of ASCII punctuation and numeric character references
# (CommonMark 2.4 and 6.2), read left to right in one pass with the rest, as CommonMark does.
_MARKDOWN_MARKUP = re.compile(r"\\(?P<escaped>[!-/:-@\[-`{-~])|&#(?P<decimal>[0-9]{1,7});|&#[xX](?P<hex>[0-9a-fA-F]{1,6});|"
                              + _CONVERTER_MARKUP)


def ends_open(text: str) -> bool:
    """True when a line ends in punctuation that leaves the sentence open (， 、 （ “ …)."""
    text = text.rstrip(" \t\u3000")
    return bool(text) and text[-1] in _OPEN_ENDINGS


def is_unfinished(text: str) -> bool:
    """True when a line ends in the middle of a sentence, so the next line continues it."""
    text = text.rstrip(" \t\u3000")
    if not text:
        return False
    last = text[-1]
    if last in _FINISHED or last in _CLOSERS:
        return False
    if last in "”’\"" and len(text) > 1 and text[-2] in _FINISHED:
        return False
    return last in _OPEN_ENDINGS or len(text) >= MIN_CUT_LINE


class PositionMap(Sequence[int]):
    """The source offset of every character of a built text, and one more for its end.

    ``positions[i]`` is where ``text[i]`` stood in the source; ``positions[len(text)]`` is just after
    the last character. Stored as runs of consecutive offsets (one per stretch of the source), not
    as one integer per character: a paragraph is one to a few runs, and building a list per
    character was a sizeable part of the parse.
    """

    __slots__ = ("_text_starts", "_source_starts", "_length", "_end")

    def __init__(self, text_starts: list[int], source_starts: list[int], length: int, end: int) -> None:
        self._text_starts = text_starts
        self._source_starts = source_starts
        self._length = length
        self._end = end

    def __len__(self) -> int:
        return self._length + 1

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if index < 0:
            index += self._length + 1
        if not 0 <= index <= self._length:
            raise IndexError("position index out of range")
        if index == self._length:
            return self._end
        run = bisect_right(self._text_starts, index) - 1
        return self._source_starts[run] + index - self._text_starts[run]


class TextBuilder:
    """Collects stretches of the source into one paragraph text with a position map."""

    def __init__(self, source: str, *, markdown: bool = False, title: bool = False) -> None:
        self.source = source
        self.markdown = markdown
        self.title = title
        """Titles also lose the blanks that a line wrap left between CJK characters."""
        self.pieces: list[str] = []
        self.text_starts: list[int] = []
        """Where each piece starts in the built text."""
        self.source_starts: list[int] = []
        """Where each piece starts in the source."""
        self.length = 0
        self.span_start: int | None = None
        self.span_end: int | None = None

    def add(self, start: int, end: int, *, span_start: int | None = None) -> None:
        """Append ``source[start:end]``; the paragraph's span grows to cover ``span_start`` too."""
        first = start if span_start is None else min(span_start, start)
        self.span_start = first if self.span_start is None else min(self.span_start, first)
        self.span_end = end if self.span_end is None else max(self.span_end, end)
        piece = self.source[start:end]
        if self.pieces and piece and _is_ascii_word(self.pieces[-1][-1]) and _is_ascii_word(piece[0]) \
                and not (self.pieces[-1][-1].isdigit() and piece[0].isdigit()):
            # Two Latin words met at a line break: the break stood for a space. Digits on both sides
            # are one number that a fixed-width wrap cut (15 / 0万元), never two.
            self._append(" ", start)
        self._append(piece, start)

    def _append(self, piece: str, source_start: int) -> None:
        if piece:
            self.pieces.append(piece)
            self.text_starts.append(self.length)
            self.source_starts.append(source_start)
            self.length += len(piece)

    def empty(self) -> bool:
        """True when nothing but blanks was added."""
        return not "".join(self.pieces).strip(" \t\u3000")

    def span(self) -> Span:
        """The source span of everything added."""
        return Span(self.span_start or 0, self.span_end or 0)

    def result(self, *, strip: bool = True) -> tuple[str, Sequence[int]]:
        """The cleaned text and, for each of its characters plus the end, the source offset.

        ``strip=False`` keeps leading and trailing blanks (a table row's empty edge cells).
        """
        text = "".join(self.pieces)
        left, right = 0, len(text)
        if strip:
            left = len(text) - len(text.lstrip(" \t\u3000"))
            right = max(left, len(text.rstrip(" \t\u3000")))
            text = text[left:right]
        pattern = _MARKDOWN_MARKUP if self.markdown else _TEXT_MARKUP
        markup = pattern.search(text)
        if not markup and not (self.title and _WRAP_SPACE.search(text)):
            return text, self._window(left, right)
        # Markup or wrap blanks to remove: work on one offset per character (rare, and short).
        positions = self._window(left, right)[:-1]
        if markup:
            text, positions = _unwrap(pattern, text, positions)
        if self.title and _WRAP_SPACE.search(text):
            text, positions = _drop(_WRAP_SPACE, text, positions)
        end = positions[-1] + 1 if positions else (self.span_end or 0)
        return text, positions + [end]

    def _window(self, left: int, right: int) -> PositionMap:
        """The positions of the built text's characters ``left`` to ``right`` (then the end)."""
        text_starts: list[int] = []
        source_starts: list[int] = []
        for text_start, source_start, piece in zip(self.text_starts, self.source_starts, self.pieces):
            text_end = text_start + len(piece)
            if text_end <= left or text_start >= right:
                continue
            skip = max(0, left - text_start)
            text_starts.append(text_start + skip - left)
            source_starts.append(source_start + skip)
        if right > left:
            run = bisect_right(self.text_starts, right - 1) - 1
            end = self.source_starts[run] + right - 1 - self.text_starts[run] + 1
        else:
            end = self.span_end or 0
        return PositionMap(text_starts, source_starts, right - left, end)


def _is_ascii_word(char: str) -> bool:
    return char.isascii() and char.isalnum()


def _drop(pattern: re.Pattern, text: str, positions: list[int]) -> tuple[str, list[int]]:
    """Remove every match of ``pattern`` with its positions."""
    keep = [True] * len(text)
    for match in pattern.finditer(text):
        keep[match.start():match.end()] = [False] * (match.end() - match.start())
    return ("".join(c for c, k in zip(text, keep) if k), [p for p, k in zip(positions, keep) if k])


def _unwrap(pattern: re.Pattern, text: str, positions: list[int]) -> tuple[str, list[int]]:
    """Replace each match by what it stands for, keeping the source positions of what is kept.

    A wrapper (bold, autolink) keeps its inner text; an escape keeps the escaped character; a
    character reference becomes its character, placed at the offset of its ``&``.
    """
    out_text: list[str] = []
    out_positions: list[int] = []
    cursor = 0
    for match in pattern.finditer(text):
        out_text.append(text[cursor:match.start()])
        out_positions.extend(positions[cursor:match.start()])
        groups = match.groupdict()
        if groups.get("decimal") or groups.get("hex"):
            code = int(groups["decimal"]) if groups.get("decimal") else int(groups["hex"], 16)
            if 0 < code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF:
                out_text.append(chr(code))
                out_positions.append(positions[match.start()])
            else:  # not a character: the reference stays as written, nothing is lost
                out_text.append(match.group())
                out_positions.extend(positions[match.start():match.end()])
        else:
            name = next(key for key, value in groups.items() if value is not None)
            out_text.append(match.group(name))
            out_positions.extend(positions[match.start(name):match.end(name)])
        cursor = match.end()
    out_text.append(text[cursor:])
    out_positions.extend(positions[cursor:])
    return "".join(out_text), out_positions
