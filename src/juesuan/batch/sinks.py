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
from typing import IO, Any, ClassVar, Protocol, TypeVar, runtime_checkable

from juesuan.batch.jobs import DocumentOutcome, Status

__all__ = [
    "SUMMARY_COLUMNS",
    "SUMMARY_FORMATS",
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
            self._csv.writeheader()
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
            self._csv.writerow({k: "" if v is None else v for k, v in row.items()})
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
                self._csv.writerow(marker)
            else:
                fh.write(json.dumps({"index": None, **marker}, ensure_ascii=False) + "\n")
        self.part.commit()
        self.part = None

    def incomplete_note(self) -> str:
        return f"批量审核已中断：共 {self.total} 份，已有结果 {self.totals['documents']} 份，其余未审核"


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
        for text in self.order.push(outcome.index, outcome.rendered if outcome.checked else None):
            self._write(text)

    def _write(self, text: str | None) -> None:
        if text is None:
            return
        first, between, _ = self.SEPARATORS[self.fmt]
        out = self._out()
        out.write((first if self.written == 0 else between) + text)
        out.flush()
        self.written += 1

    def finish(self, complete: bool) -> None:
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
