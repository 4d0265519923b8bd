"""From document back to data: `juesuan template --from DOCUMENT` fills the template from a
published document, and reading it back gives the same cells; the seed goes on through render and
check with the same cells again; a Shanghai document is written in the Shanghai layout; what a
document does not say is asked for by the template cell a person fills in."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from juesuan import api
from juesuan.cli import app
from juesuan.ingest.template import read_template
from juesuan.model.cells import report_cells
from juesuan.model.report import Report
from juesuan.model.tables import Table
from tests.conftest import CORPUS, SEED

#: the tables a template holds as entered (公开01/04表 are computed from them)
ENTERED = ("收入决算表", "支出决算表", "一般公共预算财政拨款支出决算表", "一般公共预算财政拨款基本支出决算表",
           "财政拨款“三公”经费支出决算表", "政府性基金预算财政拨款收入支出决算表", "国有资本经营预算财政拨款收入支出决算表")  # fmt: skip


def _cells(tables: tuple[Table, ...] | list[Table]) -> dict[tuple[str, str, str], Decimal]:
    return {
        (c.table, c.row_code or c.row_label, c.column): c.value
        for c in report_cells(Report(tables=tuple(tables)))
        if c.value != 0 and c.table in ENTERED and (c.row_code or c.row_label) not in ("人员经费合计", "公用经费合计")
    }


DOCUMENTS = [SEED, CORPUS / "sh-putuo-caizhengju-2024-dept-final.pdf", CORPUS / "sh-putuo-guihuaziyuanju-2024-dept-final.pdf"]


@pytest.fixture(scope="module", params=DOCUMENTS, ids=lambda p: p.stem)
def round_trip(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    source: Path = request.param
    if not source.exists():
        pytest.skip(f"{source} is not here")
    out = tmp_path_factory.mktemp("from") / "模板.xlsx"
    result = CliRunner().invoke(app, ["template", "--from", str(source), "-o", str(out)])
    assert result.exit_code == 0, result.output
    return source, api.load_input(source), read_template(out), out


def test_the_filled_template_reads_back_to_the_same_cells(round_trip) -> None:  # type: ignore[no-untyped-def]
    _, original, back, _ = round_trip
    before, after = _cells(original.tables), _cells(back.tables)
    assert before and set(before) == set(after)
    assert {k: (v, after[k]) for k, v in before.items() if v != after[k]} == {}


def test_the_computed_summary_tables_keep_within_rounding(round_trip) -> None:  # type: ignore[no-untyped-def]
    _source, original, back, _ = round_trip
    if original.family != "liaoning":
        pytest.skip("the template's lines carry the national labels; the Shanghai ones are compared as rendered, below")
    keep = ("收入支出决算总表", "财政拨款收入支出决算总表")

    def summary(tables):  # type: ignore[no-untyped-def]
        return {(c.table, c.row_code, c.column): c.value for c in report_cells(Report(tables=tuple(tables))) if c.table in keep and c.value != 0}

    before, after = summary(original.tables), summary(back.tables)
    assert set(before) == set(after)
    # computed from the entered tables, then the published figures (原文汇总数) within 尾差: as printed
    assert {k: (v, after[k]) for k, v in before.items() if v != after[k]} == {}


def test_the_texts_and_the_years_figures_come_along(round_trip) -> None:  # type: ignore[no-untyped-def]
    _, original, back, _ = round_trip
    assert back.department == original.department and back.year == original.year
    assert back.family == original.family  # 基本信息“版式”: render --profile auto writes the same layout
    assert back.previous == original.previous
    assert back.budgets.items == original.budgets.items
    assert back.duties == original.duties
    assert {k: v for k, v in back.reasons.items() if v} == {k: v for k, v in original.reasons.items() if v and (k in back.reasons)}
    assert [p.name for p in back.projects] == [p.name for p in original.projects]
    assert back.three_public == original.three_public


def _all_cells(path: Path) -> dict[tuple[str, str, str], Decimal]:
    """Every figure of every table of a document, as ``check`` reads it."""
    return {(c.table, c.row_code or c.row_label, c.column): c.value for c in report_cells(api.load(path).report) if c.value != 0}


def test_a_shanghai_document_goes_round_through_template_render_and_check(round_trip, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """document → template → render → check: every cell of every table as published (公开01/04表 and
    人员经费合计 with the document's own 尾差, kept in 原文汇总数), and no error on the new document;
    the document rendered directly gives the same cells too."""
    source, _, _, template = round_trip
    if source == SEED:
        pytest.skip("the seed goes round with --force (its own slips), below")
    published = _all_cells(source)
    for data, name in ((template, "from-template.md"), (source, "direct.md")):
        out = tmp_path / name
        result = CliRunner().invoke(app, ["render", str(data), "--to", "md", "-o", str(out)])
        assert result.exit_code == 0, result.output
        again = _all_cells(out)
        assert set(again) == set(published)
        assert {k: (v, again[k]) for k, v in published.items() if v != again[k]} == {}
        checked = api.check_report(api.load(out))
        assert [f.message for f in checked.findings if f.severity.value == "error"] == []


def test_the_seed_goes_round_through_render_and_check(round_trip, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    source, original, _, template = round_trip
    if source != SEED:
        pytest.skip("the Shanghai documents go round without --force, above")
    out = tmp_path / "again.md"
    # the seed's own slips (a 2025 date, 朝阳区 in two 自评表) make it a draft; the figures are the point
    result = CliRunner().invoke(app, ["render", str(template), "--to", "md", "-o", str(out), "--force"])
    assert result.exit_code == 0, result.output
    reread = api.load(out).report
    assert _cells(reread.tables) == _cells(original.tables)
    checked_once = api.check_report(api.load(source))
    checked_again = api.check_report(api.load(out))
    errors = lambda r: sorted({f.rule_id for f in r.findings if f.severity.value == "error" and f.rule_id.startswith(("TB", "XT"))})  # noqa: E731
    assert errors(checked_again) == errors(checked_once) == []


def test_a_shanghai_document_is_written_in_the_shanghai_layout(round_trip) -> None:  # type: ignore[no-untyped-def]
    source, original, _, _ = round_trip
    expected = "liaoning" if source == SEED else "shanghai"
    assert original.family == expected
    assert api.writer_profile_for(original) == expected


def test_what_a_document_does_not_say_is_asked_for_by_template_cell(tmp_path: Path) -> None:
    # the official 样张 prints XXX for every figure of its sentences: nothing to take last year's
    # figures or the 机关运行经费 from, so render names the template cells a person fills in
    source = CORPUS / "sh-template-dept-final-2024-yangzhang.pdf"
    if not source.exists():
        pytest.skip("corpus not here")
    result = CliRunner().invoke(app, ["render", str(source), "--to", "md", "-o", str(tmp_path / "x.md")])
    assert result.exit_code == 2
    text = " ".join(result.output.split())
    assert "请在填报模板「基本信息」“上年收入总计”填写" in text
    assert "请在填报模板「基本信息」“机关运行经费”填写" in text
    assert "决算单位构成" not in text  # its 单位构成 table is read (上海市XX局（本级）, 上海市XX中心 …)
    assert "第三部分" in text  # the Shanghai layout's parts, not Liaoning's
    assert not (tmp_path / "x.md").exists()


def test_what_a_shanghai_document_states_is_carried_into_the_data() -> None:
    planning = CORPUS / "sh-putuo-guihuaziyuanju-2024-dept-final.pdf"
    finance = CORPUS / "sh-putuo-caizhengju-2024-dept-final.pdf"
    if not planning.exists() or not finance.exists():
        pytest.skip("corpus not here")
    doc = api.load_input(planning)
    # "序号 单位名称 备注1 上海市普陀区规划和自然资源局（本级）2 …": the table read as one line
    assert [u.name for u in doc.units][:2] == ["上海市普陀区规划和自然资源局（本级）", "上海市普陀区规划和自然资源局执法大队（下属参公事业单位）"]
    # "公务接待费支出决算减少0.15万元，下降27.78%" with 0.39 this year; the others "与上一年度持平"
    assert doc.previous.three_public == {"因公出国（境）费": Decimal("0.00"), "公务接待费": Decimal("0.54"), "公务用车购置及运行费": Decimal("0.00")}
    # "其他国土资源事务支出（项）…年初预算为45.00万元，支出决算为45.00万元": the table calls 2200199
    # 其他自然资源事务支出; the one 项 of 类 220 left unnamed with that 决算
    assert doc.budgets.items["2200199"] == Decimal("45.00") and doc.budgets.items["2080599"] == Decimal("0.88")
    assert doc.reasons["一般公共预算财政拨款支出|预算"].startswith("城乡社区支出（类）未完成年初预期")
    assert doc.reasons["三公:合计|预算"] == "严格落实中央八项规定，控制“三公”经费支出"
    assert doc.purposes["项:2080505"] == "行政事业单位养老保险支出"  # "主要用于：行政事业单位养老保险支出。"
    assert doc.glossary == ()  # "一、财政拨款收入：…" … are the layout's own terms, not printed twice
    doc = api.load_input(finance)
    assert [(u.name, u.note) for u in doc.units][1] == ("上海市普陀区财政局财政所", "预算不单列，并入本级")
    # "年初预算为1560.05万元，支出决算为1511.89万元。决算数小于预算数的主要原因：…" (no rate printed)
    assert doc.budgets.items["2010601"] == Decimal("1560.05")
    assert doc.reasons["项:2010601|预算"] == "人员进出及退休变化，减少人员经费开支"
    assert "项:2010602|预算" not in doc.reasons  # "决算数与预算数基本持平"


def test_a_change_whose_rate_does_not_fit_gives_no_last_year_figure() -> None:
    from juesuan.model.narrative import Fact, FactKind
    from juesuan.render.derive import _rate_agrees

    def rate(text: str) -> Fact:
        return Fact(kind=FactKind.PERCENT, text=text + "%", start=0, end=1, value=Decimal(text), places=len(text.partition(".")[2]))

    # 9859.38 this year, 增加1062.85万元: last year 8796.53, a rise of 12.08%
    assert _rate_agrees(Decimal("8796.53"), Decimal("1062.85"), rate("12.08"))
    assert not _rate_agrees(Decimal("8796.53"), Decimal("1062.85"), rate("13.08"))
    # 0.39 this year, 减少0.15万元: last year 0.54, 27.78% — small figures keep wide intervals
    assert _rate_agrees(Decimal("0.54"), Decimal("0.15"), rate("27.78"))
    assert _rate_agrees(Decimal("0.54"), Decimal("0.15"), None)


def test_a_slip_on_a_form_is_named_by_its_template_cell(round_trip, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    source, _, _, template = round_trip
    if source != SEED:
        pytest.skip("the seed's 自评表 carry its slips")
    result = CliRunner().invoke(app, ["render", str(template), "--to", "md", "-o", str(tmp_path / "x.md")])
    assert result.exit_code == 2
    text = " ".join(result.output.split())
    # 朝阳区 for 朝阳市 in the 主管部门 of 事转企单位退休死亡人员丧葬费补差: the 绩效项目 row's 主管部门 cell
    assert re.search(r"事转企单位退休死亡人员丧葬费补差）的主管部门.*?请改：模板「绩效项目」B\d+ 规则：YZ03", text)


def test_shanghai_sentences_give_last_years_fiscal_total_and_the_general_budget() -> None:
    source = CORPUS / "sh-putuo-guihuaziyuanju-2024-dept-final.pdf"
    if not source.exists():
        pytest.skip("corpus not here")
    doc = api.load_input(source)
    # "一般公共预算财政拨款支出年初预算为10210.34万元，支出决算为9746.50万元，完成年初预算的95.45%"
    assert doc.budgets.general_expenditure == Decimal("10210.34")
    # "财政拨款收入支出总计…与2023年度相比…": last year's figure from the change printed
    assert doc.previous.fiscal_total is not None and doc.previous.fiscal_total > 0


def test_the_shanghai_sample_gives_the_template_to_fill(tmp_path: Path) -> None:
    """The official 样张 has XXX for every figure: template --from gives the Shanghai template with
    its names and units and nothing invented; render of that template names the blanks to fill."""
    source = CORPUS / "sh-template-dept-final-2024-yangzhang.pdf"
    if not source.exists():
        pytest.skip("corpus not here")
    out = tmp_path / "样张模板.xlsx"
    result = CliRunner().invoke(app, ["template", "--from", str(source), "-o", str(out)])
    assert result.exit_code == 0, result.output
    info = {r[0]: r[1] for r in openpyxl.load_workbook(out)["基本信息"].iter_rows(min_row=2, values_only=True) if r[0]}
    assert info["部门名称"] == "上海市XX局" and info["年度"] == 2024 and info["版式"] == "shanghai"
    assert info["机关运行经费"] is None and info["上年收入总计"] is None  # XXX in the 样张: left for the department
    units = [r[1] for r in openpyxl.load_workbook(out)["决算单位构成"].iter_rows(min_row=2, values_only=True) if r[1]]
    assert units == ["上海市XX局（本级）", "上海市XX中心", "上海市XX研究所"]
    result = CliRunner().invoke(app, ["render", str(out), "--to", "md", "-o", str(tmp_path / "x.md")])
    assert result.exit_code == 2
    text = " ".join(result.output.split())
    # every blank at once, as render of the 样张 itself lists them
    for cell in ("上年收入总计", "上年财政拨款收入支出总计", "机关运行经费"):
        assert f"请在填报模板「基本信息」“{cell}”填写" in text
