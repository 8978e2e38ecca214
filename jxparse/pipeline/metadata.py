"""The reader's hints given to the documents: the last stage that fills a document's fields.

Readers hand over two things (:class:`~jxparse.readers.SourceText`): metadata pairs, labelled as
the source labels them (an HTML page's 发文字号 row, a Markdown file's front matter, a DOCX or OFD
file's properties), which a single document takes as its ``metadata``; and typed hints
(:class:`~jxparse.readers.ReaderHints`: title, 文号 text, date, each with its label), which fill
the fields. Every document takes title, 文号 and date from its hints where its text has none, and
``date_source`` says where the date came from. This stage knows no label: the one table of labels
is the readers' (:func:`~jxparse.readers.hints_from_pairs`).

A document's own text may carry labelled pairs too: a portal's metadata block above its title or
under its sign-off, taken out by :mod:`.surroundings`. Their hints are read where those pairs are
given to the document (``structure._give_surroundings``), with the same function, and come here
beside the reader's. A single document takes both, the reader's first, combined as their pairs
merge into its ``metadata`` (:meth:`~jxparse.readers.ReaderHints.combined`): the better label
wins whichever source gives it, and one label given by both counts with both values joined. Several
documents take only their own: the reader's evidence is about the page, not about one of them.
"""

from __future__ import annotations

from collections.abc import Mapping

from ..data import merge_metadata
from ..readers import ReaderHints
from .drafts import DocumentDraft
from .entities import parse_doc_number

_NONE = ReaderHints()


def apply_metadata(documents: list[DocumentDraft], metadata, hints: ReaderHints = _NONE,
                   found: Mapping[str, ReaderHints] | None = None) -> list[DocumentDraft]:
    """Give a single document the source's ``metadata``; fill title, 文号 and date of each document
    from its hints where its text has none.

    ``hints``: the reader's; ``found``: the hints of the pairs found in each document's text, by
    document id. Metadata without any document text (a Markdown file holding only front matter)
    still gives a document, holding just the metadata, so that it is not lost.
    """
    found = found or {}
    if metadata and not documents:
        documents = [DocumentDraft(id="d1", title="")]
    if metadata and len(documents) == 1:
        documents[0].update(metadata=merge_metadata(tuple(metadata) + documents[0].metadata))
    for document in documents:
        own = found.get(document.id, _NONE)
        _fill(document, hints.combined(own) if len(documents) == 1 else own)
    return documents


def _fill(document: DocumentDraft, hints: ReaderHints) -> None:
    title = hints.title
    if title and not document.title:
        document.update(title=title.text)
    number = hints.doc_number
    if number and document.doc_number is None:
        document.update(doc_number=parse_doc_number(number.text))
    if document.date is None:
        date = hints.date
        if date:
            document.update(date=date.iso, date_source="metadata")


__all__ = ["apply_metadata"]
