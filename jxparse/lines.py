"""Typed lines: the first stage after the grammar.

``grammar/bulletin.lark`` gives one ``line`` node per non-empty line. This
module turns that tree into :class:`Line` records (kind, trimmed span, marker
and number) that the structure step reads documents from. The builder has one
method per grammar rule, named after the rule; a test checks that none is
missing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .ast import SectionStyle
from .numbers import parse_marker_number

_BLANK = " \t\u3000\u00a0\f\v"


@dataclass(slots=True)
class Line:
    """One non-empty line of the source, typed by the grammar."""

    kind: str
    """The grammar rule: toc_title, category, toc_ref, doc_number, date, catalog_row, attachment,
    attachment_header, heading or text."""
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
    rest: str = ""
    """For headings, catalog rows and 附件 leads: the text after the marker."""
    rest_start: int = 0
    """Offset where ``rest`` starts."""
    cut_before: bool = False
    """True when lines taken out of the flow (a Markdown note, a 附件 list) stood just before: no
    paragraph continues across them."""


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


class LineBuilder:
    """Builds :class:`Line` records from the parse tree of ``bulletin.lark``."""

    def __init__(self, source: str) -> None:
        self.source = source

    def build(self, tree) -> list[Line]:
        """All non-empty lines, in order, with ``blank_before`` set."""
        lines: list[Line] = []
        previous_number = 0
        for node in tree.children:
            line = self.line(node)
            if line is None:
                continue
            line.blank_before = line.number > previous_number + 1 or not lines
            previous_number = line.number
            lines.append(line)
        return lines

    # One method per grammar rule ------------------------------------------------------------

    def line(self, node) -> Line | None:
        indented = False
        md_prefix = None
        content = None
        first_token = None
        for child in node.children:
            if getattr(child, "type", None) == "INDENT":
                indented = True
                first_token = first_token or child
            elif getattr(child, "type", None) == "MD_PREFIX":
                md_prefix = child
                first_token = first_token or child
            else:
                content = child
        if content is None:
            if md_prefix is None:
                return None  # a line of blanks
            if md_prefix.value.strip().startswith("#"):
                # An empty Markdown heading ("##"): an explicitly empty title, text "" and its span.
                line = self._whole("text", md_prefix)
                line.md_prefix, line.text, line.content_start = line.text, "", line.end
                return line
            # A lone "- " or ">": not a Markdown construct of any use, but text all the same.
            return self._whole("text", md_prefix)
        tokens = [t for t in content.children]
        head = tokens[0]
        line = getattr(self, content.data)(tokens)
        line.number = head.line
        line.indented = indented
        if md_prefix is not None:
            line.md_prefix = md_prefix.value.strip()
            line.start = md_prefix.start_pos
        return line

    def toc_title(self, tokens) -> Line:
        return self._whole("toc_title", tokens[0])

    def category(self, tokens) -> Line:
        return self._whole("category", tokens[0])

    def toc_ref(self, tokens) -> Line:
        return self._whole("toc_ref", tokens[0])

    def doc_number(self, tokens) -> Line:
        return self._whole("doc_number", tokens[0])

    def date(self, tokens) -> Line:
        return self._whole("date", tokens[0])

    def text(self, tokens) -> Line:
        return self._whole("text", tokens[0])

    def catalog_row(self, tokens) -> Line:
        line = self._span("catalog_row", tokens[0], tokens[-1])
        self._set_rest(line, tokens[1])
        line.marker = tokens[0].value.strip(_BLANK)
        return line

    def attachment(self, tokens) -> Line:
        # "附件：" with nothing after it heads the attachment's own text, like a bare "附件1".
        kind = "attachment" if tokens[0].type == "ATTACHMENT_LEAD" and len(tokens) > 1 else "attachment_header"
        line = self._span(kind, tokens[0], tokens[-1])
        line.marker = tokens[0].value.strip(_BLANK)
        digits = re.search(r"[0-9０-９]+", line.marker)
        line.marker_number = int(digits.group()) if digits else None
        if len(tokens) > 1:
            self._set_rest(line, tokens[1])
        return line

    def heading(self, tokens) -> Line:
        marker = tokens[0]
        line = self._span("heading", marker, tokens[-1])
        line.marker = marker.value
        line.style = _MARKER_STYLES[marker.type]
        if line.style is SectionStyle.DECIMAL:
            parts = _DECIMAL_SPLIT.split(marker.value)
            line.level_hint = len(parts)
            line.marker_number = parse_marker_number(parts[-1])
        else:
            line.marker_number = parse_marker_number(marker.value)
        if len(tokens) > 1:
            self._set_rest(line, tokens[1])
        else:
            line.rest_start = marker.end_pos
        return line

    # Helpers ------------------------------------------------------------------------------

    def _whole(self, kind: str, token) -> Line:
        return self._span(kind, token, token)

    def _span(self, kind: str, first, last) -> Line:
        start = first.start_pos
        end = last.end_pos
        raw = self.source[start:end]
        stripped_end = end - (len(raw) - len(raw.rstrip(_BLANK)))
        return Line(kind=kind, number=first.line, start=start, end=stripped_end,
                    text=self.source[start:stripped_end], content_start=start)

    def _set_rest(self, line: Line, token) -> None:
        value = token.value
        lead = len(value) - len(value.lstrip(_BLANK))
        line.rest = value.strip(_BLANK)
        line.rest_start = token.start_pos + lead


GRAMMAR_RULES = ("line", "toc_title", "category", "toc_ref", "doc_number", "date", "catalog_row",
                 "attachment", "heading", "text")
"""The rules of bulletin.lark that LineBuilder handles (checked against the grammar by a test)."""
