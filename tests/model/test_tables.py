"""The standard tables: shapes and shared title variants, blank cells, lookups, and the report's
tagged union of table shapes. (Numbers and titles by layout are in the profiles: tests/profiles.)"""

from __future__ import annotations

from dataclasses import FrozenInstanceError
from decimal import Decimal as D

import pytest

from juesuan.model import (
    TABLE_SPECS,
    Amount,
    BalanceLine,
    BalanceTable,
    BasicExpenditureTable,
    BasicItem,
    ClassifiedRow,
    ClassifiedTable,
    Code,
    CodeScheme,
    MoneyCell,
    Report,
    Side,
    TableHeader,
    TableKind,
    ThreePublicItem,
    ThreePublicRow,
    ThreePublicTable,
    Unit,
    spec_for,
)


def cell(text: str) -> MoneyCell:
    return MoneyCell(amount=Amount.parse(text) if text else None, text=text)


def test_titles_and_shared_variants() -> None:
    spec = spec_for(TableKind.GENERAL_BASIC)
    assert spec.title == "一般公共预算财政拨款基本支出决算表"
    # variants any publisher may print stay here; a layout's own titles are in its profile
    assert "收入决算总表" in spec_for(TableKind.INCOME).aliases  # 陕西 柞水 2020 (DOMAIN.md §2.7)
    assert "国有资本经营预算财政拨款（收入）支出决算表" in spec_for(TableKind.STATE_CAPITAL).aliases
    assert all("高等学校" not in alias for s in TABLE_SPECS for alias in s.aliases)
    assert spec_for(TableKind.GOV_FUND).optional and not spec_for(TableKind.INCOME).optional
    assert spec_for(TableKind.OTHER).shape == "generic"


def test_blank_cells_count_as_zero() -> None:
    blank = cell("")
    assert blank.blank and blank.or_zero().value == 0 and blank.or_zero(Unit.YUAN).unit == Unit.YUAN
    printed = cell("0.00")
    assert not printed.blank and printed.or_zero().value == D("0.00")


def _classified() -> ClassifiedTable:
    return ClassifiedTable(
        kind=TableKind.EXPENDITURE,
        header=TableHeader(title="支出决算表"),
        columns=("本年支出合计", "基本支出"),
        rows=(
            ClassifiedRow(label="合计", cells={"本年支出合计": cell("2,079.31")}),
            ClassifiedRow(code=Code(scheme=CodeScheme.FUNCTION, value="208"), label="社会保障和就业支出", cells={"本年支出合计": cell("1,968.11")}),
        ),
    )


def test_classified_table_lookups() -> None:
    table = _classified()
    assert table.total is not None and table.total.label == "合计"
    row = table.row("208")
    assert row is not None and row.cells["本年支出合计"].amount == Amount.parse("1968.11")
    assert table.row("221") is None
    assert [r.label for r in table.coded_rows] == ["社会保障和就业支出"]


def test_balance_table_sides() -> None:
    table = BalanceTable(
        kind=TableKind.INCOME_EXPENDITURE_SUMMARY,
        header=TableHeader(title="收入支出决算总表"),
        lines=(
            BalanceLine(side=Side.INCOME, line_no=27, label="本年收入合计", key="本年收入合计"),
            BalanceLine(side=Side.EXPENDITURE, line_no=58, label="本年支出合计", key="本年支出合计"),
            BalanceLine(side=Side.INCOME, line_no=31, label="总计", key="总计"),
            BalanceLine(side=Side.EXPENDITURE, line_no=62, label="总计", key="总计"),
        ),
    )
    assert [line.line_no for line in table.side(Side.INCOME)] == [27, 31]
    total = table.line(Side.EXPENDITURE, "总计")
    assert total is not None and total.line_no == 62
    assert table.line(Side.INCOME, "结余分配") is None


def test_basic_and_three_public_lookups() -> None:
    basic = BasicExpenditureTable(
        header=TableHeader(title="一般公共预算财政拨款基本支出决算表"),
        items=(BasicItem(code=Code(scheme=CodeScheme.ECONOMIC, value="30101", printed="3010", inferred=True), name="基本工资", group="人员经费"),),
    )
    item = basic.item("30101")
    assert item is not None and item.code.printed == "3010"
    assert basic.item("3010") is None
    three = ThreePublicTable(header=TableHeader(title="财政拨款“三公”经费支出决算表"), rows=(ThreePublicRow(item=ThreePublicItem.TOTAL),))
    assert three.get(ThreePublicItem.TOTAL) is not None and three.get(ThreePublicItem.RECEPTION) is None


def test_report_finds_tables_by_kind_and_shape_and_loads_them_by_layout() -> None:
    report = Report(tables=(_classified(),))
    assert report.table(TableKind.EXPENDITURE) is not None
    assert report.table(TableKind.EXPENDITURE, ClassifiedTable) is not None
    assert report.table(TableKind.EXPENDITURE, BalanceTable) is None
    assert report.table(TableKind.INCOME) is None
    again = Report.model_validate(report.model_dump(mode="json"))
    assert isinstance(again.tables[0], ClassifiedTable) and again == report


def test_models_are_immutable() -> None:
    table = _classified()
    with pytest.raises(FrozenInstanceError, match="kind"):
        table.kind = TableKind.INCOME  # type: ignore[misc]
    with pytest.raises(FrozenInstanceError):
        del table.header  # type: ignore[misc]
    assert table.model_copy(update={"kind": TableKind.INCOME}).kind is TableKind.INCOME and table.kind is not TableKind.INCOME
