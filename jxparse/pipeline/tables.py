"""Tables in the text, made into :class:`~jxparse.ast.Table` blocks with their page and box.

Evidence: for HTML, DOCX, PDF and OFD input, the reader's table regions (``SourceText.tables``): a
line in one is a row of that table, whatever it holds, and its cells are the region's; for text and
Markdown input, a TAB in the line, or a pipe row (``| a | b |``) in Markdown.
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..ast import Span, Table
from .context import BuildContext
from .lines import Line, LineKind
from .paragraphs import TextBuilder


TEXT_TABLE = "text"
"""What :func:`table_of` says of a TAB or pipe row outside the reader's tables."""


def mark_reader_rows(lines: list[Line], ctx: BuildContext) -> list[Line]:
    """``lines`` with every line in a reader's table region typed :attr:`~LineKind.ROW`: the reader
    saw the table, so no stage takes a row for a title, a signatory or a sign-off date because of
    how its text looks (a row of one filled cell has no TAB to tell it from prose).

    Two kinds of row keep the kind the grammar gave them: rows of a 发文目录, which the catalog step
    reads, and a table's first row when one cell alone is filled in it: the caption a form prints
    across its table (XX市人民政府文件处理单), which is the document's title where nothing above is.
    Where something above is, the caption stays the first row of its table."""
    if not ctx.tables:
        return lines
    return [replace(line, kind=LineKind.ROW, style=None, marker=None, marker_number=None, rest_start=0)
            if line.kind is not LineKind.CATALOG_ROW and line.kind is not LineKind.ROW
            and _is_plain_row(ctx.table_row(line.start), ctx) else line
            for line in lines]


def _is_plain_row(found, ctx: BuildContext) -> bool:
    """Whether ``found`` (what ``ctx.table_row`` says of a line) is a row, not a table's caption row."""
    if found is None:
        return False
    table, row = found
    return row is not ctx.tables[table].rows[0] or sum(1 for cell in row.cells if cell.strip(" \u3000")) != 1


def table_of(line: Line, ctx: BuildContext) -> int | str | None:
    """Which table ``line`` is a row of: the index of the reader's table region it stands in,
    :data:`TEXT_TABLE` for a TAB or pipe row outside them (:func:`is_table_row`), or None. Rows of
    one table go on with each other; rows of two regions are two tables, even on adjacent lines."""
    row = ctx.table_row(line.start)
    if row is not None:
        return row[0]
    return TEXT_TABLE if is_table_row(line, ctx.markdown) else None


def is_table_row(line: Line, markdown: bool = False) -> bool:
    """True for a line that is a table row: it holds a TAB, or (in Markdown) it is a pipe row."""
    # A row may start with 一、 or （一） (a table of a report): a TAB makes it a row, not a heading.
    # In Markdown a pipe table row (| a | b |) is a row too.
    return "\t" in line.text or (markdown and is_pipe_row(line))


def is_pipe_row(line: Line) -> bool:
    """``| a | b |``: a line that starts and ends with an unescaped pipe (GitHub-flavoured tables)."""
    text = line.text.rstrip(" \t\u3000")
    return (line.md_prefix is None and len(text) >= 2 and text.startswith("|") and text.endswith("|")
            and not _escaped_end(text))


def _escaped_end(text: str) -> bool:
    """Whether the last character of ``text`` is escaped by an odd run of backslashes before it."""
    run = len(text[:-1]) - len(text[:-1].rstrip("\\"))
    return run % 2 == 1


PIPE_DELIMITER = re.compile(r"\|(?:[ \t]*:?-+:?[ \t]*\|)+[ \t\u3000]*")


