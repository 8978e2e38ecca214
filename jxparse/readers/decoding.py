"""Bytes -> text for the text, Markdown and HTML readers: strict decoding, never a dropped byte.

Nothing is ever decoded with ``errors="ignore"``/``"replace"``: bytes that no candidate decodes
raise :class:`~jxparse.errors.DecodeError` naming the file and the byte offset (with line and
column). Both readers follow the same order of evidence: an ``encoding`` given by the user; a
byte-order mark; (for a web page) the charset the page declares; strict UTF-8; strict GB18030,
which covers GBK and GB2312. They differ where their inputs do:

- :func:`decode_text` (files of text, Markdown, and ``jxparse.parse`` bytes): UTF-8 and UTF-16
  byte-order marks; GB18030 (which can decode almost any byte string) is tried only when the text
  does not look like UTF-8 gone wrong: when the UTF-8 decoder fails after it has already read
  several multi-byte characters (:data:`UTF8_EVIDENCE`), the file is UTF-8 with a corrupt byte, and
  that is reported at its offset instead of turning the whole file into mojibake;
- :func:`decode_page` (web pages): UTF-32, UTF-16, UTF-8 and GB18030 byte-order marks, the page's
  ``<meta charset>`` / XML declaration in its first 16 KiB with the web's Chinese labels widened to
  GB18030 (:func:`codec_name`); a declared codec that fails is followed by UTF-8 and GB18030 with an
  ``html-charset-mismatch`` warning.
"""

from __future__ import annotations

import codecs
import re

from ..ast import Diagnostic, Severity
from ..errors import DecodeError

FALLBACKS = ("utf-8", "gb18030")
"""What is tried, strictly and in this order, when no byte-order mark (or declaration) decides."""

TEXT_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
"""Byte-order marks of text files, and the codec (which keeps or strips the mark) for each."""

PAGE_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
    (b"\x84\x31\x95\x33", "gb18030"),
)
"""Byte-order marks of web pages (the mark is cut off before decoding); UTF-32 before UTF-16, whose
little-endian mark begins the UTF-32 one."""

UTF8_EVIDENCE = 3
"""Multi-byte UTF-8 characters before the first bad byte that make a file 'UTF-8 with damage'."""


def byte_order_mark(data: bytes, marks) -> tuple[bytes, str] | None:
    """The first (mark, codec) of ``marks`` that ``data`` starts with, or None."""
    for mark, codec in marks:
        if data.startswith(mark):
            return mark, codec
    return None


# --------------------------------------------------------------------------- text files


def decode_text(data: bytes, *, name: str | None = None, encoding: str | None = None) -> tuple[str, str]:
    """Decode a text file's ``data`` strictly; return (text, encoding used) or raise DecodeError with the offset."""
    if encoding:
        return _strict(data, encoding, name), encoding
    found = byte_order_mark(data, TEXT_BOMS)
    if found is not None:
        return _strict(data, found[1], name), found[1]
    utf8, gb18030 = FALLBACKS
    try:
        return data.decode(utf8), utf8
    except UnicodeDecodeError as error:
        utf8_error = error
    if utf8_multibyte_count(data[:utf8_error.start]) < UTF8_EVIDENCE:
        try:
            return data.decode(gb18030), gb18030
        except UnicodeDecodeError:
            pass
    raise _text_error(data, utf8_error, utf8, name)


def _strict(data: bytes, codec: str, name: str | None) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as error:
        raise _text_error(data, error, codec, name) from None
    except LookupError:
        raise DecodeError(f"unknown encoding {codec!r}", source=name) from None


def utf8_multibyte_count(prefix: bytes) -> int:
    """The lead bytes of multi-byte UTF-8 characters in ``prefix``."""
    return sum(1 for byte in prefix if byte >= 0xC2 and byte <= 0xF4)


def _text_error(data: bytes, error: UnicodeDecodeError, codec: str, name: str | None) -> DecodeError:
    offset = error.start
    line = data.count(b"\n", 0, offset) + 1
    line_start = data.rfind(b"\n", 0, offset) + 1
    bad = data[offset:offset + 4].hex(" ")
    return DecodeError(
        f"cannot decode byte offset {offset} as {codec} (bytes {bad}); "
        f"give the right one with --encoding (e.g. gb18030, utf-16)",
        source=name, line=line, column=offset - line_start + 1, offset=offset)


# --------------------------------------------------------------------------- web pages

_PRESCAN_BYTES = 16384
_META_CHARSET = re.compile(rb"<meta\b[^>]*?charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:\-]+)", re.I)
_XML_ENCODING = re.compile(rb"^\s*<\?xml\b[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9_.:\-]+)[\"']", re.I)
_COMMENT_BYTES = re.compile(rb"<!--.*?(?:-->|$)", re.S)
_GB_LABELS = frozenset(
    "gb2312 gb_2312 gb_2312-80 gbk x-gbk cp936 ms936 windows-936 csgb2312 chinese iso-ir-58 "
    "csiso58gb231280 gb18030 euc-cn x-euc-cn hz-gb-2312".split()
)
_WESTERN = frozenset({"ascii", "iso8859-1", "cp1252", "iso8859-15"})


