"""Where a batch's results go, one document at a time: the sink protocol and the writers juesuan ships.

A :class:`Sink` is told the number of inputs (``start``), then receives each document's
:class:`~juesuan.batch.jobs.DocumentOutcome` as soon as it is known (``add``, in the order the
documents *finish*, from the main process only), then ``finish(complete)`` — ``complete`` is
False when the batch was interrupted. By default an outcome carries the document's counts and its
findings as rendered; a sink that stores findings sets ``wants_report = True`` (the whole
``CheckReport`` comes back) and one that stores documents ``wants_reading = True`` (the
``ReadResult`` too) — each costs a pickling round trip per document, so only when asked. A sink
keeps what it needs of an outcome and drops the rest, so a batch of any size runs in constant
memory.

Writers: :class:`SummaryWriter` (one row per input as CSV, JSON or JSON Lines) and
:class:`FindingsWriter` (the findings of every checked document, to a file or a stream). Both
write to a temporary file beside the target and rename it into place at ``finish``: a reader of
the target never sees half a file, and an interrupted batch still leaves the rows that finished,
marked incomplete. Rows come out in input order: an outcome that finishes early waits (as its
row, not its report) until those before it are written.
"""

from __future__ import annotations

import csv
import json
import os
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, ClassVar, Protocol, TypeVar, runtime_checkable

from juesuan.batch.jobs import DocumentOutcome, Status
from juesuan.escape import csv_text

if TYPE_CHECKING:
    from juesuan.diagnostics import CheckReport, Finding, Location

__all__ = [
    "FINDINGS_FORMATS",
    "SUMMARY_COLUMNS",
    "SUMMARY_HEADERS",
    "SUMMARY_FORMATS",
    "FindingRowsWriter",
    "FindingsWriter",
    "Sink",
    "SummaryWriter",
    "summary_row",
]

T = TypeVar("T")


class TextOut(Protocol):
    """Where a :class:`FindingsWriter` streams: anything with ``write`` and ``flush``."""

    def write(self, text: str, /) -> int: ...

    def flush(self) -> None: ...


@runtime_checkable
class Sink(Protocol):
    """Receives the outcome of each document of a batch as it arrives."""

    wants_report: bool
    wants_reading: bool

    def start(self, total: int) -> None:
        """Before the first outcome: how many inputs the batch has."""

    def add(self, outcome: DocumentOutcome) -> None:
        """One document's outcome (read and checked, unreadable, failed, skipped or interrupted)."""

    def finish(self, complete: bool) -> None:
        """After the last outcome; ``complete`` is False when the batch was stopped early."""


SUMMARY_COLUMNS = ("file", "status", "department", "year", "profile", "errors", "warnings", "infos", "seconds", "attempts", "problem")
SUMMARY_FORMATS = ("csv", "json", "jsonl")
#: the CSV summary's header row (read by people, in Excel); JSON keeps the English keys above
SUMMARY_HEADERS = {
    "file": "文件",
    "status": "状态",
    "department": "单位",
    "year": "年度",
    "profile": "版式",
    "errors": "错误",
    "warnings": "警告",
    "infos": "提示",
    "seconds": "耗时（秒）",
    "attempts": "尝试次数",
    "problem": "说明",
}
#: the CSV summary's status words
STATUS_WORDS = {**{s.value: s.label for s in Status}, "incomplete": "未完成"}


def summary_row(outcome: DocumentOutcome) -> dict[str, Any]:
    """One document's summary: its identity and counts, or why it was not checked."""
    counts = outcome.counts
    return {
        "file": outcome.path,
        "status": outcome.status.value,
        "department": counts.department if counts is not None else "",
        "year": counts.year if counts is not None else None,
        "profile": counts.profile if counts is not None else "",
        "errors": counts.errors if counts is not None else None,
        "warnings": counts.warnings if counts is not None else None,
        "infos": counts.infos if counts is not None else None,
        "seconds": round(outcome.seconds, 3),
        "attempts": outcome.attempts,
        "problem": outcome.problem or outcome.note,
    }


