"""jxparse: Chinese government bulletins and official documents as a faithful, typed tree.

The public API is small and json-like::

    import jxparse
    bulletin = jxparse.parse_file("samples/jiaxing-2019-07.txt")
    text = jxparse.dumps(bulletin, format="json")      # also "xml", "md", "tree"
    assert jxparse.loads(text) == bulletin

Importing jxparse prints nothing and changes no global state; Lark, lxml and
the PDF engines are imported when first needed.
"""

from __future__ import annotations

import os
from pathlib import Path

from . import ast
from .ast import Bulletin
from .errors import DecodeError, FormatError, InputError, JxParseError, OfdError, PdfError, UnknownFormat

__version__ = "0.1.0"

__all__ = [
    "Bulletin", "DecodeError", "FormatError", "InputError", "JxParseError", "OfdError", "PdfError", "UnknownFormat",
    "ast", "convert_many", "dump", "dumps", "formats", "input_format", "load_source", "loads", "parse", "parse_file",
    "__version__",
]

_INPUT_FORMATS = {
    ".txt": "text", ".text": "text",
    ".md": "markdown", ".markdown": "markdown",
    ".html": "html", ".htm": "html", ".shtml": "html", ".xhtml": "html",
    ".pdf": "pdf",
    ".docx": "docx", ".docm": "docx", ".dotx": "docx", ".dotm": "docx", ".doc": "docx", ".wps": "docx", ".wpt": "docx",
    ".ofd": "ofd",
}


def input_format(path: str | os.PathLike) -> str:
    """The input format jxparse reads ``path`` as, from its extension (``text`` when unknown)."""
    return _INPUT_FORMATS.get(Path(path).suffix.lower(), "text")


def parse(text: str | bytes, *, name: str | None = None, format: str = "text") -> Bulletin:
    """Parse a text (``format`` ``text`` or ``markdown``) into a :class:`~jxparse.ast.Bulletin`.

    ``text`` may be bytes: they are decoded as files are (BOM, UTF-8, GB18030; DecodeError
    otherwise). Never fails on text it cannot place: such text is kept as paragraphs and reported
    in ``bulletin.diagnostics``.
    """
    import hashlib

    from .pipeline import parse_source
    from .readers import SourceText

    if format not in ("text", "markdown"):
        raise UnknownFormat(f"parse() takes text or markdown, not {format!r}; use parse_file for {format}")
    if isinstance(text, (bytes, bytearray)):
        return parse_source(source_from_bytes(bytes(text), name=name, format=format))
    if not isinstance(text, str):
        raise TypeError(f"parse() takes str or bytes, not {type(text).__name__}")
    source = SourceText(text=text, format=format, name=name, encoding=None,
                        sha256=hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest())
    if format == "markdown":
        from .readers.markdown import with_front_matter

        source = with_front_matter(source)
    return parse_source(source)


def load_source(path: str | os.PathLike, *, encoding: str | None = None, format: str | None = None,
                pdf_engine: str = "pdfplumber", password: str | None = None, name: str | None = None):
    """Read a file into the :class:`~jxparse.readers.SourceText` that spans point into.

    ``format`` overrides the guess from the extension (``text``, ``markdown``, ``html``, ``pdf``, ``docx``,
    ``ofd``). Without it the bytes decide before any decoding: a PDF named ``.txt``, a Word package or an
    OFD package is read as what it is whatever its name; a legacy Word file, an image or other binary
    data is refused with its real name instead of advice about ``--encoding``.
    Raises :class:`InputError` (missing or unreadable file, a format jxparse does not read),
    :class:`DecodeError`, :class:`PdfError` or :class:`OfdError`.
    """
    path = Path(path)
    name = name or display_name(path.name)
    kind = format or input_format(path)
    if kind != "pdf":
        from .sniff import HEAD_SIZE, resolve_format

        data = _read_bytes(path)
        kind = resolve_format(data[:HEAD_SIZE], kind, explicit=format is not None,
                              readable=set(_INPUT_FORMATS.values()), source=str(path))
    if kind == "pdf":
        from .readers.pdf import read_pdf

        return read_pdf(path, engine=pdf_engine, password=password, name=name)
    return source_from_bytes(data, name=name, format=kind, encoding=encoding)


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise InputError("no such file", source=str(path)) from None
    except IsADirectoryError:
        raise InputError("is a directory, not a file", source=str(path)) from None
    except OSError as error:
        raise InputError(f"cannot read: {error.strerror or error}", source=str(path)) from None


def source_from_bytes(data: bytes, *, name: str | None, format: str, encoding: str | None = None):
    """A SourceText from the bytes of a text, Markdown, HTML, DOCX or OFD file (PDF needs a path),
    with the sha256 of exactly these bytes (what was converted)."""
    source = _source_from_bytes(data, name=name, format=format, encoding=encoding)
    if source.sha256 is None:
        import hashlib
        from dataclasses import replace

        source = replace(source, sha256=hashlib.sha256(data).hexdigest())
    return source


