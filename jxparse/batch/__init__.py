"""Batch conversion at archive scale: many inputs, a process pool or a dask cluster.

:func:`convert_many` is what ``jxparse convert`` runs. It

1. collects inputs (:func:`collect_inputs`): named files as given; folders walked recursively and
   globs expanded, keeping files whose extension is one of :data:`INPUT_EXTENSIONS` (or, when
   ``include`` patterns are given, files matching one of them); ``exclude`` patterns drop files.
   Every input gets a *relative path*: below the folder named on the command line, below the
   literal folder part of a glob, or just its file name for a named file. Outputs mirror it:
   ``out_dir/<relative folder>/<stem>.<ext>``;
2. keeps one shard (``shard=(i, n)``, 1 <= i <= n) by a stable hash of the relative path, so that
   ``n`` machines given the same folder split it without talking to each other;
3. skips inputs whose outputs are up to date (``skip_existing``, see :func:`is_up_to_date`);
4. converts the rest in worker processes (``engine="local"``) or on a dask.distributed cluster
   (``engine="dask"``), each document bounded by ``timeout`` seconds;
5. yields one :class:`BatchResult` per input, in sorted input order whatever the completion order.

A document that fails or times out is reported in its result; the batch goes on.

**Stamps.** After all outputs of an input are written, a small JSON *stamp*
``out_dir/<relative folder>/.<stem>.jxparse-stamp`` is written (atomically, last) with the jxparse
version, the input's sha256, size and mtime, the formats and the diagnostics counts. The JSON
output itself carries no jxparse version, and a stamp per input (rather than one shared file)
keeps shards and cluster workers on shared storage from contending for one file; its presence
also says that the set of outputs is complete.

**Timeouts.** The local engine runs its own small pool of ``multiprocessing`` processes, one pipe
each, instead of :class:`concurrent.futures.ProcessPoolExecutor`: the executor can neither cancel
a running task nor kill one worker (killing one breaks the whole pool and fails every pending
future). Here the parent waits on the pipes and the process sentinels with the nearest deadline;
a worker past its deadline is killed (SIGKILL), its temporary ``*.part`` files are removed, the
input is reported as ``timeout`` and a fresh worker takes its place. A worker that dies (out of
memory, crash) is reported the same way as ``failed``. On the dask engine a running task cannot be
killed, so with a timeout each document runs in a child ``python`` process of the dask worker,
killed by :func:`subprocess.run` when its time is up.

**Interrupts.** Outputs are written through a temporary file and a rename
(:func:`jxparse.convert.write_atomic`); workers ignore SIGINT and turn SIGTERM into a clean exit
that removes their temporary file; on KeyboardInterrupt the parent terminates the workers and
removes what temporary files remain, so an interrupted run leaves only complete outputs, and a
rerun with ``skip_existing`` converts the rest.

This module imports neither dask nor pdfplumber at import time.
"""

from __future__ import annotations

import fnmatch
import glob
import hashlib
import json
import os
import sys
import time
import traceback
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any, Callable, Iterable, Iterator

from ..convert import OUTPUT_EXTENSIONS, ConvertResult, output_name, render, renderer, write_atomic
from ..errors import JxParseError

__all__ = [
    "DEFAULT_SCHEDULER_TIMEOUT", "INPUT_EXTENSIONS", "STATUSES", "BatchError", "BatchInput", "BatchResult",
    "collect_inputs", "connect_scheduler", "convert_many", "check_manifest", "default_workers", "is_up_to_date",
    "read_key", "parse_shard", "shard_of", "stamp_path",
]

INPUT_EXTENSIONS = (".txt", ".md", ".html", ".htm", ".pdf", ".docx", ".ofd")
"""Extensions of the files taken from folders and globs when no ``include`` pattern is given."""

STATUSES = ("ok", "warnings", "failed", "skipped", "timeout", "unsupported")
"""The status of a :class:`BatchResult`: converted without warnings, converted with warnings
(diagnostics of severity warning or error), failed (read or parse error), skipped (outputs up to
date), timed out, unsupported (a file of a folder or glob that is no input format: left out, and
reported so that nothing is left out in silence)."""

_READ_OPTIONS = ("encoding", "format", "input_format", "pdf_engine", "password")
_MAX_TASKS_PER_WORKER = 500  # a fresh worker process after this many documents keeps memory bounded
_STAMP_SUFFIX = ".jxparse-stamp"


class BatchError(ValueError):
    """A batch that cannot start: bad options, or two inputs that would write the same output."""


@dataclass(frozen=True)
class BatchInput:
    """One input found on the command line."""

    path: str
    """The path as found: the argument itself, or joined below the folder or glob given."""
    relative: str
    """POSIX path relative to the folder (or glob prefix) given; the file name for a named file."""
    error: str | None = None
    """Why this argument gives no file (missing path, glob without a match)."""
    left_out: str | None = None
    """Why a file found in a folder or glob is not converted (its extension is no input format)."""


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


# --- collecting inputs ---------------------------------------------------------------------------


def _matches(relative: str, patterns: Iterable[str]) -> bool:
    name = relative.rsplit("/", 1)[-1]
    return any(fnmatch.fnmatchcase(relative, p) or fnmatch.fnmatchcase(name, p) for p in patterns)


def _wanted(relative: str, include: tuple[str, ...], exclude: tuple[str, ...]) -> bool:
    if exclude and _matches(relative, exclude):
        return False
    if include:
        return _matches(relative, include)
    return os.path.splitext(relative)[1].lower() in INPUT_EXTENSIONS


