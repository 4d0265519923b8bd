"""render validates before it writes: the 绩效 policy and the document's own checks block a
document that would contradict itself, naming the template cell to fix; ``--force`` writes a
draft that says 草稿 on every page of every format; a reason written as "无" is no reason."""

from __future__ import annotations

import io
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from juesuan import api
from juesuan.cli import app
from juesuan.ingest.template import read_sheets
from juesuan.model.inputs import reason_key
from juesuan.render.build import MissingData, build_document, no_reason
from juesuan.render.profile import load_profile
from juesuan.render.validate import policy_problems
from juesuan.render.view import DRAFT_MARK
from tests.render.conftest import made_up_sheets

#: the 分值 column of 绩效指标 (项目名称, 一级, 二级, 三级, 运算符号, 指标值, 度量单位, 全年完成值, 分值 …)
WEIGHT = 8


def _weights_to_100(sheets: dict) -> dict:  # type: ignore[type-arg]
    """The first project's five indicators re-weighted to 100 (the policy says 90)."""
    rows = sheets["sheets"]["绩效指标"]
    for row, weight in zip(rows[1:6], (30, 20, 15, 25, 10), strict=True):
        row[WEIGHT] = weight
    return sheets


def _write(tmp_path: Path, sheets: dict, name: str = "input.yaml") -> Path:  # type: ignore[type-arg]
    path = tmp_path / name
    path.write_text(yaml.safe_dump(sheets, allow_unicode=True), encoding="utf-8")
    return path


def test_the_made_up_department_renders_clean(made_up_input, made_up_view) -> None:  # type: ignore[no-untyped-def]
    assert api.render_problems(made_up_input, made_up_view, "liaoning") == []


@pytest.mark.parametrize("profile", ["liaoning", "shanghai"])
def test_weights_summing_to_100_are_refused_with_the_cells_and_the_rule(tmp_path: Path, profile: str) -> None:
    data = _write(tmp_path, _weights_to_100(made_up_sheets()))
    out = tmp_path / "out.md"
    result = CliRunner().invoke(app, ["render", str(data), "--to", "md", "-o", str(out), "--profile", profile])
    assert result.exit_code == 2
    text = " ".join(result.output.split())
    assert "项目“城管执法装备购置”的三级指标分值合计为100分，应为90分" in text
    assert "模板「绩效指标」I2、模板「绩效指标」I3、模板「绩效指标」I4、模板「绩效指标」I5、模板「绩效指标」I6" in text
    assert "绩效指标分值合计90分" in text  # the policy's rule
    assert not out.exists()


def test_policy_problems_cover_single_weights_and_the_whole_form(made_up_input) -> None:  # type: ignore[no-untyped-def]
    policy = load_profile("liaoning").policy
    project = made_up_input.projects[0]
    heavy = project.indicators[0].model_copy(update={"weight": Decimal(120)})
    whole = made_up_input.whole.model_copy(update={"tasks": made_up_input.whole.tasks[:3]})
    doc = made_up_input.model_copy(update={"projects": (project.model_copy(update={"indicators": (heavy, *project.indicators[1:])}),), "whole": whole})
    problems = policy_problems(doc, policy)
    whats = [p.what for p in problems]
    assert any("分值为120分，超出0～90分" in w for w in whats)
    assert any("合计为190分，应为90分" in w for w in whats)
    assert any(w.startswith("整体绩效自评表的任务分值（30分）与指标分值（60分）合计为90分，应为100分") for w in whats)
    whole_problem = next(p for p in problems if p.what.startswith("整体绩效"))
    assert "整体绩效任务!D2" in whole_problem.cells and "整体绩效指标!H2" in whole_problem.cells


def test_one_wrong_table_cell_is_refused_naming_the_cells_of_the_failing_identity(tmp_path: Path) -> None:
    sheets = made_up_sheets()
    sheets["sheets"]["基本支出明细"][2][2] = 99.0  # 30102 津贴补贴 80 → 99: 公开06表 no longer matches 公开05表
    data = _write(tmp_path, sheets)
    result = CliRunner().invoke(app, ["render", str(data), "--to", "md", "-o", str(tmp_path / "out.md")])
    assert result.exit_code == 2
    text = " ".join(result.output.split())
    assert "XT05" in text
    assert "模板「基本支出明细」C3" in text
    assert not (tmp_path / "out.md").exists()


def test_force_writes_a_draft_marked_on_every_page_of_every_format(tmp_path: Path) -> None:
    data = _write(tmp_path, _weights_to_100(made_up_sheets()))
    out = tmp_path / "doc"
    formats = ["md", "html", "docx", "xlsx"]
    result = CliRunner().invoke(app, ["render", str(data), "--to", "all", "-o", str(out), "--force"])
    if result.exit_code != 0 and "中文字体" in result.output:  # PDF needs a Chinese font (`make test` installs one)
        pytest.skip("no Chinese font for the PDF")
    assert result.exit_code == 0, result.output
    assert "已按 --force 写出草稿" in " ".join(result.output.split())
    assert (out / "document.md").read_text(encoding="utf-8").splitlines()[0].startswith(DRAFT_MARK)
    html = (out / "document.html").read_text(encoding="utf-8")
    assert 'class="draft-note"' in html and "position: fixed" in html
    with zipfile.ZipFile(out / "document.docx") as z:
        headers = [z.read(n).decode("utf-8") for n in z.namelist() if n.startswith("word/header")]
        document = z.read("word/document.xml").decode("utf-8")
    assert any(DRAFT_MARK in h for h in headers)
    assert "<w:headerReference" in document
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO((out / "document.xlsx").read_bytes()))
    assert all(DRAFT_MARK in (ws.oddHeader.center.text or "") for ws in wb.worksheets)
    import pymupdf

    with pymupdf.open(out / "document.pdf") as pdf:
        assert all(DRAFT_MARK in page.get_text() for page in pdf)
    assert set(formats) <= {p.suffix[1:] for p in out.iterdir()}


