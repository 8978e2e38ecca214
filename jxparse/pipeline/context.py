"""What the stages share while they build the tree of one source: one build context.

The context holds the source text, the reader's line origins (page and box, for sources with a
page layout) and table regions (which lines are rows of which table, and their cells), the 文号
parser and the entity finder, and collects the diagnostics. Every node is made once, complete: a
stage asks the context for a block's page and box, and for the entities of its text, before it
makes the node, never patches a finished one.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from ..ast import Diagnostic, DocNumber, Severity, Span

EntityFinder = Callable[[Sequence[tuple[str, Sequence[int] | None]]], list[tuple]]
"""Finds the entities of many (text, positions) pairs in one batch (entities.find_entities_batch)."""
DocNumberParser = Callable[[str, int], DocNumber | None]
"""Parses the 文号 in a string found at or after an offset of the source, with its span."""


@dataclass
class BuildContext:
    """What the structure step shares while it walks one source."""

    text: str
    doc_number_parser: DocNumberParser
    entity_finder: EntityFinder
    markdown: bool
    origins: Sequence = ()
    """The reader's line origins (readers.LineOrigin: start offset, page, bbox), in source order."""
    diagnostics: list[Diagnostic] = field(default_factory=list)
    tables: Sequence = ()
    """The reader's table regions (readers.TableRegion), in text order; none for text and Markdown."""

    def __post_init__(self):
        self._origin_starts = [origin.start for origin in self.origins]
        # every row of the reader's tables in text order, with its start and the index of its table
        self._rows = [row for region in self.tables for row in region.rows]
        self._row_starts = [row.start for row in self._rows]
        self._row_tables = [index for index, region in enumerate(self.tables) for _ in region.rows]

    def warn(self, code: str, message: str, span: Span | None, severity=Severity.WARNING) -> None:
        self.diagnostics.append(Diagnostic(severity, code, message, span))

    def origin(self, span: Span | None):
        """The line origin where the text at ``span`` starts, or None (no layout, or no span)."""
        if span is None or not self._origin_starts:
            return None
        index = bisect.bisect_right(self._origin_starts, span.start) - 1
        return self.origins[index] if index >= 0 else None

    def page_and_box(self, span: Span | None) -> tuple[int | None, tuple | None]:
        """The page and box of the line where ``span`` starts: ``(None, None)`` without a layout."""
        origin = self.origin(span)
        return (origin.page, origin.bbox) if origin is not None else (None, None)

    def page(self, span: Span | None) -> int | None:
        """The page where ``span`` starts, or None."""
        origin = self.origin(span)
        return origin.page if origin is not None else None

    def table_row(self, offset: int):
        """``(table index, row)``: the reader's table (its index in ``tables``) and the row
        (readers.TableRow) the text at ``offset`` stands in, or None (outside the reader's tables, or
        no reader tables at all)."""
        if not self._row_starts:
            return None
        index = bisect.bisect_right(self._row_starts, offset) - 1
        if index < 0 or offset > self._rows[index].end:
            return None
        return self._row_tables[index], self._rows[index]


__all__ = ["BuildContext", "DocNumberParser", "EntityFinder"]