def _left_out_reason(relative: str, include: tuple[str, ...], exclude: tuple[str, ...]) -> str | None:
    """Why a file that :func:`_wanted` refuses is left out, when the user did not choose that.

    Files the user's own --include/--exclude leave out are a choice and are not reported; a file
    left out only for its extension (a .docx or .jpg in an archive folder) is.
    """
    if include or (exclude and _matches(relative, exclude)):
        return None
    extension = os.path.splitext(relative)[1].lower()
    shown = extension or "a file without extension"
    return f"left out: {shown} is not an input format (jxparse reads {' '.join(INPUT_EXTENSIONS)}; --include takes it anyway)"


def _glob_root(pattern: str) -> str:
    """The literal folder part of a glob pattern: ``data/2019/*/x.txt`` -> ``data/2019``."""
    parts = Path(pattern).parts
    literal = []
    for part in parts[:-1]:
        if glob.has_magic(part):
            break
        literal.append(part)
    return str(Path(*literal)) if literal else "."


def collect_inputs(paths: Iterable[str | os.PathLike], *, include: Iterable[str] = (), exclude: Iterable[str] = (),
                   out_dir: str | os.PathLike | None = None,
                   left_out: list[BatchInput] | None = None) -> list[BatchInput]:
    """Files, folders (recursive) and globs as a sorted list of inputs (see the module docstring).

    Hidden files and folders (``.name``) in folders are left out, and so is ``out_dir`` when it lies
    inside a folder given. A missing path or a glob without a match gives an input with ``error``;
    files of folders and globs left out only for their extension are appended to the list
    ``left_out`` (when given) as inputs whose ``left_out`` says why.
    """
    include, exclude = tuple(include), tuple(exclude)
    skip_dir = Path(out_dir).resolve() if out_dir is not None else None
    found: list[BatchInput] = []
    seen: set[str] = set()

    def add(path: str, relative: str, reason: str | None = None) -> None:
        key = os.path.realpath(path)
        if key not in seen:
            seen.add(key)
            if reason is None:
                found.append(BatchInput(path=path, relative=relative))
            elif left_out is not None:
                left_out.append(BatchInput(path=path, relative=relative, left_out=reason))

    for argument in map(os.fspath, paths):
        path = Path(argument)
        if path.is_file():
            if not (exclude and _matches(path.name, exclude)):
                add(argument, path.name)
        elif path.is_dir():
            def unreadable(error: OSError, root: str = argument) -> None:
                # a sub-folder that cannot be listed is reported (a failed input), never skipped in silence
                where = error.filename or root
                relative = PurePosixPath(*Path(os.path.relpath(where, root)).parts).as_posix()
                found.append(BatchInput(path=os.fspath(where), relative=relative,
                                        error=f"{where}: cannot read the folder: {error.strerror or error}"))

            for folder, dirs, files in os.walk(argument, onerror=unreadable):
                dirs[:] = sorted(d for d in dirs if not d.startswith(".")
                                 and (skip_dir is None or Path(folder, d).resolve() != skip_dir))
                for name in sorted(files):
                    full = os.path.join(folder, name)
                    if name.startswith(".") or not os.path.isfile(full):  # hidden, FIFO, socket, broken link
                        continue
                    relative = PurePosixPath(*Path(os.path.relpath(full, argument)).parts).as_posix()
                    if _wanted(relative, include, exclude):
                        add(full, relative)
                    elif left_out is not None and (reason := _left_out_reason(relative, include, exclude)):
                        add(full, relative, f"{full}: {reason}")
        elif glob.has_magic(argument):
            root = _glob_root(argument)
            matches = [m for m in sorted(glob.glob(argument, recursive=True)) if os.path.isfile(m)
                       # the -o folder inside the globbed folder: its outputs are no inputs of the next run
                       and not (skip_dir is not None and _inside(os.path.realpath(m), str(skip_dir)))]
            kept = 0
            for match in matches:
                relative_os = os.path.relpath(os.path.normpath(match), root)
                if relative_os.startswith(os.pardir):
                    raise BatchError(f"{match}: the glob {argument!r} leads outside its folder {root!r}")
                relative = PurePosixPath(*Path(relative_os).parts).as_posix()
                if _wanted(relative, include, exclude):
                    add(match, relative)
                    kept += 1
                elif left_out is not None and (reason := _left_out_reason(relative, include, exclude)):
                    add(match, relative, f"{match}: {reason}")
            if not matches:
                found.append(BatchInput(path=argument, relative=path.name, error=f"{argument}: no file matches"))
        else:
            found.append(BatchInput(path=argument, relative=path.name,
                                    error=f"{argument}: no such file or directory"))
    found.sort(key=lambda item: item.path)
    return found


def parse_shard(value: str | tuple[int, int] | None) -> tuple[int, int] | None:
    """``"2/4"`` or ``(2, 4)`` as (i, n) with 1 <= i <= n; raises BatchError otherwise."""
    if value is None:
        return None
    try:
        i, n = (value.split("/") if isinstance(value, str) else value)
        i, n = int(i), int(n)
    except (TypeError, ValueError):
        raise BatchError(f"shard must be I/N (e.g. 1/4), not {value!r}") from None
    if not 1 <= i <= n:
        raise BatchError(f"shard {i}/{n}: I must be between 1 and N")
    return i, n


def shard_of(relative: str, n: int) -> int:
    """The 1-based shard of an input: a stable hash (sha256) of its relative path, modulo n."""
    # surrogateescape: a name that is not UTF-8 hashes as the bytes the OS gave (valid names as before)
    return int.from_bytes(hashlib.sha256(relative.encode("utf-8", "surrogateescape")).digest()[:8], "big") % n + 1


