"""Blocks: the body's printed lines re-joined into paragraphs, titles, sign-off lines, table rows.

Evidence, per line against the one before it: the margins and body size of its column or page
(:mod:`.measure`), its indent and fill in ems, centring, the vertical gap, the font size, a heading
marker or a 附件 label at its start, a sentence end at the end of the line before, and whether the
document's paragraphs start with a first-line indent. :func:`render` writes the blocks as text.

The reading is a small state machine: each body line is measured once (:class:`LineFacts`), then
decides an :class:`Action` from the :class:`Mode` of the block it follows (:func:`_action`), and the
action is applied (:func:`_run_on` or :func:`_start`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

from ...pipeline.reading import heading_marker
from .lines import Line, LineKind, join_lines
from .measure import Geometry, body_geometry

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
    kind: LineKind = LineKind.TEXT
    cells: tuple[str, ...] = ()
    """For table rows: the cells' text (``text`` is them joined by TAB)."""


class Mode(Enum):
    """What the block being read is, as far as its first line tells: it decides which lines may
    follow it in the same block."""

    NONE = "none"  # no block yet
    PARA = "para"
    TITLE = "title"  # larger than the body, centred or across the measure: a wrapped title joins
    SIGNOFF = "signoff"  # right of the centre: issuer and date lines follow as lines
    ATTACH = "attach"  # a 附件 label: its list items follow as lines
    CENTERED = "centered"  # centred at body size (or a short indented first line: see _may_run_on)
    TABLE = "table"  # a table row


class Action(Enum):
    """What a line does to the output."""

    BLOCK = "block"  # starts a new block, after a blank line
    LINE = "line"  # starts a new line of the same block (sign-off, 附件 items)
    JOIN = "join"  # runs on in the output line before


@dataclass(slots=True)
class LineFacts:
    """One body text line, measured against the text area of its page or column."""

    line: Line
    area: Geometry
    em: float
    """The line's font size (at least one point)."""
    indent: float
    """From the left margin, in ems."""
    centered: bool
    """Both margins equal within about one character, and not at either margin."""
    right_side: bool
    """Right of the centre by three ems or more (a sign-off line)."""
    heading: bool
    """Starts with a heading marker."""


def measure_line(line: Line, area: Geometry) -> LineFacts:
    """The facts of a text line in ``area``."""
    em = max(line.size, 1.0)
    center = (area.left + area.right) / 2
    mid = (line.x0 + line.x1) / 2
    indent = (line.x0 - area.left) / em
    centered = abs(mid - center) < 0.6 * em and indent > 0.5 and (area.right - line.x1) / em > 0.5
    right_side = mid - center > 3 * em and line.x0 > center - em and (area.right - line.x1) > -em
    return LineFacts(line, area, em, indent, centered, right_side, bool(heading_marker().match(line.text)))


@dataclass(slots=True)
class _Step:
    """A text line against the text line before it."""

    before: Line
    before_em: float
    before_area: Geometry
    """The area the line before is measured in: its column's, or (in one column) this line's."""
    same_size: bool
    page_break: bool
    close: bool
    """No more than 1.2 ems below the line before, or across a page break."""
    before_full: bool
    """The line before reaches its right margin within two ems."""
    before_ends: bool
    """The line before ends a sentence."""


def _step(before: Line, before_area: Geometry, facts: LineFacts) -> _Step:
    line = facts.line
    em = max(before.size, 1.0)
    page_break = before.page != line.page
    # (a paragraph runs on from the foot of one column to the head of the next)
    area = facts.area if before.column is None else before_area
    return _Step(
        before=before,
        before_em=em,
        before_area=area,
        same_size=abs(before.size - line.size) < 1.0,
        page_break=page_break,
        close=page_break or line.top - before.bottom < 1.2 * facts.em,
        before_full=(area.right - before.x1) / em < 2.0,
        before_ends=before.text.endswith(_SENTENCE_END),
    )


@dataclass(slots=True)
class _Reading:
    """What the reading carries from one line to the next."""

    indented_style: bool
    """The document's paragraphs start with a first-line indent (GB/T 9704: two characters)."""
    out: list[OutLine]
    mode: Mode = Mode.NONE
    before: Line | None = None
    before_area: Geometry | None = None
    last: OutLine | None = None
    attach_x0: float = 0.0
    """The left edge of the 附件 label, in Mode.ATTACH."""
    cont_x0: float | None = None
    """The left edge of the block's continuation lines, once one has joined."""
    cont_indent: float = 0.0
    """Their indent from the margin (in columns, the margin moves)."""


