"""The ``--manifest`` file of a run: where it may not go.

The manifest holds one JSON line per input (:meth:`jxparse.batch.BatchResult.record`), written
by the caller as results arrive. :func:`check_manifest` refuses, before anything is opened for
writing, a manifest path that would destroy an input or feed the next run.
"""

from __future__ import annotations

import fnmatch
import glob
import os
from pathlib import Path, PurePosixPath
from typing import Iterable

from .inputs import BatchError, BatchInput, inside, output_relatives, wanted
from .stamps import stamp_path


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
            if (inside(target, folder) and not (skip is not None and inside(target, skip) and inside(skip, folder))
                    and not any(part.startswith(".") for part in relative.parts)
                    and wanted(relative.as_posix(), include, exclude)):
                raise BatchError(f"--manifest {os.fspath(manifest)} lies inside the input folder {argument}; "
                                 "a later run would take it as an input")
        elif (glob.has_magic(argument) and fnmatch.fnmatchcase(target, os.path.realpath(argument))
              and wanted(os.path.basename(target), include, exclude)):
            raise BatchError(f"--manifest {os.fspath(manifest)} matches the input glob {argument!r}")
    if out_dir is not None and inside(target, skip):
        formats = tuple(formats)
        for item in inputs:
            if item.error is not None:
                continue
            names = [*output_relatives(item.relative, formats), PurePosixPath(
                os.path.relpath(stamp_path(out_dir, item.relative), out_dir)).as_posix()]
            for relative in names:
                if os.path.realpath(os.path.join(out_dir, relative)) == target:
                    raise BatchError(f"--manifest {os.fspath(manifest)} is the output {relative} of {item.path}")
