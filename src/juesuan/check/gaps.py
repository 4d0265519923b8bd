"""What the checker cannot check because the reader could not read it (``Report.unread``).

The engine asks this module, once for every rule, so that no rule re-invents it:

- a hit that names an unread cell, or a table whose body was not read, or several rows of a
  table with rows missing (a sum over a table cut off), is not a finding: the identity could not
  be checked, and the rule's outcome says so, naming the unread parts;
- a hit of a rule that reports *absence* (a required table or section not found, an item not
  explained) cannot stand while a page, a part of a sheet or the end of the input was not read:
  what it missed may be there;
- a rule that read an unread cell, or two or more rows of an incomplete table, or asked for a
  table whose body was not read, without a hit could not check either — it must not count as
  passed.

What a rule read is tracked through :class:`Tracker`, told by
:func:`juesuan.check.quantities.cell_fig` of every cell whose figure is taken and by
:class:`TrackedReport` of every unread table a rule asks for.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from juesuan.model.build import bare
from juesuan.model.provenance import Source
from juesuan.model.report import Report, Unread, UnreadScope
from juesuan.model.tables import MoneyCell, TableKind
from juesuan.record import Record

__all__ = ["Gaps", "TrackedReport", "Tracker", "current_tracker", "tracked", "tracking"]

_TableKey = tuple[str, str | None]  # (table title, 自评表 project or None)


def _cell_key(source: Source) -> tuple[str | None, str | None, str | None]:
    return (source.table, source.row, source.column)


@dataclass(repr=False)
class Gaps(Record):
    """The unread parts of one report, indexed the way rules' sources name places."""

    cells: dict[tuple[str | None, str | None, str | None], Unread] = field(default_factory=dict)
    incomplete: dict[_TableKey, list[Unread]] = field(default_factory=dict)  # rows missing
    unread_tables: dict[_TableKey, Unread] = field(default_factory=dict)  # body not read
    regions: list[Unread] = field(default_factory=list)  # content unknown (pages, sheet parts, the rest)

    @classmethod
    def of(cls, report: Report) -> Gaps:
        gaps = cls()
        for record in report.unread:
            key: _TableKey | None = (record.table, record.part) if record.table else None
            if record.scope is UnreadScope.CELL:
                for source in record.sources[:1]:
                    gaps.cells[_cell_key(source)] = record
            elif record.scope is UnreadScope.TABLE and key is not None:
                gaps.unread_tables[key] = record
            elif key is not None:  # rows missing, or a region that starts inside the table
                gaps.incomplete.setdefault(key, []).append(record)
            if record.scope is UnreadScope.REGION:
                gaps.regions.append(record)
        return gaps

    def __bool__(self) -> bool:
        return bool(self.cells or self.incomplete or self.unread_tables or self.regions)

    @property
    def tables(self) -> frozenset[str]:
        """Titles of the tables with rows missing (what the tracker watches)."""
        return frozenset(title for title, _ in self.incomplete)

    def tracker(self) -> Tracker:
        return Tracker(tables=self.tables, unread=frozenset(title for title, _ in self.unread_tables))

    def _keys(self, source: Source, keys: Iterable[_TableKey]) -> Iterator[_TableKey]:
        """The table keys ``source`` belongs to: its table, and the 自评表 project its row names."""
        for title, part in keys:
            if title != source.table:
                continue
            if part is None or source.row == part or (source.row or "").startswith(part + "/"):
                yield (title, part)

    def blocking(self, sources: Iterable[Source]) -> list[Unread]:
        """The unread parts that a hit naming ``sources`` depends on (``[]``: it stands)."""
        found: list[Unread] = []
        rows: dict[_TableKey, set[str | None]] = {}
        for source in sources:
            if source.table is None:
                continue
            cell = self.cells.get(_cell_key(source))
            if cell is not None:
                found.append(cell)
            for key in self._keys(source, self.unread_tables):
                found.append(self.unread_tables[key])
            for key in self._keys(source, self.incomplete):
                rows.setdefault(key, set()).add(source.row)
        for key, named in rows.items():
            # a sum, an order or a coverage over the table (two rows or more), or the table named
            # as a whole (a row looked for and not found in it): rows are missing
            if len(named) >= 2 or None in named:
                found.extend(self.incomplete[key])
        return _unique(found)

    def read_by(self, tracker: Tracker) -> list[Unread]:
        """The unread parts a rule read (through the figures it took), whatever it reported."""
        found = [self.cells[k] for k in tracker.cells if k in self.cells]
        found.extend(record for (title, _), record in self.unread_tables.items() if title in tracker.looked)
        for title, rows in tracker.rows.items():
            if len(rows) >= 2:
                for (name, _part), records in self.incomplete.items():
                    if name == title:
                        found.extend(records)
        return _unique(found)


def _unique(records: Iterable[Unread]) -> list[Unread]:
    out: list[Unread] = []
    for record in records:
        if not any(record is seen for seen in out):
            out.append(record)
    return out


@dataclass(repr=False)
class Tracker(Record):
    """What one rule read of the unread parts: unreadable cells, rows of incomplete tables."""

    tables: frozenset[str]  # tables with rows missing: which of their rows were read
    unread: frozenset[str] = frozenset()  # tables whose body was not read: whether they were asked for
    cells: set[tuple[str | None, str | None, str | None]] = field(default_factory=set)
    rows: dict[str, set[str | None]] = field(default_factory=dict)
    looked: set[str] = field(default_factory=set)

    def saw(self, cell: MoneyCell) -> None:
        source = cell.source
        if cell.unreadable:
            self.cells.add(_cell_key(source))
        if source.table in self.tables:
            self.rows.setdefault(source.table, set()).add(source.row)


_CURRENT: Tracker | None = None


def current_tracker() -> Tracker | None:
    return _CURRENT


@contextmanager
def tracking(tracker: Tracker | None) -> Iterator[None]:
    """Within the block, the figures taken (:func:`~juesuan.check.quantities.cell_fig`) are told to ``tracker``."""
    global _CURRENT
    outer = _CURRENT
    _CURRENT = tracker
    try:
        yield
    finally:
        _CURRENT = outer


class TrackedReport(Report):
    """The report as rules see it when a table's body was not read: the same values, and a
    :meth:`table` that tells the current :class:`Tracker` when a rule asks for such a table."""

    def table(self, kind: TableKind, shape: type | None = None) -> Any:
        found = super().table(kind, shape) if shape is not None else super().table(kind)
        tracker = _CURRENT
        if found is not None and tracker is not None and kind.value in tracker.unread:
            tracker.looked.add(kind.value)
        return found


def tracked(report: Report) -> Report:
    """``report`` as a :class:`TrackedReport` sharing its values (nothing is copied or validated)."""
    return bare(TrackedReport, dict(report.__dict__))
