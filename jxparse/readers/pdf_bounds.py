"""What one PDF may cost: bounds checked before and while an engine reads it (issue 20.2).

A PDF is mostly compressed streams, and a few hundred kilobytes of Flate data can inflate to
gigabytes: pdfminer inflates a stream whole into memory, and PDFium aborts the process (SIGABRT)
when an allocation fails. So before either engine sees the file, :func:`check_streams` inflates
every Flate-compressed stream that text extraction decodes (content streams, form XObjects, object
and cross-reference streams, fonts; not images, which neither engine decodes to find text) in
bounded chunks, counting without keeping the output, and refuses the file when one stream or
all of them together inflate past :data:`MAX_STREAM_BYTES` or :data:`MAX_TOTAL_BYTES`. Chained
filters (``[/FlateDecode /FlateDecode]``) are followed through every Flate stage.

While reading, the reader also bounds the glyphs per page (:data:`MAX_PAGE_GLYPHS`), the glyphs
per document (:data:`MAX_GLYPHS`) and the time per page (:data:`MAX_PAGE_SECONDS`); see
:mod:`jxparse.readers.pdf`. The page bound comes before the costly step of each engine: pdfplumber
counts glyphs while pdfminer interprets the page, before its layout is built; pypdfium2 counts the
characters of PDFium's text page (its generated line breaks included) before a glyph is read.
"""

from __future__ import annotations

import re
import zlib

from ..errors import PdfError

MAX_STREAM_BYTES = 128 * 1024 * 1024
"""The most one decoded stream may inflate to (128 MiB; a page of text needs kilobytes, a detailed
vector map some megabytes)."""
MAX_TOTAL_BYTES = 1024 * 1024 * 1024
"""The most all decoded streams of one PDF may inflate to together (1 GiB)."""
MAX_PAGE_GLYPHS = 200_000
"""Glyphs on one page (a dense A4 page of small CJK type holds about 5 000)."""
MAX_GLYPHS = 20_000_000
"""Glyphs in one PDF."""
MAX_PAGE_SECONDS = 120.0
"""Seconds one page may take to extract (checked when the page is done)."""

_CHUNK = 1 << 20
_STREAM = re.compile(rb"stream\r?\n")
_FILTER = re.compile(rb"/Filter\s*(\[[^\]]*\]|/[A-Za-z0-9]+)")
_NAME = re.compile(rb"/([A-Za-z0-9]+)")
_FLATE = {b"FlateDecode", b"Fl"}
_IMAGE = re.compile(rb"/Subtype\s*/Image\b")


def _dictionary_before(data: bytes, at: int) -> bytes:
    """The stream dictionary in front of the ``stream`` keyword at ``at`` (up to the ``obj`` keyword)."""
    start = data.rfind(b"obj", max(0, at - 65536), at)
    return data[start if start >= 0 else max(0, at - 65536):at]


class _Over(Exception):
    pass


def _inflated_size(data: bytes, start: int, stages: int, limit: int) -> int:
    """How many bytes the stream at ``start`` inflates to through ``stages`` Flate stages, stopping past ``limit``.

    Each stage hands the next at most :data:`_CHUNK` bytes at a time, so memory stays bounded
    whatever the ratio.
    """
    decoders = [zlib.decompressobj() for _ in range(stages)]
    size = 0

    def feed(stage: int, chunk: bytes) -> None:
        nonlocal size
        decoder = decoders[stage]
        while chunk and not decoder.eof:
            out = decoder.decompress(chunk, _CHUNK)
            chunk = decoder.unconsumed_tail
            if stage + 1 == stages:
                size += len(out)
                if size > limit:
                    raise _Over
            elif out:
                feed(stage + 1, out)
            if not out and not chunk:
                break

    try:
        position = start
        while position < len(data) and not decoders[0].eof:
            feed(0, data[position:position + 65536])
            position += 65536
    except _Over:
        pass
    except zlib.error:
        pass  # damaged, or not Flate after all: the engine reports it; it inflated no further here
    return size


def check_streams(data: bytes, label: str) -> None:
    """Raise :class:`PdfError` when a stream of ``data`` inflates past the bounds (a decompression bomb)."""
    total = 0
    for match in _STREAM.finditer(data):
        at = match.start()
        if at and data[at - 1:at] in (b"d", b"e"):  # "endstream", "endstream" spelled oddly
            continue
        dictionary = _dictionary_before(data, at)
        if _IMAGE.search(dictionary):
            continue
        found = _FILTER.search(dictionary)
        if found is None:
            continue
        names = _NAME.findall(found.group(1))
        stages = 0
        for name in names:
            if name not in _FLATE:
                break
            stages += 1
        if not stages:
            continue
        size = _inflated_size(data, match.end(), stages, min(MAX_STREAM_BYTES, MAX_TOTAL_BYTES - total))
        total += size
        if size > MAX_STREAM_BYTES:
            raise PdfError(f"refused: a compressed stream at byte {match.end()} inflates to over "
                           f"{MAX_STREAM_BYTES >> 20} MiB (a decompression bomb?)", source=label)
        if total > MAX_TOTAL_BYTES:
            raise PdfError(f"refused: its compressed streams inflate to over {MAX_TOTAL_BYTES >> 20} MiB "
                           "together (a decompression bomb?)", source=label)
