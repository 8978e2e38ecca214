"""A reader's metadata given to the documents: the last stage that fills a document's fields.

Readers hand over metadata as (label, value) pairs, labelled as the source labels them: an HTML
page's 发文字号 row, a Markdown file's front matter, a DOCX or OFD file's properties. A single
document takes all of them as its ``metadata``; every document then takes title, 文号 and date
from its own metadata where its text has none, and ``date_source`` says where the date came from.
"""

from __future__ import annotations

from ..data import merge_metadata
from ..numbers import parse_date
from .drafts import DocumentDraft
from .entities import parse_doc_number

# Labels that fill a document's own fields, in order of preference. 发布日期 is the day of
# publication, not of signing: it stands in for the 成文日期 only where nothing better is there.
TITLE_LABELS = ("标题", "title", "名称")
NUMBER_LABELS = ("发文字号", "文号", "文件编号", "doc_number")
DATE_LABELS = ("成文日期", "date", "发文日期", "发布日期")


def apply_metadata(documents: list[DocumentDraft], metadata) -> list[DocumentDraft]:
    """Give a single document the source's ``metadata``; fill title, 文号 and date of each document
    from its metadata where its text has none.

    Metadata without any document text (a Markdown file holding only front matter) still gives a
    document, holding just the metadata, so that it is not lost.
    """
    if metadata and not documents:
        documents = [DocumentDraft(id="d1", title="")]
    if metadata and len(documents) == 1:
        documents[0].update(metadata=merge_metadata(tuple(metadata) + documents[0].metadata))
    for document in documents:
        _fill_from_metadata(document)
    return documents


def _fill_from_metadata(document: DocumentDraft) -> None:
    if not document.metadata:
        return
    values = dict(document.metadata)
    title = next((values[k] for k in TITLE_LABELS if values.get(k)), None)
    if title and not document.title:
        document.update(title=title)
    number_text = next((values[k] for k in NUMBER_LABELS if values.get(k)), None)
    if number_text and document.doc_number is None:
        document.update(doc_number=parse_doc_number(number_text))
    if document.date is None:
        date = next((parse_date(values[k]) for k in DATE_LABELS if values.get(k) and parse_date(values[k])), None)
        if date:
            document.update(date=date, date_source="metadata")


__all__ = ["DATE_LABELS", "NUMBER_LABELS", "TITLE_LABELS", "apply_metadata"]
