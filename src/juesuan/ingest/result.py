"""What every reader returns: the report and the findings made while reading."""

from __future__ import annotations

from dataclasses import dataclass, field

from juesuan.diagnostics import Finding, Severity
from juesuan.model.report import Report
from juesuan.record import Record

__all__ = ["ReadResult"]


@dataclass(frozen=True, repr=False)
class ReadResult(Record):
    """The report and the reading findings. A part that could not be read is a finding *and* an
    entry of ``report.unread``; the rest of the report is usable (a reader raises
    :class:`~juesuan.diagnostics.ReadError` only when nothing usable was read)."""

    report: Report
    findings: list[Finding] = field(default_factory=list)

    @property
    def errors(self) -> list[Finding]:
        """The reading findings of severity error (a table cut off, a cell that is not a number)."""
        return [f for f in self.findings if f.severity == Severity.ERROR]

    @property
    def complete(self) -> bool:
        """Everything was read: no part of the document is recorded as unread."""
        return not self.report.unread
