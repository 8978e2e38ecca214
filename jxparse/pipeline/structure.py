"""Read documents out of typed lines: the step around the grammar that needs lookahead.

The line grammar says what each line looks like; this module decides what it
is from its neighbours: a text line is a title because a 文号 line follows, a
short line is a signatory because a date follows, lines after a 印发 notice's
sign-off are the text it issues. Every rule here looks at line shapes and
punctuation only, never at one issuer's wording.

Order of work, for a bulletin (each step a module of its own):
  1. catalogs (发文目录: runs of ``文号<TAB>标题`` rows) are taken out (:mod:`.catalogs`);
  2. document heads are found (title lines + 文号 line, or the first lines of a
     single document; :mod:`.heads`) and the front matter before the first head
     is read here: the bulletin's title, its cover and its 目录 (:mod:`.toc`);
  3. each document is split into addressees, body, attachment list, sign-off,
     notes and what follows the sign-off (enclosure or attachment bodies;
     :mod:`.documents`, :mod:`.attachments`);
  4. bodies become paragraphs, tables and headings (page-break repair, run-in
     headings) and are folded into sections (:mod:`.bodies`);
  5. what stands around the documents (metadata blocks, notes, dates under
     bulletin heads, the reader's metadata) is given to them, and each
     document is made.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass

from ..ast import Catalog, Diagnostic, Document, Furniture, Issue, Span, TocEntry, cover
from ..data import merge_metadata
from ..readers import ReaderHints, hints_from_pairs
from .bodies import line_reading
from .bulletin_sections import section_starts, shape_section
from .catalogs import take_catalogs
from .context import BuildContext
from .documents import note_text, read_document
from .drafts import DocumentDraft
from .heads import Head, after_letterhead, find_heads, first_document_line, leading_title
from .issue import build_issue, give_head_dates, read_cover, retype_bulletin_heads, take_issue_lines
from .lines import Line, LineKind
from .metadata import apply_metadata
from .surroundings import Taken, split_glued_heads, take_surroundings
from .tables import mark_reader_rows
from .toc import link_entries, mark_entry_lines, read_toc
from .wrapping import mark_wrapped


@dataclass
class Structure:
    """What the structure step read from a source's lines."""

    title: str | None
    title_span: Span | None
    toc: tuple[TocEntry, ...]
    toc_span: Span | None
    documents: tuple[Document, ...]
    catalogs: tuple[Catalog, ...]
    diagnostics: list[Diagnostic]
    furniture: tuple[Furniture, ...] = ()
    """Web-page chrome taken out of the text."""
    issue: Issue | None = None
    """The issue's metadata (jxparse.issue)."""


def build_structure(lines: list[Line], text: str, *, doc_number_parser, entity_finder,
                    markdown: bool = False, plain_text: bool = False, origins=(), metadata=(),
                    hints: ReaderHints = ReaderHints(), tables=()) -> Structure:
    """Read the bulletin's parts from the typed ``lines`` of ``text``.

    ``plain_text``: the lines are the file's own (not a reader's, which already joined paragraphs),
    so they may have been hard-wrapped at a fixed width. ``origins``: the reader's line origins, which
    give every block its page and box. ``metadata``, ``hints``: the reader's metadata pairs and the
    title, 文号 and date it gives (jxparse.pipeline.metadata). ``tables``: the reader's table regions
    (which lines are rows of which table, and their cells).
    """
    ctx = BuildContext(text, doc_number_parser, entity_finder, markdown, origins, tables=tables)
    if plain_text:
        lines = mark_wrapped(lines, text)
    lines = mark_reader_rows(lines, ctx)  # a reader's table rows are rows, whatever they look like
    lines, issue_lines = take_issue_lines(lines)  # colophon and running heads belong to the issue
    lines, taken = take_surroundings(split_glued_heads(lines))
    lines, head_dates = retype_bulletin_heads(lines)  # （2019年7月15日 浙政发〔2019〕12号） under a title
    lines = mark_entry_lines(lines, text)  # 目录 lines ending in leaders and a page are never title lines
    catalogs, lines = take_catalogs(lines, ctx)
    heads = find_heads(lines)
    toc: list[TocEntry] = []
    toc_span = None
    title = None
    first_start = heads[0].start if heads else first_document_line(lines)
    leading = lines[:first_start]
    toc_index = next((i for i, line in enumerate(leading) if line.kind == LineKind.TOC_TITLE), None)
    if toc_index is not None:
        toc = read_toc(leading[toc_index + 1:], ctx.text, ctx.doc_number_parser, markdown=ctx.markdown)
        toc_span = cover(Span(line.start, line.end) for line in leading[toc_index:])
        front = leading[:toc_index]
    else:
        front = leading
    front, issue_cover = read_cover(front)
    title_span = cover(Span(line.start, line.end) for line in front)
    if front:
        title = " ".join(line_reading(line, ctx) for line in front)
        if len(front) > 2:
            ctx.warn("unplaced-text", f"text before the first document kept as the bulletin title: {title}",
                     title_span)
    documents = []
    if not heads and first_start < len(lines):
        title_start = after_letterhead(lines, first_start)
        heads = [Head(start=first_start, title_lines=leading_title(lines, title_start), number_index=None,
                       issuer_mark=lines[first_start:title_start])]
    heads = _with_section_heads(heads, lines, toc, first_start)
    for index, head in enumerate(heads):
        end = heads[index + 1].start if index + 1 < len(heads) else len(lines)
        documents.append(read_document(lines, head, end, f"d{index + 1}", ctx))
    furniture, found_hints = _give_surroundings(documents, taken, lines, ctx)
    give_head_dates(documents, head_dates)
    issue = build_issue(issue_cover, issue_lines)
    for document in documents:
        shape_section(document, issue.year if issue else None)
    toc = link_entries(toc, documents)
    documents = [document.make() for document in apply_metadata(documents, metadata, hints, found_hints)]
    return Structure(title=title, title_span=title_span, toc=toc, toc_span=toc_span,
                     documents=tuple(documents), catalogs=tuple(catalogs), diagnostics=ctx.diagnostics,
                     furniture=tuple(issue_lines.furniture) + tuple(furniture), issue=issue)