def default_workers() -> int:
    """The number of cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


# --- outputs and stamps --------------------------------------------------------------------------


def _target_dir(out_dir: str | os.PathLike, relative: str) -> Path:
    return Path(out_dir, *PurePosixPath(relative).parent.parts)


def _stem(relative: str) -> str:
    return PurePosixPath(relative).stem


def _output_relatives(relative: str, formats: Iterable[str]) -> list[str]:
    folder = PurePosixPath(relative).parent
    return [(folder / output_name(_stem(relative), f)).as_posix() for f in formats]


def stamp_path(out_dir: str | os.PathLike, relative: str) -> Path:
    """Where the stamp of an input goes: ``out_dir/<relative folder>/.<stem>.jxparse-stamp``."""
    return _target_dir(out_dir, relative) / _stamp_name(_stem(relative))


def _stamp_name(stem: str) -> str:
    from ..faults import fit_name

    return fit_name(f".{stem}{_STAMP_SUFFIX}", keep=_STAMP_SUFFIX)  # a long stem: shortened with a hash


def read_key(read: dict | None) -> dict[str, Any]:
    """The read options that change what an input converts to, as recorded in its stamp.

    ``encoding``, ``format`` and ``pdf_engine`` as given (the engine's default filled in), and
    whether a password was given (never the password itself).
    """
    read = read or {}
    return {"encoding": read.get("encoding"), "format": read.get("format") or read.get("input_format"),
            "pdf_engine": read.get("pdf_engine") or "pdfplumber", "password": bool(read.get("password"))}


def is_up_to_date(item: BatchInput, out_dir: str | os.PathLike, formats: Iterable[str],
                  read: dict | None = None) -> dict | None:
    """The stamp of ``item`` when its outputs need no conversion, else None.

    Up to date means: the stamp exists, was written by this jxparse version with the same read
    options (:func:`read_key`), every output of ``formats`` exists, and the input is the one that
    was converted: same size, and same mtime, or, where the mtime differs (a copy with ``cp -p``,
    a restore from backup, ``touch``), the same sha256 as the bytes converted. A stamp whose input
    only changed mtime is rewritten with the new mtime, so the next run need not hash again.
    """
    from .. import __version__

    try:
        path = stamp_path(out_dir, item.relative)
        stamp = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(stamp, dict) or stamp.get("jxparse") != __version__:
            return None
        if stamp.get("read") != read_key(read):
            return None
        input_stat = os.stat(item.path)
        if stamp.get("size") != input_stat.st_size:
            return None
        folder = _target_dir(out_dir, item.relative)
        for format in formats:
            os.stat(folder / output_name(_stem(item.relative), format))
        if stamp.get("mtime_ns") != input_stat.st_mtime_ns:
            digest = _file_sha256(item.path)
            if digest is None or digest != stamp.get("sha256"):
                return None
            _rewrite_stamp(path, {**stamp, "mtime_ns": input_stat.st_mtime_ns})
    except (OSError, ValueError):
        return None
    return stamp


def _rewrite_stamp(path: Path, stamp: dict) -> None:
    try:
        write_atomic(path, json.dumps(stamp, ensure_ascii=True, indent=1) + "\n")
    except OSError:  # a read-only output folder: the next run hashes again, nothing is lost
        pass


def _remove_parts(task: dict, pid: int | None = None) -> None:
    """Delete the temporary files a killed worker (process ``pid``) may have left for this task.

    Only that process's: another run writing the same outputs into the same folder keeps its own.
    """
    from ..faults import remove_parts_of

    if task.get("out_dir") is None:
        return
    folder = _target_dir(task["out_dir"], task["relative"])
    stem = _stem(task["relative"])
    remove_parts_of(folder, [output_name(stem, f) for f in task["formats"]] + [_stamp_name(stem)], pid)


def _file_sha256(path: str) -> str | None:
    import stat

    digest = hashlib.sha256()
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):  # never block on a FIFO or a device
            return None
        with open(path, "rb") as stream:
            for block in iter(lambda: stream.read(1 << 20), b""):
                digest.update(block)
    except (OSError, MemoryError):
        return None
    return digest.hexdigest()


# --- the per-file task (runs in a worker) --------------------------------------------------------


def convert_task(task: dict) -> dict:
    """Convert one input as described by ``task`` (a plain dict, so that it pickles anywhere).

    Returns the fields of a :class:`BatchResult` as a dict. Never raises for a bad input: read and
    parse errors, refused writes, running out of memory and unexpected exceptions become a
    ``failed`` result.
    """
    start = time.perf_counter()
    path = task["path"]
    result: dict[str, Any] = {"path": path, "relative": task["relative"], "status": "failed", "sha256": None,
                              "outputs": [], "diagnostics": 0, "warnings": 0, "error": None, "pages": None,
                              "diagnostic_lines": [], "texts": {}, "traceback": None}
    out_of_memory = False
    try:
        _convert_into(task, result)
    except _WriteFailed as error:
        result.update(error=f"{path}: {error}", outputs=[])
    except MemoryError:
        out_of_memory = True  # nothing here: the document is only freed when this block is left
    except JxParseError as error:
        if error.source is None or error.source == Path(path).name:
            error.source = path  # the path as given, not just the file name the reader knows
        result.update(error=str(error).split("\n", 1)[0], traceback=traceback.format_exc())
    except Exception as error:  # a jxparse or engine bug: report it, keep the batch going
        result.update(error=f"{path}: internal error: {type(error).__name__}: {error}",
                      traceback=traceback.format_exc())
    if out_of_memory:
        limit = task.get("max_memory")
        result.update(status="failed", texts={}, outputs=[],
                      error=f"{path}: out of memory" + (f" (over --max-memory {limit} MB)" if limit else ""))
    if result["status"] == "failed" and result["sha256"] is None:
        result["sha256"] = _file_sha256(path)
    result["seconds"] = time.perf_counter() - start
    return result


def _convert_into(task: dict, result: dict) -> None:
    """The work of :func:`convert_task`; its locals (the document) are freed when it ends, however it ends."""
    from .. import __version__, load_source
    from ..pipeline import parse_source

    path, relative = task["path"], task["relative"]
    read = task.get("read", {})
    try:
        input_stat = os.stat(path)
    except OSError:
        input_stat = None
    source = load_source(path, encoding=read.get("encoding"), format=read.get("format"),
                         pdf_engine=read.get("pdf_engine", "pdfplumber"), password=read.get("password"))
    # Every reader reads the file's bytes once and hashes those: the sha256 is of what was converted.
    result["sha256"] = source.sha256
    if input_stat is not None and not _same_file_state(input_stat, path):
        input_stat = None  # changed while being read: the stamp makes the next run compare hashes
    bulletin = parse_source(source)
    del source
    converted = ConvertResult(name=path, bulletin=bulletin)
    result.update(diagnostics=len(bulletin.diagnostics), warnings=converted.warnings,
                  diagnostic_lines=converted.diagnostic_lines(info=task.get("info", True)),
                  pages=bulletin.source.pages)
    if task.get("strict") and converted.warnings:
        # A failure under --strict: no outputs and above all no stamp, so that a rerun with
        # --skip-existing tries the input again instead of skipping it and exiting 0.
        plural = "s" if converted.warnings != 1 else ""
        result["error"] = f"{path}: {converted.warnings} warning{plural}, a failure under --strict"
        return
    out_dir = task.get("out_dir")
    compact = task.get("compact", False)
    if out_dir is None:
        result["texts"] = {format: render(bulletin, format, compact=compact) for format in task["formats"]}
    else:
        folder = _target_dir(out_dir, relative)
        stem = _stem(relative)
        _check_folder(folder, out_dir, path)
        for format in task["formats"]:
            # JSON, XML, Markdown and the tree are streamed into the file, never held whole.
            text = render(bulletin, format, compact=True) if compact and format == "json" else renderer(bulletin, format)
            _write(folder / output_name(stem, format), text, result)
        result["outputs"] = _output_relatives(relative, task["formats"])
        stamp = {"jxparse": __version__, "input": relative, "sha256": result["sha256"],
                 "size": input_stat.st_size if input_stat else None,
                 "mtime_ns": input_stat.st_mtime_ns if input_stat else None, "read": read_key(read),
                 "formats": list(task["formats"]), "outputs": result["outputs"],
                 "diagnostics": result["diagnostics"], "warnings": result["warnings"],
                 "pages": result["pages"]}
        # Outputs are flushed to disk before their rename and the stamp is written last, so a stamp
        # found after a power loss vouches for complete outputs. The folder itself is not synced per
        # input (a third of the cost): a lost rename only means the input is converted again.
        _write(stamp_path(out_dir, relative), json.dumps(stamp, ensure_ascii=True, indent=1) + "\n", result)
    result["status"] = "warnings" if converted.warnings else "ok"


class _WriteFailed(Exception):
    """An output that cannot be written; its message is :func:`jxparse.faults.write_error`'s."""


def _write(target: Path, text, result: dict) -> None:
    """Write ``text`` (a str, or a callable writing to a stream: :func:`jxparse.convert.renderer`)."""
    from ..faults import write_error

    try:
        write_atomic(target, text)
    except OSError as error:
        result["write_errno"] = error.errno
        raise _WriteFailed(write_error(error, target)) from None


def _check_folder(folder: Path, out_dir: str, path: str) -> None:
    """Refuse a target folder that a symbolic link leads outside the output folder."""
    real = os.path.realpath(folder)
    if not _inside(real, os.path.realpath(out_dir)):
        raise _WriteFailed(f"refusing to write to {folder}: a symbolic link leads it outside {out_dir} (to {real})")


def _same_file_state(before: os.stat_result, path: str) -> bool:
    try:
        after = os.stat(path)
    except OSError:
        return False
    return (after.st_size, after.st_mtime_ns, after.st_ino) == (before.st_size, before.st_mtime_ns, before.st_ino)


def _timeout_result(task: dict, timeout: float, seconds: float) -> dict:
    return {"path": task["path"], "relative": task["relative"], "status": "timeout",
            "sha256": _file_sha256(task["path"]), "outputs": [], "diagnostics": 0, "warnings": 0,
            "error": f"{task['path']}: timed out after {timeout:g} s", "pages": None, "seconds": seconds}


def _crash_result(task: dict, message: str, seconds: float = 0.0) -> dict:
    return {"path": task["path"], "relative": task["relative"], "status": "failed",
            "sha256": _file_sha256(task["path"]), "outputs": [], "diagnostics": 0, "warnings": 0,
            "error": f"{task['path']}: {message}", "pages": None, "seconds": seconds}


# --- the local engine: a pool whose workers can be killed one by one ----------------------------


def _init_worker(parent: int | None = None, inherited: tuple[int, ...] = (), max_memory: int | None = None) -> None:
    """Worker setup: leave Ctrl-C to the parent, exit cleanly on SIGTERM, build the grammars once.

    A forked worker also closes the ``inherited`` descriptors (the parent's ends of the other
    workers' pipes: a worker holding them would keep those workers from seeing end-of-file when
    the parent dies) and points its standard output at /dev/null (an orphan holding the parent's
    stdout keeps ``jxparse … | tee log`` waiting); it dies with the parent (:func:`die_with_parent`)
    and is held to ``max_memory`` MB (:func:`limit_memory`).
    """
    import signal

    from ..faults import die_with_parent, limit_memory

    signal.signal(signal.SIGINT, signal.SIG_IGN)

    def stop(signum, frame):
        raise SystemExit(128 + signum)  # unwinds write_atomic, which removes its temporary file

    signal.signal(signal.SIGTERM, stop)
    if hasattr(signal, "SIGHUP"):
        signal.signal(signal.SIGHUP, signal.SIG_IGN)  # a closed terminal: the parent decides, and stops us
    for descriptor in inherited:
        try:
            os.close(descriptor)
        except OSError:
            pass
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, 1)
        os.close(null)
    except OSError:
        pass
    if parent is not None:
        die_with_parent(parent)
    from .. import dumps, parse

    # A small document that takes the grammars through titles, 文号, headings, amounts and dates.
    dumps(parse(_WARM_UP), format="json")
    limit_memory(max_memory)  # after the warm-up: the grammars are the same for every document


