"""What a file holds, told from its first bytes, before anything tries to decode it as text.

A file's extension says what its writer meant; its first bytes say what it is. jxparse decodes
text strictly but GB18030 accepts almost any byte string, so without this check a PNG could
"convert" into a bulletin with a garbage title, and a Word document would get advice about
``--encoding``. :func:`sniff_format` names the container; readers for a named format plug in by
registering it as an input format (see ``jxparse.input_format``): a sniffed format that has a
reader is read by it, any other is refused with a message naming what the file is.
"""

from __future__ import annotations

__all__ = ["HEAD_SIZE", "describe", "resolve_format", "sniff_format"]

HEAD_SIZE = 64 * 1024
"""How many leading bytes :func:`sniff_format` looks at (enough to see a ZIP's first entry names)."""

_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"\xff\xd8\xff", "jpeg"),
    (b"GIF87a", "gif"),
    (b"GIF89a", "gif"),
    (b"II*\x00", "tiff"),
    (b"MM\x00*", "tiff"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "ole2"),  # Word 97–2003 .doc, WPS .wps, .xls, .ppt
    (b"\x1f\x8b", "gzip"),
    (b"7z\xbc\xaf\x27\x1c", "7z"),
    (b"Rar!\x1a\x07", "rar"),
)

_NAMES = {
    "pdf": "a PDF document",
    "docx": "a Word document (DOCX)",
    "ofd": "an OFD document (GB/T 33190)",
    "xlsx": "an Excel workbook (XLSX)",
    "pptx": "a PowerPoint presentation (PPTX)",
    "zip": "a ZIP archive",
    "ole2": "an OLE2 compound file (Word 97–2003 .doc, WPS .wps, Excel .xls …)",
    "png": "a PNG image",
    "jpeg": "a JPEG image",
    "gif": "a GIF image",
    "tiff": "a TIFF image",
    "bmp": "a BMP image",
    "webp": "a WebP image",
    "gzip": "a gzip archive",
    "7z": "a 7-Zip archive",
    "rar": "a RAR archive",
    "binary": "binary data, not text",
}

_TEXT_CONTROLS = frozenset(b"\t\n\r\x0b\x0c\x1a\x1b")
"""C0 characters plain text does hold: whitespace, form feed (page breaks), DOS end-of-file, ESC."""
_CONTROL_RATIO = 0.05
"""More than this share of other control bytes is no text in any encoding jxparse reads (in UTF-8
and GB18030 every byte below 0x20 is that control character itself)."""
_MIN_CONTROLS = 3
_NUL_RUN = b"\x00\x00\x00\x00"
"""Runs of NUL bytes are padding in binary formats; a text with a stray NUL has no such run."""


def sniff_format(head: bytes) -> str | None:
    """The kind of file whose first bytes are ``head`` (up to :data:`HEAD_SIZE`), or None for text.

    Returns ``"pdf"``, ``"docx"``, ``"ofd"``, ``"xlsx"``, ``"pptx"``, ``"zip"``, ``"ole2"``,
    ``"png"``, ``"jpeg"``, ``"gif"``, ``"tiff"``, ``"bmp"``, ``"webp"``, ``"gzip"``, ``"7z"``,
    ``"rar"`` or ``"binary"`` (control bytes no text holds). None means "try to decode it as
    text": the text reader then decides, strictly, whether it is.
    """
    head = bytes(head[:HEAD_SIZE])
    if head.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        return None  # a byte-order mark: text (UTF-16 holds NUL bytes by design)
    if b"%PDF-" in head[:1024]:  # the PDF spec allows bytes before the header
        return "pdf"
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return kind
    if head.startswith(b"BM") and len(head) >= 26 and head[14] in (12, 40, 52, 56, 64, 108, 124):
        return "bmp"  # "BM" alone starts too many texts; the DIB header size must be a known one
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return "webp"
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return _zip_kind(head)
    if _NUL_RUN in head:
        return "binary"
    controls = sum(1 for byte in head if byte < 0x20 and byte not in _TEXT_CONTROLS or byte == 0x7F)
    if controls >= _MIN_CONTROLS and controls > _CONTROL_RATIO * len(head):
        return "binary"
    return None


def _zip_kind(head: bytes) -> str:
    """Tell the ZIP-based office formats apart by the member names stored in the local headers."""
    if b"OFD.xml" in head or b"Doc_0/" in head:  # OFD keeps each document in Doc_N/
        return "ofd"
    if b"word/" in head:
        return "docx"
    if b"xl/" in head:
        return "xlsx"
    if b"ppt/" in head:
        return "pptx"
    return "zip"


def describe(kind: str) -> str:
    """A phrase naming a sniffed kind for messages: ``"a Word document (DOCX)"``."""
    return _NAMES.get(kind, f"a {kind} file")


def _advice(kind: str) -> str:
    if kind in ("docx", "ofd"):
        return (f"{kind.upper()} input is not supported by this build; save it as PDF or text (.txt) and "
                "convert that")
    if kind == "ole2":
        return "Word 97–2003 .doc and WPS .wps files are not read; save it as PDF or text (.txt) and convert that"
    if kind in ("png", "jpeg", "gif", "tiff", "bmp", "webp"):
        return "an image has no text layer; run OCR on it first and convert the text"
    if kind in ("xlsx", "pptx", "zip", "gzip", "7z", "rar"):
        return "it is not a document format jxparse reads"
    return "jxparse reads text, Markdown, HTML, PDF, DOCX and OFD"


def resolve_format(head: bytes, kind: str, *, explicit: bool, readable, source: str | None) -> str:
    """The input format to read a file as, given its first bytes and the format chosen for it.

    ``kind`` is the format from ``--format`` (``explicit``) or from the extension; ``readable`` is
    the set of input formats jxparse has readers for. A file whose bytes say it is something else
    is read as what it is when jxparse has a reader for that and the format was only guessed (a
    PDF named ``.txt``); otherwise :class:`~jxparse.errors.InputError` names what the file is.
    """
    from .errors import InputError

    sniffed = sniff_format(head)
    if sniffed is None or sniffed == kind:
        return kind
    if sniffed in ("ole2", "zip") and kind in ("docx", "ofd") and kind in readable:
        return kind  # a Word or OFD name on a legacy, encrypted or broken package: its reader says which
    if sniffed == "ole2" and not explicit and "docx" in readable:
        return "docx"  # the Word reader tells a legacy .doc/.wps from an encrypted package
    if sniffed in readable:
        if not explicit:
            return sniffed
        raise InputError(f"the file is {describe(sniffed)}, not {kind}: leave out --format or give "
                         f"--format {sniffed}", source=source)
    if sniffed == "binary":
        raise InputError(f"the file holds binary data, not text; {_advice(sniffed)}", source=source)
    raise InputError(f"the file is {describe(sniffed)}: {_advice(sniffed)}", source=source)
