"""What every reader returns: the report and the findings made while reading."""

from __future__ import annotations

from dataclasses import dataclass, field

from juesuan.diagnostics import Finding, Severity
from juesuan.model.report import Report

__all__ = ["ReadResult"]


@dataclass(frozen=True)
class ReadResult:
    report: Report
    findings: list[Finding] = field(default_factory=list)

    @property
    def errors(self) -> list[Finding]:
        """Reading problems that make the report unusable (a table cut off, a cell that is not a number)."""
        return [f for f in self.findings if f.severity == Severity.ERROR]
