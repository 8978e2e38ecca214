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

The package holds one idea per module; this module only orchestrates them:

- :mod:`jxparse.batch.inputs`: walking folders and globs, exclusions, shards, output names;
- :mod:`jxparse.batch.stamps`: the ``--skip-existing`` stamps (sha256, size, mtime, read options);
- :mod:`jxparse.batch.task`: one conversion (:class:`BatchTask`) and its :class:`BatchResult`;
- :mod:`jxparse.batch.pool`: the local process pool (timeouts, memory limits, interrupts, the
  parent's death);
- :mod:`jxparse.batch.cluster`: the dask engine;
- :mod:`jxparse.batch.manifest`: where a ``--manifest`` may not go.

**Interrupts.** Outputs are written through a temporary file and a rename
(:func:`jxparse.convert.write_atomic`); workers ignore SIGINT and turn SIGTERM into a clean exit
that removes their temporary file; on KeyboardInterrupt the parent terminates the workers and
removes what temporary files remain, so an interrupted run leaves only complete outputs, and a
rerun with ``skip_existing`` converts the rest.

This package imports neither dask nor pdfplumber at import time.
"""

from __future__ import annotations

import os
from typing import Callable, Iterable, Iterator

from ..convert import OUTPUT_EXTENSIONS
from ..errors import JxParseError
from .cluster import DEFAULT_SCHEDULER_TIMEOUT, connect_scheduler, run_dask
from .inputs import (INPUT_EXTENSIONS, BatchError, BatchInput, check_targets, collect_inputs, output_relatives,
                     parse_shard, shard_of)
from .manifest import check_manifest
from .pool import default_workers, run_local
from .stamps import is_up_to_date, read_key, stamp_path
from .task import STATUSES, BatchResult, BatchTask, convert_task

__all__ = [
    "DEFAULT_SCHEDULER_TIMEOUT", "INPUT_EXTENSIONS", "STATUSES", "BatchError", "BatchInput", "BatchResult",
    "BatchTask", "collect_inputs", "connect_scheduler", "convert_many", "check_manifest",
    "default_workers", "is_up_to_date", "read_key", "parse_shard", "shard_of", "stamp_path",
]

_READ_OPTIONS = ("encoding", "format", "input_format", "pdf_engine", "password")


def _flush(finished: dict[int, BatchResult]) -> Iterator[BatchResult]:
    """Results already finished but not yet yielded (a later input done before an earlier one)."""
    for index in sorted(finished):
        yield finished.pop(index)


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
        check_targets(inputs, out_dir, formats)
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
    tasks: list[tuple[int, BatchTask]] = []

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
                                          sha256=stamp.get("sha256"), outputs=output_relatives(item.relative, formats),
                                          diagnostics=stamp.get("diagnostics", 0), warnings=stamp.get("warnings", 0),
                                          pages=stamp.get("pages")))
                continue
        tasks.append((index, BatchTask(path=item.path, relative=item.relative, out_dir=out_dir, formats=formats,
                                       read=read, strict=strict, compact=compact, info=info,
                                       max_memory=max_memory)))

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
            completed = run_dask(tasks, workers, timeout, scheduler)
        elif count == 1 and timeout is None and max_memory is None and not any(t.is_pdf() for _, t in tasks):
            completed = ((index, convert_task(task)) for index, task in tasks)
        else:
            completed = run_local(tasks, count, timeout, max_memory)
        refused: list[BatchResult] = []  # the latest inputs in a row whose outputs could not be written
        try:
            for index, result in completed:
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
