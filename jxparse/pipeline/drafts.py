"""Drafts: nodes whose fields the structure step is still gathering, each made into its node once.

A document's fields come from several places of a source: its own lines, a metadata block or
export notice beside it, a date printed under its title in a bulletin, the reader's metadata, the
bulletin section it belongs to. The stages fill a :class:`DocumentDraft` from each, in turn, and the
frozen :class:`~jxparse.ast.Document` is made at the end, once. A :class:`BlockDraft` is a
paragraph or heading whose text is read while the entities of its whole body are still to be
found (in one batch, so the entity grammar's fixed cost is paid once per body).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence

from ..ast import Document

_DOCUMENT_DEFAULTS = {
    field.name: (field.default if field.default is not dataclasses.MISSING else field.default_factory())
    for field in dataclasses.fields(Document)
    if field.default is not dataclasses.MISSING or field.default_factory is not dataclasses.MISSING
}


@dataclasses.dataclass(slots=True)
class BlockDraft:
    """A paragraph or heading waiting for the entities of its text; ``make`` makes the node, complete."""

    text: str
    positions: Sequence[int]
    """The source offset of every character of ``text`` (paragraphs.PositionMap)."""
    make: Callable[[tuple], object]


class DocumentDraft:
    """The fields of a :class:`~jxparse.ast.Document` (same names), open to change until
    :meth:`make`. Enclosures are drafts too."""

    def __init__(self, **fields):
        self.__dict__.update(_DOCUMENT_DEFAULTS)
        self.__dict__.update(fields)

    def update(self, **changes) -> None:
        """Set fields; a name that is no field of Document is refused at :meth:`make`."""
        self.__dict__.update(changes)

    def make(self) -> Document:
        """The frozen Document (and its enclosures), made once."""
        fields = dict(self.__dict__)
        fields["enclosures"] = tuple(enclosure.make() if isinstance(enclosure, DocumentDraft) else enclosure
                                     for enclosure in fields["enclosures"])
        return Document(**fields)


__all__ = ["BlockDraft", "DocumentDraft"]
