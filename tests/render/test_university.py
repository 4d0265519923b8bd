"""The university layout (教育部直属高校, 西南大学 2023) is written as the family writes it: four
tables in its order with its columns, 决算报表说明 per table, 名词解释 per 项; `render DOCUMENT`
gives back the same table cells when checked, and carries the document's own reasons and last
year's figures (from its year-on-year sentences) instead of asking for them."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from juesuan import api
from juesuan.cli import app
from juesuan.diagnostics import ReadError, Severity
from juesuan.ingest.template import read_template
from juesuan.ingest.template.layout import UNIVERSITY_SHEETS
from juesuan.model.cells import report_cells
from juesuan.render.derive_lines import previous_from_rate
from juesuan.render.writers.markdown import write_markdown
from tests.conftest import CORPUS

SOURCE = CORPUS / "cq-xinandaxue-2023-dept-final.pdf"


def _cells(path: Path) -> dict[tuple[str, str, str], Decimal]:
    report = api.load(path).report
    return {(c.table, c.row_code or c.row_label, c.column): c.value for c in report_cells(report)}


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    if not SOURCE.exists():
        pytest.skip(f"{SOURCE} is not here")
    out = tmp_path_factory.mktemp("uni") / "document.md"
    api.render_outputs(SOURCE, ["md"], out, "auto")
    return out, out.read_text(encoding="utf-8")


def test_the_document_is_written_in_the_university_layout(written: tuple[Path, str]) -> None:
    _, text = written
    doc = api.load_input(SOURCE)
    assert api.writer_profile_for(doc) == "university"
    view = api.build_view(doc, "university")
    titles = [t.title for t in view.blocks if hasattr(t, "rows")]
    assert titles == ["高等学校收支决算总表", "高等学校收入决算表", "高等学校支出决算表", "高等学校财政拨款支出决算表"]
    assert write_markdown(view) == text
    for heading in ("三、决算报表说明", "（四）高等学校财政拨款支出决算表说明", "（一）支出功能分类科目说明", "（二）收入科目说明"):
        assert heading in text


def test_render_then_check_gives_the_same_cells(written: tuple[Path, str]) -> None:
    path, _ = written
    before, after = _cells(SOURCE), _cells(path)
    assert len(before) > 200
    assert {k: (v, after.get(k)) for k, v in before.items() if after.get(k) != v} == {}
    assert set(after) == set(before)
    _, report = api.check_file(path)
    assert [f.message for f in report.findings if f.severity == Severity.ERROR] == []


def test_the_documents_own_figures_and_reasons_come_along(written: tuple[Path, str]) -> None:
    _, text = written
    doc = api.load_input(SOURCE)
    # last year's figures from the line-by-line sentences, the reasons of a large difference
    assert doc.previous.items["其他收入"] == Decimal("51324.41") + Decimal("39049.48")
    assert doc.previous.items["类:213"] == Decimal("16.84")  # 农林水支出: none this year, 16.84 last year
    assert doc.reasons["其他收入|上年"] == "债务收入减少"
    assert [u.name for u in doc.units] == ["西南大学本级", "西南大学附属中学", "西南大学附属小学"]
    assert "其中：财政拨款收入增加14,458.07万元，事业收入增加974.61万元，其他收入减少39,049.48万元。" in text
    assert "农林水支出减少16.84万元" in text
    assert "学校其他收入与上年比较发生较大差异的原因是债务收入减少。" in text
    assert "学校教育支出与上年比较发生较大差异的原因，一是疫情后经济业务恢复性增长" in text
    # every 项 of 表4 against last year: the rate printed comes back from the figure recovered
    assert "4.来华留学教育（2050602），2023年度决算数为570.14万元，比2022年度决算数增长28.30%。" in text
    assert "5.其他留学教育支出（2050699），2023年度决算数为738.86万元，比2022年度决算数减少4.50%。" in text
    # the shares are computed, not copied: the published 0.56% is 2,536.65 / 457,676.75 = 0.55%
    assert "科学技术支出2,536.65万元，占总支出的0.55%" in text
    assert "8.重点实验室及相关设施（2060204）：反映国家（重点）实验室、部门开放实验室及野外台站的支出。" in text


def test_last_years_figure_from_a_rate_gives_the_rate_back() -> None:
    for current, word, rate in (("570.14", "增长", "28.30"), ("738.86", "减少", "4.50"), ("1707.93", "增长", "134.61"), ("0.50", "增长", "25.00")):
        prev = previous_from_rate(Decimal(current), word, Decimal(rate))
        assert prev is not None
        found = (Decimal(current) - prev) / prev * 100
        assert abs(abs(found) - Decimal(rate)) < Decimal("0.005")
    assert previous_from_rate(Decimal("10"), "持平", Decimal(0)) == Decimal("10")
    assert previous_from_rate(Decimal("10"), "减少", Decimal("100")) is None


def test_a_missing_year_figure_is_asked_for_not_invented() -> None:
    if not SOURCE.exists():
        pytest.skip(f"{SOURCE} is not here")
    doc = api.load_input(SOURCE)
    items = dict(doc.previous.items)
    del items["项:2050202"]
    bare = doc.model_copy(update={"previous": doc.previous.model_copy(update={"items": items})})
    with pytest.raises(api.MissingData) as caught:
        api.build_view(bare, "university")
    assert [m.key for m in caught.value.items] == ["previous.items.项:2050202"]
    assert "请在填报模板「上年决算数」事项“项:2050202”一行的“上年决算数”填写" in caught.value.message()


@pytest.fixture(scope="module")
def template_round_trip(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """document → `template --from` → `render` (the layout recorded in the template) → document."""
    if not SOURCE.exists():
        pytest.skip(f"{SOURCE} is not here")
    folder = tmp_path_factory.mktemp("uni_template")
    workbook, document = folder / "模板.xlsx", folder / "document.docx"
    runner = CliRunner()
    result = runner.invoke(app, ["template", "--from", str(SOURCE), "-o", str(workbook)])
    assert result.exit_code == 0, result.output
    result = runner.invoke(app, ["render", str(workbook), "--to", "docx", "-o", str(document)])
    assert result.exit_code == 0, result.output
    return workbook, document


def test_the_template_from_a_university_document_has_the_university_sheets(template_round_trip: tuple[Path, Path]) -> None:
    from openpyxl import load_workbook

    workbook, _ = template_round_trip
    names = load_workbook(workbook, read_only=True).sheetnames
    assert names == ["填写说明", *(s.name for s in UNIVERSITY_SHEETS)]
    back = read_template(workbook)
    original = api.load_input(SOURCE)
    assert back.family == "university"
    assert back.previous.items == original.previous.items and back.reasons == original.reasons
    assert back.units == original.units and back.duties == original.duties and back.glossary == original.glossary


def test_template_then_render_then_check_gives_the_same_cells(template_round_trip: tuple[Path, Path]) -> None:
    _, document = template_round_trip
    before, after = _cells(SOURCE), _cells(document)
    assert {k: (v, after.get(k)) for k, v in before.items() if after.get(k) != v} == {}
    assert set(after) == set(before)
    _, report = api.check_file(document)
    assert [f.message for f in report.findings if f.severity == Severity.ERROR] == []


def test_an_empty_university_template_has_its_four_tables_and_reads_back_as_incomplete(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    out = tmp_path / "空模板.xlsx"
    result = CliRunner().invoke(app, ["template", "--profile", "university", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "财政拨款支出决算表" in load_workbook(out, read_only=True).sheetnames
    with pytest.raises(ReadError, match="部门名称"):
        read_template(out)


def test_a_blank_year_figure_in_the_template_is_asked_for_by_its_row(template_round_trip: tuple[Path, Path], tmp_path: Path) -> None:
    from openpyxl import load_workbook

    workbook, _ = template_round_trip
    wb = load_workbook(workbook)
    ws = wb["上年决算数"]
    row = next(r for r in range(2, ws.max_row + 1) if ws.cell(row=r, column=1).value == "类:205")
    ws.cell(row=row, column=3).value = None
    blanked = tmp_path / "留空.xlsx"
    wb.save(blanked)
    assert "类:205" not in read_template(blanked).previous.items
    result = CliRunner().invoke(app, ["render", str(blanked), "--to", "md", "-o", str(tmp_path / "x.md")])
    assert result.exit_code == 2
    assert "教育支出的上年决算数" in result.output and "「上年决算数」事项“类:205”" in result.output
    assert not (tmp_path / "x.md").exists()