_WARM_UP = ("嘉兴市人民政府关于印发某某办法的通知\n\n嘉政发〔2019〕15号\n\n各县(市、区)人民政府:\n\n一、总则\n\n"
            "(一)补助 1.5 万元。\n\n1.项目\n\n嘉兴市人民政府\n\n2019 年 7 月 3 日\n")


def _worker_main(connection, parent: int | None = None, inherited: tuple[int, ...] = (),
                 max_memory: int | None = None) -> None:
    _init_worker(parent, inherited, max_memory)
    while True:
        try:
            message = connection.recv()
        except (EOFError, OSError):
            return
        if message is None:
            return
        index, task = message
        try:
            result = convert_task(task)
        except MemoryError:  # even the failure report did not fit under --max-memory
            result = None
        if result is None:
            result = _crash_result(task, f"out of memory (over --max-memory {task.get('max_memory')} MB, "
                                         "which may be below what a worker needs to start)")
        connection.send((index, result))


def _mp_context():
    """fork where it is safe (Linux, one thread: workers inherit the loaded grammars), else a clean start."""
    import multiprocessing
    import threading

    if sys.platform.startswith("linux"):
        return multiprocessing.get_context("fork" if threading.active_count() == 1 else "forkserver")
    return multiprocessing.get_context("spawn")