@pytest.mark.parametrize("text", ["无", "无。", "无等原因", "（无）", "/", "不适用", " 无 "])
def test_a_reason_written_as_none_is_no_reason(made_up_input, text: str) -> None:  # type: ignore[no-untyped-def]
    assert no_reason(text)
    key = reason_key("收入总计", "上年")
    doc = made_up_input.model_copy(update={"reasons": {**made_up_input.reasons, key: text}})
    with pytest.raises(MissingData) as caught:
        build_document(doc, load_profile("liaoning"))
    [item] = caught.value.items
    assert item.key == key and "不是原因" in item.what


def test_no_reason_is_never_printed(made_up_input) -> None:  # type: ignore[no-untyped-def]
    """Where no reason is needed (flat figures), a "无" given anyway is left out of the sentence."""
    doc = made_up_input.model_copy(update={"reasons": {**made_up_input.reasons, reason_key("项:2080505", "预算"): "无等原因"}})
    for profile in ("liaoning", "shanghai"):
        text = build_document(doc, load_profile(profile)).text()
        assert "原因是无" not in text and "原因：无" not in text and "无等原因" not in text
    assert not no_reason("人员增加") and not no_reason("无人员变动以外的原因")


def test_the_template_states_the_policy(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    out = tmp_path / "t.xlsx"
    assert CliRunner().invoke(app, ["template", "-o", str(out), "--profile", "liaoning"]).exit_code == 0
    guide = load_workbook(out)["填写说明"]
    text = "\n".join(str(c.value) for row in guide.iter_rows() for c in row if c.value)
    assert "绩效指标分值合计90分" in text
    assert "预算执行率低于60%的，总分不超过59分" in text
    assert "完成程度最高按100%计" in text
    indicators = load_workbook(out)["绩效指标"]
    assert "90分" in indicators.cell(row=1, column=WEIGHT + 1).comment.text


def test_read_sheets_records_the_cells(made_up_input) -> None:  # type: ignore[no-untyped-def]
    assert made_up_input.projects[0].indicators[0].weight_cell == "绩效指标!I2"
    assert "一般公共预算支出!C2" in made_up_input.cells["一般公共预算财政拨款支出决算表|合计|基本支出"]
    assert read_sheets(made_up_sheets(), "x").cells == made_up_input.cells


def test_a_wrong_cell_in_published_data_is_named_once_by_the_culprit_search(seed_report) -> None:  # type: ignore[no-untyped-def]
    """One 项 of the seed's 公开05表 off by 10: the culprit search names that one cell (its line in
    the seed) for the identities it breaks, instead of every cell of each failing identity."""
    from juesuan.model.report import Report
    from juesuan.render.derive import derive_input

    data = seed_report.model_dump(mode="json")
    table = next(t for t in data["tables"] if t["header"]["title"].startswith("一般公共预算财政拨款支出决算表"))
    row = next(r for r in table["rows"] if r.get("code") and r["code"]["value"] == "2080109")
    cell = row["cells"]["基本支出"]
    cell["amount"]["value"] = "10.00"
    cell["text"] = "10.00"
    doc = derive_input(Report.model_validate(data))
    problems = api.render_problems(doc, api.build_view(doc, "liaoning"), "liaoning")
    [culprit] = [p for p in problems if "2080109" in p.what]
    assert "应为 0.00" in culprit.what and "TB01" in culprit.rule
    assert len(culprit.cells) == 1 and culprit.cells[0].startswith("000_47ca208ed1e3cbfe.txt:")
    assert not any(p.rule.startswith(("TB01", "TB05")) for p in problems if p is not culprit)


def test_one_typo_in_a_filled_template_names_the_one_cell_to_fix(tmp_path: Path) -> None:
    """The seed's own template with one digit dropped in one 基本支出 (支出决算表 2080505 80.69 →
    8.69): one problem at that cell, with the value it should have and the slip, instead of one
    per sum above it (the 款, the row's 合计, the cross-table copy)."""
    import openpyxl

    from tests.conftest import SEED

    template = tmp_path / "seed.xlsx"
    made = CliRunner().invoke(app, ["template", "--from", str(SEED), "-o", str(template)])
    assert made.exit_code == 0, made.output
    book = openpyxl.load_workbook(template)
    sheet = book["支出决算表"]
    [cell] = [row[2] for row in sheet.iter_rows() if row[0].value == "2080505"]
    assert cell.value == 80.69
    cell.value = 8.69
    book.save(template)
    result = CliRunner().invoke(app, ["render", str(template), "--to", "md", "-o", str(tmp_path / "out.md")])
    assert result.exit_code == 2
    text = " ".join(result.output.split())
    assert "8.69 应为 80.69（漏录一位数字）" in text
    assert f"请改：模板「支出决算表」{cell.coordinate}" in text
    assert "与其下各项之和" not in text  # the sums above it are consequences, not problems of their own
    assert text.count("「支出决算表」") == 1
    assert not (tmp_path / "out.md").exists()