class _Reorder:
    """Items handed in by index, handed out in index order; gaps are waited for until ``rest``."""

    def __init__(self) -> None:
        self.next = 0
        self.waiting: dict[int, Any] = {}

    def push(self, index: int, item: T) -> Iterator[T]:
        self.waiting[index] = item
        while self.next in self.waiting:
            yield self.waiting.pop(self.next)
            self.next += 1

    def rest(self) -> Iterator[Any]:
        for index in sorted(self.waiting):
            yield self.waiting.pop(index)


class _PartFile:
    """A text file written beside its target under a temporary name and renamed into place."""

    def __init__(self, target: Path) -> None:
        self.target = target
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, self.tmp = tempfile.mkstemp(prefix=".juesuan-", suffix=".part", dir=target.parent)
        self.fh: IO[str] = os.fdopen(fd, "w", encoding="utf-8", newline="")

    def commit(self) -> None:
        self.fh.close()
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(self.tmp, 0o666 & ~umask)
        os.replace(self.tmp, self.target)

    def discard(self) -> None:
        self.fh.close()
        Path(self.tmp).unlink(missing_ok=True)


class SummaryWriter:
    """The summary table, one row per input: ``csv`` (UTF-8 with a BOM, so that Excel shows the
    Chinese), ``json`` (rows, totals and ``complete``) or ``jsonl`` (one row per line, in the order
    the documents finished, each with its input ``index``)."""

    wants_report = False
    wants_reading = False

    def __init__(self, path: Path, fmt: str) -> None:
        if fmt not in SUMMARY_FORMATS:
            raise ValueError(f"unknown summary format {fmt!r}")
        self.path, self.fmt = path, fmt
        self.order = _Reorder()
        self.part: _PartFile | None = None
        self.total = 0
        self.totals = dict.fromkeys(("documents", *(s.value for s in Status), "errors", "warnings", "infos"), 0)
        self._rows_written = 0
        self._csv: Any = None

    def start(self, total: int) -> None:
        self.total = total
        self.part = _PartFile(self.path)
        if self.fmt == "csv":
            self.part.fh.write("\ufeff")
            self._csv = csv.DictWriter(self.part.fh, fieldnames=SUMMARY_COLUMNS, lineterminator="\n")
            self._csv.writerow(SUMMARY_HEADERS)
        elif self.fmt == "json":
            self.part.fh.write('{"documents": [')

    def add(self, outcome: DocumentOutcome) -> None:
        row = summary_row(outcome)
        self.totals["documents"] += 1
        self.totals[outcome.status.value] += 1
        for key, column in (("errors", "errors"), ("warnings", "warnings"), ("infos", "infos")):
            self.totals[key] += row[column] or 0
        if self.fmt == "jsonl":
            self._write({"index": outcome.index, **row})
            return
        for ready in self.order.push(outcome.index, row):
            self._write(ready)

    def _write(self, row: dict[str, Any]) -> None:
        if self.part is None:
            raise RuntimeError("SummaryWriter.add before start")
        fh = self.part.fh
        if self.fmt == "csv":
            self._csv.writerow({k: "" if v is None else STATUS_WORDS.get(v, v) if k == "status" else csv_text(v) if isinstance(v, str) else v for k, v in row.items()})
        elif self.fmt == "json":
            fh.write(("\n " if self._rows_written == 0 else ",\n ") + json.dumps(row, ensure_ascii=False))
        else:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
        self._rows_written += 1
        fh.flush()

    def finish(self, complete: bool) -> None:
        if self.part is None:
            return
        for row in self.order.rest():
            self._write(row)
        fh = self.part.fh
        if self.fmt == "json":
            fh.write("\n ],\n")
            fh.write(f' "complete": {json.dumps(complete)},\n "expected": {self.total},\n')
            fh.write(f' "totals": {json.dumps(self.totals, ensure_ascii=False)}\n}}\n')
        elif not complete:
            marker = dict.fromkeys(SUMMARY_COLUMNS, "")
            marker.update(status="incomplete", problem=self.incomplete_note())
            if self.fmt == "csv":
                self._csv.writerow({**marker, "status": STATUS_WORDS["incomplete"]})
            else:
                fh.write(json.dumps({"index": None, **marker}, ensure_ascii=False) + "\n")
        self.part.commit()
        self.part = None

    def incomplete_note(self) -> str:
        return f"批量审核已中断：共 {self.total} 份，已有结果 {self.totals['documents']} 份，其余未审核"


