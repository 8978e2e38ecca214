"""PDF provenance: give every block the page and box where its text starts."""

from __future__ import annotations

import bisect
from dataclasses import replace

from ..ast import Attachment, Document, Paragraph, Section, Table


def attach_provenance(documents, origins):
    """Copies of ``documents`` whose blocks carry ``page`` and ``bbox`` from the reader's line origins."""
    starts = [origin.start for origin in origins]

    def locate(span):
        if span is None:
            return None
        index = bisect.bisect_right(starts, span.start) - 1
        return origins[index] if index >= 0 else None

    def block(node):
        if isinstance(node, Section):
            origin = locate(node.heading_span)
            return replace(node, children=tuple(block(child) for child in node.children),
                           page=origin.page if origin else None, bbox=origin.bbox if origin else None)
        if isinstance(node, (Paragraph, Table)):
            origin = locate(node.span)
            return replace(node, page=origin.page if origin else None, bbox=origin.bbox if origin else None)
        return node

    def document(doc: Document) -> Document:
        origin = locate(doc.span)
        return replace(doc, body=tuple(block(b) for b in doc.body),
                       attachments=tuple(replace(a, body=tuple(block(b) for b in a.body)) if isinstance(a, Attachment) else a
                                         for a in doc.attachments),
                       enclosures=tuple(document(e) for e in doc.enclosures),
                       page=origin.page if origin else None)

    return tuple(document(doc) for doc in documents)
