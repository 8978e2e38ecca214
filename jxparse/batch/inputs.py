"""The inputs of a batch and the names of their outputs.

:func:`collect_inputs` turns the command line's files, folders and globs into a sorted list of
:class:`BatchInput`: named files as given; folders walked recursively and globs expanded, keeping
files whose extension is one of :data:`INPUT_EXTENSIONS` (or, when ``include`` patterns are given,
files matching one of them); ``exclude`` patterns drop files. Every input gets a *relative path*:
below the folder named on the command line, below the literal folder part of a glob, or just its
file name for a named file. Outputs mirror it: ``out_dir/<relative folder>/<stem>.<ext>``
(:func:`output_relatives`), and :func:`check_targets` refuses two inputs writing one output.

:func:`shard_of` keeps one shard of the inputs by a stable hash of the relative path, so that
``n`` machines given the same folder split it without talking to each other.
"""

from __future__ import annotations

import fnmatch
import glob
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Iterable

from ..convert import output_name

INPUT_EXTENSIONS = (".txt", ".md", ".html", ".htm", ".pdf", ".docx", ".ofd")
"""Extensions of the files taken from folders and globs when no ``include`` pattern is given."""


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


# --- which files are inputs -----------------------------------------------------------------------


def matches(relative: str, patterns: Iterable[str]) -> bool:
    """Whether an fnmatch pattern matches the relative path or the file name."""
    name = relative.rsplit("/", 1)[-1]
    return any(fnmatch.fnmatchcase(relative, p) or fnmatch.fnmatchcase(name, p) for p in patterns)


def wanted(relative: str, include: tuple[str, ...], exclude: tuple[str, ...]) -> bool:
    """Whether a file of a folder or glob is an input: not excluded, and included or of an input extension."""
    if exclude and matches(relative, exclude):
        return False
    if include:
        return matches(relative, include)
    return os.path.splitext(relative)[1].lower() in INPUT_EXTENSIONS


def _left_out_reason(relative: str, include: tuple[str, ...], exclude: tuple[str, ...]) -> str | None:
    """Why a file that :func:`wanted` refuses is left out, when the user did not choose that.

    Files the user's own --include/--exclude leave out are a choice and are not reported; a file
    left out only for its extension (a .docx or .jpg in an archive folder) is.
    """
    if include or (exclude and matches(relative, exclude)):
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


def inside(path: str, folder: str) -> bool:
    """Whether ``path`` is ``folder`` or lies below it (both resolved by the caller)."""
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


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
            if not (exclude and matches(path.name, exclude)):
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
                    if wanted(relative, include, exclude):
                        add(full, relative)
                    elif left_out is not None and (reason := _left_out_reason(relative, include, exclude)):
                        add(full, relative, f"{full}: {reason}")
        elif glob.has_magic(argument):
            root = _glob_root(argument)
            found_files = [m for m in sorted(glob.glob(argument, recursive=True)) if os.path.isfile(m)
                           # the -o folder inside the globbed folder: its outputs are no inputs of the next run
                           and not (skip_dir is not None and inside(os.path.realpath(m), str(skip_dir)))]
            for match in found_files:
                relative_os = os.path.relpath(os.path.normpath(match), root)
                if relative_os.startswith(os.pardir):
                    raise BatchError(f"{match}: the glob {argument!r} leads outside its folder {root!r}")
                relative = PurePosixPath(*Path(relative_os).parts).as_posix()
                if wanted(relative, include, exclude):
                    add(match, relative)
                elif left_out is not None and (reason := _left_out_reason(relative, include, exclude)):
                    add(match, relative, f"{match}: {reason}")
            if not found_files:
                found.append(BatchInput(path=argument, relative=path.name, error=f"{argument}: no file matches"))
        else:
            found.append(BatchInput(path=argument, relative=path.name,
                                    error=f"{argument}: no such file or directory"))
    found.sort(key=lambda item: item.path)
    return found


# --- shards ---------------------------------------------------------------------------------------


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


# --- the names of the outputs ---------------------------------------------------------------------


def target_dir(out_dir: str | os.PathLike, relative: str) -> Path:
    """The folder the outputs of an input go to: ``out_dir/<relative folder>``."""
    return Path(out_dir, *PurePosixPath(relative).parent.parts)


def stem(relative: str) -> str:
    """The file name of an input without its extension: the outputs' name."""
    return PurePosixPath(relative).stem


def output_relatives(relative: str, formats: Iterable[str]) -> list[str]:
    """The outputs of an input in ``formats``, relative to the output folder (POSIX)."""
    folder = PurePosixPath(relative).parent
    return [(folder / output_name(stem(relative), f)).as_posix() for f in formats]


def check_targets(inputs: list[BatchInput], out_dir, formats) -> None:
    """Raise :class:`BatchError` when two inputs would write one output, or an output is an input."""
    owners: dict[str, str] = {}
    input_paths = {os.path.realpath(item.path) for item in inputs if item.error is None and item.left_out is None}
    for item in inputs:
        if item.error is not None or item.left_out is not None:
            continue
        for relative in output_relatives(item.relative, formats):
            if relative in owners:
                raise BatchError(f"{owners[relative]} and {item.path} would both write {relative}; "
                                 "rename one or leave one out with --exclude")
            owners[relative] = item.path
            if os.path.realpath(os.path.join(out_dir, relative)) in input_paths:
                raise BatchError(f"writing {relative} to {out_dir} would overwrite an input; choose another -o")
