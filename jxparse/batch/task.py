"""One conversion task and its result: what travels to a worker and back.

A :class:`BatchTask` says everything a worker needs to convert one input; a :class:`BatchResult`
is what converting (or skipping) it gave. Both are dataclasses of plain values, so that they
pickle for the process pool and for dask, and turn into JSON and back (:meth:`BatchTask.to_json`,
:meth:`BatchResult.to_json`) for the child process of the dask engine.

:func:`convert_task` runs in the worker: it reads, parses and writes one input, its outputs
through a temporary file and a rename (:func:`jxparse.convert.write_atomic`) and its stamp last,
and never raises for a bad input.
"""

from __future__ import annotations

import dataclasses
import json
import os
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..convert import ConvertResult, output_name, render, renderer, write_atomic
from ..errors import JxParseError
from .inputs import inside, output_relatives, stem, target_dir
from .stamps import file_sha256, same_file_state, stamp_name, stamp_path, stamp_text

STATUSES = ("ok", "warnings", "failed", "skipped", "timeout", "unsupported")
"""The status of a :class:`BatchResult`: converted without warnings, converted with warnings
(diagnostics of severity warning or error), failed (read or parse error), skipped (outputs up to
date), timed out, unsupported (a file of a folder or glob that is no input format: left out, and
reported so that nothing is left out in silence)."""


@dataclass(frozen=True)
class BatchTask:
    """One input to convert, with everything the worker needs (plain values: it pickles anywhere)."""

    path: str
    """The input file."""
    relative: str
    """Its relative path (:class:`jxparse.batch.BatchInput`): where its outputs go below ``out_dir``."""
    out_dir: str | None
    """The output folder; None renders the outputs into :attr:`BatchResult.texts`."""
    formats: tuple[str, ...]
    """Output formats, in the order they are written."""
    read: dict[str, Any] = field(default_factory=dict)
    """Read options given: ``encoding``, ``format`` (input format), ``pdf_engine``, ``password``."""
    strict: bool = False
    """An input with warnings fails: no outputs, no stamp."""
    compact: bool = False
    """JSON on one line."""
    info: bool = True
    """Keep info diagnostics in :attr:`BatchResult.diagnostic_lines`."""
    max_memory: int | None = None
    """Megabytes of address space for the process converting it (named in the out-of-memory message)."""

    def is_pdf(self) -> bool:
        """Whether the input is read as a PDF (by ``--format`` or by its extension)."""
        from .. import input_format

        return (self.read.get("format") or input_format(self.path)) == "pdf"

    def to_json(self) -> str:
        """The task as JSON (for a child process); :meth:`from_json` reads it back."""
        return json.dumps(dataclasses.asdict(self))

    @classmethod
    def from_json(cls, text: str | bytes) -> BatchTask:
        fields = json.loads(text)
        return cls(**{**fields, "formats": tuple(fields["formats"])})


@dataclass
class BatchResult:
    """What converting (or skipping) one input gave; :meth:`record` is its manifest line."""

    path: str
    relative: str
    status: str
    """One of :data:`STATUSES`."""
    sha256: str | None = None
    """sha256 of the input bytes (None when the input cannot be read)."""
    outputs: list[str] = field(default_factory=list)
    """Output files, relative to the output folder (POSIX)."""
    diagnostics: int = 0
    warnings: int = 0
    """Diagnostics of severity warning or error."""
    error: str | None = None
    """``file: message`` for a failed or timed-out input."""
    seconds: float = 0.0
    pages: int | None = None
    """``source.pages``: the page count of a PDF input."""
    diagnostic_lines: list[str] = field(default_factory=list, repr=False)
    """Diagnostics as ``file:line:col: severity: message [code]``."""
    texts: dict[str, str] = field(default_factory=dict, repr=False)
    """Rendered outputs by format, when there is no output folder."""
    traceback: str | None = field(default=None, repr=False)
    write_errno: int | None = field(default=None, repr=False)
    """The OS error number when an output could not be written (disk full, read-only, ...)."""

    @property
    def failed(self) -> bool:
        """True for ``failed`` and ``timeout``."""
        return self.status in ("failed", "timeout")

    def record(self) -> dict[str, Any]:
        """The manifest line (JSON Lines) of this input."""
        return {"path": self.path, "sha256": self.sha256, "outputs": list(self.outputs), "status": self.status,
                "diagnostics": self.diagnostics, "warnings": self.warnings, "error": self.error,
                "seconds": round(self.seconds, 4), "pages": self.pages}

    def to_json(self) -> str:
        """The result as JSON (from a child process); :meth:`from_json` reads it back."""
        return json.dumps(dataclasses.asdict(self), ensure_ascii=True)

    @classmethod
    def from_json(cls, text: str | bytes) -> BatchResult:
        return cls(**json.loads(text))


# --- the per-file task (runs in a worker) --------------------------------------------------------


