"""Typed lines: the first stage after the grammar.

``grammar/bulletin.lark`` types every line; :func:`read_lines` turns what it
reads into :class:`Line` records (kind, trimmed span, marker and number) that
the structure step reads documents from. The builder is embedded in the parser
and has one method per grammar rule, named after the rule; a test checks that
none is missing.
"""

from __future__ import annotations

import functools
import re
import sys
from dataclasses import dataclass
from enum import StrEnum

from lark import Transformer

from ..ast import SectionStyle
from ..numbers import parse_marker_number

_BLANK = " \t\u3000\u00a0\f\v"


class LineKind(StrEnum):
    """What the line grammar says a line looks like: one kind per whole-line terminal or rule of
    ``grammar/bulletin.lark``, and :attr:`ROW` for what a reader says it is. Later stages may retype
    a line from its neighbours (a text line cut from a glued head becomes a DOC_NUMBER); they never
    invent a kind of their own."""

    TOC_TITLE = "toc_title"
    """目录 standing alone."""
    CATEGORY = "category"
    """A bulletin's section head in the 目录 or the body (【市政府文件】)."""
    TOC_REF = "toc_ref"
    """A 目录 entry: a title followed by leaders and a page number."""
    DOC_NUMBER = "doc_number"
    """A 文号 (嘉政发〔2019〕15号) alone on its line."""
    DATE = "date"
    """A date alone on its line (a sign-off date)."""
    CATALOG_ROW = "catalog_row"
    """A row of a 发文目录: 文号, then the title."""
    ATTACHMENT = "attachment"
    """A 附件 lead naming an attachment (附件：1.某某名单)."""
    ATTACHMENT_HEADER = "attachment_header"
    """附件 or 附件1 alone: the head of an attachment's own text."""
    HEADING = "heading"
    """A line that opens with a heading marker (一、 (一) 1. (1) ① 第X章 第X条 …)."""
    TEXT = "text"
    """Anything else."""
    ROW = "row"
    """A row of a table the reader found (``SourceText.tables``), whatever its text looks like: a
    row holding only 合计 or a date is no signatory, title or sign-off date. Given from the reader's
    table regions before any stage reads the lines (:func:`jxparse.pipeline.tables.mark_reader_rows`)."""


@dataclass(slots=True)
class Line:
    """One non-empty line of the source, typed by the grammar."""

    kind: LineKind
    number: int
    """1-based line number in the source."""
    start: int
    """Offset of the first non-blank character (a Markdown prefix included)."""
    end: int
    """Offset just after the last non-blank character."""
    text: str
    """The line's content: indentation, Markdown prefix and trailing blanks removed."""
    content_start: int
    """Offset where ``text`` starts."""
    blank_before: bool = False
    """True when an empty line (or the start of input) precedes this line."""
    indented: bool = False
    md_prefix: str | None = None
    marker: str | None = None
    """For headings: the marker as written (``(一)``, ``第三条``)."""
    style: SectionStyle | None = None
    level_hint: int = 1
    """For decimal outlines: how many components the number has (1.2.3 -> 3)."""
    marker_number: int | None = None
    rest_start: int = 0
    """For headings, catalog rows and 附件 leads: the offset where the text after the marker starts
    (:attr:`rest`); 0 for lines without one."""
    cut_before: bool = False
    """True when lines taken out of the flow (a Markdown note, a 附件 list) stood just before: no
    paragraph continues across them."""
    continued: bool = False
    """True when a fixed-width wrap cut this line: the next line goes on with it (jxparse.wrapping)."""
    prose: bool = False
    """True when the line is part of a wrapped run that reads as prose (a sentence ends in it, or it is
    longer than any title): no part of it is a title, however title-like the part."""

    @property
    def rest(self) -> str:
        """For headings, catalog rows and 附件 leads: the text after the marker, blanks trimmed ("" for
        other lines). Read from ``text`` when asked rather than kept: a body of many headings would
        otherwise hold a second copy of nearly every heading's text for as long as its lines live."""
        if self.rest_start <= self.content_start:
            return ""
        return self.text[self.rest_start - self.content_start:]


_MARKER_STYLES = {
    "PART": SectionStyle.PART,
    "CHAPTER": SectionStyle.CHAPTER,
    "SUBCHAPTER": SectionStyle.SUBCHAPTER,
    "ARTICLE": SectionStyle.ARTICLE,
    "DECIMAL": SectionStyle.DECIMAL,
    "DECIMAL_TOP": SectionStyle.DECIMAL,
    "HANZI": SectionStyle.HANZI,
    "PAREN_HANZI": SectionStyle.PAREN_HANZI,
    "ARABIC": SectionStyle.ARABIC,
    "PAREN_ARABIC": SectionStyle.PAREN_ARABIC,
    "CIRCLED": SectionStyle.CIRCLED,
}

_DECIMAL_SPLIT = re.compile(r"[.．]")


