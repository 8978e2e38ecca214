"""Faults of the machine around a run: killed processes, refused writes, leftover temporary files.

What the batch engine (:mod:`jxparse.batch`) and the writers share to end every such fault cleanly:

- **Temporary files** are named ``.<name>.<host>-<pid>-<random>.part`` (:func:`part_name`), so that
  a later run can tell a leftover of a dead process (removed by :func:`sweep_parts`) from the
  temporary file of a run still writing into the same folder (kept).
- **Workers die with their parent** (:func:`die_with_parent`): on Linux the kernel sends SIGTERM
  when the parent dies (``PR_SET_PDEATHSIG``), and everywhere a watchdog thread notices that the
  parent is gone; either way the worker exits within about a second, even when the parent was
  killed with SIGKILL and could not stop it.
- **Memory per worker** (:func:`limit_memory`): an address-space limit turns a runaway document
  into a ``MemoryError`` (a clean ``failed``) before the machine starts swapping.
- **Refused writes** (:data:`WRITE_ERRNOS`): a full disk, a quota, a read-only or forbidden output
  folder fail the input with the OS's reason; when every write fails the same way the run stops
  (:class:`RunStopped`) instead of failing the remaining inputs one by one.
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
import secrets
import signal
import socket
import sys
import threading
import time
from pathlib import Path

__all__ = ["WRITE_ERRNOS", "RunStopped", "describe_exit", "die_with_parent", "limit_memory", "part_name",
           "sweep_parts", "write_error"]

WRITE_ERRNOS = frozenset(filter(None, (errno.ENOSPC, getattr(errno, "EDQUOT", None), errno.EROFS, errno.EACCES,
                                       errno.EPERM, errno.EFBIG)))
"""OS errors that say the output cannot be written at all (disk full, quota, read-only, forbidden,
file-size limit), as opposed to a problem of one input."""

STALE_FOREIGN_PART_SECONDS = 24 * 3600
"""A temporary file of another host (shared storage) is removed only when it is this old."""

_PART = re.compile(r"^\..+\.(?P<host>[0-9a-f]{6})-(?P<pid>\d+)-[0-9a-f]+\.part$")


class RunStopped(RuntimeError):
    """The run cannot go on (every output write fails the same way, the dask scheduler is
    unreachable): the inputs left are not tried. The CLI exits with 3."""


def _host() -> str:
    return hashlib.sha256(socket.gethostname().encode("utf-8", "surrogateescape")).hexdigest()[:6]


NAME_MAX = 255
"""Bytes in one file name on the common filesystems (ext4, XFS, Btrfs, APFS, NTFS in UTF-16 units)."""
_PART_ROOM = len(".") + len(".ffffff-4194304-ffffffff.part")


def fit_name(name: str, limit: int = NAME_MAX, keep: str = "") -> str:
    """``name`` itself when it fits in ``limit`` bytes, else shortened to fit: the end ``keep`` (an
    extension) stays, the part before it is cut at a character boundary and marked with ``~`` and
    10 hex digits of the sha256 of the whole name, so that different long names stay different."""
    encoded = os.fsencode(name)
    if len(encoded) <= limit:
        return name
    body = name[: len(name) - len(keep)] if keep and name.endswith(keep) else name
    tail = name[len(body):]
    mark = "~" + hashlib.sha256(encoded).hexdigest()[:10]
    room = limit - len(os.fsencode(tail + mark))
    while len(os.fsencode(body)) > room:
        body = body[:-1]
    return body + mark + tail


def _part_stem(target_name: str) -> str:
    return fit_name(target_name, NAME_MAX - _PART_ROOM)


def part_name(target: Path) -> Path:
    """The temporary file that :func:`jxparse.convert.write_atomic` writes before renaming it to ``target``.

    ``.<name>.<host>-<pid>-<random>.part``; a long ``name`` is shortened (:func:`fit_name`) so that
    the temporary name fits where ``target``'s does.
    """
    return target.with_name(f".{_part_stem(target.name)}.{_host()}-{os.getpid()}-{secrets.token_hex(4)}.part")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True


def _stale(path: str, name: str, host: str, now: float) -> bool:
    match = _PART.match(name)
    try:
        age = now - os.lstat(path).st_mtime
    except OSError:
        return False
    if match is None or match["host"] != host:
        return age > STALE_FOREIGN_PART_SECONDS  # another machine's (or an older jxparse's): only when old
    return not _alive(int(match["pid"]))


def sweep_parts(out_dir: str | os.PathLike) -> list[str]:
    """Remove the temporary ``.part`` files that dead processes left below ``out_dir``; return them.

    A part of a live process on this host (a second run writing into the same folder) is kept, and
    so is one of another host unless it is over a day old.
    """
    removed = []
    host, now = _host(), time.time()
    for folder, dirs, files in os.walk(out_dir):
        for name in files:
            if name.endswith(".part") and name.startswith("."):
                path = os.path.join(folder, name)
                if _stale(path, name, host, now):
                    try:
                        os.unlink(path)
                        removed.append(path)
                    except OSError:
                        pass
    return removed


def remove_parts_of(folder: Path, names: list[str], pid: int | None) -> None:
    """Remove the temporary files of ``names`` in ``folder``; only those of ``pid`` when it is given."""
    host = _host()
    wanted = {_part_stem(name) for name in names}
    try:
        entries = os.scandir(folder)
    except OSError:
        return
    with entries:
        for entry in entries:
            match = _PART.match(entry.name)
            if match is None or (pid is not None and (match["host"], int(match["pid"])) != (host, pid)):
                continue
            if entry.name[1:].rsplit(".", 2)[0] in wanted:
                try:
                    os.unlink(entry.path)
                except OSError:
                    pass


def describe_exit(code: int | None) -> str:
    """A worker's exit as words: ``killed by signal SIGKILL`` or ``exit code 3``."""
    if code is not None and code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = f"signal {-code}"
        hint = " (what the out-of-memory killer sends)" if -code == signal.SIGKILL else ""
        return f"killed by signal {name}{hint}"
    return f"exit code {code}"


