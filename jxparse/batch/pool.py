"""The local engine: a pool of worker processes that can be killed one by one.

The pool runs its own small set of ``multiprocessing`` processes, one pipe each, instead of
:class:`concurrent.futures.ProcessPoolExecutor`: the executor can neither cancel a running task
nor kill one worker (killing one breaks the whole pool and fails every pending future). Here the
parent waits on the pipes and the process sentinels with the nearest deadline; a worker past its
deadline is killed (SIGKILL), its temporary ``*.part`` files are removed, the input is reported
as ``timeout`` and a fresh worker takes its place. A worker that dies (out of memory, crash) is
reported the same way as ``failed``.

**Interrupts and the parent's death.** Workers ignore SIGINT and turn SIGTERM into a clean exit
that removes their temporary file; on KeyboardInterrupt the parent (:func:`jxparse.batch.convert_many`'s
caller closing the iterator) terminates the workers and removes what temporary files remain, so
an interrupted run leaves only complete outputs. A worker dies with its parent
(:func:`jxparse.faults.die_with_parent`) and is held to ``max_memory`` MB
(:func:`jxparse.faults.limit_memory`).
"""

from __future__ import annotations

import os
import sys
import time
from collections import deque
from typing import Iterator

from .task import BatchResult, BatchTask, convert_task, crash_result, remove_parts, timeout_result

_MAX_TASKS_PER_WORKER = 500  # a fresh worker process after this many documents keeps memory bounded


def default_workers() -> int:
    """The number of cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


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
            result = crash_result(task, f"out of memory (over --max-memory {task.max_memory} MB, "
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
        self.task: tuple[int, BatchTask] | None = None
        self.started = 0.0
        self.done = 0

    def send(self, index: int, task: BatchTask) -> None:
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
            remove_parts(self.task[1], self.process.pid)

    def kill(self) -> None:
        self.process.kill()
        self.process.join()
        self.connection.close()
        if self.task is not None:
            remove_parts(self.task[1], self.process.pid)


def run_local(tasks: list[tuple[int, BatchTask]], workers: int, timeout: float | None,
              max_memory: int | None = None) -> Iterator[tuple[int, BatchResult]]:
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
                        yield index, crash_result(task, f"the worker process died ({describe_exit(code)})",
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
                    yield index, crash_result(task, f"the worker process died ({describe_exit(code)})",
                                              now - worker.started)
                elif timeout is not None and now - worker.started >= timeout:
                    worker.kill()
                    pool.remove(worker)
                    yield index, timeout_result(task, timeout, now - worker.started)
    finally:
        for worker in pool:
            worker.stop()