class _Worker:
    def __init__(self, context, others: list[_Worker] = (), max_memory: int | None = None) -> None:
        self.connection, child = context.Pipe()
        # A forked child inherits every descriptor of the parent: it closes the parent's ends of the
        # other workers' pipes and of its own (ints are only meaningful across fork).
        inherited = ()
        if context.get_start_method() == "fork":
            inherited = tuple(w.connection.fileno() for w in others) + (self.connection.fileno(),)
        self.process = context.Process(target=_worker_main, args=(child, os.getpid(), inherited, max_memory),
                                       daemon=True, name="jxparse-worker")
        self.process.start()
        child.close()
        self.task: tuple[int, dict] | None = None
        self.started = 0.0
        self.done = 0

    def send(self, index: int, task: dict) -> None:
        self.task = (index, task)
        self.started = time.monotonic()
        self.connection.send((index, task))

    def stop(self, grace: float = 2.0) -> None:
        """Ask the process to end (SIGTERM: it removes its temporary file), then kill it."""
        if self.process.is_alive():
            if self.task is None:
                try:
                    self.connection.send(None)
                except OSError:
                    pass
            else:
                self.process.terminate()
            self.process.join(grace)
            if self.process.is_alive():
                self.process.kill()
                self.process.join()
        self.connection.close()
        if self.task is not None:
            _remove_parts(self.task[1], self.process.pid)

    def kill(self) -> None:
        self.process.kill()
        self.process.join()
        self.connection.close()
        if self.task is not None:
            _remove_parts(self.task[1], self.process.pid)


def _run_local(tasks: list[tuple[int, dict]], workers: int, timeout: float | None,
               max_memory: int | None = None) -> Iterator[tuple[int, dict]]:
    """Run tasks in ``workers`` processes; yield (index, result) in completion order."""
    from multiprocessing.connection import wait

    from ..faults import describe_exit

    context = _mp_context()
    pending = deque(tasks)
    pool: list[_Worker] = []
    try:
        while pending or any(w.task is not None for w in pool):
            while len(pool) < workers and len(pool) < len(pending) + sum(w.task is not None for w in pool):
                pool.append(_Worker(context, pool, max_memory))
            for worker in pool:
                if worker.task is None and pending:
                    worker.send(*pending.popleft())
            busy = [w for w in pool if w.task is not None]
            wait_for = None
            if timeout is not None:
                wait_for = max(0.0, min(w.started + timeout for w in busy) - time.monotonic())
            ready = set(wait([w.connection for w in busy] + [w.process.sentinel for w in busy], wait_for))
            now = time.monotonic()
            for worker in busy:
                index, task = worker.task
                if worker.connection in ready:
                    try:
                        got_index, result = worker.connection.recv()
                    except (EOFError, OSError):
                        got_index, result = index, None
                    if result is None:
                        worker.process.join(1.0)
                        code = worker.process.exitcode
                        worker.kill()
                        pool.remove(worker)
                        yield index, _crash_result(task, f"the worker process died ({describe_exit(code)})",
                                                   now - worker.started)
                        continue
                    worker.task = None
                    worker.done += 1
                    if worker.done >= _MAX_TASKS_PER_WORKER:
                        worker.stop()
                        pool.remove(worker)
                    yield got_index, result
                elif worker.process.sentinel in ready:
                    worker.process.join()
                    code = worker.process.exitcode
                    worker.kill()
                    pool.remove(worker)
                    yield index, _crash_result(task, f"the worker process died ({describe_exit(code)})",
                                               now - worker.started)
                elif timeout is not None and now - worker.started >= timeout:
                    worker.kill()
                    pool.remove(worker)
                    yield index, _timeout_result(task, timeout, now - worker.started)
    finally:
        for worker in pool:
            worker.stop()


# --- the dask engine ------------------------------------------------------------------------------