def _source_from_bytes(data: bytes, *, name: str | None, format: str, encoding: str | None = None):
    """A SourceText from the bytes of a text, Markdown, HTML or DOCX file (PDF needs a path)."""
    if format == "html":
        from .readers.html import read_html

        return read_html(data, name=name, encoding=encoding)
    if format == "ofd":
        from .readers.ofd import read_ofd

        return read_ofd(data, name=name)
    if format == "pdf":
        raise UnknownFormat("PDF input must be read from a file: use parse_file")
    if format == "docx":
        from .readers.docx import read_docx

        return read_docx(data, name=name)
    from .readers.text import read_text

    source = read_text(data, name=name, encoding=encoding, markdown=format == "markdown")
    if format == "markdown":
        from .readers.markdown import with_front_matter

        source = with_front_matter(source)
    return source


def display_name(name: str) -> str:
    """A file name as text for the tree: names the OS gives surrogate-escaped (bytes that are not
    UTF-8) are decoded as GB18030 when they are valid GB18030 (names from Chinese Windows archives),
    else their undecodable bytes are written ``\\xNN``. Valid names come back unchanged.
    """
    try:
        name.encode("utf-8")
        return name
    except UnicodeEncodeError:
        raw = os.fsencode(name)
    try:
        return raw.decode("gb18030")
    except UnicodeDecodeError:
        return raw.decode("utf-8", "backslashreplace")


def parse_file(path: str | os.PathLike, *, encoding: str | None = None, format: str | None = None,
               pdf_engine: str = "pdfplumber", password: str | None = None) -> Bulletin:
    """Read and parse a file (text, Markdown, HTML or PDF, by extension unless ``format`` is given)."""
    from .pipeline import parse_source

    return parse_source(load_source(path, encoding=encoding, format=format, pdf_engine=pdf_engine,
                                    password=password))


def convert_many(paths, **options):
    """Convert many inputs (files, folders, globs) to files; yield one result per input in a stable order.

    See :func:`jxparse.batch.convert_many` for the options (``formats``, ``out_dir``, ``workers``,
    ``skip_existing``, ``shard``, ``timeout``, ``engine`` …).
    """
    from .batch import convert_many as run

    return run(paths, **options)


def formats() -> list[str]:
    """The output format names that :func:`dumps` accepts."""
    from .writers import WRITERS

    return sorted(WRITERS)


def dumps(bulletin: Bulletin, format: str = "json") -> str:
    """Serialize a bulletin as ``json``, ``xml``, ``md`` (Markdown) or ``tree``."""
    from .writers import get_writer

    return get_writer(format).write(bulletin)


def dump(bulletin: Bulletin, fp, format: str = "json") -> None:
    """Write :func:`dumps` of ``bulletin`` to the text file object ``fp`` (piece by piece where the
    format's writer can, so the whole output text is never held in memory)."""
    from .writers import get_writer

    get_writer(format).write_to(bulletin, fp)


def loads(text: str | bytes, format: str | None = None) -> Bulletin:
    """Read jxparse JSON or XML output back into an equal :class:`~jxparse.ast.Bulletin`.

    ``format`` is ``json`` or ``xml``; when None it is told from the first character. Raises
    :class:`FormatError` for text that is not jxparse output. XML is read without resolving
    entities or loading DTDs.
    """
    if not isinstance(text, (str, bytes, bytearray)):
        raise FormatError(f"loads reads str or bytes (JSON or XML text), not {type(text).__name__}")
    if format is None:
        head = text.lstrip()[:1]
        format = "xml" if head in ("<", b"<") else "json"
    if format == "xml":
        from .loaders.xml import from_xml

        try:
            return from_xml(bytes(text) if isinstance(text, bytearray) else text)
        except RecursionError:
            raise FormatError("not jxparse XML: elements nested too deeply") from None
    if format != "json":
        raise UnknownFormat(f"loads reads json or xml, not {format!r}")
    import json

    from .data import from_data
    from .writers.json import loads_data

    try:
        data = loads_data(text)
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise FormatError(f"not valid JSON: {error.msg if hasattr(error, 'msg') else error}",
                          line=getattr(error, "lineno", None), column=getattr(error, "colno", None)) from None
    except RecursionError:
        raise FormatError("not jxparse JSON: arrays or objects nested too deeply") from None
    except ValueError as error:  # NaN, Infinity, numbers out of range, integers over 4300 digits
        raise FormatError(f"not jxparse JSON: {error}") from None
    try:
        return from_data(data)
    except RecursionError:
        raise FormatError("not jxparse JSON: nodes nested too deeply") from None
