"""Seed → parse → render (Markdown) → parse gives the same tables, cell for cell."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from juesuan.ingest import read
from juesuan.model.report import Report
from juesuan.render.cells import iter_cells
from juesuan.render.writers.markdown import write_markdown

EVALUATION_TABLES = ("预算项目（政策）绩效自评表", "部门（单位）整体绩效自评表")


def standard_cells(report: Report) -> dict[tuple[str, str, str, str], Decimal]:
    """(table, row code, row label, column) → value, for the nine standard tables."""
    return {
        (table, code, label, column): Decimal(value)
        for table, code, label, column, value, _ in iter_cells(report)
        if table not in EVALUATION_TABLES
    }


def test_seed_tables_survive_markdown(seed_report, seed_markdown: Path):
    again = read(seed_markdown)
    assert not again.errors
    assert again.report.metadata.department == seed_report.metadata.department
    assert again.report.metadata.year == 2024
    before, after = standard_cells(seed_report), standard_cells(again.report)
    assert len(before) > 200
    assert after == before


def test_seed_evaluation_inputs_survive_markdown(seed_report, seed_markdown: Path):
    """Targets, actuals, 分值 and money of every 自评表 come back; scores are recomputed."""
    again = read(seed_markdown).report
    assert [p.name for p in again.projects] == [p.name for p in seed_report.projects]
    for ours, theirs in zip(again.projects, seed_report.projects, strict=True):
        assert ours.budget.value == theirs.budget.value and ours.spent.value == theirs.spent.value
        assert [(i.name, i.operator, i.target.text, i.actual.value, i.weight.value) for i in ours.indicators] == [
            (i.name, i.operator, i.target.text, i.actual.value, i.weight.value) for i in theirs.indicators
        ]
    whole, seed_whole = again.whole[0], seed_report.whole[0]
    assert [(t.name, t.allotted.value, t.spent.value) for t in whole.tasks] == [
        (t.name, t.allotted.value, t.spent.value) for t in seed_whole.tasks
    ]
    assert whole.total.value == seed_whole.total.value == Decimal("97.60")


def test_made_up_department_tables_survive_markdown(made_up_input, made_up_view, tmp_path: Path):
    path = tmp_path / "made_up.md"
    path.write_text(write_markdown(made_up_view), encoding="utf-8")
    again = read(path)
    assert not again.errors
    expected = standard_cells(Report(tables=made_up_input.tables))
    assert standard_cells(again.report) == expected
    # 公开08表 is filled: the 政府性基金 row came back
    assert expected[("政府性基金预算财政拨款收入支出决算表", "2296004", "用于教育事业的彩票公益金支出", "本年收入")] == Decimal("60.00")


def test_shanghai_layout_reads_back_too(made_up_input, made_up_view_shanghai, tmp_path: Path):
    """The Shanghai layout prints no 行次 (and 合计 last in 公开05表): the figures come back all the same."""
    path = tmp_path / "made_up.shanghai.md"
    path.write_text(write_markdown(made_up_view_shanghai), encoding="utf-8")
    again = read(path)
    assert not again.errors
    assert again.report.metadata.family == "shanghai"

    def by_label(report: Report) -> dict[tuple[str, str, str], Decimal]:
        return {(table, label, column): value for (table, _code, label, column), value in standard_cells(report).items()}

    assert by_label(again.report) == by_label(Report(tables=made_up_input.tables))