def _html_section(page: str) -> str:
    """The ``<main>`` section of a rendered review page."""
    start, end = page.find("<main"), page.rfind("</main>")
    return page[start : end + len("</main>")] if start >= 0 and end > start else ""


def _html_head() -> str:
    from juesuan.render.review import CSS

    return f"<!DOCTYPE html><html lang='zh-CN'><head><meta charset='utf-8'><title>审核报告</title><style>{CSS}</style></head><body>\n"


class FindingsWriter:
    """The findings of every checked document in input order, in the format the jobs rendered:
    to ``path`` (written at the end, atomically; not written when no document was checked), or
    streamed to ``stream`` (stdout by default). JSON is one array of the documents' reports."""

    wants_report = False
    wants_reading = False
    SEPARATORS: ClassVar[dict[str, tuple[str, str, str]]] = {  # before the first, between, after the last
        "json": ("[\n", ",\n", "\n]\n"),
        "text": ("", "\n", ""),
        "markdown": ("", "\n", ""),
        "html": ("", "\n", ""),
    }

    def __init__(self, fmt: str, path: Path | None = None, stream: TextOut | None = None) -> None:
        self.fmt, self.path = fmt, path
        self.stream = stream
        self.part: _PartFile | None = None
        self.order = _Reorder()
        self.written = 0
        self.index_rows: list[Any] = []  # html: the index, a small row per input
        self.scratch: IO[str] | None = None  # html to a file: the sections until the index is known

    def start(self, total: int) -> None:
        if self.path is not None:
            self.part = _PartFile(self.path)
        elif self.stream is None:
            self.stream = sys.stdout

    def _out(self) -> TextOut:
        if self.part is not None:
            return self.part.fh
        return self.stream or sys.stdout

    def add(self, outcome: DocumentOutcome) -> None:
        if self.fmt == "html":
            self._add_html(outcome)
            return
        for text in self.order.push(outcome.index, outcome.rendered if outcome.checked else None):
            self._write(text)

    # HTML: one page — an index of every input (linked to its section), then each document's section.
    # To a file the index comes first: the sections go to a scratch file and are copied after it at
    # the end (constant memory); streamed, the index follows the sections.

    def _add_html(self, outcome: DocumentOutcome) -> None:
        from juesuan.render.review import IndexRow

        section = _html_section(outcome.rendered) if outcome.checked else ""
        counts = outcome.counts
        row = IndexRow(
            anchor=f"d{outcome.index + 1}" if section else "",
            file=outcome.path,
            status=outcome.status.label,
            department=counts.department if counts else "",
            year=counts.year if counts else None,
            errors=counts.errors if counts else None,
            warnings=counts.warnings if counts else None,
            infos=counts.infos if counts else None,
            problem=outcome.problem or outcome.note,
        )
        for ready_row, ready_section in self.order.push(outcome.index, (row, section)):
            self._html_write(ready_row, ready_section)

    def _html_write(self, row: Any, section: str) -> None:
        self.index_rows.append(row)
        if not section:
            return
        out: TextOut
        if self.part is not None:
            if self.scratch is None:
                self.scratch = tempfile.TemporaryFile("w+", encoding="utf-8")  # noqa: SIM115 (closed in finish)
            out = self.scratch
        else:
            out = self._out()
            if self.written == 0:
                out.write(_html_head())
        out.write(section + "\n")
        out.flush()
        self.written += 1

    def _html_finish(self, complete: bool) -> None:
        from juesuan.render.review import review_index

        for row, section in self.order.rest():
            self._html_write(row, section)
        index = review_index(self.index_rows, complete)
        if self.part is not None:
            fh = self.part.fh
            fh.write(_html_head() + index + "\n")
            if self.scratch is not None:
                self.scratch.seek(0)
                while chunk := self.scratch.read(1 << 20):
                    fh.write(chunk)
                self.scratch.close()
            fh.write("</body></html>\n")
            if self.written:
                self.part.commit()
            else:
                self.part.discard()
            self.part = None
        elif self.written:
            out = self._out()
            out.write(index + "\n</body></html>\n")
            out.flush()

    def _write(self, text: str | None) -> None:
        if text is None:
            return
        first, between, _ = self.SEPARATORS[self.fmt]
        out = self._out()
        out.write((first if self.written == 0 else between) + text)
        out.flush()
        self.written += 1

    def finish(self, complete: bool) -> None:
        if self.fmt == "html":
            self._html_finish(complete)
            return
        for text in self.order.rest():
            self._write(text)
        if self.written:
            self._out().write(self.SEPARATORS[self.fmt][2])
            self._out().flush()
        if self.part is not None:
            if self.written:
                self.part.commit()
            else:
                self.part.discard()
            self.part = None


