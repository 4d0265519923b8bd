"""The writer does not trust its input (issue 9).

- Text that a spreadsheet would run (``=cmd|' /C calc'!A0`` in a department name, ``+``, ``-``,
  ``@``, also after a tab or blanks) is never a formula in any XLSX juesuan writes: every cell of
  the outputs is read back and none is a formula.
- Markdown and HTML show ``<script>``, links and emphasis marks as text.
- ``render`` refuses what ``check`` refuses — NaN, 1e30, NUL/ESC in a name, deep nesting, a YAML
  alias bomb — with exit 2 and a Chinese message naming the file, never exit 3.
- A report missing a table or the 三公 counts is refused naming what is missing (no "团组0个").
"""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from juesuan import api
from juesuan.cli.app import app
from juesuan.escape import csv_text, formula_like, markdown_text
from juesuan.store.export import write_findings
from tests.conftest import SEED
from tests.render.conftest import made_up_sheets

INJECTIONS = [
    "=cmd|' /C calc'!A0",
    "=HYPERLINK(\"http://example.invalid\",\"点这里\")",
    "+1+1",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r\n=1+1",
    "  =1+1",
    "\u3000=1+1",
    "<script>alert(1)</script>",
    "[点我](javascript:alert(1))",
    "**粗体** _斜体_ `代码`",
    "# 不是标题",
    "| 不是 | 表格 |",
    "&lt;img src=x onerror=alert(1)&gt;",
]


def _with(sheets: dict[str, Any], sheet: str, label: str, value: str) -> None:
    for row in sheets["sheets"][sheet]:
        if row and row[0] == label:
            row[1] = value
            return
    raise AssertionError(f"{sheet}/{label} not in the made-up department")


def _render(tmp_path: Path, text: str, fmt: str) -> bytes:
    sheets = made_up_sheets()
    _with(sheets, "基本信息", "部门名称", text)
    _with(sheets, "基本信息", "表头单位名称", text)
    _with(sheets, "基本信息", "项目支出主要内容", text)
    data = tmp_path / "input.yaml"
    data.write_text(yaml.safe_dump(sheets, allow_unicode=True), encoding="utf-8")
    return api.render_document(api.build_view(api.load_input(data)), fmt)


def _formula_cells(xlsx: bytes) -> list[str]:
    found = []
    book = openpyxl.load_workbook(io.BytesIO(xlsx))
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    found.append(f"{sheet.title}!{cell.coordinate}: {cell.value!r}")
    with zipfile.ZipFile(io.BytesIO(xlsx)) as parts:  # and no formula element in the XML at all
        for name in parts.namelist():
            if name.startswith("xl/worksheets/") and (b"<f>" in parts.read(name) or b"<f " in parts.read(name)):
                found.append(f"{name}: <f>")
    return found


@pytest.mark.parametrize("text", INJECTIONS, ids=range(len(INJECTIONS)))
def test_no_formula_in_the_written_workbook(tmp_path: Path, text: str) -> None:
    xlsx = _render(tmp_path, text, "xlsx")
    assert _formula_cells(xlsx) == []
    book = openpyxl.load_workbook(io.BytesIO(xlsx))
    shown = [c for ws in book.worksheets for row in ws.iter_rows() for c in row if isinstance(c.value, str) and text.strip() in c.value]
    assert shown, "the text is kept, as text"
    for cell in shown:
        assert cell.data_type == "s"
        if formula_like(cell.value):
            assert cell.quotePrefix, f"{cell.coordinate} {cell.value!r}"


def test_markdown_shows_script_and_links_as_text(tmp_path: Path) -> None:
    markdown = _render(tmp_path, "辽宁省<script>alert(1)</script>[点我](javascript:x)中心", "md").decode("utf-8")
    assert "<script>" not in markdown
    assert "[点我](" not in markdown and "\\[点我\\](javascript" in markdown  # brackets escaped: no link
    assert "&lt;script>" in markdown


def test_html_escapes_script(tmp_path: Path) -> None:
    page = _render(tmp_path, "辽宁省<script>alert(1)</script>中心", "html").decode("utf-8")
    assert "<script>" not in page and "&lt;script&gt;" in page


@pytest.mark.parametrize("text", ["2,079.31", "辽宁省朝阳市社会保险事业服务中心", "一般公共预算财政拨款收入1,968.11万元，占50.00%。", "（一）收入总计"])
def test_plain_text_is_not_changed(text: str) -> None:
    assert markdown_text(text, block=True) == text
    assert csv_text(text) == text


@given(st.text(max_size=40))
@settings(max_examples=300, deadline=None)
def test_escaped_markdown_starts_no_tag_link_or_line(text: str) -> None:
    out = markdown_text(text, block=True)
    assert "\n" not in out and "\r" not in out
    assert "<script" not in out.lower()
    assert "](" not in out or "\\](" in out or "\\]" in out
    assert not out.lstrip().startswith(("#", ">", "-", "+", "=", "|"))


@given(st.text(max_size=30))
@settings(max_examples=300, deadline=None)
def test_csv_text_is_never_a_formula(text: str) -> None:
    assert not formula_like(csv_text(text))


def test_store_findings_workbook_has_no_formula(tmp_path: Path) -> None:
    rows = [{"department": text, "message": text, "file": f"{text}.pdf", "expected": text} for text in INJECTIONS]
    path = tmp_path / "findings.xlsx"
    write_findings(rows, path, "xlsx")
    assert _formula_cells(path.read_bytes()) == []
    csv_path = tmp_path / "findings.csv"
    write_findings(rows, csv_path, "csv")
    with csv_path.open(encoding="utf-8-sig", newline="") as fh:
        fields = [field for row in list(csv.reader(fh))[1:] for field in row]
    assert fields and not [f for f in fields if formula_like(f)]


