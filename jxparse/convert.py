"""Converting one input to files or a stream: what the CLI and batch runs share.

Outputs are written atomically: into a temporary file in the target folder,
then renamed over the final name, so an interrupted run never leaves a
half-written output.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from .ast import Bulletin, Severity
from .errors import InputError

_EXTENSIONS = {"json": ".json", "xml": ".xml", "md": ".md", "tree": ".tree", "text": ".txt"}
OUTPUT_EXTENSIONS = _EXTENSIONS
"""The file extension of each output format (``text`` is the extracted text, ``.txt``)."""


def output_name(stem: str, format: str) -> str:
    """The output file name of an input with this stem in this format: ``<stem>.json`` etc.

    A name over the filesystem's 255 bytes (a long CJK stem and a longer extension than the
    input's) is shortened with a hash (:func:`jxparse.faults.fit_name`), the extension kept.
    """
    from .faults import fit_name

    return fit_name(stem + _EXTENSIONS[format], keep=_EXTENSIONS[format])


@dataclass(frozen=True)
class ConvertOptions:
    """How to read inputs and what to write."""

    formats: tuple[str, ...] = ("json",)
    out_dir: Path | None = None
    encoding: str | None = None
    input_format: str | None = None
    pdf_engine: str = "pdfplumber"
    password: str | None = None
    compact: bool = False
    """JSON on one line (JSON Lines), not indented."""


@dataclass
class ConvertResult:
    """What converting one input gave."""

    name: str
    bulletin: Bulletin
    outputs: list[Path] = field(default_factory=list)

    @property
    def warnings(self) -> int:
        """How many diagnostics are warnings or errors."""
        return sum(1 for d in self.bulletin.diagnostics if d.severity is not Severity.INFO)

    def diagnostic_lines(self, *, info: bool = True) -> list[str]:
        """Diagnostics as ``file:line:col: severity: message`` lines (``info=False`` leaves out the
        info ones). For PDF input the place is the page, ``file.pdf: page 49: …``: a line and column
        of the extracted text mean nothing to someone holding the PDF."""
        diagnostics = [d for d in self.bulletin.diagnostics if info or d.severity is not Severity.INFO]
        page_of = _page_finder(self.bulletin) if self.bulletin.source.format == "pdf" else None
        places = {} if page_of is not None else lines_and_columns(
            self.bulletin.text or "", [d.span.start for d in diagnostics if d.span is not None])
        lines = []
        for diagnostic in diagnostics:
            where = self.name
            if diagnostic.span is not None and page_of is not None:
                page = page_of(diagnostic.span.start)
                if page is not None:
                    where = f"{self.name}: page {page}"
            elif diagnostic.span is not None:
                line, column = places[diagnostic.span.start]
                where = f"{self.name}:{line}:{column}"
            lines.append(f"{where}: {diagnostic.severity.value}: {diagnostic.message} [{diagnostic.code}]")
        return lines


def lines_and_columns(text: str, offsets) -> dict[int, tuple[int, int]]:
    """1-based line and column of each of many code-point offsets, as ``{offset: (line, column)}``.

    The offsets are visited in order and the text between two of them is scanned once, so a
    document with thousands of diagnostics costs one pass over its text, not one scan of everything
    before each diagnostic (which made many diagnostics quadratic). No index of line starts is kept
    either, so a text of millions of short lines with a few diagnostics costs no memory per line.
    """
    places: dict[int, tuple[int, int]] = {}
    line, line_start, previous = 1, 0, 0
    for offset in sorted(set(offsets)):
        at = min(max(offset, 0), len(text))
        breaks = text.count("\n", previous, at)
        if breaks:
            line += breaks
            line_start = text.rfind("\n", previous, at) + 1
        previous = at
        places[offset] = (line, offset - line_start + 1)
    return places


def _page_finder(bulletin: Bulletin):
    """A function from a text offset to the PDF page of the block that holds it (None before any)."""
    import bisect

    from .ast import Attachment, Paragraph, Section, Table

    marks: list[tuple[int, int]] = []

    def blocks(nodes) -> None:
        for node in nodes:
            if isinstance(node, Section):
                if node.heading_span is not None and node.page is not None:
                    marks.append((node.heading_span.start, node.page))
                blocks(node.children)
            elif isinstance(node, (Paragraph, Table)) and node.span is not None and node.page is not None:
                marks.append((node.span.start, node.page))

    def documents(nodes) -> None:
        for document in nodes:
            if document.span is not None and document.page is not None:
                marks.append((document.span.start, document.page))
            blocks(document.body)
            for attachment in document.attachments:
                if isinstance(attachment, Attachment):
                    blocks(attachment.body)
            documents(document.enclosures)

    documents(bulletin.documents)
    marks.sort()
    starts = [start for start, _ in marks]

    def page_of(offset: int) -> int | None:
        index = bisect.bisect_right(starts, offset) - 1
        return marks[index][1] if index >= 0 else None

    return page_of


def line_and_column(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of a code-point offset (for one lookup; :class:`LineIndex` for many)."""
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, column


