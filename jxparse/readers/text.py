"""Plain text and Markdown files: strict decoding with detection, never a dropped byte.

Detection order: a byte-order mark (UTF-8, UTF-16 LE/BE); strict UTF-8; strict
GB18030 (which covers GBK and GB2312), unless the text looks like UTF-8 gone wrong.
An explicit ``encoding`` skips detection. The decoding is
:func:`jxparse.readers.decoding.decode_text`, which the HTML reader's shares its steps with.
"""

from __future__ import annotations

import hashlib

from . import SourceText
from .decoding import decode_text


def read_text(data: bytes, *, name: str | None = None, encoding: str | None = None,
              markdown: bool = False) -> SourceText:
    """A :class:`SourceText` for the bytes of a text or Markdown file."""
    text, used = decode_text(data, name=name, encoding=encoding)
    if used == "utf-16" and text.startswith("\ufeff"):
        text = text[1:]
    return SourceText(text=text, format="markdown" if markdown else "text", name=name, encoding=used,
                      sha256=hashlib.sha256(data).hexdigest())


__all__ = [
    "read_text",
]
