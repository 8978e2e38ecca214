"""Catalogs (发文目录): runs of ``文号<TAB>标题`` rows, or Markdown pipe tables of them, taken out of
the text before documents are looked for.

Evidence: at least two rows whose first cell is a 文号 and whose second reads as a title.
"""

from __future__ import annotations

import re

from ..ast import Catalog, CatalogEntry, Span, cover
from ..vocabulary import ZH_BLANK, docnum
from .context import BuildContext
from .heads import is_empty_heading, is_title_like
from .lines import Line, LineKind
from .tables import is_pipe_row, pipe_cells, PIPE_DELIMITER


def take_catalogs(lines: list[Line], ctx: BuildContext):
    """The catalogs in ``lines`` and the lines without them: ``(catalogs, kept)``."""
    catalogs = []
    kept: list[Line] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        piped = _pipe_catalog(lines, index, ctx) if ctx.markdown and is_pipe_row(line) else None
        if line.kind != LineKind.CATALOG_ROW and piped is None:
            kept.append(line)
            index += 1
            continue
        rows = []
        if piped is not None:
            rows, entries = piped
            index += len(rows)
        else:
            while index < len(lines) and lines[index].kind == LineKind.CATALOG_ROW:
                rows.append(lines[index])
                index += 1
            entries = tuple(CatalogEntry(title=row.rest.strip(), doc_number=ctx.doc_number_parser(row.marker, row.start),
                                         span=Span(row.start, row.end)) for row in rows)
        title_line = None
        if kept and (is_title_like(kept[-1]) or is_empty_heading(kept[-1])):
            title_line = kept.pop()  # 2019 年 7 月份市政府、市政府办公室发文目录, above its rows
        span = cover([Span(title_line.start, title_line.end) if title_line else None, Span(rows[0].start, rows[-1].end)])
        catalogs.append(Catalog(title=title_line.text if title_line else "", entries=entries, span=span,
                                title_span=Span(title_line.start, title_line.end) if title_line else None))
    return catalogs, kept


_CATALOG_NUMBER = re.compile(docnum(ZH_BLANK, ordinal=""))


def _pipe_catalog(lines: list[Line], index: int, ctx: BuildContext):
    """(rows, entries) of a 发文目录 written as a Markdown pipe table (| 文号 | 标题 |) at ``index``, or None.

    A pipe table is a catalog when every row below its header has two cells and the first is a
    文号, as the rows of a catalog in text are ``文号<TAB>标题``.
    """
    run = [lines[index]]
    while index + len(run) < len(lines):
        following = lines[index + len(run)]
        if not is_pipe_row(following) or following.blank_before:
            break
        run.append(following)
    if len(run) < 3 or not PIPE_DELIMITER.fullmatch(run[1].text):
        return None
    entries = []
    for row in run[2:]:
        cells = pipe_cells(row, ctx)
        if len(cells) != 2 or not _CATALOG_NUMBER.fullmatch(cells[0]):
            return None
        entries.append(CatalogEntry(title=cells[1], doc_number=ctx.doc_number_parser(cells[0], row.start),
                                    span=Span(row.start, row.end)))
    return run, tuple(entries)


__all__ = ["take_catalogs"]
