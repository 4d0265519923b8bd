"""The writer's workbook, Word document and web page read back into the very tables the Markdown
gives, and check as clean as the Markdown does."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from juesuan.check import check
from juesuan.diagnostics import Severity
from juesuan.ingest import ReadResult, read
from juesuan.model.report import Report
from juesuan.render.cells import iter_cells

FORMATS = ("xlsx", "docx", "html")
EVALUATION_TABLES = ("预算项目（政策）绩效自评表", "部门（单位）整体绩效自评表")


def cells(report: Report) -> dict[tuple[str, str, str, str], Decimal]:
    """The cells view without its source column: (table, row code, row label, column) → value."""
    return {(table, code, label, column): Decimal(value) for table, code, label, column, value, _ in iter_cells(report)}


def printed(report: Report) -> dict[tuple[str, str, str, str], str]:
    """The same, with each value as printed (the decimals shown set the rounding interval)."""
    return {(table, code, label, column): value for table, code, label, column, value, _ in iter_cells(report)}


@pytest.fixture(scope="module")
def made_up(made_up_files: dict[str, Path]) -> dict[str, ReadResult]:
    """Each rendering of the made-up department, read once."""
    return {fmt: read(path) for fmt, path in made_up_files.items()}


@pytest.fixture(scope="module")
def seed_again(seed_files: dict[str, Path]) -> dict[str, ReadResult]:
    return {fmt: read(path) for fmt, path in seed_files.items()}


@pytest.fixture(scope="module")
def made_up_md(made_up: dict[str, ReadResult]) -> Report:
    assert not made_up["md"].errors
    return made_up["md"].report


@pytest.mark.parametrize("fmt", FORMATS)
def test_made_up_department_reads_back_like_the_markdown(fmt: str, made_up: dict[str, ReadResult], made_up_md: Report) -> None:
    result = made_up[fmt]
    assert not result.errors, [f.message for f in result.errors]
    report = result.report
    expected = cells(made_up_md)
    assert len(expected) > 300
    assert cells(report) == expected
    assert report.metadata.department == made_up_md.metadata.department == "辽宁省青松市城市管理服务中心"
    assert report.metadata.year == 2024
    assert report.metadata.source_format == fmt
    assert [t.kind for t in report.tables] == [t.kind for t in made_up_md.tables]
    assert [p.name for p in report.projects] == [p.name for p in made_up_md.projects]
    assert [p.title for p in report.narrative.parts] == [p.title for p in made_up_md.narrative.parts]


@pytest.mark.parametrize("fmt", FORMATS)
def test_figures_keep_the_decimals_they_were_printed_with(fmt: str, made_up: dict[str, ReadResult], made_up_md: Report) -> None:
    """``48`` in a ``#,##0.00`` cell is ``48.00``: the same rounding interval as the Markdown's."""
    report = made_up[fmt].report
    standard = {k: v for k, v in printed(report).items() if k[0] not in EVALUATION_TABLES}
    assert standard == {k: v for k, v in printed(made_up_md).items() if k[0] not in EVALUATION_TABLES}
    assert standard[("收入决算表", "2080505", "机关事业单位基本养老保险缴费支出", "本年收入合计")] == "48.00"


@pytest.mark.parametrize("fmt", FORMATS)
def test_made_up_department_checks_clean(fmt: str, made_up: dict[str, ReadResult]) -> None:
    result = made_up[fmt]
    report = check(result.report, "liaoning", reading_findings=result.findings)
    serious = [f"{f.rule_id} {f.message}" for f in report.findings if f.severity in (Severity.ERROR, Severity.WARNING)]
    assert serious == []
    assert report.summary.rules_passed > 70


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_shanghai_layout_reads_back_too(fmt: str, made_up_shanghai_files: dict[str, Path]) -> None:
    """Tables before the text, no 行次, 合计 last in 公开05表: the same figures, family detected."""
    expected = read(made_up_shanghai_files["md"]).report
    result = read(made_up_shanghai_files[fmt])
    assert not result.errors
    assert result.report.metadata.family == "shanghai"
    assert cells(result.report) == cells(expected)
    report = check(result.report, "shanghai", reading_findings=result.findings)
    assert [f.rule_id for f in report.findings if f.severity in (Severity.ERROR, Severity.WARNING)] == []