def codec_name(label: str) -> str | None:
    """The Python codec for an encoding label, with the web's Chinese aliases widened; None if unknown."""
    low = label.strip().lower()
    if low in _GB_LABELS:
        return "gb18030"
    if low in ("big5", "big5-hkscs", "cn-big5", "x-x-big5", "csbig5"):
        return "big5hkscs"
    try:
        info = codecs.lookup(low)
    except LookupError:
        return None
    if not getattr(info, "_is_text_encoding", True):  # base64, zlib, rot13, hex: bytes-to-bytes codecs
        return None
    return info.name


def _declared(raw: bytes, diagnostics: list[Diagnostic], name: str | None) -> str | None:
    head = _COMMENT_BYTES.sub(b"", raw[:_PRESCAN_BYTES])
    m = _XML_ENCODING.search(head) or _META_CHARSET.search(head)
    if not m:
        return None
    label = m.group(1).decode("ascii", "strict")
    codec = codec_name(label)
    if codec is None:
        diagnostics.append(
            Diagnostic(Severity.WARNING, "html-charset-unknown", f"{name or '<input>'}: unknown charset {label!r} declared; ignored")
        )
        return None
    if codec.startswith(("utf-16", "utf-32")):
        # A page read as bytes without a BOM cannot really be UTF-16 if this label was readable as ASCII.
        return "utf-8"
    return codec


def decode_page(raw: bytes, *, name: str | None, encoding: str | None, diagnostics: list[Diagnostic]) -> tuple[str, str]:
    """Decode a web page's bytes strictly; return (text, codec used), adding charset warnings to
    ``diagnostics``, or raise DecodeError for the candidate that got furthest."""
    if encoding is not None:
        codec = codec_name(encoding)
        if codec is None:
            raise DecodeError(f"unknown encoding {encoding!r}", source=name)
        start = 0
        if codec.replace("_", "-") in ("utf-8", "utf-8-sig") and raw.startswith(codecs.BOM_UTF8):
            start, codec = len(codecs.BOM_UTF8), "utf-8"
        try:
            return raw[start:].decode(codec, "strict"), codec
        except UnicodeDecodeError as exc:
            raise _page_error(raw, start, codec, exc, name, ()) from None

    found = byte_order_mark(raw, PAGE_BOMS)
    if found is not None:
        bom, codec = found
        try:
            return raw[len(bom):].decode(codec, "strict"), codec
        except UnicodeDecodeError as exc:
            raise _page_error(raw, len(bom), codec, exc, name, ()) from None

    declared = _declared(raw, diagnostics, name)
    candidates: list[str] = []
    if declared is not None and declared in _WESTERN and not raw.isascii():
        candidates = [*FALLBACKS, declared]
    elif declared is not None:
        candidates = [declared]
    for codec in FALLBACKS:
        if codec not in candidates:
            candidates.append(codec)

    failures: list[tuple[str, UnicodeDecodeError]] = []
    for codec in candidates:
        try:
            text = raw.decode(codec, "strict")
        except UnicodeDecodeError as exc:
            failures.append((codec, exc))
            continue
        if declared is not None and codec != declared:
            failed = dict(failures).get(declared)
            why = f"is not valid {declared} (byte offset {failed.start})" if failed else "is not plain ASCII"
            diagnostics.append(
                Diagnostic(
                    Severity.WARNING,
                    "html-charset-mismatch",
                    f"{name or '<input>'}: the page declares {declared} but {why}; decoded as {codec}",
                )
            )
        return text, codec

    codec, exc = max(failures, key=lambda item: item[1].start)  # max() keeps the first of equals
    others = tuple(c for c, _ in failures if c != codec)
    raise _page_error(raw, 0, codec, exc, name, others)


def _page_error(raw: bytes, start: int, codec: str, exc: UnicodeDecodeError, name: str | None, others) -> DecodeError:
    offset = start + exc.start
    try:
        prefix = raw[start:offset].decode(codec, "strict")
    except UnicodeDecodeError:
        prefix = None
    line = column = None
    if prefix is not None:
        line = prefix.count("\n") + 1
        column = len(prefix) - (prefix.rfind("\n") + 1) + 1
    bad = raw[offset : offset + 8].hex(" ")
    tried = f" (also tried {', '.join(others)})" if others else ""
    return DecodeError(
        f"cannot decode byte offset {offset} as {codec}{tried}: {exc.reason}",
        source=name,
        line=line,
        column=column,
        offset=offset,
        context=f"bytes at offset {offset}: {bad}",
    )


__all__ = [
    "FALLBACKS", "PAGE_BOMS", "TEXT_BOMS", "UTF8_EVIDENCE", "byte_order_mark", "codec_name", "decode_page",
    "decode_text", "utf8_multibyte_count",
]
