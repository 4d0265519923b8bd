"""The local executor on its own: each way a worker can end costs one file, and only that one.

The work is replaced by a stand-in (patched before the workers are forked, so they inherit it)
that behaves by the file's name: ``kill-`` kills its own worker, ``segv-`` dereferences a null
pointer, ``once-`` kills its worker on the first attempt only, ``sleep-`` hangs, ``hog-`` asks
for more memory than a document may have, ``raise-`` raises; any other name is checked fine.
"""

from __future__ import annotations

import ctypes
import faulthandler
import multiprocessing
import os
import signal
import time
from pathlib import Path

import pytest

from juesuan.batch import jobs as jobs_module
from juesuan.batch.jobs import DocumentOutcome, Job, Limits, Status
from juesuan.batch.local import run_local

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="the stand-in work reaches the workers by fork")


def stand_in(job: Job) -> DocumentOutcome:
    name = Path(job.path).name
    if name.startswith("kill-"):
        os.kill(os.getpid(), signal.SIGKILL)
    if name.startswith("segv-"):
        faulthandler.disable()  # pytest's traceback dump is inherited by the worker: not wanted here
        ctypes.string_at(0)
    if name.startswith("once-") and job.attempt == 1:
        os.kill(os.getpid(), signal.SIGKILL)
    if name.startswith("sleep-"):
        time.sleep(60)
    if name.startswith("hog-"):
        hog = bytearray(8 << 30)  # 8 GiB, beyond the limit below
        hog[-1] = 1
    if name.startswith("raise-"):
        raise KeyError("a reader bug")
    return DocumentOutcome(index=job.index, path=job.path, status=Status.CHECKED, rendered=f"{name} pid {os.getpid()}")


@pytest.fixture(autouse=True)
def fake_work(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(jobs_module, "_run", stand_in)


def run(names: list[str], workers: int = 2, **kwargs: object) -> dict[str, DocumentOutcome]:
    outcomes: list[DocumentOutcome] = []
    jobs = iter([Job(index=i, path=f"/nowhere/{name}") for i, name in enumerate(names)])
    assert run_local(jobs, outcomes.append, workers=workers, **kwargs) is True  # type: ignore[arg-type]
    assert sorted(o.index for o in outcomes) == list(range(len(names)))  # one outcome per job, none twice
    assert multiprocessing.active_children() == []  # every worker reaped
    return {Path(o.path).name: o for o in outcomes}


@pytest.mark.parametrize("workers", [1, 2])
def test_a_worker_killed_on_every_attempt_costs_its_file_only(workers: int) -> None:
    names = [f"ok-{i}.txt" for i in range(6)]
    names.insert(3, "kill-me.txt")
    got = run(names, workers=workers)
    dead = got.pop("kill-me.txt")
    assert dead.status == Status.FAILED and dead.attempts == 2
    assert "SIGKILL" in dead.problem and "重试一次后仍然失败" in dead.problem
    assert all(o.status == Status.CHECKED for o in got.values())


def test_a_worker_killed_once_is_retried_in_a_fresh_worker() -> None:
    got = run(["ok-1.txt", "once-a.txt", "ok-2.txt"])
    retried = got["once-a.txt"]
    assert retried.status == Status.CHECKED and retried.attempts == 2


def test_a_segfault_is_reported_as_such() -> None:
    got = run(["segv-1.pdf", "ok-1.txt"], workers=1)
    assert got["segv-1.pdf"].status == Status.FAILED and "SIGSEGV" in got["segv-1.pdf"].problem
    assert got["ok-1.txt"].status == Status.CHECKED


def test_a_document_over_its_time_limit_is_stopped_and_not_retried() -> None:
    started = time.monotonic()
    got = run(["sleep-1.txt", "ok-1.txt", "ok-2.txt"], limits=Limits(seconds=1.0, memory_mb=None))
    assert time.monotonic() - started < 30
    slow = got["sleep-1.txt"]
    assert slow.status == Status.FAILED and slow.attempts == 1 and "审核超时（超过 1 秒）" in slow.problem
    assert got["ok-1.txt"].status == got["ok-2.txt"].status == Status.CHECKED


def test_a_document_over_its_memory_limit_is_reported_and_its_worker_replaced() -> None:
    got = run(["ok-0.txt", "hog-1.txt", "ok-1.txt", "ok-2.txt"], workers=1, limits=Limits(seconds=None, memory_mb=256))
    hog = got["hog-1.txt"]
    assert hog.status == Status.FAILED and "内存超出上限（每份文档 256 MB）" in hog.problem
    before, after = got["ok-0.txt"].rendered.split()[-1], got["ok-1.txt"].rendered.split()[-1]
    assert before != after  # the documents after it ran in a fresh worker
    assert got["ok-2.txt"].status == Status.CHECKED


def test_an_exception_in_the_work_is_one_row_at_one_worker() -> None:
    got = run(["raise-1.txt", "ok-1.txt"], workers=1)
    assert got["raise-1.txt"].status == Status.FAILED
    assert got["raise-1.txt"].problem == "审核时出现内部错误（KeyError: 'a reader bug'），请报告此问题"
    assert got["ok-1.txt"].status == Status.CHECKED


def test_workers_are_replaced_after_their_quota() -> None:
    got = run([f"ok-{i}.txt" for i in range(7)], workers=1, recycle_after=2)
    pids = {o.rendered.split()[-1] for o in got.values()}
    assert len(pids) == 4  # 2 + 2 + 2 + 1


def test_stop_ends_every_worker_and_reports_the_files_in_hand() -> None:
    outcomes: list[DocumentOutcome] = []
    jobs = iter([Job(index=i, path=f"/nowhere/sleep-{i}.txt") for i in range(5)])
    deadline = time.monotonic() + 0.5
    complete = run_local(jobs, outcomes.append, workers=2, stop=lambda: time.monotonic() > deadline)
    assert complete is False
    assert sorted(o.status for o in outcomes) == [Status.INTERRUPTED, Status.INTERRUPTED]
    assert multiprocessing.active_children() == []