@pytest.mark.parametrize("fmt", FORMATS)
def test_seed_tables_survive_every_format(fmt: str, seed_again: dict[str, ReadResult], seed_report: Report) -> None:
    result = seed_again[fmt]
    assert not result.errors, [f.message for f in result.errors]
    before = {k: v for k, v in cells(seed_report).items() if k[0] not in EVALUATION_TABLES}
    after = {k: v for k, v in cells(result.report).items() if k[0] not in EVALUATION_TABLES}
    assert len(before) > 200
    assert after == before
    assert result.report.metadata.department == seed_report.metadata.department


@pytest.mark.parametrize("fmt", FORMATS)
def test_seed_evaluations_survive_every_format(fmt: str, seed_again: dict[str, ReadResult], seed_report: Report) -> None:
    """Every 自评表 comes back: names, money, targets, weights; scores as the writer printed them."""
    again = seed_again[fmt].report
    assert [p.name for p in again.projects] == [p.name for p in seed_report.projects]
    for ours, theirs in zip(again.projects, seed_report.projects, strict=True):
        assert ours.budget.value == theirs.budget.value and ours.spent.value == theirs.spent.value
        assert [(i.name, i.operator, i.target.text, i.weight.value) for i in ours.indicators] == [
            (i.name, i.operator, i.target.text, i.weight.value) for i in theirs.indicators
        ]
    assert again.whole[0].total.value == seed_report.whole[0].total.value == Decimal("97.60")


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_seed_checks_in_every_format_as_its_markdown_does(fmt: str, seed_again: dict[str, ReadResult]) -> None:
    """The same errors and warnings (the seed's own slips), at the same places in the tables."""

    def serious(result: ReadResult) -> list[tuple[str, str, str]]:
        report = check(result.report, "liaoning", reading_findings=result.findings)
        return sorted(
            (f.rule_id, f.severity.value, f.locations[0].place() if f.locations else "")
            for f in report.findings
            if f.severity in (Severity.ERROR, Severity.WARNING)
        )

    expected = serious(seed_again["md"])
    assert {"YZ01", "YZ02", "YZ03"} <= {rule for rule, _, _ in expected}  # the seed's own data slips
    assert serious(seed_again[fmt]) == expected


def test_locations_name_the_sheet_and_cell(made_up: dict[str, ReadResult]) -> None:
    report = made_up["xlsx"].report
    table = next(t for t in report.tables if t.kind.value == "收入决算表")
    row = next(r for r in table.rows if r.code is not None and r.code.value == "2080505")
    source = row.cells["本年收入合计"].source
    assert (source.sheet, source.cell, source.text) == ("02 收入决算表", "C10", "48.00")
    assert source.short().endswith("made_up.xlsx!02 收入决算表!C10")


def test_evaluation_rows_are_places_in_a_workbook(made_up: dict[str, ReadResult]) -> None:
    """A finding about a 自评表's 实施单位 points at its row, though a workbook has no line numbers."""
    project = made_up["xlsx"].report.projects[0]
    row = next(s for s in project.lines if s.text.startswith("实施单位"))
    assert (row.sheet, row.cell) == ("城管执法装备购置", "A5")


def test_locations_in_word_are_paragraph_and_table_coordinates(made_up: dict[str, ReadResult], made_up_files: dict[str, Path]) -> None:
    import docx

    report = made_up["docx"].report
    table = next(t for t in report.tables if t.kind.value == "收入决算表")
    row = next(r for r in table.rows if r.code is not None and r.code.value == "2080505")
    source = row.cells["本年收入合计"].source
    assert source.cell == "T2R7C3"  # second table, seventh row (three header rows, 合计, 208, 20805), third column
    document = docx.Document(str(made_up_files["docx"]))
    assert document.tables[1].rows[6].cells[2].text == source.text == "48.00"
    # the line counts paragraphs and table rows: the table title is a few lines above the row
    assert table.header.source.line is not None and source.line is not None
    assert 0 < source.line - table.header.source.line < 12


def test_locations_in_a_web_page_are_source_lines(made_up: dict[str, ReadResult], made_up_files: dict[str, Path]) -> None:
    report = made_up["html"].report
    table = next(t for t in report.tables if t.kind.value == "收入决算表")
    row = next(r for r in table.rows if r.code is not None and r.code.value == "2080505")
    source = row.cells["本年收入合计"].source
    lines = made_up_files["html"].read_text(encoding="utf-8").splitlines()
    assert source.line is not None and "2080505" in lines[source.line - 1]
    assert source.cell == "T2R7C3"
