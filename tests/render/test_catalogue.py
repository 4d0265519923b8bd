"""The catalogue: `juesuan catalogue import` reads 《政府收支分类科目》 in the layout the Ministry of
Finance publishes (made here as a workbook, a Word file and a PDF), and a department under 201 26
档案事务 — not in the bundled catalogue — renders and checks with the imported edition, with no KM06;
with the bundled one a code it lacks is an info hint, never an error."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from juesuan import api
from juesuan.classification import bundled_catalogue, using_catalogue
from juesuan.classification.official import import_official
from juesuan.cli import app
from juesuan.diagnostics import Severity
from juesuan.model.codes import CodeScheme
from tests.render.conftest import made_up_sheets

#: the published layout: 类 / 款 / 项 in their own columns (款 and 项 only their two digits)
FUNCTION_ROWS = [
    ("201", "", "", "一般公共服务支出"),
    ("", "26", "", "档案事务"),
    ("", "", "01", "行政运行"),
    ("", "", "02", "一般行政管理事务"),
    ("", "", "99", "其他档案事务支出"),
    ("208", "", "", "社会保障和就业支出"),
    ("", "05", "", "行政事业单位养老支出"),
    ("", "", "05", "机关事业单位基本养老保险缴费支出"),
    ("210", "", "", "卫生健康支出"),
    ("", "11", "", "行政事业单位医疗"),
    ("", "", "02", "事业单位医疗"),
    ("212", "", "", "城乡社区支出"),
    ("", "01", "", "城乡社区管理事务"),
    ("", "", "01", "行政运行"),
    ("", "", "04", "城管执法"),
    ("221", "", "", "住房保障支出"),
    ("", "02", "", "住房改革支出"),
    ("", "", "01", "住房公积金"),
    ("229", "", "", "其他支出"),
    ("", "60", "", "彩票公益金安排的支出"),
    ("", "", "04", "用于教育事业的彩票公益金支出"),
]
ECONOMIC_ROWS = [
    ("301", "", "工资福利支出"),
    ("", "01", "基本工资"),
    ("", "02", "津贴补贴"),
    ("302", "", "商品和服务支出"),
    ("", "01", "办公费"),
]


def official_workbook(path: Path) -> Path:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "支出功能分类科目"
    ws.append(["2025年政府收支分类科目"])
    ws.append(["科目编码", None, None, "科目名称", "说明"])
    ws.append(["类", "款", "项", None, None])
    for row in FUNCTION_ROWS:
        ws.append([*(c or None for c in row), "反映……"])
    economic = wb.create_sheet("支出经济分类科目")
    economic.append(["科目编码", None, "科目名称", "说明"])
    economic.append(["类", "款", None, None])
    for row in ECONOMIC_ROWS:
        economic.append([*(c or None for c in row), "反映……"])
    wb.save(path)
    return path


def official_pdf(path: Path) -> Path:
    import pymupdf

    pdf = pymupdf.open()
    page = pdf.new_page()
    columns = (60, 100, 140, 180)  # 类 款 项 科目名称

    def line(y: float, cells: tuple[str, ...], xs: tuple[int, ...] = columns) -> None:
        for x, text in zip(xs, cells, strict=True):
            if text:
                page.insert_text((x, y), text, fontname="china-s", fontsize=10)

    line(40, ("一、支出功能分类科目",), (60,))
    line(60, ("类", "款", "项", "科目名称"))
    y = 80.0
    for row in FUNCTION_ROWS:
        line(y, row)
        y += 18
    page = pdf.new_page()
    line(40, ("二、支出经济分类科目",), (60,))
    line(60, ("类", "款", "科目名称"), (60, 100, 180))
    y = 80.0
    for row in ECONOMIC_ROWS:
        line(y, row, (60, 100, 180))
        y += 18
    pdf.save(path)
    return path


def official_docx(path: Path) -> Path:
    import docx

    document = docx.Document()
    document.add_paragraph("支出功能分类科目")
    table = document.add_table(rows=1, cols=4)
    for cell, text in zip(table.rows[0].cells, ("类", "款", "项", "科目名称"), strict=True):
        cell.text = text
    for row in FUNCTION_ROWS:
        for cell, text in zip(table.add_row().cells, row, strict=True):
            cell.text = text
    document.save(path)
    return path


@pytest.mark.parametrize("make", [official_workbook, official_pdf, official_docx])
def test_the_official_layout_imports(tmp_path: Path, make) -> None:  # type: ignore[no-untyped-def]
    source = make(tmp_path / f"2025年政府收支分类科目{make.__name__[-5:]}.{ {'official_workbook': 'xlsx', 'official_pdf': 'pdf', 'official_docx': 'docx'}[make.__name__]}")
    catalogue = import_official(source)
    assert catalogue.edition == "2025 版目录"
    archive = catalogue.get(CodeScheme.FUNCTION, "20126")
    assert archive is not None and archive.name == "档案事务"
    item = catalogue.get(CodeScheme.FUNCTION, "2012601")
    assert item is not None and item.name == "行政运行" and item.parent == "20126"
    assert catalogue.get(CodeScheme.FUNCTION, "2120104").name == "城管执法"  # type: ignore[union-attr]
    function = [e for e in catalogue.entries if e.scheme == CodeScheme.FUNCTION]
    assert len(function) == len(FUNCTION_ROWS)
    if make is not official_docx:
        assert catalogue.get(CodeScheme.ECONOMIC, "30102").name == "津贴补贴"  # type: ignore[union-attr]


def test_a_file_without_codes_is_refused(tmp_path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.append(["姓名", "年龄"])
    wb.save(tmp_path / "x.xlsx")
    result = CliRunner().invoke(app, ["catalogue", "import", str(tmp_path / "x.xlsx"), "-o", str(tmp_path / "c.csv")])
    assert result.exit_code == 2 and "没有找到任何科目" in result.output
    assert not (tmp_path / "c.csv").exists()


def _archive_department(tmp_path: Path, names: bool) -> Path:
    """The made-up department with one more 项: 2012601 档案事务/行政运行, 10 万元 基本支出."""
    sheets = made_up_sheets()
    s = sheets["sheets"]
    name = "行政运行" if names else ""
    s["收入决算表"].append(["2012601", name, 10.00, "", "", "", "", ""])
    s["支出决算表"].append(["2012601", name, 10.00, "", "", "", ""])
    s["一般公共预算支出"].append(["2012601", name, 10.00, 0, 10.00, "档案日常管理", ""])
    s["基本支出明细"][1][2] = 210.00  # 30101 基本工资 200 → 210: 公开06表 follows 公开05表
    path = tmp_path / "archive.yaml"
    path.write_text(yaml.safe_dump(sheets, allow_unicode=True), encoding="utf-8")
    return path


def test_the_bundled_catalogue_lacks_201_26(tmp_path: Path) -> None:
    assert bundled_catalogue().get(CodeScheme.FUNCTION, "20126") is None
    result = CliRunner().invoke(app, ["render", str(_archive_department(tmp_path, True)), "--to", "md", "-o", str(tmp_path / "a.md")])
    assert result.exit_code == 2
    text = " ".join(result.output.split())
    assert "科目“20126”未收录于 2024 版目录（内置目录不全）：请在本表加一行" in text


def test_a_201_26_department_renders_and_checks_with_the_imported_catalogue(tmp_path: Path) -> None:
    edition = tmp_path / "科目2025.csv"
    result = CliRunner().invoke(app, ["catalogue", "import", str(official_workbook(tmp_path / "2025年政府收支分类科目.xlsx")), "-o", str(edition)])
    assert result.exit_code == 0, result.output
    out = tmp_path / "archive.md"
    data = _archive_department(tmp_path, False)  # no names typed: the edition gives them
    result = CliRunner().invoke(app, ["render", str(data), "--to", "md", "-o", str(out), "--catalogue", str(edition)])
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert "档案事务" in text and "2012601" in text
    result = CliRunner().invoke(app, ["check", str(out), "--catalogue", str(edition), "--format", "json"])
    assert result.exit_code == 0, result.output
    import json

    checked = json.loads(result.output)
    documents = checked.get("documents", [checked])
    findings = [f for d in documents for f in d["findings"]]
    assert findings is not None and not [f for f in findings if f["rule_id"] == "KM06"]
    # with the bundled catalogue the same document gets KM06 as an info hint, never an error
    _, report = api.check_file(out)
    km06 = [f for f in report.findings if f.rule_id == "KM06"]
    assert km06 and all(f.severity == Severity.INFO for f in km06)
    assert any("未收录于 2024 版目录（内置目录不全）" in f.message for f in km06)


def test_juesuan_toml_names_the_catalogue(tmp_path: Path) -> None:
    edition = tmp_path / "科目2025.csv"
    api.import_catalogue(official_workbook(tmp_path / "2025年政府收支分类科目.xlsx"), edition)
    (tmp_path / "juesuan.toml").write_text('catalogue = "科目2025.csv"\n', encoding="utf-8")
    config = api.load_config(tmp_path / "juesuan.toml")
    assert config.catalogue == str(tmp_path / "科目2025.csv")
    with using_catalogue(api.load_catalogue_edition(config.catalogue)) as active:
        assert active.get(CodeScheme.FUNCTION, "2012601") is not None
