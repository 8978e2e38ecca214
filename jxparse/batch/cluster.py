"""The dask engine: the tasks of a batch on a dask.distributed cluster.

(Named ``cluster`` rather than ``dask`` so that it can never be taken for the dask library.)

:func:`run_dask` submits :class:`~jxparse.batch.task.BatchTask` objects to a LocalCluster it
starts, a cluster or client given, or a scheduler reached by address (:func:`connect_scheduler`,
which turns an unreachable address into one clear line), keeping a bounded window of futures in
flight. On dask a running task cannot be killed nor a worker limited, so with a timeout or a
memory limit each document runs in a child ``python`` process of the dask worker
(:func:`subprocess_task`), killed by :func:`subprocess.run` when its time is up; task and result
cross that boundary as JSON.

dask is imported only when this engine runs.
"""

from __future__ import annotations

import os
import sys
import time
from collections import deque
from pathlib import Path
from typing import Iterator

from .pool import default_workers
from .task import BatchResult, BatchTask, convert_task, crash_result, remove_parts, timeout_result

DEFAULT_SCHEDULER_TIMEOUT = 10.0
"""Seconds ``convert_many`` waits for a dask scheduler given by address before the run stops (exit 3)."""


def subprocess_task(task: BatchTask, timeout: float | None) -> BatchResult:
    """Run :func:`convert_task` in a child python, killed after ``timeout`` seconds and held to the
    task's ``max_memory`` (dask engine: a running task cannot be killed, nor a worker limited)."""
    import subprocess

    start = time.perf_counter()
    env = dict(os.environ)
    package_parent = str(Path(__file__).resolve().parents[2])
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [package_parent, env.get("PYTHONPATH")]))
    try:
        done = subprocess.run([sys.executable, "-c", "from jxparse.batch.cluster import _child_main; _child_main()"],
                              input=task.to_json().encode("utf-8"), capture_output=True, timeout=timeout,
                              env=env, check=False)
    except subprocess.TimeoutExpired:
        remove_parts(task)
        return timeout_result(task, timeout, time.perf_counter() - start)
    if done.returncode != 0:
        from ..faults import describe_exit

        return crash_result(task, f"the converter process failed ({describe_exit(done.returncode)}): "
                                  f"{done.stderr.decode('utf-8', 'replace').strip()[-300:]}",
                            time.perf_counter() - start)
    return BatchResult.from_json(done.stdout)


def _child_main() -> None:
    """Entry of the child process of :func:`subprocess_task`: a task as JSON on stdin, the result on stdout."""
    from ..faults import limit_memory

    task = BatchTask.from_json(sys.stdin.buffer.read())
    limit_memory(task.max_memory)
    result = convert_task(task)
    sys.stdout.write(result.to_json())


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


def run_dask(tasks: list[tuple[int, BatchTask]], workers: int | None, timeout: float | None,
             scheduler) -> Iterator[tuple[int, BatchResult]]:
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
    isolate = timeout is not None or any(task.max_memory for _, task in tasks)
    function = functools.partial(subprocess_task, timeout=timeout) if isolate else convert_task
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
                result = crash_result(task, f"the dask task failed: {type(error).__name__}: {error}")
            if queue:
                running.add(submit())
            yield index, result
    finally:
        for thing in own:
            thing.close()
