"""Other documents a check may compare with: last year's report of the same department, and the
单位决算 of the units a 部门决算 consists of.

The checker never opens a database: whoever runs it (``api``) passes a :class:`History` into the
context. The store implements it over its tables; :class:`ReportsHistory` implements it over
reports held in memory (tests, and checking a few files together). Without a history the rules
that need one report "could not check".
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol, runtime_checkable

from juesuan.model.org import is_own_unit, parse_org, same_org
from juesuan.model.report import DocumentKind, Report

__all__ = ["History", "ReportsHistory"]


@runtime_checkable
class History(Protocol):
    """Where the other documents of a department come from."""

    def describe(self) -> str:
        """What this history is, in Chinese, for "could not check" reasons (e.g. “文档库 juesuan.db”)."""
        ...

    def last_year(self, report: Report) -> Report | None:
        """The same department's document of the year before, of the same kind (部门决算 or
        单位决算), as currently published; ``None`` when there is none."""
        ...

    def unit_report(self, report: Report, unit: str) -> Report | None:
        """The 单位决算 of the same year of ``unit``, a unit that the 部门决算 ``report`` lists in
        its 决算单位构成 (“…本级” is the department's own office); ``None`` when there is none."""
        ...


class ReportsHistory:
    """A history over reports held in memory, found by name, year and kind."""

    def __init__(self, reports: Iterable[Report], what: str = "同时提供的文档") -> None:
        self.reports = list(reports)
        self.what = what

    def describe(self) -> str:
        return self.what

    def _find(self, name: str, year: int, kind: DocumentKind, context: tuple[str, ...] = ()) -> Report | None:
        for other in self.reports:
            meta = other.metadata
            if meta.year == year and other.metadata.kind == kind and same_org(meta.department, name, context):
                return other
        return None

    def last_year(self, report: Report) -> Report | None:
        meta = report.metadata
        if meta.year is None or not meta.department:
            return None
        return self._find(meta.department, meta.year - 1, meta.kind)

    def unit_report(self, report: Report, unit: str) -> Report | None:
        meta = report.metadata
        if meta.year is None:
            return None
        context = parse_org(meta.department).region
        name = meta.department if is_own_unit(unit) else unit
        return self._find(name, meta.year, DocumentKind.UNIT_FINAL, context)
