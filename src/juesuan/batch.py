"""Checking many documents at once: one worker process per core, results in input order.

``check_documents`` reads and checks each file in a worker (a PDF's reading is pure Python on
PyMuPDF's primitives, so processes, not threads), renders its findings in the requested format
and, when asked, writes its annotated PDF — so only small, picklable results travel back. A file
that cannot be read is an outcome with its reason, never an exception that stops the batch.
``summary_rows`` gives one row per document (file, department, year, profile, counts or the
reading problem), written as CSV or JSON by ``summary_text``.

This module sits above :mod:`juesuan.api` (it orchestrates many calls to it) and below the CLI.
"""

from __future__ import annotations

import csv
import io
import json
import os
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, replace
from pathlib import Path

from juesuan import api
from juesuan.check import Config
from juesuan.diagnostics import CheckReport, Finding, ReadError

__all__ = [
    "DocumentOutcome",
    "SUMMARY_COLUMNS",
    "annotation_targets",
    "check_document",
    "check_documents",
    "expand_inputs",
    "exit_code",
    "page_document",
    "summary_rows",
    "summary_text",
    "worker_count",
]


@dataclass(frozen=True)
class DocumentOutcome:
    """What came of one input file."""

    path: str
    report: CheckReport | None = None  # None when the file could not be read
    problem: str = ""  # why the file could not be read (Chinese)
    reading: tuple[Finding, ...] = ()  # the reading errors that stopped the check
    rendered: str = ""  # the findings in the requested format (not for json: joined later)
    annotated: str = ""  # the annotated copy written, if any
    note: str = ""  # why the annotated copy asked for was not written
    seconds: float = 0.0

    @property
    def readable(self) -> bool:
        return self.report is not None


@dataclass(frozen=True)
class _Job:
    path: str
    profile: str
    config: Config
    fmt: str
    show_info: bool = True
    annotate_to: str = ""  # where to write the annotated copy ("" for none)
    pages: tuple[str, ...] = ()  # pictures read as the pages of one document (``path`` names it)