def pipe_cells(row: Line, ctx: BuildContext) -> tuple[str, ...]:
    """The cells of a pipe table row: split at unescaped pipes, each cell's Markdown escapes read."""
    text = ctx.text
    line_end = _LINE_END.search(text, row.end)
    end = line_end.start() if line_end else len(text)
    bounds = []
    index = row.content_start
    while index < end:
        char = text[index]
        if char == "\\":
            index += 2
            continue
        if char == "|":
            bounds.append(index)
        index += 1
    cells = []
    for left, right in zip(bounds, bounds[1:]):
        raw = text[left + 1:right]
        if not raw.strip(" \t\u3000"):
            cells.append("")
            continue
        builder = TextBuilder(text, markdown=True)
        builder.add(left + 1, right)
        cells.append(builder.result(strip=False)[0].strip(" \t\u3000"))
    return tuple(cells)


def make_table(rows: list[Line], ctx: BuildContext) -> Table:
    """The table of ``rows`` (rows of one reader's table, or TAB or pipe rows), with its page and box."""
    span = Span(rows[0].start, rows[-1].end)
    page, bbox = ctx.page_and_box(span)
    if ctx.table_row(rows[0].start) is not None:
        return Table(rows=_region_rows(rows, ctx), span=span, page=page, bbox=bbox)
    if not (ctx.markdown and any(is_pipe_row(row) for row in rows)):
        return Table(rows=tuple(_row_cells(row, ctx) for row in rows), span=span, page=page, bbox=bbox)
    cells = []
    for index, row in enumerate(rows):
        if "\t" in row.text or not is_pipe_row(row):
            cells.append(_row_cells(row, ctx))
        elif PIPE_DELIMITER.fullmatch(row.text):
            continue  # the |---|---| line under a pipe table's header
        else:
            row_cells = pipe_cells(row, ctx)
            delimiter_next = index + 1 < len(rows) and PIPE_DELIMITER.fullmatch(rows[index + 1].text)
            if delimiter_next and not any(row_cells):
                continue  # an empty header: the table has no header row of its own
            cells.append(row_cells)
    return Table(rows=tuple(cells), span=span, page=page, bbox=bbox)


_LINE_END = re.compile(r"[\r\n]")


def _region_rows(lines: list[Line], ctx: BuildContext) -> tuple[tuple[str, ...], ...]:
    """The cells of the reader's table rows that ``lines`` stand in (each row once, should a stage
    have cut a row's line in two), blanks at either end of a cell trimmed as in :func:`_row_cells`."""
    rows = []
    previous = None
    for line in lines:
        at = ctx.table_row(line.start)
        if at is None or at[1] is previous:
            continue
        previous = at[1]
        rows.append(tuple(cell.strip(" \u3000") for cell in previous.cells))
    return tuple(rows)


def _row_cells(row: Line, ctx: BuildContext) -> tuple[str, ...]:
    """The cells of a TAB-separated row, empty leading and trailing cells included (the line's
    indentation and trailing blanks are cells too, so they are read from the whole physical line)."""
    text = ctx.text
    begin = row.content_start if row.md_prefix else physical_line_start(text, row.start)
    line_end = _LINE_END.search(text, row.end)
    end = line_end.start() if line_end else len(text)
    if ctx.markdown:  # escapes and character references (a leading TAB may be written &#9;)
        builder = TextBuilder(text, markdown=True)
        builder.add(begin, end)
        raw = builder.result(strip=False)[0]
    else:
        raw = text[begin:end]
    return tuple(cell.strip(" \u3000") for cell in raw.split("\t"))


def physical_line_start(text: str, start: int) -> int:
    """The offset just after the line break before ``start`` (0 on the first line).

    Only the line's indentation lies between the two, so this walks back over it rather than
    searching the text before the line (``rfind(..., 0, start)``), which made a table of many
    rows in a long text quadratic when the line break it looked for was not there (CR in LF text).
    """
    begin = start
    while begin > 0 and text[begin - 1] not in "\r\n":
        begin -= 1
    return begin


__all__ = ["is_pipe_row", "is_table_row", "make_table", "mark_reader_rows", "physical_line_start", "pipe_cells", "table_of",
           "PIPE_DELIMITER", "TEXT_TABLE"]