def render(bulletin: Bulletin, format: str, *, compact: bool = False) -> str:
    """The output text of one format (``text`` is the extracted source text that spans point into).

    ``compact=True`` writes JSON on a single line (no indentation), one JSON Lines record.
    """
    if format == "text":
        return bulletin.text or ""
    if format == "json" and compact:
        from .data import to_data
        from .writers.json import dumps_data

        return dumps_data(to_data(bulletin), indent=None) + "\n"
    from . import dumps

    return dumps(bulletin, format=format)


def renderer(bulletin: Bulletin, format: str):
    """What :func:`write_atomic` writes for one format of ``bulletin``: the extracted text as a str,
    or, for the writers (which stream), a callable that writes the output to the stream it is given,
    so that the output text is never held whole in memory."""
    if format == "text":
        return bulletin.text or ""
    from .writers import get_writer

    writer = get_writer(format)
    return lambda stream: writer.write_to(bulletin, stream)


def write_rendered(target: Path, bulletin: Bulletin, format: str) -> None:
    """Write one format of ``bulletin`` to ``target`` atomically (see :func:`renderer`)."""
    write_atomic(target, renderer(bulletin, format))


def convert_one(path: str, options: ConvertOptions, *, stdin=None, stdout=None) -> ConvertResult:
    """Parse ``path`` (``-`` reads ``stdin`` bytes) and write each format to ``options.out_dir`` or ``stdout``."""
    from . import load_source, source_from_bytes
    from .pipeline import parse_source

    if path == "-":
        if stdin is None:
            raise InputError("no standard input to read", source="-")
        name = "<stdin>"
        source = _stdin_source(stdin.read(), name, options)
        stem = "stdin"
    else:
        name = path
        source = load_source(path, encoding=options.encoding, format=options.input_format,
                             pdf_engine=options.pdf_engine, password=options.password)
        stem = Path(path).stem
    bulletin = parse_source(source)
    result = ConvertResult(name=name, bulletin=bulletin)
    for format in options.formats:
        if options.out_dir is None:
            stdout.write(render(bulletin, format, compact=options.compact))
        else:
            target = Path(options.out_dir) / output_name(stem, format)
            if options.compact and format == "json":
                write_atomic(target, render(bulletin, format, compact=True))
            else:
                write_rendered(target, bulletin, format)
            result.outputs.append(target)
    return result


def _stdin_source(data: bytes, name: str, options: ConvertOptions):
    """Standard input's bytes as a SourceText; a PDF is spooled to a temporary file (its reader needs one)."""
    from . import _INPUT_FORMATS, source_from_bytes
    from .sniff import HEAD_SIZE, resolve_format

    kind = resolve_format(data[:HEAD_SIZE], options.input_format or "text", explicit=options.input_format is not None,
                          readable=set(_INPUT_FORMATS.values()), source=name)
    if kind != "pdf":
        return source_from_bytes(data, name=name, format=kind, encoding=options.encoding)
    import tempfile

    from .readers.pdf import read_pdf

    with tempfile.TemporaryDirectory(prefix="jxparse-stdin-") as folder:
        spooled = Path(folder, "stdin.pdf")
        spooled.write_bytes(data)
        try:
            source = read_pdf(spooled, engine=options.pdf_engine, password=options.password, name=name)
        except InputError as error:
            error.source = name  # the user knows standard input, not the spool file
            raise
    return source


def prepare_output_dir(out_dir: str | os.PathLike) -> Path:
    """Create the output folder ``out_dir`` (and its parents) or raise InputError saying why it cannot be.

    Checked once before any input is read, so that a mistyped ``-o`` is one clear error rather
    than the same failure repeated for every input.
    """
    folder = Path(out_dir)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise InputError("the output folder is an existing file, not a folder", source=str(folder)) from None
    except OSError as error:
        raise InputError(f"cannot create the output folder: {error.strerror or error}", source=str(folder)) from None
    if not os.access(folder, os.W_OK | os.X_OK):
        raise InputError("the output folder is not writable", source=str(folder))
    return folder


def write_atomic(target: Path, text, *, durable: bool = True) -> None:
    """Write ``text`` (UTF-8) to ``target`` through a temporary file and a rename. ``text`` is a str,
    or a callable that writes the text to the text stream it is given (for writers that stream).

    The temporary file (:func:`jxparse.faults.part_name`) is removed on any error, so a refused write
    (disk full, read-only folder) leaves nothing behind. ``durable`` flushes the file to disk before
    the rename (``fsync``), so that after a power loss ``target`` holds either its old or its new
    content, never an empty file. A ``target`` that is a symbolic link is replaced by the file, never
    written through.
    """
    from .faults import part_name

    target.parent.mkdir(parents=True, exist_ok=True)
    # A unique name opened with "x" (not mkstemp) so that the file gets the user's umask, not 0600.
    temporary = part_name(target)
    try:
        with open(temporary, "x", encoding="utf-8", newline="\n") as stream:
            if callable(text):
                text(stream)
            else:
                stream.write(text)
            if durable:
                stream.flush()
                os.fsync(stream.fileno())
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


__all__ = [
    "OUTPUT_EXTENSIONS", "output_name", "ConvertOptions", "ConvertResult", "line_and_column", "lines_and_columns",
    "render", "renderer", "write_rendered", "convert_one", "prepare_output_dir", "write_atomic",
]