def expand_inputs(paths: Iterable[Path]) -> tuple[list[Path], bool]:
    """The files to check, in a stable order, and whether this is a batch (several inputs or a folder).

    A folder contributes the files under it whose type juesuan reads (hidden files left out); a
    file named explicitly is always tried, so that an unsupported one is reported, not skipped."""
    from juesuan.ingest import supported_suffixes

    suffixes = set(supported_suffixes())
    out: list[Path] = []
    folder = False
    for path in paths:
        if path.is_dir():
            folder = True
            found = sorted(
                p
                for p in path.rglob("*")
                if p.is_file() and p.suffix.lower() in suffixes and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
            out.extend(found)
        else:
            out.append(path)
    return out, folder or len(out) > 1


def page_document(paths: Iterable[Path], as_pages: bool) -> tuple[Path, list[Path]] | None:
    """The pictures that make one document, and its name, or ``None``.

    Pictures named together on the command line (``第1页.jpg 第2页.jpg``) are the pages of one
    document, in the order given; with ``as_pages`` the pictures in a folder are too, in the order
    of the numbers in their names (``第2页`` before ``第10页``). Anything else is ``None``: each
    file is its own document."""
    from juesuan.ingest import image_suffixes
    from juesuan.ingest.ocr.files import natural_key

    images = set(image_suffixes())
    given = list(paths)
    files: list[Path] = []
    for path in given:
        if path.is_dir():
            if not as_pages:
                return None
            files.extend(sorted((p for p in path.iterdir() if p.is_file() and p.suffix.lower() in images and not p.name.startswith(".")), key=natural_key))
        elif path.suffix.lower() in images:
            files.append(path)
        else:
            return None
    if not files or (len(files) < 2 and not as_pages):
        return None
    name = given[0] if len(given) == 1 else files[0]
    return name, files


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


def check_document(job: _Job) -> DocumentOutcome:
    """Read, check, render and (when asked) annotate one file; never raises for a bad input."""
    started = time.perf_counter()
    outcome = _outcome(job)
    return replace(outcome, seconds=time.perf_counter() - started)


def _outcome(job: _Job) -> DocumentOutcome:
    path = job.path
    try:
        profiles = api.profile_paths(job.profile, job.config)
        result = api.load_pages([Path(p) for p in job.pages], path, profiles) if job.pages else api.load(path, profiles)
    except ReadError as exc:
        return DocumentOutcome(path=path, problem=exc.problem)
    except Exception as exc:  # a reader bug must not stop a batch; say so plainly
        return DocumentOutcome(path=path, problem=f"读取时出现内部错误（{type(exc).__name__}: {exc}），请报告此问题")
    if result.errors:
        return DocumentOutcome(path=path, problem=f"读取时发现 {len(result.errors)} 处无法处理的问题，未审核", reading=tuple(result.errors))
    report = api.check_report(result, job.profile, job.config, source=path)
    pages = [Path(p) for p in job.pages] or None
    rendered = "" if job.fmt == "json" else api.render_findings([(result, report)], job.fmt, show_info=job.show_info, pages=pages)
    annotated = note = ""
    if job.annotate_to:
        try:
            if job.pages:
                annotated = str(api.annotate_pages([Path(p) for p in job.pages], report, job.annotate_to))
            else:
                annotated = str(api.annotate_pdf(path, report, job.annotate_to))
        except ReadError as exc:
            note = exc.problem
        except OSError as exc:
            note = f"无法写出标注文件 {job.annotate_to}（{exc.strerror or exc}）"
    return DocumentOutcome(path=path, report=report, rendered=rendered, annotated=annotated, note=note)


def _warm() -> None:
    """Import the readers and the rule catalogue before the workers are forked, so each starts warm."""
    from juesuan.check.engine import all_rules
    from juesuan.classification import default_catalogue
    from juesuan.ingest.pdf import document, reader  # noqa: F401
    from juesuan.ingest.text import reader as text_reader  # noqa: F401

    document.pymupdf_module()
    all_rules()
    default_catalogue()


def annotation_targets(files: list[Path], annotate: Path | None, batch: bool) -> list[str]:
    """Where each file's annotated copy goes: ``annotate`` itself for one file; for a batch,
    ``<annotate>/<name>.checked.pdf`` (numbered when two inputs share a name). Non-PDF inputs get ""."""
    if annotate is None:
        return [""] * len(files)
    if not batch:
        return [str(annotate)]
    used: set[str] = set()
    out = []
    for path in files:
        if path.suffix.lower() != ".pdf":
            out.append("")
            continue
        name = f"{path.stem}.checked.pdf"
        n = 2
        while name in used:
            name = f"{path.stem}.{n}.checked.pdf"
            n += 1
        used.add(name)
        out.append(str(annotate / name))
    return out


def check_documents(
    files: list[Path],
    *,
    profile: str = "auto",
    config: Config | None = None,
    fmt: str = "text",
    show_info: bool = True,
    annotate_to: list[str] | None = None,
    workers: int | None = None,
    on_done: Callable[[DocumentOutcome], None] | None = None,
    pages: list[Path] | None = None,
) -> list[DocumentOutcome]:
    """Check every file; outcomes come back in the order of ``files`` whatever order they finish in.

    With ``pages``, ``files`` holds one name for the document those pictures make (see :func:`page_document`)."""
    cfg = config or Config()
    targets = annotate_to or [""] * len(files)
    jobs = [_Job(str(f), profile, cfg, fmt, show_info, target) for f, target in zip(files, targets, strict=True)]
    if pages:
        jobs = [replace(jobs[0], pages=tuple(str(p) for p in pages))]
    count = worker_count(len(jobs), workers)
    if count == 1:
        outcomes = []
        for job in jobs:
            outcome = check_document(job)
            if on_done is not None:
                on_done(outcome)
            outcomes.append(outcome)
        return outcomes
    _warm()
    results: list[DocumentOutcome | None] = [None] * len(jobs)
    with ProcessPoolExecutor(max_workers=count) as pool:
        futures = {pool.submit(check_document, job): i for i, job in enumerate(jobs)}
        for future in as_completed(futures):
            i = futures[future]
            try:
                outcome = future.result()
            except Exception as exc:  # a worker that died (out of memory, a crash in a C library)
                outcome = DocumentOutcome(path=jobs[i].path, problem=f"审核进程异常退出（{type(exc).__name__}），未能读取")
            results[i] = outcome
            if on_done is not None:
                on_done(outcome)
    return [r for r in results if r is not None]


def exit_code(outcomes: Iterable[DocumentOutcome]) -> int:
    """2 if any file could not be read (or its annotated copy not written), else 1 if any
    document has an error, else 0."""
    items = list(outcomes)
    if any(not o.readable or o.note for o in items):
        return 2
    if any(o.report is not None and o.report.has_errors for o in items):
        return 1
    return 0


SUMMARY_COLUMNS = ("file", "department", "year", "profile", "errors", "warnings", "infos", "seconds", "read_error")


def summary_rows(outcomes: Iterable[DocumentOutcome]) -> list[dict[str, object]]:
    """One row per document: its identity and its counts, or why it could not be read."""
    rows: list[dict[str, object]] = []
    for outcome in outcomes:
        report = outcome.report
        if report is None:
            rows.append(
                {
                    "file": outcome.path,
                    "department": "",
                    "year": None,
                    "profile": "",
                    "errors": None,
                    "warnings": None,
                    "infos": None,
                    "seconds": round(outcome.seconds, 3),
                    "read_error": outcome.problem,
                }
            )
            continue
        summary = report.summary
        rows.append(
            {
                "file": outcome.path,
                "department": report.department,
                "year": report.year,
                "profile": report.profile,
                "errors": summary.error,
                "warnings": summary.warning,
                "infos": summary.info,
                "seconds": round(outcome.seconds, 3),
                "read_error": "",
            }
        )
    return rows


def summary_text(outcomes: Iterable[DocumentOutcome], fmt: str) -> str:
    """The summary as ``csv`` (UTF-8 with a BOM, so that Excel shows the Chinese) or ``json``."""
    rows = summary_rows(outcomes)
    if fmt == "json":
        totals = {
            "documents": len(rows),
            "unreadable": sum(1 for r in rows if r["read_error"]),
            "errors": sum(int(r["errors"] or 0) for r in rows),  # type: ignore[call-overload]
            "warnings": sum(int(r["warnings"] or 0) for r in rows),  # type: ignore[call-overload]
            "infos": sum(int(r["infos"] or 0) for r in rows),  # type: ignore[call-overload]
        }
        return json.dumps({"documents": rows, "totals": totals}, ensure_ascii=False, indent=1) + "\n"
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=SUMMARY_COLUMNS, lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({k: "" if v is None else v for k, v in row.items()})
        return "\ufeff" + buffer.getvalue()
    raise ValueError(f"unknown summary format {fmt!r}")