# ---- render refuses hostile input with exit 2 -----------------------------------------------------


def _cli_render(tmp_path: Path, content: str, name: str = "input.yaml") -> tuple[int, str, Path]:
    data = tmp_path / name
    data.write_text(content, encoding="utf-8")
    out = tmp_path / "out.md"
    result = CliRunner().invoke(app, ["render", str(data), "--to", "md", "-o", str(out)])
    return result.exit_code, result.output, out


def _made_up_text(**replace: str) -> str:
    text = (Path(__file__).resolve().parents[1] / "fixtures" / "render" / "made_up_department.yaml").read_text(encoding="utf-8")
    for old, new in replace.items():
        assert old in text
        text = text.replace(old, new, 1)
    return text


@pytest.mark.parametrize(
    ("edit", "says"),
    [
        ({"[机关运行经费, 70.00]": "[机关运行经费, .nan]"}, "不是有限的数"),
        ({"[机关运行经费, 70.00]": "[机关运行经费, NaN]"}, "不是有限的数"),
        ({"[机关运行经费, 70.00]": "[机关运行经费, 1e30]"}, "超过 15 位"),
        ({"[机关运行经费, 70.00]": "[机关运行经费, " + "9" * 5000 + "]"}, "位数过多"),
        ({"[年度, 2024]": "[年度, 2024-13-45]"}, "不是有效的 YAML"),
        ({"[年度, 2024]": "[年度, 2024-02-03]"}, "不是年度"),
        ({"[部门名称, 辽宁省青松市城市管理服务中心]": '[部门名称, "辽宁省青松市\\0城市管理服务中心"]'}, "控制字符 U+0000"),
        ({"[部门名称, 辽宁省青松市城市管理服务中心]": '[部门名称, "辽宁省青松市\\e[31m城市管理服务中心"]'}, "控制字符 U+001B"),
        ({"[机关运行经费, 70.00]": "[机关运行经费, " + "[" * 3000 + "]" * 3000 + "]"}, "嵌套"),
    ],
    ids=["nan", "nan-text", "1e30", "5000-digits", "bad-date", "date-for-year", "nul", "esc", "deep-nesting"],
)
def test_render_refuses_what_check_refuses(tmp_path: Path, edit: dict[str, str], says: str) -> None:
    code, output, out = _cli_render(tmp_path, _made_up_text(**edit))
    assert code == 2, output
    assert says in output and "input.yaml" in output
    assert not out.exists()


def test_yaml_alias_bomb_is_refused_before_it_expands(tmp_path: Path) -> None:
    lines = ['a: &a ["决算", "决算", "决算", "决算", "决算", "决算", "决算", "决算", "决算"]']
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 9) + "]")
    lines.append("sheets: {基本信息: [*i]}")
    code, output, _ = _cli_render(tmp_path, "\n".join(lines))
    assert code == 2 and "别名炸弹" in output, output


def test_deep_json_is_refused(tmp_path: Path) -> None:
    code, output, _ = _cli_render(tmp_path, "[" * 100_000 + "]" * 100_000, "input.json")
    assert code == 2 and "嵌套" in output


def _without_counts(*labels: str) -> str:
    sheets = made_up_sheets()
    sheets["sheets"]["三公数量"] = [row for row in sheets["sheets"]["三公数量"] if row[0] not in labels]
    return yaml.safe_dump(sheets, allow_unicode=True)


def test_missing_three_public_counts_are_named_not_printed_as_zero(tmp_path: Path) -> None:
    code, output, out = _cli_render(tmp_path, _without_counts("因公出国（境）团组数", "公务用车保有量"))
    assert code == 2, output
    assert "因公出国（境）团组数" in output and "公务用车保有量" in output
    assert "8.00 万元" in output  # the amount that makes the count necessary
    assert not out.exists()


def test_a_count_of_spending_that_is_zero_may_be_left_out(tmp_path: Path) -> None:
    # the made-up department bought no car this year (当年购置公务用车数 0, 购置费 0)
    code, output, out = _cli_render(tmp_path, _without_counts("当年购置公务用车数"))
    assert code == 0, output
    assert "团组0个" not in out.read_text(encoding="utf-8")


def test_missing_income_table_is_refused_naming_it(tmp_path: Path) -> None:
    lines = SEED.read_text(encoding="utf-8").split("\n")
    start = next(i for i, line in enumerate(lines) if line.strip() == "# 收入决算表")
    end = next(i for i in range(start + 1, len(lines)) if lines[i].strip() == "# 支出决算表")
    code, output, out = _cli_render(tmp_path, "\n".join(lines[:start] + lines[end:]), "report.txt")
    assert code == 2, output
    assert "收入决算表" in output
    assert not out.exists()


@pytest.mark.parametrize("value", ["NaN", "1e999", "-Infinity", "123456789012345678901234567890"])
def test_an_indicator_value_beyond_any_number_is_a_problem_not_a_crash(value: str) -> None:
    from decimal import Decimal

    from juesuan.model.inputs import IndicatorInput
    from juesuan.render.performance import score_indicator
    from juesuan.scoring import NATIONAL

    indicator = IndicatorInput(level1="产出指标", level2="数量指标", name="覆盖率", operator=">=", target="10", actual=value, weight=Decimal(10))
    scored = score_indicator(indicator, NATIONAL)
    assert scored.problem and scored.score == 0
