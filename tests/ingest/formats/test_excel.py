"""Published workbooks as they are found in the wild, written here with openpyxl (and xlwt for .xls):
one sheet per table with its title in a merged top row, 单位/金额单位 rows, codes in one column or
three, 合计 at the top or the bottom, a sheet named after its table, several tables on one sheet."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from openpyxl.styles import Font

from juesuan import api
from juesuan.diagnostics import ReadError, Severity
from juesuan.ingest import read
from juesuan.ingest.excel import is_template_workbook, reader
from juesuan.ingest.excel.numbers import cell_text
from juesuan.model.tables import ClassifiedTable, TableKind, ThreePublicItem, ThreePublicTable

MONEY = "#,##0.00"


def save(wb: openpyxl.Workbook, path: Path) -> Path:
    wb.save(path)
    return path


def expenditure_sheet(ws, *, three_columns: bool = False, total_last: bool = False, unit: str = "万元", left: int = 1) -> None:  # type: ignore[no-untyped-def]
    """公开03表 as a published sheet: title merged over the top row, 表号, 单位 row, two header rows."""
    c = left
    ws.cell(row=1, column=c, value="支出决算表").font = Font(bold=True, size=16)
    ws.merge_cells(start_row=1, start_column=c, end_row=1, end_column=c + 7)
    ws.cell(row=2, column=c + 7, value="公开03表")
    ws.cell(row=3, column=c, value="编制单位：某某市某某局")
    ws.cell(row=3, column=c + 7, value=f"单位：{unit}")
    codes = ["类", "款", "项"] if three_columns else ["功能分类科目编码"]
    header = ["项目", *[""] * (len(codes)), "本年支出合计", "基本支出", "项目支出", "上缴上级支出", "经营支出", "对附属单位补助支出"]
    sub = [*codes, "科目名称"]
    for j, text in enumerate(header):
        if text:
            ws.cell(row=4, column=c + j, value=text)
    for j, text in enumerate(sub):
        ws.cell(row=5, column=c + j, value=text)
    lines = [
        (("201",), "一般公共服务支出", 150.5, 100.25, 50.25),
        (("201", "03"), "政府办公厅（室）及相关机构事务", 150.5, 100.25, 50.25),
        (("201", "03", "01"), "行政运行", 100.25, 100.25, None),
        (("201", "03", "02"), "一般行政管理事务", 50.25, None, 50.25),
    ]
    data = []
    for parts, name, total, basic, project in lines:
        code_cells = list(parts) + [""] * (len(codes) - len(parts)) if three_columns else ["".join(parts)]
        data.append([*code_cells, name, total, basic, project])
    total_row = ["合计", *[""] * len(codes), 150.5, 100.25, 50.25]
    rows = [*data, total_row] if total_last else [total_row, *data]
    for i, row in enumerate(rows, start=6):
        for j, value in enumerate(row):
            if value in ("", None):
                continue
            cell = ws.cell(row=i, column=c + j, value=value)
            if isinstance(value, float):
                cell.number_format = MONEY
    ws.cell(row=6 + len(rows), column=c, value="注：本表反映部门本年度各项支出情况。")


def expenditure(result) -> ClassifiedTable:  # type: ignore[no-untyped-def]
    table = next(t for t in result.report.tables if t.kind == TableKind.EXPENDITURE)
    assert isinstance(table, ClassifiedTable)
    return table


@pytest.mark.parametrize(
    ("three_columns", "total_last", "left"),
    [(False, False, 1), (True, False, 1), (False, True, 2), (True, True, 3)],
    ids=["one-code-column", "codes-in-three-columns", "total-last-left-margin", "three-columns-total-last-margin"],
)
def test_published_sheet_layouts(tmp_path: Path, three_columns: bool, total_last: bool, left: int) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "公开03表"
    expenditure_sheet(ws, three_columns=three_columns, total_last=total_last, left=left)
    result = read(save(wb, tmp_path / "expenditure.xlsx"))
    assert not result.errors, [f.message for f in result.errors]
    table = expenditure(result)
    assert [r.code.value if r.code else "合计" for r in table.rows if r.code is None or len(r.code.value) == 7] == (
        ["2010301", "2010302", "合计"] if total_last else ["合计", "2010301", "2010302"]
    )
    row = table.row("2010301")
    assert row is not None and row.label == "行政运行"
    cell = row.cells["本年支出合计"]
    assert cell.amount is not None and cell.amount.value == Decimal("100.25") and cell.text == "100.25"
    assert cell.source.sheet == "公开03表" and cell.source.cell is not None
    assert table.header.number == "公开03表"
    assert table.header.unit_name == "某某市某某局"
    assert table.header.notes == ("注：本表反映部门本年度各项支出情况。",)
    # the line the 单位 was read from is a place a finding can point at
    assert any(s.column == "单位" and s.sheet == "公开03表" for s in table.header.lines)


def test_yuan_tables_are_read_in_yuan(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    expenditure_sheet(wb.active, unit="元")
    table = expenditure(read(save(wb, tmp_path / "yuan.xlsx")))
    assert table.header.money_unit.value == "元"
    total = table.total
    assert total is not None
    amount = total.cells["本年支出合计"].amount
    assert amount is not None and amount.unit.value == "元" and amount.value == Decimal("150.50")


def test_a_sheet_named_after_its_table_needs_no_title_row(tmp_path: Path) -> None:
    """Some sites export each table with only its header: the sheet's name is the title."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "表7 “三公”经费支出决算表"
    ws.append(["项目", "预算数", "决算数"])
    for label, budget, actual in [("合计", 30, 24), ("1、因公出国（境）费", 10, 8), ("2、公务接待费", 5, 4), ("3、公务用车购置及运行费", 15, 12)]:
        ws.append([label, budget, actual])
        for cell in ws[ws.max_row][1:]:
            cell.number_format = MONEY
    result = read(save(wb, tmp_path / "sanggong.xlsx"))
    table = next(t for t in result.report.tables if isinstance(t, ThreePublicTable))
    total = table.get(ThreePublicItem.TOTAL)
    assert total is not None and total.actual is not None and total.actual.amount is not None
    assert total.actual.amount.value == Decimal("24.00")
    assert table.header.source.sheet == "表7 “三公”经费支出决算表"