def _with_section_heads(heads: list[Head], lines: list[Line], toc, first_start: int) -> list[Head]:
    """``heads`` and a head for each bulletin section without 文号 (jxparse.bulletin_sections), in order."""
    taken = set()
    for head in heads:
        end = head.body_start if head.number_index is not None else head.start + len(head.issuer_mark) + len(head.title_lines)
        taken.update(range(head.start, max(end, head.start + 1)))
    starts = section_starts(lines, toc, first_start, taken)
    if not starts:
        return heads
    added = [Head(start=index, title_lines=[lines[index]], number_index=None) for index in starts]
    return sorted(heads + added, key=lambda head: head.start)


def _give_surroundings(documents: list[DocumentDraft], taken: list[Taken], lines: list[Line],
                       ctx: BuildContext) -> tuple[list[Furniture], dict[str, ReaderHints]]:
    """Give each line taken out around the documents to the document it stands beside.

    A run taken out just before a document's first line belongs to that document (a metadata block
    above its title); any other run belongs to the document it stands in or after (a metadata block
    under a sign-off). Page chrome becomes the bulletin's furniture. Returns the furniture, and the
    hints (title, 文号, date) of the metadata pairs each document was given, by document id: read
    here, by the readers' one label table, so that the metadata stage takes hints only.
    """
    furniture: list[Furniture] = []
    found_hints: dict[str, ReaderHints] = {}
    by_document: dict[int, list[Taken]] = {}
    starts = [document.span.start if document.span is not None else None for document in documents]
    kept_starts = [line.start for line in lines]
    for item in taken:
        if item.role in ("header", "footer"):
            furniture.append(Furniture(kind="page_header" if item.role == "header" else "page_footer",
                                       text=item.line.text, page=None, span=Span(item.line.start, item.line.end)))
            continue
        index = _owner(item, starts, kept_starts)
        if index is None:
            ctx.warn("unplaced-text", f"{item.role} line without a document: {item.line.text}", Span(item.start, item.end))
            continue
        by_document.setdefault(index, []).append(item)
    for index, items in by_document.items():
        document = documents[index]
        pairs = tuple((item.label, item.value or "") for item in items if item.role == "metadata")
        notes = [item for item in items if item.role == "note"]
        changes = {}
        if pairs:
            changes["metadata"] = merge_metadata(pairs + document.metadata)
            found_hints[document.id] = hints_from_pairs(changes["metadata"])
            changes["metadata_span"] = cover([document.metadata_span] + [Span(item.start, item.end) for item in items
                                                                         if item.role == "metadata"])
        if notes:
            changes["notes"] = tuple(note_text(item.line.text) for item in notes) + document.notes
            changes["notes_span"] = cover([document.notes_span] + [Span(item.start, item.end) for item in notes])
        document.update(**changes)
    return furniture, found_hints


def _owner(item: Taken, starts: list[int | None], kept_starts: list[int]) -> int | None:
    """The index of the document a taken line belongs to (see :func:`_give_surroundings`)."""
    if not starts:
        return None
    following = bisect_left(kept_starts, item.end)
    next_start = kept_starts[following] if following < len(kept_starts) else None
    for index, start in enumerate(starts):
        if start is not None and start == next_start:
            return index  # directly above this document's first line
    owner = 0
    for index, start in enumerate(starts):
        if start is not None and start <= item.start:
            owner = index
    return owner


__all__ = ["Structure", "build_structure"]
