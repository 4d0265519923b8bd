"""The local executor: worker processes on this machine, each with its own pipe, watched one by one.

Why not ``concurrent.futures.ProcessPoolExecutor`` (or a pool built like it)? Its workers share one
result queue, so a worker that dies — killed, a segfault in a C library, the kernel's
out-of-memory killer — breaks the whole pool and every pending file with it (measured: one killed
worker marked 150 of 200 healthy files “BrokenProcessPool”). Here each worker has a private pipe
and takes one job at a time, so a death costs exactly the job it held:

- the job is retried once in a fresh worker; a second death is reported with its real reason
  (the signal: SIGKILL, SIGSEGV, SIGABRT …);
- each document has a wall-clock limit (the worker is killed, the file reported as timed out,
  not retried) and a memory limit (``RLIMIT_AS`` in the worker: the reader or rule that asks for
  too much gets a ``MemoryError``, reported for that file, and the worker is replaced);
- a worker is replaced after ``recycle_after`` documents, so that no cache or fragmentation
  grows with the size of the batch;
- ``stop()`` is polled every ``TICK`` seconds: on an interrupt the workers get SIGTERM (their
  temporary files are removed as they exit), then SIGKILL after half a second, and are reaped —
  no process is left behind; the documents they held come back as *interrupted*.

Workers ignore SIGINT: a Ctrl-C reaches the whole process group, and only the main process
decides what it means. On Linux workers are forked from the main process after the readers and
rules are imported (so each starts warm and shares that memory); elsewhere they are spawned.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import resource
import signal
import sys
import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from multiprocessing.connection import Connection, wait
from typing import Any

from juesuan.batch import jobs as jobs_module
from juesuan.batch.jobs import DocumentOutcome, Job, Limits, Status, failed, run_job
from juesuan.record import Record

__all__ = ["TICK", "run_local", "warm", "worker_count"]

TICK = 0.1  # seconds between looks at the interrupt flag and the clocks
GRACE = 0.5  # seconds a worker has to exit after SIGTERM before it is killed


def worker_count(jobs: int, requested: int | None = None) -> int:
    """One worker per available core (or ``requested``), never more than there are jobs."""
    if requested is not None and requested > 0:
        cores = requested
    else:
        try:
            cores = len(os.sched_getaffinity(0))
        except (AttributeError, OSError):  # pragma: no cover - not Linux
            cores = os.cpu_count() or 1
    return max(1, min(cores, jobs))


def warm() -> None:
    """Import the readers and the rule catalogue before workers are forked, so each starts warm."""
    from juesuan.check.engine import all_rules
    from juesuan.classification import default_catalogue
    from juesuan.ingest.pdf import document, reader  # noqa: F401
    from juesuan.ingest.text import reader as text_reader  # noqa: F401

    document.pymupdf_module()
    all_rules()
    default_catalogue()


def _context() -> Any:
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods and sys.platform.startswith("linux") else "spawn")


# ---- the worker process ---------------------------------------------------------------------------


def _serve(conn: Connection, limits: Limits, recycle_after: int) -> None:
    """A worker: take a job, send its outcome back, until told to stop or ``recycle_after`` jobs."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _exit_on_term)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT, signal.SIGTERM})
    _limit_memory(limits.memory_mb)
    done = 0
    while done < recycle_after:
        try:
            job = conn.recv()
        except (EOFError, OSError):  # the main process is gone
            return
        if job is None:
            return
        outcome = run_job(job)
        try:
            conn.send(outcome)
        except Exception as exc:  # an outcome that cannot be pickled: say so instead
            conn.send(failed(job, f"审核结果无法传回主进程（{type(exc).__name__}），请报告此问题"))
        done += 1
        if jobs_module.memory_exhausted:
            return  # after a MemoryError the heap may be in any state: start afresh


def _exit_on_term(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)


def _limit_memory(memory_mb: int | None) -> None:
    """Allow this process ``memory_mb`` MiB of address space beyond what it maps now."""
    if not memory_mb:
        return
    jobs_module.memory_limit_mb = memory_mb
    try:
        with open("/proc/self/statm", encoding="ascii") as fh:
            current = int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError):  # pragma: no cover - not Linux: count from nothing
        current = 0
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    wanted = current + memory_mb * 1024 * 1024
    if hard != resource.RLIM_INFINITY:
        wanted = min(wanted, hard)
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_AS, (wanted, hard))


# ---- the main process -----------------------------------------------------------------------------


@dataclass(repr=False)
class _Worker(Record):
    process: Any
    conn: Connection
    job: Job | None = None
    started: float = 0.0
    done: int = 0
    dead: bool = False
    exitcode: int | None = None


def _describe_exit(code: int | None) -> str:
    """A worker's end in Chinese: the signal that killed it, or its exit code."""
    if code is None:
        return "审核进程没有响应"
    if code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = f"信号 {-code}"
        meaning = {
            "SIGKILL": "被强行终止，可能是系统内存不足或被人为终止",
            "SIGSEGV": "内存访问错误，多为读取库在这份文件上崩溃",
            "SIGABRT": "异常中止，多为读取库在这份文件上崩溃或内存不足",
            "SIGBUS": "总线错误，文件可能在读取时被改动或截断",
            "SIGTERM": "被终止",
        }.get(name, "被信号终止")
        return f"审核进程异常退出（{name}：{meaning}）"
    return f"审核进程异常退出（退出码 {code}）"