def _subprocess_task(task: dict, timeout: float | None) -> dict:
    """Run :func:`convert_task` in a child python, killed after ``timeout`` seconds and held to the
    task's ``max_memory`` (dask engine: a running task cannot be killed, nor a worker limited)."""
    import subprocess

    start = time.perf_counter()
    env = dict(os.environ)
    package_parent = str(Path(__file__).resolve().parents[2])
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [package_parent, env.get("PYTHONPATH")]))
    try:
        done = subprocess.run([sys.executable, "-c", "from jxparse.batch import _child_main; _child_main()"],
                              input=json.dumps(task).encode("utf-8"), capture_output=True, timeout=timeout,
                              env=env, check=False)
    except subprocess.TimeoutExpired:
        _remove_parts(task)
        return _timeout_result(task, timeout, time.perf_counter() - start)
    if done.returncode != 0:
        from ..faults import describe_exit

        return _crash_result(task, f"the converter process failed ({describe_exit(done.returncode)}): "
                                   f"{done.stderr.decode('utf-8', 'replace').strip()[-300:]}",
                             time.perf_counter() - start)
    return json.loads(done.stdout)


def _child_main() -> None:
    """Entry of the child process of :func:`_subprocess_task`: a task as JSON on stdin, the result on stdout."""
    from ..faults import limit_memory

    task = json.loads(sys.stdin.buffer.read())
    limit_memory(task.get("max_memory"))
    result = convert_task(task)
    sys.stdout.write(json.dumps(result, ensure_ascii=True))


DEFAULT_SCHEDULER_TIMEOUT = 10.0
"""Seconds ``convert_many`` waits for a dask scheduler given by address before the run stops (exit 3)."""


def connect_scheduler(address: str, timeout: float = DEFAULT_SCHEDULER_TIMEOUT):
    """A ``dask.distributed.Client`` connected to ``address``, or :class:`jxparse.faults.RunStopped`
    within ``timeout`` seconds.

    Connecting here, before any input is converted, turns an unreachable or mistyped address into
    one clear line instead of dask's own half-minute wait and traceback.
    """
    from dask.distributed import Client

    from ..faults import RunStopped

    try:
        client = Client(address, timeout=timeout)
    except (OSError, TimeoutError, ValueError) as error:  # CommClosedError and friends are OSError
        reason = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise RunStopped(f"cannot reach the dask scheduler at {address} within {timeout:g} s ({reason}); "
                         "check the address, or raise --scheduler-timeout") from None
    client._jxparse_owned = True
    return client


def _run_dask(tasks: list[tuple[int, dict]], workers: int | None, timeout: float | None,
              scheduler) -> Iterator[tuple[int, dict]]:
    """Run tasks on a dask.distributed cluster; yield (index, result) in completion order."""
    import functools

    from dask.distributed import Client, LocalCluster, as_completed

    own: list = []
    if scheduler is None:
        cluster = LocalCluster(n_workers=workers or default_workers(), threads_per_worker=1, processes=True,
                               dashboard_address=None)
        own.append(cluster)
        client = Client(cluster)
        own.insert(0, client)
    elif isinstance(scheduler, Client):
        client = scheduler
        if getattr(client, "_jxparse_owned", False):  # connected by convert_many: ours to close
            own.append(client)
    else:
        client = Client(scheduler)  # a cluster object
        own.append(client)
    isolate = timeout is not None or any(task.get("max_memory") for _, task in tasks)
    function = functools.partial(_subprocess_task, timeout=timeout) if isolate else convert_task
    window = max(64, 8 * len(client.scheduler_info().get("workers", {})))  # bounded in-flight futures
    queue = deque(tasks)
    index_of: dict = {}
    try:
        def submit():
            index, task = queue.popleft()
            future = client.submit(function, task, pure=False)
            index_of[future.key] = (index, task)
            return future

        running = as_completed([submit() for _ in range(min(window, len(queue)))])
        for future in running:
            index, task = index_of.pop(future.key)
            try:
                result = future.result()
            except Exception as error:  # the task itself never raises: a worker lost more often than
                # dask retries a task (distributed.scheduler.allowed-failures), or a lost cluster
                result = _crash_result(task, f"the dask task failed: {type(error).__name__}: {error}")
            if queue:
                running.add(submit())
            yield index, result
    finally:
        for thing in own:
            thing.close()


# --- the batch ------------------------------------------------------------------------------------


def _is_pdf(task: dict) -> bool:
    from .. import input_format

    return (task["read"].get("format") or input_format(task["path"])) == "pdf"


def _flush(finished: dict[int, BatchResult]) -> Iterator[BatchResult]:
    """Results already finished but not yet yielded (a later input done before an earlier one)."""
    for index in sorted(finished):
        yield finished.pop(index)


def _result(fields: dict) -> BatchResult:
    return BatchResult(**{k: fields[k] for k in BatchResult.__dataclass_fields__ if k in fields})