class _Areas:
    """The text areas lines are measured against: per page parity (mirrored layouts), falling back
    to the whole document, or a line's own column; the body size is the document's."""

    def __init__(self, lines: list[Line], width: float) -> None:
        # (lines set in columns have their column's margins: they would blur the page's)
        in_one_column = [ln for ln in lines if ln.column is None]
        document = body_geometry(in_one_column or lines, width)
        if len(in_one_column) != len(lines):
            document.size = body_geometry(lines, width).size
            in_one_column = in_one_column or lines
        self.size = document.size
        self.by_parity: dict[int, Geometry] = {}
        for parity in (0, 1):
            selected = [ln for ln in in_one_column if ln.page % 2 == parity]
            enough = len([ln for ln in selected if ln.kind is LineKind.TEXT]) >= 20
            area = body_geometry(selected, width) if enough else document
            self.by_parity[parity] = Geometry(area.left, area.right, document.size)

    def of(self, line: Line) -> Geometry:
        if line.column is None:
            return self.by_parity[line.page % 2]
        return Geometry(line.column[0], line.column[1], self.size)


def _indented_style(lines: list[Line], areas: _Areas) -> bool:
    """Do paragraphs start with a first-line indent (GB/T 9704: two characters)? Then a line at the
    left margin after a full line continues the paragraph, even across a page break after 。 and even
    when it starts with a heading marker (a wrapped "…标准统\\n一、技术协同…")."""
    body = [ln for ln in lines if ln.kind is LineKind.TEXT and abs(ln.size - areas.size) < 1.0]
    indents = sum(1 for ln in body if 1.5 <= (ln.x0 - areas.of(ln).left) / max(ln.size, 1.0) <= 2.6)
    return indents >= max(2, 0.08 * len(body))


def build_blocks(pages: list[list[Line]], width: float) -> list[OutLine]:
    """The output lines of the body lines of ``pages`` (furniture taken out), pages ``width`` wide."""
    lines = [ln for page in pages for ln in page]
    areas = _Areas(lines, width)
    reading = _Reading(indented_style=_indented_style(lines, areas), out=[])
    for page in pages:
        for index, line in enumerate(page):
            area = areas.of(line)
            if line.kind is LineKind.ROW:
                _add_row(reading, line, first_on_page=index == 0)
            else:
                _add_text(reading, measure_line(line, area))
            reading.before, reading.before_area = line, area
    return reading.out


def _add_row(reading: _Reading, line: Line, first_on_page: bool) -> None:
    """A table row: a new table after a blank line, unless it goes on with the table before (on the
    same page, or at the head of the next page)."""
    before = reading.before
    same_table = (
        before is not None
        and before.kind is LineKind.ROW
        and (before.page == line.page and before.table == line.table or before.page != line.page and first_on_page)
    )
    reading.out.append(OutLine(line.text, line.page, line.page_box(), not same_table, LineKind.ROW, line.cells))
    reading.last = reading.out[-1]
    reading.mode = Mode.TABLE


def _add_text(reading: _Reading, facts: LineFacts) -> None:
    action = _action(reading, facts)
    if action is Action.JOIN and reading.last is not None:
        _run_on(reading, facts)
    else:
        _start(reading, facts, action)


def _action(reading: _Reading, facts: LineFacts) -> Action:
    """What ``facts.line`` does, after the block read so far."""
    before = reading.before
    if (
        before is None
        or before.kind is not LineKind.TEXT
        or reading.mode is Mode.TABLE
        or before.frame != facts.line.frame
    ):
        return Action.BLOCK
    step = _step(before, reading.before_area, facts)
    action = _follows_block(reading, facts, step)
    if action is Action.BLOCK and _may_run_on(reading.mode, facts, step) and _runs_on(reading, facts, step):
        return Action.JOIN
    return action


def _follows_block(reading: _Reading, facts: LineFacts, step: _Step) -> Action:
    """The lines a title, a sign-off or a 附件 label keep in their block."""
    line = facts.line
    if reading.mode is Mode.TITLE:
        larger = line.size > facts.area.size + 0.5
        if facts.centered and step.same_size and step.close and larger and not step.page_break:
            return Action.JOIN  # a wrapped title
    elif reading.mode is Mode.SIGNOFF:
        if facts.right_side and step.close and not step.page_break:
            return Action.LINE
    elif reading.mode is Mode.ATTACH:
        deeper = line.x0 > reading.attach_x0 + 1.5 * facts.em
        if deeper and step.close and step.same_size and not facts.right_side:
            return Action.LINE if _ITEM.match(line.text) else Action.JOIN
    return Action.BLOCK