def convert_task(task: BatchTask) -> BatchResult:
    """Convert one input as described by ``task``.

    Never raises for a bad input: read and parse errors, refused writes, running out of memory and
    unexpected exceptions become a ``failed`` result.
    """
    start = time.perf_counter()
    path = task.path
    result = BatchResult(path=path, relative=task.relative, status="failed")
    out_of_memory = False
    try:
        _convert_into(task, result)
    except _WriteFailed as error:
        result.error, result.outputs = f"{path}: {error}", []
    except MemoryError:
        out_of_memory = True  # nothing here: the document is only freed when this block is left
    except JxParseError as error:
        if error.source is None or error.source == Path(path).name:
            error.source = path  # the path as given, not just the file name the reader knows
        result.error, result.traceback = str(error).split("\n", 1)[0], traceback.format_exc()
    except Exception as error:  # a jxparse or engine bug: report it, keep the batch going
        result.error = f"{path}: internal error: {type(error).__name__}: {error}"
        result.traceback = traceback.format_exc()
    if out_of_memory:
        limit = task.max_memory
        result.status, result.texts, result.outputs = "failed", {}, []
        result.error = f"{path}: out of memory" + (f" (over --max-memory {limit} MB)" if limit else "")
    if result.status == "failed" and result.sha256 is None:
        result.sha256 = file_sha256(path)
    result.seconds = time.perf_counter() - start
    return result


def _convert_into(task: BatchTask, result: BatchResult) -> None:
    """The work of :func:`convert_task`; its locals (the document) are freed when it ends, however it ends."""
    from .. import load_source
    from ..pipeline import parse_source

    path, relative, read = task.path, task.relative, task.read
    try:
        input_stat = os.stat(path)
    except OSError:
        input_stat = None
    source = load_source(path, encoding=read.get("encoding"), format=read.get("format"),
                         pdf_engine=read.get("pdf_engine", "pdfplumber"), password=read.get("password"))
    # Every reader reads the file's bytes once and hashes those: the sha256 is of what was converted.
    result.sha256 = source.sha256
    if input_stat is not None and not same_file_state(input_stat, path):
        input_stat = None  # changed while being read: the stamp makes the next run compare hashes
    bulletin = parse_source(source)
    del source
    converted = ConvertResult(name=path, bulletin=bulletin)
    result.diagnostics = len(bulletin.diagnostics)
    result.warnings = converted.warnings
    result.diagnostic_lines = converted.diagnostic_lines(info=task.info)
    result.pages = bulletin.source.pages
    if task.strict and converted.warnings:
        # A failure under --strict: no outputs and above all no stamp, so that a rerun with
        # --skip-existing tries the input again instead of skipping it and exiting 0.
        plural = "s" if converted.warnings != 1 else ""
        result.error = f"{path}: {converted.warnings} warning{plural}, a failure under --strict"
        return
    out_dir = task.out_dir
    if out_dir is None:
        result.texts = {format: render(bulletin, format, compact=task.compact) for format in task.formats}
    else:
        folder = target_dir(out_dir, relative)
        name = stem(relative)
        _check_folder(folder, out_dir, path)
        for format in task.formats:
            # JSON, XML, Markdown and the tree are streamed into the file, never held whole.
            text = (render(bulletin, format, compact=True) if task.compact and format == "json"
                    else renderer(bulletin, format))
            _write(folder / output_name(name, format), text, result)
        result.outputs = output_relatives(relative, task.formats)
        # Outputs are flushed to disk before their rename and the stamp is written last, so a stamp
        # found after a power loss vouches for complete outputs. The folder itself is not synced per
        # input (a third of the cost): a lost rename only means the input is converted again.
        _write(stamp_path(out_dir, relative),
               stamp_text(relative=relative, sha256=result.sha256, input_stat=input_stat, read=read,
                          formats=task.formats, outputs=result.outputs, diagnostics=result.diagnostics,
                          warnings=result.warnings, pages=result.pages), result)
    result.status = "warnings" if converted.warnings else "ok"


class _WriteFailed(Exception):
    """An output that cannot be written; its message is :func:`jxparse.faults.write_error`'s."""


def _write(target: Path, text, result: BatchResult) -> None:
    """Write ``text`` (a str, or a callable writing to a stream: :func:`jxparse.convert.renderer`)."""
    from ..faults import write_error

    try:
        write_atomic(target, text)
    except OSError as error:
        result.write_errno = error.errno
        raise _WriteFailed(write_error(error, target)) from None


def _check_folder(folder: Path, out_dir: str, path: str) -> None:
    """Refuse a target folder that a symbolic link leads outside the output folder."""
    real = os.path.realpath(folder)
    if not inside(real, os.path.realpath(out_dir)):
        raise _WriteFailed(f"refusing to write to {folder}: a symbolic link leads it outside {out_dir} (to {real})")


# --- results of a task that did not end by itself -------------------------------------------------


def timeout_result(task: BatchTask, timeout: float, seconds: float) -> BatchResult:
    """The result of a task killed after ``timeout`` seconds."""
    return BatchResult(path=task.path, relative=task.relative, status="timeout", sha256=file_sha256(task.path),
                       error=f"{task.path}: timed out after {timeout:g} s", seconds=seconds)


def crash_result(task: BatchTask, message: str, seconds: float = 0.0) -> BatchResult:
    """The result of a task whose process died or whose cluster lost it."""
    return BatchResult(path=task.path, relative=task.relative, status="failed", sha256=file_sha256(task.path),
                       error=f"{task.path}: {message}", seconds=seconds)


def remove_parts(task: BatchTask, pid: int | None = None) -> None:
    """Delete the temporary files a killed worker (process ``pid``) may have left for this task.

    Only that process's: another run writing the same outputs into the same folder keeps its own.
    """
    from ..faults import remove_parts_of

    if task.out_dir is None:
        return
    folder = target_dir(task.out_dir, task.relative)
    name = stem(task.relative)
    remove_parts_of(folder, [output_name(name, f) for f in task.formats] + [stamp_name(name)], pid)
