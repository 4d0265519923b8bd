"""A batch from start to end: inputs → jobs → an executor → one outcome per input → the sinks.

``run_batch`` walks the inputs lazily, turns each into a job (a file under a folder whose type
juesuan does not read becomes a *skipped* outcome without a worker), runs the jobs on the local
pool, in this process, or on a Dask cluster, and hands every outcome to every sink exactly once
(an index already seen is dropped). SIGINT and SIGTERM are caught for the length of the batch:
the first stops it — the executor ends its workers, the documents in flight come back as
*interrupted*, and the sinks finish with ``complete=False`` — a second Ctrl-C raises at once.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Any

from juesuan.batch.inputs import annotation_target, count_inputs, walk_inputs
from juesuan.batch.jobs import CheckOptions, DocumentOutcome, Job, Limits, Status, failed, run_job
from juesuan.record import Record

if TYPE_CHECKING:
    from juesuan.batch.sinks import Sink

__all__ = ["BatchResult", "CheckOptions", "run_batch"]  # CheckOptions lives in jobs (a one-file check needs no batch.run)


@dataclass(repr=False)
class BatchResult(Record):
    """What a batch came to: counts by status, and whether it ran to the end."""

    expected: int
    complete: bool = True
    counts: Counter[Status] = field(default_factory=Counter)
    with_errors: int = 0  # checked documents with at least one error
    notes: int = 0  # annotated copies asked for and not written

    @property
    def done(self) -> int:
        return sum(self.counts.values())

    @property
    def exit_code(self) -> int:
        """2 if a file could not be checked (or its annotated copy not written), else 1 if a
        document has an error, else 0; skipped files do not count."""
        if self.counts[Status.UNREADABLE] or self.counts[Status.FAILED] or self.counts[Status.INTERRUPTED] or self.notes:
            return 2
        return 1 if self.with_errors else 0


def run_batch(
    paths: Sequence[Path],
    sinks: Sequence[Sink],
    *,
    options: CheckOptions | None = None,
    workers: int | None = None,
    limits: Limits | None = None,
    scheduler: str | Any | None = None,
    inline: bool = False,
    recycle_after: int = 200,
) -> BatchResult:
    """Check every input under ``paths`` and hand each outcome to ``sinks``.

    ``workers``: local worker processes (default one per core); ``scheduler``: a Dask scheduler
    address or client instead; ``inline``: run in this process (no isolation, for debugging)."""
    opts = options or CheckOptions()
    total = count_inputs(paths)
    result = BatchResult(expected=total)
    seen = bytearray(total)
    keep_report = any(getattr(s, "wants_report", False) for s in sinks)
    keep_reading = any(getattr(s, "wants_reading", False) for s in sinks)

    def emit(outcome: DocumentOutcome) -> None:
        nonlocal seen
        if outcome.index >= len(seen):  # a file that appeared after the count
            seen.extend(bytes(outcome.index + 1 - len(seen)))
        if seen[outcome.index]:
            return
        seen[outcome.index] = 1
        result.counts[outcome.status] += 1
        result.with_errors += outcome.has_errors
        result.notes += bool(outcome.note)
        for sink in sinks:
            sink.add(outcome)

    def jobs() -> Iterator[Job]:
        used: set[str] = set()
        for index, item in enumerate(walk_inputs(paths)):
            job = Job(
                index=index,
                path=str(item.path),
                profile=opts.profile,
                config=opts.config,
                fmt=opts.fmt,
                show_info=opts.show_info,
                annotate_to=annotation_target(item.path, opts.annotate, used) if opts.annotate is not None else "",
                keep_report=keep_report,
                keep_reading=keep_reading,
                # one of several inputs: a file that is not a 决算 is skipped, not a failure of the batch
                in_folder=item.in_folder or total > 1,
            )
            if not item.supported:
                emit(failed(job, f"不是 juesuan 读取的文件类型（{item.path.suffix or '无扩展名'}）", Status.SKIPPED))
                continue
            yield job

    for sink in sinks:
        sink.start(total)
    complete = False
    try:
        with _StopFlag() as flag:
            if inline:
                complete = _run_inline(jobs(), emit, flag.is_set)
            elif scheduler is not None:
                from juesuan.batch.cluster import run_dask

                complete = run_dask(jobs(), emit, scheduler=scheduler, stop=flag.is_set)
            else:
                from juesuan.batch.local import run_local, warm, worker_count

                warm()
                complete = run_local(
                    jobs(), emit, workers=worker_count(max(total, 1), workers), limits=limits, stop=flag.is_set, recycle_after=recycle_after
                )
    finally:
        result.complete = complete
        for sink in sinks:
            sink.finish(complete)
    return result


def _run_inline(jobs: Iterator[Job], emit: Callable[[DocumentOutcome], None], stop: Callable[[], bool]) -> bool:
    for job in jobs:
        if stop():
            return False
        emit(run_job(job))
    return True


class _StopFlag:
    """SIGINT/SIGTERM set a flag the executor polls; a second SIGINT raises KeyboardInterrupt.
    Outside the main thread (no signal handlers there) the flag is only set by ``set``."""

    def __init__(self) -> None:
        self._event = threading.Event()
        self._old: dict[int, Any] = {}

    def is_set(self) -> bool:
        return self._event.is_set()

    def set(self) -> None:
        self._event.set()

    def _handle(self, signum: int, frame: FrameType | None) -> None:

        if signum == signal.SIGINT and self._event.is_set():
            raise KeyboardInterrupt
        self._event.set()

    def __enter__(self) -> _StopFlag:

        if threading.current_thread() is threading.main_thread():
            for signum in (signal.SIGINT, signal.SIGTERM):
                with contextlib.suppress(ValueError, OSError):
                    self._old[signum] = signal.signal(signum, self._handle)
        return self

    def __exit__(self, *exc: object) -> None:

        for signum, old in self._old.items():
            with contextlib.suppress(ValueError, OSError):
                signal.signal(signum, old)
