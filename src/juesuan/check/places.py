"""Where the parts of a table's or form's frame were printed (year line, 单位 line, 表号 …), so that
findings about them point at the right line rather than at the title."""

from __future__ import annotations

from collections.abc import Sequence

from juesuan.model.provenance import Source
from juesuan.model.tables import TableHeader

__all__ = ["form_line", "header_line"]


def header_line(header: TableHeader, column: str) -> Source:
    """The source of a table's 表号 / 单位 / 年度 / 金额单位 line (the title when not known)."""
    for source in header.lines:
        if source.column == column:
            return source
    return header.source


def form_line(lines: Sequence[Source], fallback: Source, *, column: str | None = None, startswith: str | None = None) -> Source:
    """The source of a 绩效自评表 line: by its column tag or by the text it starts with."""
    for source in lines:
        if column is not None and source.column == column:
            return source
        if startswith is not None and source.text.replace(" ", "").startswith(startswith):
            return source
    return fallback
