"""The fill-in workbook: written with every sheet, dropdowns and protected formulas; filled, it
reads back into the same input as the YAML fixture; a bad cell is named by sheet and cell."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest

from juesuan.diagnostics import ReadError
from juesuan.ingest.template import SHEETS, read_template, template_workbook
from tests.render.conftest import made_up_sheets


@pytest.fixture(scope="module")
def empty_template() -> bytes:
    return template_workbook(rows=60)


def fill(template: bytes, sheets: dict[str, list[list[object]]], path: Path) -> Path:
    wb = openpyxl.load_workbook(io.BytesIO(template))
    for name, rows in sheets.items():
        ws = wb[name]
        for r, row in enumerate(rows[1:], start=2):
            for c, value in enumerate(row, start=1):
                ws.cell(row=r, column=c, value=None if value == "" else value)
    wb.save(path)
    return path


def test_template_has_a_sheet_for_every_part(empty_template: bytes):
    wb = openpyxl.load_workbook(io.BytesIO(empty_template))
    assert wb.sheetnames == ["填写说明", *[s.name for s in SHEETS]]
    indicators = wb["绩效指标"]
    assert indicators.protection.sheet
    lists = [dv.formula1 for dv in indicators.data_validations.dataValidation]
    assert '">=,>,=,<=,<"' in lists and '"全部或基本达成,部分达成,未达成"' in lists
    formula = indicators.cell(row=2, column=14)
    assert str(formula.value).startswith("=IF(") and formula.protection.locked
    assert not indicators.cell(row=2, column=2).protection.locked  # input cells stay editable
    info = wb["基本信息"]
    assert info["A2"].value == "部门名称" and info["A2"].protection.locked


def test_filled_template_reads_like_the_yaml_fixture(empty_template: bytes, made_up_input, tmp_path: Path):
    path = fill(empty_template, made_up_sheets()["sheets"], tmp_path / "filled.xlsx")
    doc = read_template(path)
    assert doc.department == made_up_input.department
    assert doc.reasons == made_up_input.reasons
    assert doc.projects == made_up_input.projects
    assert doc.budgets == made_up_input.budgets
    tables = [_without_sources(t.model_dump(mode="json")) for t in doc.tables]
    assert tables == [_without_sources(t.model_dump(mode="json")) for t in made_up_input.tables]


def _without_sources(value: object) -> object:
    if isinstance(value, dict):
        return {k: _without_sources(v) for k, v in value.items() if k != "source"}
    if isinstance(value, list):
        return [_without_sources(v) for v in value]
    return value


def refusal(template: bytes, path: Path, edits: dict[tuple[str, int, int], object]) -> str:
    """What reading the made-up workbook says with some cells changed (sheet, row, column in the
    fixture's rows) — it must be refused."""
    sheets = made_up_sheets()["sheets"]
    for (sheet, row, column), value in edits.items():
        sheets[sheet][row][column] = value
    with pytest.raises(ReadError) as caught:
        read_template(fill(template, sheets, path))
    return caught.value.problem


def test_bad_cells_are_named_by_sheet_and_cell(empty_template: bytes, tmp_path: Path):
    edits = {("收入决算表", 3, 2): "四百二十", ("基本信息", 1, 1): ""}  # 2120101 行政运行 财政拨款收入; 部门名称
    problem = refusal(empty_template, tmp_path / "bad.xlsx", edits)
    assert "工作表“收入决算表”C4单元格：“四百二十”不是财政拨款收入（应填数字，单位万元）" in problem
    assert "工作表“基本信息”B2单元格：缺少必填项“部门名称”" in problem


def test_bad_cells_in_the_sheets_of_counts_and_amounts_are_named_too(empty_template: bytes, tmp_path: Path):
    """三公数量, 政府采购 and 国有资产 are read like the tables: a bad cell there refuses the workbook
    (it was once read as "not given" without a word)."""
    # 因公出国（境）团组数, 货物采购金额, 机要通信用车
    edits = {("三公数量", 1, 1): -1, ("政府采购", 1, 1): "一百", ("国有资产", 1, 1): "四辆"}
    problem = refusal(empty_template, tmp_path / "bad-counts.xlsx", edits)
    assert "填报模板中有 3 处问题" in problem
    assert "工作表“三公数量”B2单元格：“-1”不是数量（应填非负整数）" in problem
    assert "工作表“政府采购”B2单元格：“一百”" in problem and "工作表“国有资产”B2单元格：“四辆”" in problem


def test_an_unrelated_workbook_is_refused(tmp_path: Path):
    wb = openpyxl.Workbook()
    wb.active["A1"] = "hello"
    path = tmp_path / "other.xlsx"
    wb.save(path)
    with pytest.raises(ReadError, match="不是部门决算填报模板"):
        read_template(path)


def test_cli_writes_the_template(tmp_path: Path):
    from typer.testing import CliRunner

    from juesuan.cli import app

    out = tmp_path / "部门决算填报模板.xlsx"
    result = CliRunner().invoke(app, ["template", "-o", str(out)])
    assert result.exit_code == 0
    assert "绩效指标" in openpyxl.load_workbook(out).sheetnames


def test_the_layout_cell_must_name_a_known_layout() -> None:
    from juesuan.ingest.template import read_sheets

    sheets = made_up_sheets()["sheets"]
    info = sheets["基本信息"]
    info.append(["版式", "shanghai"])
    assert read_sheets({"sheets": sheets}, "t.yaml").family == "shanghai"
    info[-1] = ["版式", "beijing"]
    with pytest.raises(ReadError) as refused:
        read_sheets({"sheets": sheets}, "t.yaml")
    assert "“版式”应是已知的版式名" in refused.value.problem
