"""One document's work and what came of it: the unit every executor (local pool, Dask) runs.

``run_job`` reads, checks, renders and (when asked) annotates one file and never raises for
anything the file does: a file juesuan cannot read, a reader or rule that raises, a document
that runs out of memory or recurses too deep — each is an outcome with its reason in Chinese.
Only a worker that dies outright (killed, a crash in a C library) leaves no outcome; the
executor that ran it reports that.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

from juesuan.record import Record

if TYPE_CHECKING:
    from juesuan.check import Config
    from juesuan.diagnostics import CheckReport, ReadError
    from juesuan.ingest import ReadResult

__all__ = ["CheckOptions", "Counts", "DocumentOutcome", "Job", "Limits", "Status", "failed", "run_job"]


class Status(StrEnum):
    """What came of one input file (the ``status`` column of the summary)."""

    CHECKED = "checked"  # read and checked
    UNREADABLE = "unreadable"  # the file could not be read (its reason says why)
    FAILED = "failed"  # juesuan failed on it: a crash, a time or memory limit, a worker that died
    SKIPPED = "skipped"  # met in a folder and not a 决算 (a README, a 部门预算, a type juesuan does not read)
    INTERRUPTED = "interrupted"  # the batch was stopped while this file was being checked

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {
    Status.CHECKED: "已审核",
    Status.UNREADABLE: "无法读取",
    Status.FAILED: "审核失败",
    Status.SKIPPED: "跳过",
    Status.INTERRUPTED: "已中断",
}


@dataclass(frozen=True, repr=False)
class CheckOptions(Record):
    """How each document of the batch is checked and what is made of it."""

    profile: str = "auto"
    config: Config | None = None
    fmt: str = "text"  # the findings each worker renders ("" for none)
    show_info: bool = True
    annotate: Path | None = None  # the folder for annotated PDF copies


@dataclass(frozen=True, repr=False)
class Limits(Record):
    """What one document may use in a worker: wall-clock seconds, and memory (MiB) beyond what the
    worker had when it started. ``None`` is no limit."""

    seconds: float | None = 120.0
    memory_mb: int | None = 2048


@dataclass(frozen=True, repr=False)
class Job(Record):
    """One file to check, and what to do with it."""

    index: int  # position among the batch's inputs: rows are ordered and de-duplicated by it
    path: str
    profile: str = "auto"
    config: Config | None = None
    fmt: str = "text"  # the findings rendered in the worker: text, json, markdown, html, or "" for none
    show_info: bool = True
    annotate_to: str = ""  # where to write the annotated PDF ("" for none)
    keep_report: bool = False  # send the whole CheckReport back (a sink that stores findings wants it)
    keep_reading: bool = False  # send the ReadResult back (a sink that stores documents wants it)
    in_folder: bool = False  # met in a folder: "not a 决算" is a skip, not a failure
    pages: tuple[str, ...] = ()  # pictures read as the pages of one document (``path`` names it)
    attempt: int = 1


@dataclass(frozen=True, repr=False)
class Counts(Record):
    """A checked document in one line: who, which year, which layout, how many findings."""

    department: str
    year: int | None
    profile: str
    errors: int
    warnings: int
    infos: int

    @classmethod
    def of(cls, report: CheckReport) -> Counts:
        summary = report.summary
        return cls(report.department, report.year, report.profile, summary.error, summary.warning, summary.info)


@dataclass(frozen=True, repr=False)
class DocumentOutcome(Record):
    """What came of one job. Small — its counts and rendered findings — unless the job asked for
    the whole check report or the document (pickling those costs more than checking a short one)."""

    index: int
    path: str
    status: Status
    counts: Counts | None = None  # status CHECKED
    report: CheckReport | None = None  # the whole check report, only when the job asked for it
    result: ReadResult | None = None  # the document as read, only when the job asked for it
    problem: str = ""  # why it was not checked (Chinese)
    rendered: str = ""  # the findings in the job's format
    annotated: str = ""  # the annotated copy written, if any
    note: str = ""  # why the annotated copy asked for was not written
    seconds: float = 0.0
    attempts: int = 1

    @property
    def checked(self) -> bool:
        return self.status == Status.CHECKED

    @property
    def has_errors(self) -> bool:
        return self.counts is not None and self.counts.errors > 0

    @property
    def counts_as_failure(self) -> bool:
        """Exit code 2: the file could not be checked (a skipped file is not a failure)."""
        return self.status in (Status.UNREADABLE, Status.FAILED, Status.INTERRUPTED) or bool(self.note)


def _about(exc: ReadError, path: str) -> str:
    """A reading problem as the document's outcome says it: a file other than the document (a
    profile named by ``JUESUAN_PROFILES`` or ``juesuan.toml``) is named before the problem."""
    if not exc.path or Path(exc.path) == Path(path):
        return exc.problem
    return f"{exc.path}：{exc.problem}"


def failed(job: Job, problem: str, status: Status = Status.FAILED) -> DocumentOutcome:
    return DocumentOutcome(index=job.index, path=job.path, status=status, problem=problem, attempts=job.attempt)


# the memory limit of this worker process, for the message when it is reached (set by the executor)
memory_limit_mb: int | None = None
# set when a document ran out of memory: the worker should be replaced (its heap may be in any state)
memory_exhausted = False


def run_job(job: Job) -> DocumentOutcome:
    """Read, check, render and annotate one file; an outcome for anything that goes wrong."""
    started = time.perf_counter()
    try:
        outcome = _run(job)
    except MemoryError:
        global memory_exhausted
        memory_exhausted = True
        limit = f"（每份文档 {memory_limit_mb} MB）" if memory_limit_mb else ""
        outcome = failed(job, f"审核这份文档需要的内存超出上限{limit}，未审核")
    except RecursionError:
        outcome = failed(job, "文档的结构嵌套过深，审核时超出递归深度，未审核")
    except Exception as exc:  # a defect in juesuan must not stop a batch: say so plainly
        outcome = failed(job, f"审核时出现内部错误（{type(exc).__name__}: {str(exc)[:200]}），请报告此问题")
    return replace(outcome, seconds=time.perf_counter() - started, attempts=job.attempt)


def _run(job: Job) -> DocumentOutcome:

    from juesuan import api
    from juesuan.check import Config
    from juesuan.diagnostics import ReadError, os_problem
    from juesuan.profiles.kinds import NotAFinalAccount

    pages = [Path(p) for p in job.pages]
    try:
        profiles = api.profile_paths(job.profile, job.config or Config())
        result = api.load_pages(pages, job.path, profiles) if pages else api.load(job.path, profiles)
    except NotAFinalAccount as exc:
        return failed(job, exc.problem, Status.SKIPPED if job.in_folder else Status.UNREADABLE)
    except ReadError as exc:
        return failed(job, _about(exc, job.path), Status.UNREADABLE)
    report = api.check_report(result, job.profile, job.config, source=job.path)
    rendered = ""
    if job.fmt == "json":
        import json  # only here: a check in another format writes no JSON

        rendered = json.dumps(report.to_dict(), ensure_ascii=False, indent=1)
    elif job.fmt:
        # the ids of an HTML review are numbered by document: several share one page in a batch
        rendered = api.render_findings([(result, report)], job.fmt, show_info=job.show_info, pages=pages or None, prefix=f"d{job.index + 1}-")
    annotated = note = ""
    if job.annotate_to:
        try:
            if pages:
                annotated = str(api.annotate_pages(pages, report, job.annotate_to))
            else:
                annotated = str(api.annotate_pdf(job.path, report, job.annotate_to))
        except ReadError as exc:
            note = exc.problem
        except OSError as exc:
            note = f"无法写出标注文件 {job.annotate_to}：{os_problem(exc)}"
    return DocumentOutcome(
        index=job.index,
        path=job.path,
        status=Status.CHECKED,
        counts=Counts.of(report),
        report=report if job.keep_report else None,
        result=result if job.keep_reading else None,
        rendered=rendered,
        annotated=annotated,
        note=note,
    )
