"""Documents related to the seed, for the checks that compare documents: the seed's year before,
built from its own sentences, and the seed as a unit's 单位决算 or under another name.

The seed (辽宁省朝阳市社会保险事业服务中心, 2024) says of 2023: 收入总计 and 支出总计 “减少 276.98 万元，
降低 11.76%”, 财政拨款支出 the same, 年末结转和结余 “持平” (0.00), every 三公 item and 机关运行经费
“与上年持平” (0.00). So 2023's totals were 2,079.31 + 276.98 = 2,356.29. :func:`year_before` puts
those 276.98 万元 on one 项 (2089999 其他社会保障和就业支出, a 项目支出), which moves its 款 20899, its
类 208 (1,968.11 in 02/03/05, 1,968.10 in 01/04), 项目支出 and every total by the same amount, and
moves every year back by one: a 2023 report whose tables agree with each other and with what the
2024 report says about 2023.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from juesuan.model.report import OrgUnit, Report
from juesuan.model.tables import TableKind

#: The seed's figures as they stood in 2023 (万元), from its own year-on-year sentences.
SEED_2023_FIGURES = {
    "2079.31": "2356.29",  # 收入总计 = 支出总计 = 本年收入/支出合计 = 财政拨款 (−276.98 in 2024)
    "1060.97": "1337.95",  # 项目支出
    "995.22": "1272.20",  # 20899 / 2089999 其他社会保障和就业支出
    "1968.11": "2245.09",  # 208 社会保障和就业支出 (02/03/05)
    "1968.10": "2245.08",  # 208 社会保障和就业支出 (01/04, printed 0.01 lower)
}
SEED_NAME = "辽宁省朝阳市社会保险事业服务中心"

_NUMBER = re.compile(r"(?<![\d.,])(?:\d{1,3}(?:,\d{3})+|\d+)\.\d+(?![\d.])")
_YEAR = re.compile(r"(?<![\d.,])(20[0-3]\d)(?![\d.,])")


def _with_commas(plain: str) -> str:
    whole, _, decimals = plain.partition(".")
    return f"{int(whole):,}.{decimals}"


def map_figures(text: str, mapping: dict[str, str]) -> str:
    """Every printed figure found in ``mapping`` (written without separators) replaced by its
    image, printed the way the original was (with or without thousands separators)."""

    def swap(m: re.Match[str]) -> str:
        printed = m.group(0)
        plain = printed.replace(",", "")
        if plain not in mapping:
            return printed
        new = mapping[plain]
        return _with_commas(new) if "," in printed else new

    return _NUMBER.sub(swap, text)


def shift_years(text: str, by: int) -> str:
    return _YEAR.sub(lambda m: str(int(m.group(1)) + by), text)


def year_before(seed: str) -> str:
    """The seed's 2023 report (see the module docstring)."""
    return shift_years(map_figures(seed, SEED_2023_FIGURES), -1)


def renamed(text: str, name: str) -> str:
    """The same document published by another department."""
    return text.replace(SEED_NAME, name)


def as_unit(text: str, name: str = "朝阳市社会保险事业服务中心") -> str:
    """The document as a unit's 单位决算: the unit's name, and 单位决算 wherever it says 部门决算
    (cover, 目录, part and table titles), as a unit's own publication does."""
    return renamed(text, name).replace("部门决算", "单位决算")


# ---- a department and its units, as reports -------------------------------------------------------


def _money_cells(node: object) -> Iterator[dict[str, Any]]:
    """Every table cell of a report dumped to JSON (a dict with an ``amount``)."""
    if isinstance(node, dict):
        amount = node.get("amount")
        if isinstance(amount, dict) and "value" in amount and "unit" in amount:
            yield node
        for value in node.values():
            yield from _money_cells(value)
    elif isinstance(node, list):
        for value in node:
            yield from _money_cells(value)


def _with_cells(report: Report, change: Callable[[Decimal], Decimal], **metadata: str) -> Report:
    data = report.model_dump(mode="json", exclude_none=True)
    for cell in _money_cells(data.get("tables", [])):
        value = change(Decimal(cell["amount"]["value"]))
        cell["amount"]["value"] = format(value, "f")
        cell["text"] = f"{value:,.2f}"
    data["metadata"].update(metadata)
    return Report.model_validate(data)


def split_department(report: Report, share: Decimal, units: tuple[str, str]) -> tuple[Report, Report, Report]:
    """The seed as a department of two units: the department itself (listing the units), its own
    office with ``share`` of every figure (rounded to 0.01), and the other unit with the rest — so
    that every cell of the department is exactly the sum of the two units' cells."""
    own, other = units
    year = report.metadata.year
    department = report.model_copy(update={"units": (OrgUnit(name=own), OrgUnit(name=other))})
    first = _with_cells(report, lambda v: (v * share).quantize(Decimal("0.01"), ROUND_HALF_UP), title=f"{own} {year} 年度单位决算", department=own, kind="单位决算")
    second_values = iter([Decimal(c["amount"]["value"]) for c in _money_cells(first.model_dump(mode="json")["tables"])])
    second = _with_cells(report, lambda v: v - next(second_values), title=f"{other} {year} 年度单位决算", department=other, kind="单位决算")
    return department, first, second


def changed_cell(report: Report, table: TableKind, code: str, column: str, by: Decimal) -> Report:
    """The report with one cell of a classified table moved by ``by``."""
    data = report.model_dump(mode="json", exclude_none=True)
    for t in data["tables"]:
        if t["kind"] == table.value:
            for row in t["rows"]:
                if row.get("code", {}).get("value") == code:
                    cell = row["cells"][column]
                    value = Decimal(cell["amount"]["value"]) + by
                    cell["amount"]["value"] = format(value, "f")
                    cell["text"] = f"{value:,.2f}"
    return Report.model_validate(data)