# Whole-line terminals of bulletin.lark and the kind of line each one makes.
WHOLE_LINE_KINDS = {
    "TOC_TITLE": LineKind.TOC_TITLE,
    "CATEGORY": LineKind.CATEGORY,
    "TOC_REF": LineKind.TOC_REF,
    "DOC_NUMBER": LineKind.DOC_NUMBER,
    "DATE": LineKind.DATE,
    "TEXT": LineKind.TEXT,
}


class LineBuilder(Transformer):
    """Builds :class:`Line` records while ``bulletin.lark`` parses: it is embedded in the parser
    (Lark calls one method per rule as the rule is reduced), so no parse tree is built and walked.

    It keeps no state, so one instance serves every parse, in any thread.
    """

    def line(self, children) -> Line | None:
        indented = False
        md_prefix = None
        content = None
        for child in children:
            kind = getattr(child, "type", None)
            if kind == "INDENT":
                indented = True
            elif kind == "MD_PREFIX":
                md_prefix = child
            else:
                content = child
        if content is None:
            if md_prefix is None:
                return None  # a line of blanks
            if md_prefix.value.strip().startswith("#"):
                # An empty Markdown heading ("##"): an explicitly empty title, text "" and its span.
                line = _span(LineKind.TEXT, md_prefix, md_prefix)
                line.md_prefix, line.text, line.content_start = line.text, "", line.end
                return line
            # A lone "- " or ">": not a Markdown construct of any use, but text all the same.
            return _span(LineKind.TEXT, md_prefix, md_prefix)
        line = content if isinstance(content, Line) else _span(WHOLE_LINE_KINDS[content.type], content, content)
        line.indented = indented
        if md_prefix is not None:
            line.md_prefix = md_prefix.value.strip()
            line.start = md_prefix.start_pos
        return line

    def catalog_row(self, tokens) -> Line:
        line = _span(LineKind.CATALOG_ROW, tokens[0], tokens[-1])
        _set_rest(line, tokens[1])
        line.marker = tokens[0].value.strip(_BLANK)
        return line

    def attachment(self, tokens) -> Line:
        # "附件：" with nothing after it heads the attachment's own text, like a bare "附件1".
        kind = LineKind.ATTACHMENT if tokens[0].type == "ATTACHMENT_LEAD" and len(tokens) > 1 else LineKind.ATTACHMENT_HEADER
        line = _span(kind, tokens[0], tokens[-1])
        line.marker = tokens[0].value.strip(_BLANK)
        digits = re.search(r"[0-9０-９]+", line.marker)
        line.marker_number = int(digits.group()) if digits else None
        if len(tokens) > 1:
            _set_rest(line, tokens[1])
        return line

    def heading(self, tokens) -> Line:
        marker = tokens[0]
        line = _span(LineKind.HEADING, marker, tokens[-1])
        line.marker = sys.intern(marker.value)  # markers repeat: one string for every 一、 of a text
        line.style = _MARKER_STYLES[marker.type]
        if line.style is SectionStyle.DECIMAL:
            parts = _DECIMAL_SPLIT.split(marker.value)
            line.level_hint = len(parts)
            line.marker_number = parse_marker_number(parts[-1])
        else:
            line.marker_number = parse_marker_number(marker.value)
        if len(tokens) > 1:
            _set_rest(line, tokens[1])
        else:
            line.rest_start = marker.end_pos
        return line


def _span(kind: LineKind, first, last) -> Line:
    """A line from ``first`` to ``last`` (adjacent tokens of one line), trailing blanks trimmed."""
    raw = first.value if first is last else first.value + last.value
    text = raw.rstrip(_BLANK)
    start = first.start_pos
    return Line(kind=kind, number=first.line, start=start, end=start + len(text), text=text, content_start=start)


def _set_rest(line: Line, token) -> None:
    """The line's rest (:attr:`Line.rest`) is ``token``, the line's last, less its leading blanks."""
    value = token.value
    line.rest_start = token.start_pos + len(value) - len(value.lstrip(_BLANK))


@functools.cache
def line_parser():
    """The line grammar's parser (``grammar/bulletin.lark``, LineBuilder embedded), built once per process."""
    from ..grammars import build_parser

    return build_parser("bulletin.lark", transformer=LineBuilder())


def read_lines(text: str) -> list[Line]:
    """Every non-empty line of ``text``, typed by ``grammar/bulletin.lark``, with ``blank_before`` set.

    The grammar is total, so this never fails on any text; a Lark error here is a jxparse bug.
    """
    lines: list[Line] = []
    previous_number = 0
    for line in line_parser().parse(text).children:
        if line is None:
            continue
        line.blank_before = line.number > previous_number + 1 or not lines
        previous_number = line.number
        lines.append(line)
    return lines


GRAMMAR_RULES = ("line", "catalog_row", "attachment", "heading")
"""The rules of bulletin.lark that LineBuilder handles (checked against the grammar by a test)."""
