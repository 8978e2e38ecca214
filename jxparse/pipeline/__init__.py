"""The pipeline from a source text to a :class:`~jxparse.ast.Bulletin`.

A reader (:mod:`jxparse.readers`) hands over a :class:`~jxparse.readers.SourceText`; the stages
below, in the order they run, turn it into the tree. Each is a module of this package:

1. :mod:`.lines` — the line grammar (``grammar/bulletin.lark``) types every line;
2. :mod:`.wrapping` — lines a plain-text file hard-wrapped at a fixed width are marked;
3. :mod:`.issue` — an issue's colophon, running heads and cover are taken out;
4. :mod:`.surroundings` — export notices, web chrome and metadata blocks around documents are
   taken out, and heads an extractor glued together are cut apart;
5. :mod:`.toc` — the issue's 目录, read and later linked to the documents;
6. :mod:`.structure` — the order of work for one source: :mod:`.catalogs` (发文目录) are taken out,
   :mod:`.heads` finds where each document starts, the front matter and 目录 before the first
   head are read, :mod:`.documents` splits each document into its parts (with :mod:`.attachments`),
   and the documents' fields from around them are gathered;
7. :mod:`.bodies` — bodies become paragraphs, :mod:`.tables` and headings (:mod:`.paragraphs`
   joins the lines of a paragraph), folded into sections by :mod:`.sections`
   (``grammar/sections.lark``);
8. :mod:`.entities` — amounts, dates and cited documents inside the text (``grammar/entities.lark``);
9. :mod:`.bulletin_sections` — a bulletin's 令/任免/解读/大事记 sections given their shape;
10. :mod:`.metadata` — the reader's hints (title, 文号, date) fill what a document's text left empty.

:mod:`.context` holds what they share while they build: the text, the reader's line origins (so a
block gets its page and box when it is made) and the diagnostics. :mod:`.drafts` holds a document's
fields while stages 4-10 gather them; each node is made once, at the end.

The package is called ``pipeline`` rather than ``parse`` because :func:`jxparse.parse` is the
public function that runs it.
"""

from __future__ import annotations

from ..ast import Bulletin, DocNumber, Source
from ..errors import JxParseError
from ..gc_pause import cyclic_gc_paused
from ..readers import SourceText
from .entities import find_entities_batch, parse_doc_number
from .lines import read_lines
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

    def doc_number_at(number_text: str, offset: int) -> DocNumber | None:
        return parse_doc_number(number_text, find_in=text, find_from=offset)

    # The typed lines are handed to the structure step and not kept here: a stage that retypes a
    # line makes a new one, and the old one should go as soon as the stage's list replaces its input.
    structure = build_structure(_typed_lines(source), text, doc_number_parser=doc_number_at,
                                entity_finder=find_entities_batch if entities else _no_entities,
                                markdown=source.format == "markdown", plain_text=source.format == "text",
                                origins=source.origins or (), metadata=source.metadata or (), hints=source.hints,
                                tables=source.tables)
    return Bulletin(
        source=Source(name=source.name, format=source.format, encoding=source.encoding, sha256=source.sha256,
                      pages=source.pages),
        title=structure.title, issue=structure.issue, toc=structure.toc, documents=structure.documents, catalogs=structure.catalogs,
        furniture=tuple(source.furniture) + structure.furniture, diagnostics=tuple(source.diagnostics) + tuple(structure.diagnostics),
        title_span=structure.title_span, toc_span=structure.toc_span, text=text)


def _typed_lines(source: SourceText) -> list:
    """The typed lines of the source's text (its body: after any front matter the reader took out)."""
    try:
        lines = read_lines(source.text)
    except Exception as error:  # the line grammar is total; anything here is a jxparse bug
        from lark.exceptions import UnexpectedInput

        if isinstance(error, UnexpectedInput):
            raise JxParseError(f"the line grammar failed: {error.__class__.__name__}", source=source.name,
                               line=getattr(error, "line", None), column=getattr(error, "column", None)) from None
        raise
    if source.body_start:
        lines = [line for line in lines if line.start >= source.body_start]
    return lines


def _no_entities(requests):
    return [()] * len(requests)


__all__ = ["parse_source"]
