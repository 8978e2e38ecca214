"""Hostile PDFs built on the fly (issue 20.2): no such file is stored in the project.

:func:`bomb_pdf` gives a one-page PDF whose content stream is tiny compressed and inflates to
``inflated_mb`` MiB (through ``stages`` chained Flate filters); :func:`text_pdf` a small valid one
with ``glyphs`` characters on its page.
"""

from __future__ import annotations

import zlib


def _pdf(content: bytes, filters: bytes) -> bytes:
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
               b"/Resources << /Font << /F1 5 0 R >> >> >>",
               b"<< /Length %d%s >>\nstream\n" % (len(content), filters) + content + b"\nendstream",
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def bomb_pdf(inflated_mb: int, stages: int = 1, filler: bytes = b" ") -> bytes:
    """A PDF whose content stream inflates to ``inflated_mb`` MiB, built without holding that much."""
    compressor = zlib.compressobj(9)
    chunk = filler * ((1 << 20) // len(filler))
    body = compressor.compress(b"BT /F1 12 Tf 72 712 Td (Hello) Tj ET\n")
    body += b"".join(compressor.compress(chunk) for _ in range(inflated_mb)) + compressor.flush()
    for _ in range(stages - 1):
        body = zlib.compress(body, 9)
    filters = b" /Filter /FlateDecode" if stages == 1 else b" /Filter [" + b" /FlateDecode" * stages + b"]"
    return _pdf(body, filters)


def text_pdf(glyphs: int) -> bytes:
    """A valid PDF with ``glyphs`` characters (lines of 'A') on its one page, compressed."""
    lines = []
    per_line, y = 90, 780
    left = glyphs
    while left > 0:
        count = min(per_line, left)
        lines.append(b"BT /F1 4 Tf 10 %d Td (%s) Tj ET" % (y, b"A" * count))
        left -= count
        y = y - 5 if y > 20 else 780
    return _pdf(zlib.compress(b"\n".join(lines), 9), b" /Filter /FlateDecode")


def zero_advance_pdf(text: bytes = b"Grant 1000 yuan, code 7788 ok", font: bytes = b"Helvetica") -> bytes:
    """A PDF whose font gives the digits no width (``/Widths`` of 0): every digit of a number is drawn
    at the same place, so position alone cannot tell ``1000`` from ``10``. pdfminer takes a
    standard font's (``Helvetica``) widths from its own metrics, any other font's from ``/Widths``."""
    widths = b" ".join(b"0" if chr(code).isdigit() else b"556" for code in range(32, 127))
    content = b"BT /F1 12 Tf 72 712 Td (" + text + b") Tj ET"
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
               b"/Resources << /Font << /F1 5 0 R >> >> >>",
               b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
               b"<< /Type /Font /Subtype /Type1 /BaseFont /" + font + b" /FirstChar 32 /LastChar 126 /Widths ["
               + widths + b"] >>"]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def xobject_bomb_pdf(glyphs_per_form: int = 100, draws: int = 5000) -> bytes:
    """A page that draws one form XObject of ``glyphs_per_form`` glyphs ``draws`` times: the glyphs
    multiply while no stream grows (the streams together are a few kilobytes compressed)."""
    form = b"BT /F1 4 Tf 10 700 Td (" + b"A" * glyphs_per_form + b") Tj ET"
    content = zlib.compress(b"q /X1 Do Q\n" * draws, 9)
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
               b"/Resources << /Font << /F1 5 0 R >> /XObject << /X1 6 0 R >> >> >>",
               b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(content) + content + b"\nendstream",
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
               b"<< /Type /XObject /Subtype /Form /BBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> >> "
               b"/Length %d >>\nstream\n" % len(form) + form + b"\nendstream"]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)