def _may_run_on(mode: Mode, facts: LineFacts, step: _Step) -> bool:
    """Whether a block in ``mode`` may go on with this line as its paragraph's next printed line.

    A paragraph's indented first line that ends short can look centered (ragged right text): a
    line at the margin after it says it was not."""
    if mode in (Mode.PARA, Mode.ATTACH, Mode.TITLE):
        return True
    first_line_before = 1.5 <= (step.before.x0 - step.before_area.left) / step.before_em <= 2.6
    return mode is Mode.CENTERED and first_line_before and abs(facts.indent) < 0.5


def _aligned(reading: _Reading, facts: LineFacts, step: _Step) -> bool:
    """Whether the line starts where the block's continuation lines start."""
    line, em = facts.line, facts.em
    if reading.cont_x0 is not None and line.column is not None:
        return abs(line.x0 - facts.area.left - reading.cont_indent) < 0.5 * em
    if reading.cont_x0 is not None:
        return abs(line.x0 - reading.cont_x0) < 0.5 * em
    before = step.before
    return abs(facts.indent) < 0.5 or (
        # hanging indent (TOC entries, lists): the first line is indented, its continuation deeper still
        not step.page_break
        and line.x0 > before.x0 + 0.5 * em
        and before.x0 > facts.area.left + 0.5 * em
        and not before.text.endswith(_SENTENCE_END)
    )


def _runs_on(reading: _Reading, facts: LineFacts, step: _Step) -> bool:
    """Whether the line is the next printed line of the paragraph before: the line before is full,
    this one is as large, close below it and aligned with the paragraph; no heading marker starts it
    (but in indented text a line at the margin after an unfinished sentence runs on whatever it
    starts with); it is no sign-off line; and a page break after a sentence end ends a paragraph of
    text without first-line indents."""
    if facts.centered or not (step.before_full and step.same_size and step.close):
        return False
    if not _aligned(reading, facts, step) or facts.right_side:
        return False
    if facts.heading and not (reading.indented_style and abs(facts.indent) < 0.5 and not step.before_ends):
        return False
    if step.page_break and step.before_ends and not reading.indented_style:
        return False
    return reading.mode is not Mode.TITLE or facts.line.size > facts.area.size + 0.5


def _run_on(reading: _Reading, facts: LineFacts) -> None:
    """Join the line to the output line before (its box grows on the same page)."""
    line = facts.line
    if reading.mode is Mode.CENTERED:
        reading.mode = Mode.PARA
    if reading.cont_x0 is None:
        reading.cont_x0 = line.x0
        reading.cont_indent = line.x0 - facts.area.left
    last = reading.last
    last.text = join_lines(last.text, line.text)
    if last.page == line.page:
        b = last.bbox
        x0, top, x1, bottom = line.page_box()
        last.bbox = (min(b[0], x0), min(b[1], top), max(b[2], x1), max(b[3], bottom))


def _start(reading: _Reading, facts: LineFacts, action: Action) -> None:
    """A new output line; a new block (``Action.BLOCK``) also sets the mode from its first line."""
    line = facts.line
    reading.out.append(OutLine(line.text, line.page, line.page_box(), action is Action.BLOCK))
    reading.last = reading.out[-1]
    reading.cont_x0 = None
    if action is Action.BLOCK:
        reading.mode = _mode_of(facts)
        if reading.mode is Mode.ATTACH:
            reading.attach_x0 = line.x0


def _mode_of(facts: LineFacts) -> Mode:
    """The mode of a block from its first line."""
    line, area = facts.line, facts.area
    if _ATTACH.match(line.text):
        return Mode.ATTACH
    larger = line.size > area.size + 0.5
    if larger and (facts.centered or abs(facts.indent) < 0.5 and (area.right - line.x1) / facts.em < 1.0):
        return Mode.TITLE  # centered, or across the measure (a column's, say)
    if facts.right_side:
        return Mode.SIGNOFF
    if facts.centered:
        return Mode.CENTERED
    return Mode.PARA


def render(out: list[OutLine]) -> tuple[str, list[tuple[int, int, OutLine]]]:
    """The text and, per output line, its (start, end) offsets: one blank line between blocks and
    around a table, a line break between the lines of one block."""
    parts: list[str] = []
    pos = 0
    spans = []
    prev_row = None
    for i, o in enumerate(out):
        row = o.kind is LineKind.ROW
        if i:
            sep = "\n\n" if (o.blank_before or prev_row != row) else "\n"
            parts.append(sep)
            pos += len(sep)
        parts.append(o.text)
        spans.append((pos, pos + len(o.text), o))
        pos += len(o.text)
        prev_row = row
    if parts:
        parts.append("\n")
    return "".join(parts), spans
