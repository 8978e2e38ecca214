"""The pipeline from a source text to a :class:`~jxparse.ast.Bulletin`.

A reader (:mod:`jxparse.readers`) hands over a :class:`~jxparse.readers.SourceText`; the stages
below, in the order they run, turn it into the tree. Each is a module of this package:

1. :mod:`.lines` — the line grammar (``grammar/bulletin.lark``) types every line;
2. :mod:`.wrapping` — lines a plain-text file hard-wrapped at a fixed width are marked;
3. :mod:`.issue` — an issue's colophon, running heads and cover are taken out;
4. :mod:`.surroundings` — export notices, web chrome and metadata blocks around documents are
   taken out, and heads an extractor glued together are cut apart;
5. :mod:`.toc` — the issue's 目录, read and later linked to the documents;
6. :mod:`.structure` — catalogs, document heads and each document's parts (addressees, body,
   attachments, sign-off, issued texts);
7. :mod:`.paragraphs` and :mod:`.sections` — bodies become paragraphs and headings, folded into
   sections (``grammar/sections.lark``);
8. :mod:`.entities` — amounts, dates and cited documents inside the text (``grammar/entities.lark``);
9. :mod:`.bulletin_sections` — a bulletin's 令/任免/解读/大事记 sections given their shape.

:mod:`.context` holds what they share while they build: the text, the reader's line origins (so a
block gets its page and box when it is made) and the diagnostics.

The package is called ``pipeline`` rather than ``parse`` because :func:`jxparse.parse` is the
public function that runs it.
"""

from __future__ import annotations

from dataclasses import replace

from ..ast import Bulletin, DocNumber, Document, Source
from ..data import merge_metadata
from .entities import find_entities_batch, parse_doc_number
from ..errors import JxParseError
from ..gc_pause import cyclic_gc_paused
from .lines import read_lines
from ..numbers import parse_date
from ..readers import SourceText
from .structure import build_structure


def parse_source(source: SourceText, *, entities: bool = True) -> Bulletin:
    """Parse an already decoded or extracted :class:`SourceText` into a bulletin.

    ``entities=False`` skips the inline entity grammar (the benchmark uses it to time the block
    parse alone).
    """
    with cyclic_gc_paused():
        return _parse_source(source, entities=entities)


def _parse_source(source: SourceText, *, entities: bool) -> Bulletin:
    text = source.text
    try:
        lines = read_lines(text)
    except Exception as error:  # the line grammar is total; anything here is a jxparse bug
        from lark.exceptions import UnexpectedInput

        if isinstance(error, UnexpectedInput):
            raise JxParseError(f"the line grammar failed: {error.__class__.__name__}", source=source.name,
                               line=getattr(error, "line", None), column=getattr(error, "column", None)) from None
        raise
    if source.body_start:
        lines = [line for line in lines if line.start >= source.body_start]

    def doc_number_at(number_text: str, offset: int) -> DocNumber | None:
        return parse_doc_number(number_text, find_in=text, find_from=offset)

    structure = build_structure(lines, text, doc_number_parser=doc_number_at,
                                entity_finder=find_entities_batch if entities else _no_entities,
                                markdown=source.format == "markdown", plain_text=source.format == "text",
                                origins=source.origins or ())
    documents = _apply_metadata(structure.documents, source.metadata)
    return Bulletin(
        source=Source(name=source.name, format=source.format, encoding=source.encoding, sha256=source.sha256,
                      pages=source.pages),
        title=structure.title, issue=structure.issue, toc=structure.toc, documents=documents, catalogs=structure.catalogs,
        furniture=tuple(source.furniture) + structure.furniture, diagnostics=tuple(source.diagnostics) + tuple(structure.diagnostics),
        title_span=structure.title_span, toc_span=structure.toc_span, text=text)


def _no_entities(requests):
    return [()] * len(requests)


# Metadata keys (HTML tables, Markdown front matter, a portal's metadata block in the text) that fill
# a document's own fields where its text has none, in order of preference. 发布日期 is the day of
# publication, not of signing: it stands in for the 成文日期 only where nothing better is there, and
# date_source says that the date came from metadata.
_TITLE_KEYS = ("标题", "title", "名称")
_NUMBER_KEYS = ("发文字号", "文号", "文件编号", "doc_number")
_DATE_KEYS = ("成文日期", "date", "发文日期", "发布日期")


def _apply_metadata(documents: tuple[Document, ...], metadata) -> tuple[Document, ...]:
    """Give a single document the source's metadata; take title, 文号 and date from each document's
    metadata where its text has none.

    Metadata without any document text (a Markdown file holding only front matter) still gives a
    document, holding just the metadata, so that it is not lost.
    """
    if metadata and not documents:
        documents = (Document(id="d1", title=""),)
    if metadata and len(documents) == 1:
        documents = (replace(documents[0], metadata=merge_metadata(tuple(metadata) + documents[0].metadata)),)
    return tuple(_fill_from_metadata(document) for document in documents)


def _fill_from_metadata(document: Document) -> Document:
    if not document.metadata:
        return document
    values = dict(document.metadata)
    changes = {}
    title = next((values[k] for k in _TITLE_KEYS if values.get(k)), None)
    if title and not document.title:
        changes["title"] = title
    number_text = next((values[k] for k in _NUMBER_KEYS if values.get(k)), None)
    if number_text and document.doc_number is None:
        changes["doc_number"] = parse_doc_number(number_text)
    if document.date is None:
        date = next((parse_date(values[k]) for k in _DATE_KEYS if values.get(k) and parse_date(values[k])), None)
        if date:
            changes["date"], changes["date_source"] = date, "metadata"
    return replace(document, **changes) if changes else document


__all__ = ["parse_source"]
