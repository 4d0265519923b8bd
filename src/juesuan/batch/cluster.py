"""The Dask executor: the same jobs on a Dask distributed cluster (``--scheduler tcp://HOST:PORT``).

Each job is one Dask task running :func:`~juesuan.batch.jobs.run_job` on a worker (juesuan must
be installed there, and the files reachable under the same paths — shared storage). At most
``window`` tasks are in flight, so the client holds a bounded number of futures whatever the
size of the batch; each result is released as soon as it has been handed on.

Failures: a task that raises is retried once by Dask (``retries=1``; ``run_job`` itself turns
every exception into an outcome, so this covers a failure to deserialize on the worker). A worker
that dies while running a task (a crash, the nanny's memory limit) makes the scheduler run the
task again elsewhere, up to its ``allowed-failures`` setting; after that the task's ``KilledWorker``
error becomes the document's row. Keys are unique per job (the input index and a batch id), so a
result can never be counted twice, and the caller keeps one row per index.

Limits per document: on a cluster they are the workers' own (``--memory-limit`` of
``dask worker``, which restarts a worker over it); juesuan's wall-clock limit applies to the
local executor only.
"""

from __future__ import annotations

import contextlib
import time
import uuid
from collections.abc import Callable, Iterator
from typing import Any

from juesuan.batch.jobs import DocumentOutcome, Job, Status, failed, run_job

__all__ = ["run_dask"]


def run_dask(
    jobs: Iterator[Job],
    emit: Callable[[DocumentOutcome], None],
    *,
    scheduler: str | Any,
    stop: Callable[[], bool] = lambda: False,
    window: int | None = None,
    tick: float = 0.02,
) -> bool:
    """Run every job on the Dask cluster at ``scheduler`` (an address, or a ``distributed.Client``).
    True when every job has an outcome, False when ``stop()`` said to stop first."""
    try:
        from distributed import Client, as_completed
    except ImportError as exc:
        raise RuntimeError("使用 --scheduler 需要安装 Dask distributed：pip install 'juesuan[cluster]'") from exc

    own = not isinstance(scheduler, Client)
    try:
        client: Any = Client(scheduler, timeout="10s") if own else scheduler
    except (OSError, TimeoutError, ValueError) as exc:
        raise RuntimeError(f"无法连接 Dask 调度器 {scheduler}（{exc}）") from exc
    batch_id = uuid.uuid4().hex[:8]
    in_flight: dict[str, tuple[Job, Any]] = {}
    try:
        threads = sum(client.nthreads().values()) or 1
        limit = window or max(4, 2 * threads)
        pending = as_completed(with_results=False)

        def fill() -> None:
            while len(in_flight) < limit:
                job = next(jobs, None)
                if job is None:
                    return
                future = client.submit(run_job, job, key=f"juesuan-check-{batch_id}-{job.index}", pure=False, retries=1)
                in_flight[str(future.key)] = (job, future)
                pending.add(future)

        fill()
        while in_flight:
            if stop():
                raise _Interrupted
            ready = pending.next_batch(block=False) if pending.has_ready() else []
            if not ready:
                time.sleep(tick)
                continue
            for future in ready:
                job, _ = in_flight.pop(str(future.key), (None, None))
                if job is not None:
                    emit(_outcome(future, job))
                future.release()
            fill()
        return True
    except (_Interrupted, KeyboardInterrupt):
        with contextlib.suppress(Exception):
            client.cancel([future for _, future in in_flight.values()], force=True)
        for job, _ in in_flight.values():
            emit(failed(job, "批量审核被中断，这份文档未审核完", Status.INTERRUPTED))
        in_flight.clear()
        return False
    finally:
        if own:
            with contextlib.suppress(Exception):
                client.close(timeout=2)


def _outcome(future: Any, job: Job) -> DocumentOutcome:
    try:
        result: DocumentOutcome = future.result()
        return result
    except Exception as exc:
        name = type(exc).__name__
        if name == "KilledWorker":
            problem = "集群上的审核进程在处理这份文档时多次异常退出（崩溃或超出内存上限），未审核"
        else:
            problem = f"在集群上审核失败（{name}: {str(exc)[:200]}），未审核"
        return failed(job, problem)


class _Interrupted(Exception):
    pass