FINDINGS_FORMATS = ("csv", "xlsx")


def finding_rows(path: str, report: CheckReport) -> Iterator[dict[str, Any]]:
    """One row per finding of a checked document, in the columns of the store's findings export
    (:func:`juesuan.store.export.finding_rows`), so both exports read alike."""
    from datetime import datetime

    from juesuan.store.export import finding_rows as rows

    checked_at = datetime.now().astimezone().strftime("%Y-%m-%d %H:%M:%S")

    def others(finding: Finding) -> str:
        return "；".join(_place_text(loc) for loc in finding.locations[1:])

    return rows(report, path, checked_at, others, version="")


def _place_text(loc: Location) -> str:
    at = f"第{loc.page}页" if loc.page is not None else (f"第{loc.line}行" if loc.line is not None else "")
    return " ".join(p for p in (loc.place(), at) if p)


class FindingRowsWriter:
    """Every finding of every checked document, one row each (``--findings``): CSV or XLSX with
    Chinese headers, the columns of ``juesuan db export findings``. Rows wait in a scratch file
    (JSON Lines, in input order) and the workbook is written from it at the end, so memory stays
    constant; the target appears at once, complete."""

    wants_report = True
    wants_reading = False

    def __init__(self, path: Path, fmt: str) -> None:
        if fmt not in FINDINGS_FORMATS:
            raise ValueError(f"unknown findings format {fmt!r}")
        self.path, self.fmt = path, fmt
        self.order = _Reorder()
        self.scratch: IO[str] | None = None
        self.count = 0

    def start(self, total: int) -> None:
        self.scratch = tempfile.TemporaryFile("w+", encoding="utf-8")  # noqa: SIM115 (closed in finish)

    def add(self, outcome: DocumentOutcome) -> None:
        rows = list(finding_rows(outcome.path, outcome.report)) if outcome.checked and outcome.report is not None else []
        for ready in self.order.push(outcome.index, rows):
            self._keep(ready)

    def _keep(self, rows: list[dict[str, Any]]) -> None:
        if self.scratch is None:
            raise RuntimeError("FindingRowsWriter.add before start")
        for row in rows:
            self.scratch.write(json.dumps(row, ensure_ascii=False) + "\n")
            self.count += 1

    def finish(self, complete: bool) -> None:
        from juesuan.store.export import write_findings

        if self.scratch is None:
            return
        for waiting in self.order.rest():
            self._keep(waiting)
        scratch = self.scratch

        def rows() -> Iterator[dict[str, object]]:
            scratch.seek(0)
            for line in scratch:
                yield json.loads(line)

        try:
            write_findings(rows(), self.path, self.fmt)
        finally:
            scratch.close()
            self.scratch = None
