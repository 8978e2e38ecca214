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
        text = self.bulletin.text or ""
        lines = []
        for diagnostic in self.bulletin.diagnostics:
            where = self.name
            if diagnostic.span is not None:
                line, column = line_and_column(text, diagnostic.span.start)
                where = f"{self.name}:{line}:{column}"
            lines.append(f"{where}: {diagnostic.severity.value}: {diagnostic.message} [{diagnostic.code}]")
        return lines


def line_and_column(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of a code-point offset."""
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, column


def render(bulletin: Bulletin, format: str) -> str:
    """The output text of one format (``text`` is the extracted source text that spans point into)."""
    if format == "text":
        return bulletin.text or ""
    from . import dumps

    return dumps(bulletin, format=format)


def convert_one(path: str, options: ConvertOptions, *, stdin=None, stdout=None) -> ConvertResult:
    """Parse ``path`` (``-`` reads ``stdin`` bytes) and write each format to ``options.out_dir`` or ``stdout``."""
    from . import load_source, source_from_bytes
    from .pipeline import parse_source

    if path == "-":
        if stdin is None:
            raise InputError("no standard input to read", source="-")
        name = "<stdin>"
        source = source_from_bytes(stdin.read(), name=name, format=options.input_format or "text",
                                   encoding=options.encoding)
        stem = "stdin"
    else:
        name = path
        source = load_source(path, encoding=options.encoding, format=options.input_format,
                             pdf_engine=options.pdf_engine, password=options.password)
        stem = Path(path).stem
    bulletin = parse_source(source)
    result = ConvertResult(name=name, bulletin=bulletin)
    for format in options.formats:
        text = render(bulletin, format)
        if options.out_dir is None:
            stdout.write(text)
        else:
            target = Path(options.out_dir) / output_name(stem, format)
            write_atomic(target, text)
            result.outputs.append(target)
    return result


def write_atomic(target: Path, text: str, *, durable: bool = True) -> None:
    """Write ``text`` (UTF-8) to ``target`` through a temporary file and a rename.

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
            stream.write(text)
            if durable:
                stream.flush()
                os.fsync(stream.fileno())
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
