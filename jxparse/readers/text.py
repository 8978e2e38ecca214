"""Plain text and Markdown files: strict decoding with detection, never a dropped byte.

Detection order: a byte-order mark (UTF-8, UTF-16 LE/BE); strict UTF-8; strict
GB18030 (which covers GBK and GB2312). An explicit ``encoding`` skips
detection. GB18030 can decode almost any byte string, so it is only tried when
the text does not look like UTF-8 gone wrong: when the UTF-8 decoder fails
after it has already read several multi-byte characters, the file is UTF-8
with a corrupt byte, and that is reported at its offset instead of turning the
whole file into mojibake.
"""

from __future__ import annotations

import codecs
import hashlib

from ..errors import DecodeError
from . import SourceText

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_UTF8_EVIDENCE = 3
"""Multi-byte UTF-8 characters before the first bad byte that make a file 'UTF-8 with damage'."""


def decode(data: bytes, *, name: str | None = None, encoding: str | None = None) -> tuple[str, str]:
    """Decode ``data`` strictly; return (text, encoding used) or raise DecodeError with the offset."""
    if encoding:
        return _strict(data, encoding, name), encoding
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return _strict(data, codec, name), codec
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as error:
        utf8_error = error
    if _utf8_multibyte_count(data[:utf8_error.start]) < _UTF8_EVIDENCE:
        try:
            return data.decode("gb18030"), "gb18030"
        except UnicodeDecodeError:
            pass
    raise _decode_error(data, utf8_error, "utf-8", name)


def _strict(data: bytes, codec: str, name: str | None) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as error:
        raise _decode_error(data, error, codec, name) from None
    except LookupError:
        raise DecodeError(f"unknown encoding {codec!r}", source=name) from None


def _utf8_multibyte_count(prefix: bytes) -> int:
    return sum(1 for byte in prefix if byte >= 0xC2 and byte <= 0xF4)


def _decode_error(data: bytes, error: UnicodeDecodeError, codec: str, name: str | None) -> DecodeError:
    offset = error.start
    line = data.count(b"\n", 0, offset) + 1
    line_start = data.rfind(b"\n", 0, offset) + 1
    bad = data[offset:offset + 4].hex(" ")
    return DecodeError(
        f"cannot decode byte offset {offset} as {codec} (bytes {bad}); "
        f"give the right one with --encoding (e.g. gb18030, utf-16)",
        source=name, line=line, column=offset - line_start + 1, offset=offset)


def read_text(data: bytes, *, name: str | None = None, encoding: str | None = None,
              markdown: bool = False) -> SourceText:
    """A :class:`SourceText` for the bytes of a text or Markdown file."""
    text, used = decode(data, name=name, encoding=encoding)
    if used == "utf-16" and text.startswith("\ufeff"):
        text = text[1:]
    return SourceText(text=text, format="markdown" if markdown else "text", name=name, encoding=used,
                      sha256=hashlib.sha256(data).hexdigest())


__all__ = [
    "decode", "read_text",
]
