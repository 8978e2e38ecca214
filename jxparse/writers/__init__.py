"""Output formats, one module each, behind one registry."""

from __future__ import annotations

from ..errors import UnknownFormat
from .base import Writer
from .json import JsonWriter
from .markdown import MarkdownWriter
from .tree import TreeWriter
from .xml import XmlWriter

WRITERS: dict[str, type[Writer]] = {
    JsonWriter.name: JsonWriter,
    MarkdownWriter.name: MarkdownWriter,
    TreeWriter.name: TreeWriter,
    XmlWriter.name: XmlWriter,
}


def get_writer(name: str) -> Writer:
    """The writer for format ``name``; raise UnknownFormat for a name jxparse does not know."""
    try:
        return WRITERS[name]()
    except KeyError:
        known = ", ".join(sorted(WRITERS))
        raise UnknownFormat(f"unknown format {name!r} (known: {known})") from None


__all__ = [
    "WRITERS", "get_writer",
]
