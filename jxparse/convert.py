"""Converting one input to files or a stream: what the CLI and batch runs share.

Outputs are written atomically: into a temporary file in the target folder,
then renamed over the final name, so an interrupted run never leaves a
half-written output.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from .ast import Bulletin, Severity
from .errors import InputError

_EXTENSIONS = {"json": ".json", "xml": ".xml", "md": ".md", "tree": ".tree", "text": ".txt"}
OUTPUT_EXTENSIONS = _EXTENSIONS
"""The file extension of each output format (``text`` is the extracted text, ``.txt``)."""


def output_name(stem: str, format: str) -> str:
    """The output file name of an input with this stem in this format: ``<stem>.json`` etc."""
    return stem + _EXTENSIONS[format]


@dataclass(frozen=True)
class ConvertOptions:
    """How to read inputs and what to write."""

    formats: tuple[str, ...] = ("json",)
    out_dir: Path | None = None
    encoding: str | None = None
    input_format: str | None = None
    pdf_engine: str = "pdfplumber"
    password: str | None = None


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

    def diagnostic_lines(self) -> list[str]:
        """Diagnostics as ``file:line:col: severity: message`` lines."""
        diagnostics = self.bulletin.diagnostics
        places = lines_and_columns(self.bulletin.text or "",
                                   [d.span.start for d in diagnostics if d.span is not None])
        lines = []
        for diagnostic in diagnostics:
            where = self.name
            if diagnostic.span is not None:
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


def line_and_column(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of a code-point offset (for one lookup; :class:`LineIndex` for many)."""
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, column


def render(bulletin: Bulletin, format: str) -> str:
    """The output text of one format (``text`` is the extracted source text that spans point into)."""
    if format == "text":
        return bulletin.text or ""
    from . import dumps

    return dumps(bulletin, format=format)


def write_rendered(target: Path, bulletin: Bulletin, format: str) -> None:
    """Write one format of ``bulletin`` to ``target`` atomically, streaming where the writer can
    (JSON), so that the output text is never held whole in memory."""
    if format == "text":
        write_atomic(target, bulletin.text or "")
        return
    from .writers import get_writer

    writer = get_writer(format)
    write_atomic(target, lambda stream: writer.write_to(bulletin, stream))


def convert_one(path: str, options: ConvertOptions, *, stdin=None, stdout=None) -> ConvertResult:
    """Parse ``path`` (``-`` reads ``stdin`` bytes) and write each format to ``options.out_dir`` or ``stdout``."""
    from . import load_source, source_from_bytes
    from .pipeline import parse_source

    if path == "-":
        if stdin is None:
            raise InputError("no standard input to read", source="-")
        name = "<stdin>"
        data = stdin.read()
        kind = options.input_format
        if kind is None:  # Word files go by content, as load_source does for files
            from .readers.docx import word_kind

            kind = "docx" if word_kind(data) else "text"
        source = source_from_bytes(data, name=name, format=kind, encoding=options.encoding)
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
            stdout.write(render(bulletin, format))
        else:
            target = Path(options.out_dir) / output_name(stem, format)
            write_rendered(target, bulletin, format)
            result.outputs.append(target)
    return result


def write_atomic(target: Path, text) -> None:
    """Write ``text`` (UTF-8) to ``target`` through a temporary file and a rename. ``text`` is a str,
    or a callable that writes the text to the text stream it is given (for writers that stream)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    # A unique name opened with "x" (not mkstemp) so that the file gets the user's umask, not 0600.
    temporary = target.with_name(f".{target.name}.{secrets.token_hex(6)}.part")
    try:
        with open(temporary, "x", encoding="utf-8", newline="\n") as stream:
            if callable(text):
                text(stream)
            else:
                stream.write(text)
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