def convert_many(paths: Iterable[str | os.PathLike] | str | os.PathLike, *, formats: Iterable[str] = ("json",),
                 out_dir: str | os.PathLike | None = None, workers: int | None = None, skip_existing: bool = False,
                 shard: str | tuple[int, int] | None = None, timeout: float | None = None,
                 include: Iterable[str] = (), exclude: Iterable[str] = (), engine: str = "local",
                 scheduler=None, progress: Callable[[BatchResult, int, int], None] | None = None,
                 scheduler_timeout: float = DEFAULT_SCHEDULER_TIMEOUT, report_left_out: bool = False,
                 strict: bool = False, compact: bool = False, info_diagnostics: bool = True,
                 manifest: str | os.PathLike | None = None, max_memory: int | None = None,
                 **read_options) -> Iterator[BatchResult]:
    """Convert files, folders and globs; yield one :class:`BatchResult` per input in sorted input order.

    Args:
        paths: files, folders (walked recursively) and glob patterns.
        formats: output formats (``json``, ``xml``, ``md``, ``tree``, ``text``).
        out_dir: write ``out_dir/<relative path>/<stem>.<ext>``; None renders into ``result.texts``.
        workers: processes (local) or LocalCluster workers (dask); default: the number of cores.
            With one worker and no timeout the local engine converts in this process.
        skip_existing: skip inputs whose outputs are up to date (see :func:`is_up_to_date`); needs out_dir.
        shard: ``(i, n)`` or ``"i/n"``: keep the inputs whose :func:`shard_of` is ``i``.
        timeout: seconds per document; a document over it is killed and reported as ``timeout``.
        include, exclude: fnmatch patterns, matched against the relative path and the file name.
        engine: ``local`` (a process pool) or ``dask``.
        scheduler: the dask scheduler address, a ``dask.distributed.Client`` or a cluster; None starts
            a LocalCluster.
        progress: called as ``progress(result, done, total)`` in completion order.
        scheduler_timeout: seconds to wait for a dask scheduler given by address (BatchError after).
        strict: an input with warnings fails (status ``failed``, no outputs, no stamp); an input whose
            stamp records warnings is not skipped.
        info_diagnostics: False leaves info diagnostics out of ``result.diagnostic_lines``.
        compact: JSON on one line (JSON Lines records) instead of indented.
        report_left_out: also yield an ``unsupported`` result for each file of a folder or glob left
            out for its extension (``jxparse convert`` does, so that none is left out in silence).
        manifest: a file the caller is going to write (``--manifest``); it may be none of the inputs,
            lie in no folder or glob to be walked, and be no output (:func:`check_manifest`).
        max_memory: megabytes of address space per worker process (RLIMIT_AS); a document over it
            is reported ``failed`` (out of memory). Documents then always run in worker processes.
        read_options: ``encoding``, ``format`` (input format), ``pdf_engine``, ``password``.

    PDFs always run in worker processes (even with one worker), so that a native abort of a PDF
    engine fails that input and not the run. When :data:`STOP_AFTER_WRITE_FAILURES` inputs in a
    row cannot be written for the same OS reason (disk full, quota, read-only), iterating raises
    :class:`jxparse.faults.RunStopped`; so does an unreachable dask scheduler.

    Raises :class:`BatchError` (before converting anything) for bad options or when two inputs
    would write the same output file or an output would overwrite an input.
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    paths, include, exclude = list(paths), tuple(include), tuple(exclude)
    formats = tuple(formats)
    unknown = [f for f in formats if f not in OUTPUT_EXTENSIONS]
    if unknown or not formats:
        raise BatchError(f"unknown format {', '.join(unknown) or '(none)'}; choose from {', '.join(OUTPUT_EXTENSIONS)}")
    from ..errors import UnknownFormat
    from ..writers import get_writer

    for format in formats:
        if format != "text":
            try:
                get_writer(format)  # an unknown or not yet available writer stops the batch before it starts
            except UnknownFormat as error:
                raise BatchError(error.message) from None
    bad = sorted(set(read_options) - set(_READ_OPTIONS))
    if bad:
        raise TypeError(f"convert_many() got unexpected keyword arguments: {', '.join(bad)}")
    read = {k: v for k, v in read_options.items() if v is not None}
    if "input_format" in read:
        read["format"] = read.pop("input_format")
    if engine not in ("local", "dask"):
        raise BatchError(f"unknown engine {engine!r}; use local or dask")
    if skip_existing and out_dir is None:
        raise BatchError("skip_existing needs an output folder")
    if workers is not None and workers < 1:
        raise BatchError("workers must be at least 1")
    if timeout is not None and not 0 < timeout < float("inf"):  # NaN fails both comparisons
        raise BatchError("timeout must be a positive number of seconds")
    if max_memory is not None and max_memory < 1:
        raise BatchError("max_memory must be at least 1 MB")
    shard = parse_shard(shard)
    if out_dir is not None:
        from ..convert import prepare_output_dir

        try:
            prepare_output_dir(out_dir)
        except JxParseError as error:
            raise BatchError(str(error)) from None
    left_out: list[BatchInput] = []
    inputs = collect_inputs(paths, include=include, exclude=exclude, out_dir=out_dir, left_out=left_out)
    if out_dir is not None:
        _check_targets(inputs, out_dir, formats)
    if manifest is not None:
        check_manifest(manifest, paths, inputs, out_dir=out_dir, formats=formats, include=include, exclude=exclude)
    if report_left_out:
        inputs = sorted(inputs + left_out, key=lambda item: item.path)  # in the manifest, in path order
    if shard is not None:
        inputs = [item for item in inputs if shard_of(item.relative, shard[1]) == shard[0]]
    if engine == "dask" and isinstance(scheduler, str):
        scheduler = connect_scheduler(scheduler, scheduler_timeout)
    return _run(inputs, formats=formats, out_dir=None if out_dir is None else os.fspath(out_dir), workers=workers,
                skip_existing=skip_existing, timeout=timeout, engine=engine, scheduler=scheduler,
                progress=progress, read=read, strict=strict, compact=compact, info=info_diagnostics,
                max_memory=max_memory)


def _inside(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def check_manifest(manifest: str | os.PathLike, paths: Iterable[str | os.PathLike], inputs: list[BatchInput], *,
                   out_dir: str | os.PathLike | None, formats: Iterable[str], include: Iterable[str] = (),
                   exclude: Iterable[str] = ()) -> None:
    """Raise :class:`BatchError` when writing ``manifest`` could destroy or feed the run.

    Refused: a manifest that is one of ``inputs`` (opening it for writing would truncate the input
    before it is read), one that a folder or glob of ``paths`` would take as an input (the next run
    would convert it: its extension or ``include`` says so; the ``out_dir`` inside such a folder is
    not walked, so anything is allowed there), and one that is an output or stamp path of an input.
    """
    include, exclude = tuple(include), tuple(exclude)
    target = os.path.realpath(manifest)
    skip = os.path.realpath(out_dir) if out_dir is not None else None
    for item in inputs:
        if item.error is None and os.path.realpath(item.path) == target:
            raise BatchError(f"--manifest {os.fspath(manifest)} is an input; writing it would destroy it")
    for argument in map(os.fspath, paths):
        if os.path.isdir(argument):
            folder = os.path.realpath(argument)
            relative = PurePosixPath(*Path(os.path.relpath(target, folder)).parts)
            if (_inside(target, folder) and not (skip is not None and _inside(target, skip) and _inside(skip, folder))
                    and not any(part.startswith(".") for part in relative.parts)
                    and _wanted(relative.as_posix(), include, exclude)):
                raise BatchError(f"--manifest {os.fspath(manifest)} lies inside the input folder {argument}; "
                                 "a later run would take it as an input")
        elif (glob.has_magic(argument) and fnmatch.fnmatchcase(target, os.path.realpath(argument))
              and _wanted(os.path.basename(target), include, exclude)):
            raise BatchError(f"--manifest {os.fspath(manifest)} matches the input glob {argument!r}")
    if out_dir is not None and _inside(target, skip):
        formats = tuple(formats)
        for item in inputs:
            if item.error is not None:
                continue
            names = [*_output_relatives(item.relative, formats), PurePosixPath(
                os.path.relpath(stamp_path(out_dir, item.relative), out_dir)).as_posix()]
            for relative in names:
                if os.path.realpath(os.path.join(out_dir, relative)) == target:
                    raise BatchError(f"--manifest {os.fspath(manifest)} is the output {relative} of {item.path}")


def _check_targets(inputs: list[BatchInput], out_dir, formats) -> None:
    owners: dict[str, str] = {}
    input_paths = {os.path.realpath(item.path) for item in inputs if item.error is None and item.left_out is None}
    for item in inputs:
        if item.error is not None or item.left_out is not None:
            continue
        for relative in _output_relatives(item.relative, formats):
            if relative in owners:
                raise BatchError(f"{owners[relative]} and {item.path} would both write {relative}; "
                                 "rename one or leave one out with --exclude")
            owners[relative] = item.path
            if os.path.realpath(os.path.join(out_dir, relative)) in input_paths:
                raise BatchError(f"writing {relative} to {out_dir} would overwrite an input; choose another -o")


STOP_AFTER_WRITE_FAILURES = 8
"""Inputs in a row whose outputs cannot be written for the same OS reason that stop a run."""


def _run(inputs: list[BatchInput], *, formats, out_dir, workers, skip_existing, timeout, engine, scheduler,
         progress, read, strict=False, compact=False, info=True, max_memory=None) -> Iterator[BatchResult]:
    from ..faults import RunStopped, sweep_parts

    if out_dir is not None and os.path.isdir(out_dir):
        sweep_parts(out_dir)  # temporary files of runs killed before they could remove them
    total = len(inputs)
    finished: dict[int, BatchResult] = {}
    done = 0
    tasks: list[tuple[int, dict]] = []

    def finish(index: int, result: BatchResult) -> None:
        nonlocal done
        done += 1
        finished[index] = result
        if progress is not None:
            progress(result, done, total)

    for index, item in enumerate(inputs):
        if item.error is not None:
            finish(index, BatchResult(path=item.path, relative=item.relative, status="failed", error=item.error))
            continue
        if item.left_out is not None:
            finish(index, BatchResult(path=item.path, relative=item.relative, status="unsupported",
                                      error=item.left_out))
            continue
        if skip_existing:
            stamp = is_up_to_date(item, out_dir, formats, read)
            if stamp is not None and not (strict and stamp.get("warnings")):  # warnings fail under --strict
                finish(index, BatchResult(path=item.path, relative=item.relative, status="skipped",
                                          sha256=stamp.get("sha256"), outputs=_output_relatives(item.relative, formats),
                                          diagnostics=stamp.get("diagnostics", 0), warnings=stamp.get("warnings", 0),
                                          pages=stamp.get("pages")))
                continue
        tasks.append((index, {"path": item.path, "relative": item.relative, "out_dir": out_dir,
                              "formats": list(formats), "read": read, "strict": strict, "compact": compact,
                              "info": info, "max_memory": max_memory}))

    next_index = 0

    def ready() -> Iterator[BatchResult]:
        nonlocal next_index
        while next_index in finished:
            yield finished.pop(next_index)
            next_index += 1

    yield from ready()
    if tasks:
        count = min(workers or default_workers(), len(tasks))
        if engine == "dask":
            completed = _run_dask(tasks, workers, timeout, scheduler)
        elif count == 1 and timeout is None and max_memory is None and not any(_is_pdf(t) for _, t in tasks):
            completed = ((index, convert_task(task)) for index, task in tasks)
        else:
            completed = _run_local(tasks, count, timeout, max_memory)
        refused: list[BatchResult] = []  # the latest inputs in a row whose outputs could not be written
        try:
            for index, fields in completed:
                result = _result(fields)
                finish(index, result)
                yield from ready()
                if result.write_errno is None:
                    refused.clear()
                    continue
                if refused and refused[-1].write_errno != result.write_errno:
                    refused.clear()
                refused.append(result)
                if len(refused) >= STOP_AFTER_WRITE_FAILURES:
                    yield from _flush(finished)
                    raise RunStopped(f"stopped: {len(refused)} inputs in a row could not be written "
                                     f"({refused[-1].error.split(': ', 1)[-1]}); "
                                     f"{total - done} inputs were not tried")
        finally:
            close = getattr(completed, "close", None)
            if close is not None:
                close()
    yield from ready()
