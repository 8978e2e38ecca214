"""Bodies: a document's body lines become paragraphs, tables and headings, folded into sections.

Evidence: a line continues the paragraph before it when that one ends mid-sentence (no closing
punctuation), when a fixed-width wrap cut it, or when a page break split it; a heading line is
run in (its paragraph follows on the same line) when a 。 ends its caption. Short numbered
lines that run on in a list are list items, not headings.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace

from ..ast import Paragraph, SectionStyle, Span
from .context import BuildContext
from .drafts import BlockDraft
from .heads import wrapped_run
from .lines import Line, LineKind
from .paragraphs import TextBuilder, ends_open, is_unfinished, joinable_kinds
from .sections import HeadingItem, fold_sections
from .tables import is_pipe_row, make_table, table_of

_RUN_IN_STOP = "。"

_MAX_RUN_IN_HEADING = 60

_CLAUSE_MARKS = "。；;，,：:"

_MAX_ARTICLE_HEADING = 20


def body_blocks(lines: list[Line], id_prefix: str, ctx: BuildContext) -> tuple:
    """The blocks of a body: paragraphs, tables and sections (ids ``<id_prefix>.s<n>…``), each made
    complete; diagnostics go to the context."""
    lines = _demote_lists(_demote_contents_listing(lines))
    items: list = []
    drafted: list = []
    for table, unit in _units(lines, ctx):
        drafted.extend([make_table(unit, ctx)] if table is not None else _unit_items(unit, ctx))
        if len(drafted) >= _DRAFTS_PER_BATCH:
            items.extend(_made(drafted, ctx))
            drafted = []
    items.extend(_made(drafted, ctx))
    blocks, diagnostics = fold_sections(items, id_prefix)
    ctx.diagnostics.extend(diagnostics)
    return blocks


_DRAFTS_PER_BATCH = 512
"""Drafts are made into nodes this many at a time: enough texts per entity batch to pay the
grammar's fixed cost rarely, few enough that a body of 100 000 headings never holds all its drafts
(text, positions and the closure that makes the node) at once."""


def _made(items: list, ctx: BuildContext) -> list:
    """``items`` with every draft made into its node, the entities of all drafts found in one batch."""
    drafts = [item for item in items if type(item) is BlockDraft]
    if not drafts:
        return items
    found = iter(ctx.entity_finder([(draft.text, draft.positions) for draft in drafts]))
    return [item.make(next(found)) if type(item) is BlockDraft else item for item in items]


def _demote_contents_listing(lines: list[Line]) -> list[Line]:
    """A 目录 inside a body lists the headings that follow; its lines are text, not sections.

    The listing runs from the 目录 line to the line before the first repeat of its first entry.
    """
    for index, line in enumerate(lines):
        if line.kind != LineKind.TOC_TITLE or index + 1 >= len(lines):
            continue
        first = lines[index + 1].text
        repeat = next((j for j in range(index + 2, len(lines)) if lines[j].text == first), None)
        if repeat is None:
            return lines
        demoted = [replace(item, kind=LineKind.TEXT, style=None, marker=None) for item in lines[index:repeat]]
        return lines[:index] + demoted + lines[repeat:]
    return lines


_LIST_STYLES = (SectionStyle.ARABIC, SectionStyle.PAREN_ARABIC, SectionStyle.CIRCLED)

_ENUMERATION_STYLES = frozenset(_LIST_STYLES + (SectionStyle.PAREN_HANZI,))
"""Styles a list (:func:`_is_list_item`) or a running enumeration (:func:`_runs_on_inline`) is numbered in."""

_MIN_LIST_RUN = 3


def _is_list_item(line: Line, rest: str) -> bool:
    """A numbered line that is one whole sentence: 1.北京市大力推进外国人来华工作许可制度改革。
    ``rest`` is its text after the marker, with the lines a fixed-width wrap cut it into."""
    rest = rest.rstrip()
    return (line.kind == LineKind.HEADING and line.style in _LIST_STYLES and rest[-1:] in ("。", "；", ";")
            and not any(mark in rest[:-1] for mark in "。；;"))


def _demote_lists(lines: list[Line]) -> list[Line]:
    """Numbered lines standing one after another are a list, not sections, when three of them in a row
    are one sentence each; the list then runs on over every directly following line that carries the
    next number, whatever its shape. Lines are read with the lines a wrap cut them into."""
    result = list(lines)
    starts = [i for i in range(len(result)) if i == 0 or not result[i - 1].continued]
    # only the styles a list or a running enumeration is numbered in need their text after the marker
    rests = [result[i].rest + "".join(line.text for line in wrapped_run(result, i)[1:])
             if result[i].kind == LineKind.HEADING and result[i].style in _ENUMERATION_STYLES else "" for i in starts]
    for position, rest in zip(starts, rests):
        if _runs_on_inline(result[position], rest):
            result[position] = replace(result[position], kind=LineKind.TEXT, style=None)
    logical = [result[i] for i in starts]
    index = 0
    while index < len(logical):
        end = index
        while end < len(logical) and _is_list_item(logical[end], rests[end]) and _next_in_list(logical, index, end):
            end += 1
        if end - index < _MIN_LIST_RUN:
            index += 1
            continue
        while end < len(logical) and logical[end].kind == LineKind.HEADING and _next_in_list(logical, index, end):
            end += 1
        for position in starts[index:end]:
            result[position] = replace(result[position], kind=LineKind.TEXT, style=None)
        index = end
    return result


def _runs_on_inline(line: Line, rest: str) -> bool:
    """（1）有专职工作人员；（2）有…；（3）… — a numbered line that holds the next numbers itself is a
    running enumeration: it stays one paragraph of text."""
    if line.kind != LineKind.HEADING or line.marker_number is None:
        return False
    following = line.marker_number + 1
    if line.style is SectionStyle.PAREN_ARABIC:
        pattern = rf"[(（]\s*{following}\s*[)）]"
    elif line.style is SectionStyle.PAREN_HANZI and following <= len(_HAN_NUMERALS):
        pattern = rf"[(（]{_HAN_NUMERALS[following - 1]}[)）]"
    elif line.style is SectionStyle.ARABIC:
        pattern = rf"(?<![0-9.．]){following}[.．、](?![0-9])"
    elif line.style is SectionStyle.CIRCLED and following <= 20:
        pattern = chr(0x2460 + following - 1)
    else:
        return False
    return re.search(pattern, rest) is not None


_HAN_NUMERALS = ("一", "二", "三", "四", "五", "六", "七", "八", "九", "十",
                 "十一", "十二", "十三", "十四", "十五", "十六", "十七", "十八", "十九", "二十")


def _next_in_list(lines: list[Line], first: int, index: int) -> bool:
    return (lines[index].style is lines[first].style
            and lines[index].marker_number == (lines[first].marker_number or 0) + (index - first))


def _units(lines: list[Line], ctx: BuildContext) -> Iterator[tuple[int | str | None, list[Line]]]:
    """Group lines into paragraphs (a line that a page break or wrap cut is joined to the next) and
    tables (consecutive rows of one reader's table, or of TAB-separated cells or pipes in text):
    ``(table, lines)``, ``table`` being what :func:`~.tables.table_of` says of the unit's rows (None
    for a paragraph or heading).

    Each unit is handed on as soon as the next line starts another, so a body of many short units
    never holds a list for every one of them at once."""
    unit: list[Line] | None = None
    unit_table = None
    markdown = ctx.markdown
    for line in lines:
        table = table_of(line, ctx)
        if table is not None:
            # a Markdown pipe table ends at a blank line (the next is a table of its own)
            if unit and unit_table == table and not (markdown and line.blank_before and is_pipe_row(line)):
                unit.append(line)
                continue
        elif unit and unit_table is None and _continues(unit, line, ctx):
            unit.append(line)
            continue
        if unit:
            yield unit_table, unit
        unit, unit_table = [line], table
    if unit:
        yield unit_table, unit


def _continues(unit: list[Line], line: Line, ctx: BuildContext) -> bool:
    first, last = unit[0], unit[-1]
    if line.kind not in joinable_kinds or line.cut_before or (line.md_prefix or "").startswith("#"):
        return False  # a Markdown heading line ("## …") starts a block of its own
    if last.continued:
        return True  # a fixed-width wrap cut the line: the next one goes on with it
    if ctx.markdown and line.blank_before:
        return False  # in Markdown a blank line ends a paragraph, whatever its last character
    if line.kind == LineKind.HEADING and not ends_open(last.text):
        return False  # a heading-like line continues a paragraph only after an open 、，（“ …
    if first.kind == LineKind.HEADING:
        # A heading joins the next line only when paragraph text follows its marker on the line.
        if len(unit) == 1 and not _is_article_text(first) and _RUN_IN_STOP not in first.rest.rstrip(_RUN_IN_STOP):
            return False
    elif first.kind not in (LineKind.TEXT, LineKind.ATTACHMENT):
        return False
    return is_unfinished(line_reading(last, ctx))


def line_reading(line: Line, ctx: BuildContext) -> str:
    """The line as read: in Markdown, escapes and character references count as the characters they stand for."""
    if ctx.markdown and ("\\" in line.text or "&" in line.text):
        builder = TextBuilder(ctx.text, markdown=True)
        builder.add(line.content_start, line.end)
        return builder.result()[0]
    return line.text


def _unit_items(unit: list[Line], ctx: BuildContext) -> list:
    """The items of a unit of text lines: a paragraph, or a heading and the paragraph run in after it."""
    first = unit[0]
    if first.kind == LineKind.HEADING:
        return _heading_items(unit, ctx)
    builder = TextBuilder(ctx.text, markdown=ctx.markdown)
    for line in unit:
        builder.add(line.content_start, line.end, span_start=line.start)
    return [_paragraph(builder, ctx)]


def _paragraph(builder: "TextBuilder", ctx: BuildContext) -> BlockDraft:
    text, positions = builder.result()
    span = builder.span()
    page, bbox = ctx.page_and_box(span)
    return BlockDraft(text, positions, lambda entities: Paragraph(text=text, entities=entities, span=span,
                                                              page=page, bbox=bbox))


def _is_article_text(line: Line) -> bool:
    """第一条　为了…，制定本办法。 — what follows an article's marker is its first paragraph (款), unless
    it is a short caption without punctuation (第一条【立法目的】)."""
    return line.style is SectionStyle.ARTICLE and (any(c in line.rest for c in _CLAUSE_MARKS)
                                                   or len(line.rest) > _MAX_ARTICLE_HEADING)


def _heading_items(unit: list[Line], ctx: BuildContext) -> list:
    """A heading line's section heading and, for a run-in heading, the paragraph that follows it.

    The heading line is read with the lines a fixed-width wrap cut it into: its text after the
    marker is a list of source stretches (one per physical line).
    """
    first = unit[0]
    run = wrapped_run(unit, 0)
    stretches = [(first.rest_start, first.end, first.start)] + [(line.content_start, line.end, line.start)
                                                               for line in run[1:]]
    rest = first.rest if len(run) == 1 else "".join(ctx.text[begin:end] for begin, end, _ in stretches)
    stop = rest.find(_RUN_IN_STOP)
    run_in = stop != -1 and (rest[stop + 1:].strip() or len(unit) > len(run))
    if first.style is SectionStyle.ARTICLE and (len(unit) > 1 or _is_article_text(first)):
        # 第一条　为了…，制定本办法。 — an article's text is its first paragraph (款), not a heading.
        heading_text, heading_end, body_start = "", first.rest_start, first.rest_start
    elif run_in and stop <= _MAX_RUN_IN_HEADING:
        heading_text = rest[:stop]
        heading_end = _source_offset(stretches, stop + 1)
        body_start = heading_end
    elif run_in:
        heading_text, heading_end, body_start = "", first.rest_start, first.rest_start
    else:
        heading_text = rest[:-1] if rest.endswith(_RUN_IN_STOP) else rest
        heading_end, body_start = run[-1].end, None
    heading_builder = TextBuilder(ctx.text, markdown=ctx.markdown, title=True)
    _add_stretches(heading_builder, stretches, first.rest_start, _source_offset(stretches, len(heading_text)))
    heading_clean, heading_positions = heading_builder.result()
    heading_span = Span(first.start, max(heading_end, first.start + len(first.marker)))
    page, bbox = ctx.page_and_box(heading_span)

    def heading_item(entities: tuple) -> HeadingItem:
        return HeadingItem(style=first.style, marker=first.marker, number=first.marker_number, heading=heading_clean,
                           heading_span=heading_span, depth=first.level_hint, entities=entities, page=page, bbox=bbox)

    items: list = [BlockDraft(heading_clean, heading_positions, heading_item) if heading_clean else heading_item(())]
    builder = TextBuilder(ctx.text, markdown=ctx.markdown)
    if body_start is not None:
        _add_stretches(builder, stretches, body_start, run[-1].end)
    for line in unit[len(run):]:
        builder.add(line.content_start, line.end, span_start=line.start)
    if not builder.empty():
        items.append(_paragraph(builder, ctx))
    return items


def _source_offset(stretches: list[tuple[int, int, int]], index: int) -> int:
    """The source offset of character ``index`` of the stretches' joined text (or of their end)."""
    for begin, end, _ in stretches:
        if index <= end - begin:
            return begin + index
        index -= end - begin
    return stretches[-1][1]


def _add_stretches(builder: TextBuilder, stretches: list[tuple[int, int, int]], begin: int, end: int) -> None:
    """Add the parts of ``stretches`` that lie between source offsets ``begin`` and ``end``."""
    if len(stretches) == 1:  # the common case: one physical line
        if begin < end:
            builder.add(begin, end)
        return
    for index, (start, stop, line_start) in enumerate(stretches):
        start, stop = max(start, begin), min(stop, end)
        if start < stop:
            builder.add(start, stop, span_start=line_start if index else None)


__all__ = ["body_blocks", "line_reading"]