def test_several_tables_on_one_sheet(tmp_path: Path) -> None:
    """A workbook with everything on one sheet: each title row starts the next table."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "决算公开表"
    ws.append(["财政拨款“三公”经费支出决算表"])
    ws.append(["单位：某某局", None, "金额单位：万元"])
    ws.append(["项目", "预算数", "决算数"])
    ws.append(["合计", "30.00", "24.00"])
    ws.append(["1、因公出国（境）费", "10.00", "8.00"])
    ws.append(["2、公务接待费", "5.00", "4.00"])
    ws.append(["3、公务用车购置及运行费", "15.00", "12.00"])
    ws.append([])
    ws.append(["政府性基金预算财政拨款收入支出决算表"])
    ws.append(["单位：某某局", None, None, None, None, None, None, "金额单位：万元"])
    ws.append(["项目", None, "年初结转和结余", "本年收入", "本年支出", None, None, "年末结转和结余"])
    ws.append(["功能分类科目编码", "科目名称", None, None, "小计", "基本支出", "项目支出", None])
    ws.append(["合计", None, None, "60.00", "50.00", None, "50.00", "10.00"])
    ws.append(["2296004", "用于教育事业的彩票公益金支出", None, "60.00", "50.00", None, "50.00", "10.00"])
    result = read(save(wb, tmp_path / "one_sheet.xlsx"))
    assert [t.kind for t in result.report.tables] == [TableKind.THREE_PUBLIC, TableKind.GOV_FUND]
    fund = result.report.tables[1]
    assert isinstance(fund, ClassifiedTable)
    row = fund.row("2296004")
    assert row is not None
    assert {k: str(v.amount.value) for k, v in row.cells.items() if v.amount is not None} == {
        "本年收入": "60.00",
        "本年支出合计": "50.00",
        "项目支出": "50.00",
        "年末结转和结余": "10.00",
    }
    assert row.cells["本年收入"].source.cell == "D14"


def test_hidden_sheets_are_not_read(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    expenditure_sheet(wb.active)
    hidden = wb.create_sheet("草稿")
    expenditure_sheet(hidden)
    hidden.sheet_state = "hidden"
    result = read(save(wb, tmp_path / "hidden.xlsx"))
    assert [t.kind for t in result.report.tables] == [TableKind.EXPENDITURE]


def test_the_user_is_told_it_is_a_published_workbook(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    expenditure_sheet(wb.active)
    result = read(save(wb, tmp_path / "told.xlsx"))
    note = next(f for f in result.findings if f.rule_id == "RD10")
    assert note.severity == Severity.INFO
    assert "识别为已公开的决算表工作簿" in note.message and "1 张决算表" in note.message


def test_a_fill_in_template_is_recognised_and_routed(tmp_path: Path) -> None:
    path = tmp_path / "模板.xlsx"
    api.write_template(path)
    assert is_template_workbook(path)
    with pytest.raises(ReadError) as caught:
        read(path)
    assert "填报模板" in caught.value.problem and "juesuan render" in caught.value.problem
    # juesuan render takes it as its data: the template reader answers (it wants the 基本信息)
    with pytest.raises(ReadError) as refused:
        api.load_input(path)
    assert "基本信息" in refused.value.problem or "部门名称" in refused.value.problem


def test_a_published_workbook_is_data_for_render_too(made_up_files: dict[str, Path]) -> None:
    assert not is_template_workbook(made_up_files["xlsx"])
    doc = api.load_input(made_up_files["xlsx"])
    assert doc.department == "辽宁省青松市城市管理服务中心"
    assert {t.kind for t in doc.tables} >= {TableKind.INCOME, TableKind.EXPENDITURE, TableKind.THREE_PUBLIC}


def test_xls_workbooks_are_read_with_xlrd(tmp_path: Path) -> None:
    xlwt = pytest.importorskip("xlwt")
    wb = xlwt.Workbook()
    ws = wb.add_sheet("公开07表")
    money = xlwt.easyxf(num_format_str="#,##0.00")
    ws.write_merge(0, 0, 0, 2, "财政拨款“三公”经费支出决算表")
    ws.write(1, 0, "单位：某某局")
    ws.write(1, 2, "金额单位：万元")
    for j, text in enumerate(["项目", "预算数", "决算数"]):
        ws.write(2, j, text)
    for i, (label, budget, actual) in enumerate([("合计", 30, 24), ("1、因公出国（境）费", 10, 8), ("2、公务接待费", 5, 4), ("3、公务用车购置及运行费", 15, 12)]):
        ws.write(3 + i, 0, label)
        ws.write(3 + i, 1, budget, money)
        ws.write(3 + i, 2, actual, money)
    path = tmp_path / "old.xls"
    wb.save(str(path))
    result = read(path)
    assert result.report.metadata.source_format == "xls"
    table = next(t for t in result.report.tables if isinstance(t, ThreePublicTable))
    total = table.get(ThreePublicItem.TOTAL)
    assert total is not None and total.budget is not None
    assert total.budget.text == "30.00" and total.budget.source.cell == "B4" and total.budget.source.sheet == "公开07表"


def test_rows_beyond_the_limit_are_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reader, "MAX_ROWS", 12)
    wb = openpyxl.Workbook()
    expenditure_sheet(wb.active)
    ws = wb.create_sheet("附表")
    for i in range(40):
        ws.append([f"第{i}行", i])
    result = read(save(wb, tmp_path / "long.xlsx"))
    warning = next(f for f in result.findings if f.rule_id == "RD11")
    assert warning.severity == Severity.WARNING and "超过 12 行" in warning.message and "附表" in warning.message
    assert expenditure(result).row("2010301") is not None


@pytest.mark.parametrize(
    ("value", "fmt", "printed"),
    [
        (48, "#,##0.00", "48.00"),
        (1234.5, "#,##0.00", "1,234.50"),
        (2.675, "0.00", "2.68"),  # as Excel shows it, not as the binary float rounds
        (0.8824, "0.00%", "88.24%"),
        (1, "0%", "100%"),
        (-5, "#,##0.00;(#,##0.00)", "(5.00)"),
        (-5, "#,##0.00;[Red]-#,##0.00", "-5.00"),
        (0.1 + 0.2, "General", "0.3"),
        (30.0, "General", "30"),
        (12, '0.00"万元"', "12.00"),
        ("2080505", "@", "2080505"),
        (True, "General", "TRUE"),
    ],
)
def test_numbers_are_read_as_printed(value: object, fmt: str, printed: str) -> None:
    assert cell_text(value, fmt) == printed


def test_a_web_page_saved_as_xls_is_read_as_the_page_it_is(tmp_path: Path) -> None:
    """Finance systems often export an HTML table under an .xls name."""
    path = tmp_path / "export.xls"
    path.write_text(
        '<html><head><meta charset="utf-8"></head><body><table>'
        '<tr><td colspan="3">财政拨款“三公”经费支出决算表</td></tr><tr><td>项目</td><td>预算数</td><td>决算数</td></tr>'
        "<tr><td>合计</td><td>30.00</td><td>24.00</td></tr></table></body></html>",
        encoding="utf-8",
    )
    result = read(path)
    assert result.report.metadata.source_format == "html"
    assert "其实是网页" in result.findings[0].message
    table = next(t for t in result.report.tables if isinstance(t, ThreePublicTable))
    total = table.get(ThreePublicItem.TOTAL)
    assert total is not None and total.actual is not None and total.actual.text == "24.00"
    assert total.actual.source.cell == "T1R3C3"


def test_a_sheet_with_a_prefix_line_and_notes_between_two_tables(tmp_path: Path) -> None:
    """附件2 above the first title; each table followed by its notes; the 单位 row under each title."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["附件2"])
    ws.append(["财政拨款“三公”经费支出决算表"])
    ws.append(["单位：某某局", None, "金额单位：万元"])
    ws.append(["项目", "预算数", "决算数"])
    ws.append(["合计", "30.00", "24.00"])
    ws.append(["1、因公出国（境）费", "10.00", "8.00"])
    ws.append(["注：本表反映部门本年度“三公”经费支出预决算情况。"])
    ws.append(["国有资本经营预算财政拨款支出决算表"])
    ws.append(["单位：某某局", None, None, None, "金额单位：元"])
    ws.append(["项目", None, "本年支出", None, None])
    ws.append(["功能分类科目编码", "科目名称", "合计", "基本支出", "项目支出"])
    ws.append(["合计", None, None, None, None])
    ws.append(["注：本部门本年度无国有资本经营预算财政拨款支出，故本表为空。"])
    result = read(save(wb, tmp_path / "notes.xlsx"))
    assert [f.rule_id for f in result.findings if f.severity != Severity.INFO] == []
    three, capital = result.report.tables
    assert isinstance(three, ThreePublicTable) and three.header.unit_name == "某某局"
    assert three.header.notes == ("注：本表反映部门本年度“三公”经费支出预决算情况。",)
    assert capital.kind == TableKind.STATE_CAPITAL
    assert capital.header.money_unit.value == "元"
    assert capital.header.empty_statement.startswith("注：本部门本年度无国有资本经营预算财政拨款支出")
    # 附件2 labels the sheet; it is not the department's name
    assert result.report.metadata.department == "某某局"