class _Pool:
    def __init__(self, count: int, limits: Limits, recycle_after: int) -> None:
        self.count, self.limits, self.recycle_after = count, limits, recycle_after
        self.ctx = _context()
        self.workers: list[_Worker] = []

    def spawn(self) -> _Worker:
        parent, child = self.ctx.Pipe(duplex=True)
        process = self.ctx.Process(target=_serve, args=(child, self.limits, self.recycle_after), daemon=True, name="juesuan-worker")
        # a Ctrl-C between the fork and the worker's own handlers must not reach it
        old = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
        try:
            process.start()
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, old)
        child.close()
        worker = _Worker(process, parent)
        self.workers.append(worker)
        return worker

    def retire(self, worker: _Worker) -> int | None:
        """Forget a worker that has ended or is to end; its exit code (None if it would not die)."""
        if worker.dead:
            return worker.exitcode
        worker.dead = True
        with contextlib.suppress(OSError):
            worker.conn.close()
        worker.process.join(1.0)
        if worker.process.is_alive():
            worker.process.kill()
            worker.process.join(1.0)
        if worker in self.workers:
            self.workers.remove(worker)
        worker.exitcode = worker.process.exitcode
        with contextlib.suppress(ValueError):
            worker.process.close()
        return worker.exitcode

    def kill(self, worker: _Worker) -> None:
        with contextlib.suppress(OSError, ValueError):
            worker.process.kill()

    def stop_all(self) -> None:
        """End every worker now: SIGTERM, a short grace, then SIGKILL; all reaped."""
        for worker in self.workers:
            with contextlib.suppress(OSError, ValueError):
                worker.process.terminate()
        deadline = time.monotonic() + GRACE
        for worker in self.workers:
            worker.process.join(max(0.0, deadline - time.monotonic()))
        for worker in list(self.workers):
            self.retire(worker)

    def close(self) -> None:
        """Tell idle workers to finish and reap them all."""
        for worker in self.workers:
            with contextlib.suppress(OSError, ValueError):
                worker.conn.send(None)
        for worker in list(self.workers):
            worker.process.join(2.0)
            self.retire(worker)


def run_local(
    jobs: Iterator[Job],
    emit: Callable[[DocumentOutcome], None],
    *,
    workers: int,
    limits: Limits | None = None,
    stop: Callable[[], bool] = lambda: False,
    recycle_after: int = 200,
) -> bool:
    """Run every job on ``workers`` worker processes, handing each outcome to ``emit`` as it
    arrives. True when every job has an outcome, False when ``stop()`` said to stop first."""
    limits = limits or Limits()
    pool = _Pool(workers, limits, recycle_after)
    retry: deque[Job] = deque()
    exhausted = False

    def next_job() -> Job | None:
        nonlocal exhausted
        if retry:
            return retry.popleft()
        if exhausted:
            return None
        job = next(jobs, None)
        if job is None:
            exhausted = True
        return job

    def died(worker: _Worker, reason: str = "", retry_it: bool = True) -> None:
        """A worker ended while holding a job: retry the job once, or report it (``reason``, or
        how the worker ended)."""
        job = worker.job
        worker.job = None
        code = pool.retire(worker)
        reason = reason or _describe_exit(code)
        if job is None:
            return
        if retry_it and job.attempt < 2:
            retry.appendleft(replace(job, attempt=job.attempt + 1))
            return
        note = "，重试一次后仍然失败" if job.attempt > 1 else ""
        emit(failed(job, f"{reason}{note}，未审核"))

    try:
        while True:
            if stop():
                raise _Interrupted
            # give every idle worker a job, starting workers while there is work
            while True:
                idle = next((w for w in pool.workers if w.job is None and not w.dead), None)
                if idle is None and len(pool.workers) < pool.count and (retry or not exhausted):
                    idle = pool.spawn()
                if idle is None:
                    break
                job = next_job()
                if job is None:
                    break
                idle.job, idle.started = job, time.monotonic()
                try:
                    idle.conn.send(job)
                except (OSError, ValueError):  # the worker died between jobs: it never started this one
                    idle.job = None
                    pool.retire(idle)
                    retry.appendleft(job)
            busy = [w for w in pool.workers if w.job is not None]
            if not busy and exhausted and not retry:
                break
            waitables: list[Any] = [w.conn for w in busy] + [w.process.sentinel for w in pool.workers]
            ready = set(wait(waitables, timeout=TICK))
            for worker in list(pool.workers):
                if worker.dead:
                    continue
                if worker.job is not None and worker.conn in ready:
                    try:
                        outcome = worker.conn.recv()
                    except (EOFError, OSError):  # it died while holding the job
                        died(worker)
                        continue
                    except Exception as exc:  # a result that does not unpickle: as good as a death
                        pool.kill(worker)
                        died(worker, f"审核结果无法传回主进程（{type(exc).__name__}）")
                        continue
                    worker.job = None
                    worker.done += 1
                    emit(outcome)
                elif worker.process.sentinel in ready and worker.job is None:
                    pool.retire(worker)  # recycled after its quota, or after a MemoryError
            # the watchdog: a document over its time limit costs its worker
            if limits.seconds:
                now = time.monotonic()
                for worker in list(pool.workers):
                    if worker.job is not None and not worker.dead and now - worker.started > limits.seconds:
                        pool.kill(worker)
                        died(worker, f"审核超时（超过 {limits.seconds:g} 秒）", retry_it=False)
            # a worker whose process ended without its pipe saying so (rare): treat as a death
            for worker in list(pool.workers):
                if worker.job is not None and not worker.dead and not worker.process.is_alive() and worker.conn not in ready:
                    if worker.conn.poll():
                        continue  # its outcome is waiting: read on the next turn
                    died(worker)
    except (_Interrupted, KeyboardInterrupt):
        held = [w.job for w in pool.workers if w.job is not None]
        pool.stop_all()
        for job in held:
            emit(failed(job, "批量审核被中断，这份文档未审核完", Status.INTERRUPTED))
        return False
    except BaseException:
        pool.stop_all()
        raise
    pool.close()
    return True


class _Interrupted(Exception):
    pass
