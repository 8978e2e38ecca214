"""Stamps: what ``--skip-existing`` trusts to skip an input whose outputs are up to date.

After all outputs of an input are written, a small JSON *stamp*
``out_dir/<relative folder>/.<stem>.jxparse-stamp`` is written (atomically, last) with the jxparse
version, the input's sha256, size and mtime, the read options (:func:`read_key`), the formats and
the diagnostics counts (:func:`stamp_text`). The JSON output itself carries no jxparse version, and
a stamp per input (rather than one shared file) keeps shards and cluster workers on shared storage
from contending for one file; its presence also says that the set of outputs is complete.
:func:`is_up_to_date` decides from the stamp whether an input may be skipped.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from pathlib import Path
from typing import Any, Iterable

from ..convert import output_name, write_atomic
from .inputs import BatchInput, stem, target_dir

_STAMP_SUFFIX = ".jxparse-stamp"


def stamp_path(out_dir: str | os.PathLike, relative: str) -> Path:
    """Where the stamp of an input goes: ``out_dir/<relative folder>/.<stem>.jxparse-stamp``."""
    return target_dir(out_dir, relative) / stamp_name(stem(relative))


def stamp_name(name: str) -> str:
    """The file name of the stamp of the outputs named ``name`` (an input's stem)."""
    from ..faults import fit_name

    return fit_name(f".{name}{_STAMP_SUFFIX}", keep=_STAMP_SUFFIX)  # a long stem: shortened with a hash


def read_key(read: dict | None) -> dict[str, Any]:
    """The read options that change what an input converts to, as recorded in its stamp.

    ``encoding``, ``format`` and ``pdf_engine`` as given (the engine's default filled in), and
    whether a password was given (never the password itself).
    """
    read = read or {}
    return {"encoding": read.get("encoding"), "format": read.get("format") or read.get("input_format"),
            "pdf_engine": read.get("pdf_engine") or "pdfplumber", "password": bool(read.get("password"))}


def stamp_text(*, relative: str, sha256: str | None, input_stat: os.stat_result | None, read: dict,
               formats: Iterable[str], outputs: list[str], diagnostics: int, warnings: int,
               pages: int | None) -> str:
    """The stamp of a converted input, as written to :func:`stamp_path`.

    ``input_stat`` is the input's state before it was read, or None when it changed while being
    read (the next run then compares hashes) or could not be taken.
    """
    from .. import __version__

    stamp = {"jxparse": __version__, "input": relative, "sha256": sha256,
             "size": input_stat.st_size if input_stat else None,
             "mtime_ns": input_stat.st_mtime_ns if input_stat else None, "read": read_key(read),
             "formats": list(formats), "outputs": outputs, "diagnostics": diagnostics, "warnings": warnings,
             "pages": pages}
    return json.dumps(stamp, ensure_ascii=True, indent=1) + "\n"


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
        folder = target_dir(out_dir, item.relative)
        for format in formats:
            os.stat(folder / output_name(stem(item.relative), format))
        if stamp.get("mtime_ns") != input_stat.st_mtime_ns:
            digest = file_sha256(item.path)
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


def file_sha256(path: str) -> str | None:
    """The sha256 of a regular file's bytes; None for what cannot be read or is no regular file."""
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


def same_file_state(before: os.stat_result, path: str) -> bool:
    """Whether ``path`` still has the size, mtime and inode of ``before`` (not changed while read)."""
    try:
        after = os.stat(path)
    except OSError:
        return False
    return (after.st_size, after.st_mtime_ns, after.st_ino) == (before.st_size, before.st_mtime_ns, before.st_ino)