def write_error(error: OSError, target: os.PathLike | str) -> str:
    """``cannot write PATH: No space left on device [ENOSPC]``."""
    code = errno.errorcode.get(error.errno or 0, str(error.errno))
    return f"cannot write {os.fspath(target)}: {error.strerror or error} [{code}]"


def die_with_parent(owner: int) -> None:
    """Make this (worker) process end when process ``owner`` (the run that started it) ends.

    ``owner`` is this process's parent when it was forked, its grandparent when a fork server
    started it. SIGTERM arrives (its handler removes the temporary file being written): from the
    kernel when the parent dies (Linux), from a watchdog thread that checks ``owner`` four times a
    second otherwise. A worker that does not end within a second after that (a long native call) is
    ended outright, and the next run removes what it leaves (:func:`sweep_parts`).
    """
    parent = os.getppid()
    kernel = False
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            kernel = libc.prctl(1, signal.SIGTERM, 0, 0, 0) == 0  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass

    def gone() -> bool:
        return os.getppid() != parent or (owner != parent and not _alive(owner))

    if gone():  # the parent died before the prctl above
        os.kill(os.getpid(), signal.SIGTERM)
    if kernel and owner == parent:
        return  # no thread needed (and a second thread makes glibc reserve an arena per thread)

    def watch() -> None:
        while not gone():
            time.sleep(0.25)
        os.kill(os.getpid(), signal.SIGTERM)
        time.sleep(1.0)
        os._exit(128 + signal.SIGTERM)

    threading.Thread(target=watch, name="jxparse-parent-watch", daemon=True).start()


def _address_space() -> int:
    """This process's current address-space size in bytes (0 where /proc does not tell)."""
    try:
        with open("/proc/self/statm", encoding="ascii") as stream:
            return int(stream.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def limit_memory(megabytes: int | None) -> None:
    """Let this process map at most ``megabytes`` MB more than it has mapped now (RLIMIT_AS).

    Relative to the current size, because a forked worker starts with its parent's address space
    (an interpreter, the grammars; more under a fat parent): the limit is what one document may
    add. An allocation over it raises MemoryError (or makes a native library abort: a signal).
    """
    if not megabytes:
        return
    try:
        import resource
    except ImportError:  # not on Windows
        return
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            # One malloc arena: glibc reserves 64 MB of address space for each further arena, and
            # under RLIMIT_AS a failed reservation is retried on every small allocation.
            ctypes.CDLL(None).mallopt(-8, 1)  # M_ARENA_MAX
        except (OSError, AttributeError):
            pass
    limit = _address_space() + int(megabytes) * 1024 * 1024
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
