"""``render --force`` past missing content: the document is written as a 草稿 with a visible
【待补充：…】 naming the template cell at each place where something is missing (never a zero, a
blank or an invented figure); without --force the refusal is unchanged; ``check`` reports the
placeholders (YZ06), so a draft never passes."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from juesuan.check.placeholders import PLACEHOLDERS
from juesuan.cli import app
from juesuan.model.inputs import DocumentInput
from juesuan.model.tables import TableKind
from juesuan.render.build import Missing, MissingData, build_document, build_draft, placeholder_text
from juesuan.render.profile import load_profile
from juesuan.render.view import DRAFT_MARK
from tests.conftest import CORPUS

YANGZHANG = CORPUS / "sh-template-dept-final-2024-yangzhang.pdf"

#: the 样张's three missing items (its figures are XXX placeholders) and where the template takes them
YANGZHANG_PLACEHOLDERS = (
    "【待补充：上年决算数（收入总计）（填报模板「基本信息」“上年收入总计”）】",
    "【待补充：上年决算数（财政拨款收入支出总计）（填报模板「基本信息」“上年财政拨款收入支出总计”）】",
    "【待补充：机关运行经费支出金额（无机关运行经费的填 0）（填报模板「基本信息」“机关运行经费”）】",
)
SEED_PLACEHOLDER = "【待补充：上年决算数（收入总计）（填报模板「基本信息」“上年收入总计”）】"


def _docx_text(path: Path) -> tuple[str, str]:
    """(body text, header text) of a .docx."""
    with zipfile.ZipFile(path) as z:
        body = z.read("word/document.xml").decode("utf-8")
        headers = "".join(z.read(n).decode("utf-8") for n in z.namelist() if n.startswith("word/header"))
    return re.sub(r"<[^>]+>", "", body), re.sub(r"<[^>]+>", "", headers)


def _render(data: Path, out: Path, fmt: str, *extra: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(app, ["render", str(data), "--to", fmt, "-o", str(out), *extra])


@pytest.fixture(scope="module")
def seed_without_previous_income(seed_input: DocumentInput, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed's derived input with last year's 收入总计 deleted, as a writer-input JSON file."""
    assert seed_input.previous.income_total is not None
    doc = seed_input.model_copy(update={"previous": seed_input.previous.model_copy(update={"income_total": None})})
    path = tmp_path_factory.mktemp("draft") / "seed-input.json"
    path.write_text(json.dumps(doc.model_dump(mode="json"), ensure_ascii=False), encoding="utf-8")
    return path


def _draft_text(out: Path, fmt: str) -> str:
    """The written draft's text, once its 草稿 mark is seen (the first line in Markdown, the page
    header in Word)."""
    if fmt == "md":
        text = out.read_text(encoding="utf-8")
        assert text.splitlines()[0].startswith(DRAFT_MARK)
        return text
    text, header = _docx_text(out)
    assert DRAFT_MARK in header
    return text


@pytest.mark.skipif(not YANGZHANG.exists(), reason="the Shanghai 样张 is not in ../shared/corpus")
@pytest.mark.parametrize("fmt", ["md", "docx"])
def test_yangzhang_with_force_is_a_draft_with_a_placeholder_at_each_missing_item(tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"out.{fmt}"
    result = _render(YANGZHANG, out, fmt, "--force")
    assert result.exit_code == 0, result.output
    said = " ".join(result.output.split())
    assert "缺少 3 项必需内容，已按 --force 写出草稿" in said and "不得作为正式文件公开" in said
    assert "请在填报模板「基本信息」“上年收入总计”填写" in said  # the same list as the refusal
    text = _draft_text(out, fmt)
    for placeholder in YANGZHANG_PLACEHOLDERS:
        assert placeholder in text
    # each placeholder stands where its sentence would be: right under its section's heading
    assert text[: text.index(YANGZHANG_PLACEHOLDERS[0])].rstrip().endswith("一、收入支出决算总体情况说明")
    assert text[: text.index(YANGZHANG_PLACEHOLDERS[2])].rstrip().endswith("（一）机关运行经费支出情况")


@pytest.mark.skipif(not YANGZHANG.exists(), reason="the Shanghai 样张 is not in ../shared/corpus")
def test_yangzhang_without_force_is_still_refused(tmp_path: Path) -> None:
    out = tmp_path / "out.md"
    result = _render(YANGZHANG, out, "md")
    assert result.exit_code == 2
    said = " ".join(result.output.split())
    assert "无法生成文档：缺少 3 项必需内容" in said and "请在填报模板「基本信息」“机关运行经费”填写" in said
    assert not out.exists()


@pytest.mark.parametrize("fmt", ["md", "docx"])
def test_seed_missing_last_years_income_with_force(seed_without_previous_income: Path, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"out.{fmt}"
    result = _render(seed_without_previous_income, out, fmt, "--force")
    assert result.exit_code == 0, result.output
    assert "缺少 1 项必需内容，已按 --force 写出草稿" in " ".join(result.output.split())
    text = _draft_text(out, fmt)
    assert text.count(SEED_PLACEHOLDER) == 1
    # the year-over-year sentence it replaces is not printed with an invented figure
    assert "与上年相比，今年收入总计" not in text


def test_seed_missing_last_years_income_without_force(seed_without_previous_income: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.md"
    result = _render(seed_without_previous_income, out, "md")
    assert result.exit_code == 2
    said = " ".join(result.output.split())
    assert "（填写键：previous.income_total） 请在填报模板「基本信息」“上年收入总计”填写" in said
    assert not out.exists()


def test_check_of_a_draft_is_not_a_clean_pass(seed_without_previous_income: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.md"
    assert _render(seed_without_previous_income, out, "md", "--force").exit_code == 0
    result = CliRunner().invoke(app, ["check", str(out), "--select", "YZ06"])
    assert result.exit_code == 1, result.output
    assert "YZ06" in result.output and "待补充" in result.output


def test_every_placeholder_is_a_placeholder_the_check_reports() -> None:
    for item in (Missing("某部分", "缺少上年决算数（收入总计），无法写出与上年的比较", "previous.income_total"), Missing("某部分", "缺少主要职责", "主要职责")):
        text = placeholder_text(item)
        assert PLACEHOLDERS.fullmatch(text) or PLACEHOLDERS.search(text)
        assert "0.00" not in text


def _holes(doc: DocumentInput) -> DocumentInput:
    """The made-up department without reasons, two 三公 counts, last year's 三公 and 财政拨款支出,
    the 基本支出 budget and the 政府性基金 table."""
    return doc.model_copy(
        update={
            "reasons": {},
            "tables": [t for t in doc.tables if t.kind != TableKind.GOV_FUND],
            "three_public": doc.three_public.model_copy(update={"groups": None, "receptions": None}),
            "previous": doc.previous.model_copy(update={"three_public": {}, "fiscal_expenditure": None}),
            "budgets": doc.budgets.model_copy(update={"fiscal_basic": None}),
        }
    )


@pytest.mark.parametrize("profile", ["liaoning", "shanghai"])
def test_every_missing_item_is_shown_where_it_is_missing_never_as_zero(made_up_input: DocumentInput, profile: str) -> None:
    doc = _holes(made_up_input)
    with pytest.raises(MissingData) as refused:
        build_document(doc, load_profile(profile))
    view, missing = build_draft(doc, load_profile(profile))
    assert missing == refused.value.items  # the draft lists exactly what the refusal lists
    assert view.draft
    text = view.text()
    for item in missing:
        assert placeholder_text(item) in text, item
    # a missing count is its placeholder, not 0 beside real spending
    assert "团组【待补充：因公出国（境）团组数（填报模板「三公数量」“因公出国（境）团组数”一行）】个" in text
    assert "【待补充：国内公务接待批次（填报模板「三公数量」“国内公务接待批次”一行）】批次" in text
    assert not re.search(r"团组0个|接待0批次|累计0批次", text)
    # a missing reason stands in its sentence, naming the template row
    assert "【待补充：收入总计与上年相比增加57.00万元的主要原因（填报模板「主要原因」“收入总计|上年”一行）】" in text
    # a missing table: a placeholder naming the template sheet where the table goes
    assert "【待补充：政府性基金预算财政拨款收入支出决算表（填报模板「政府性基金」）】" in text
    # a missing last-year figure is never a 持平 or a change computed against nothing
    assert "上年决算数（“三公”经费因公出国（境）费）（填报模板「三公经费」“因公出国（境）费”一行的“上年决算数”）】" in text


def test_a_complete_input_is_no_draft(made_up_input: DocumentInput) -> None:
    view, missing = build_draft(made_up_input, load_profile("liaoning"))
    assert missing == [] and not view.draft
    assert view == build_document(made_up_input, load_profile("liaoning"))


UNIVERSITY = CORPUS / "cq-xinandaxue-2023-dept-final.pdf"


@pytest.mark.skipif(not UNIVERSITY.exists(), reason="the university document is not in ../shared/corpus")
def test_university_draft_shows_each_missing_figure_and_term() -> None:
    from juesuan import api

    doc = api.load_input(UNIVERSITY)
    kept = dict(list(doc.previous.items.items())[::2])  # every other last-year line deleted
    doc = doc.model_copy(update={"previous": doc.previous.model_copy(update={"items": kept, "income_total": None}), "glossary": ()})
    profile = load_profile(api.writer_profile_for(doc, "auto"))
    with pytest.raises(MissingData) as refused:
        build_document(doc, profile)
    view, missing = build_draft(doc, profile)
    assert missing == refused.value.items and view.draft
    text = view.text()
    assert all(placeholder_text(item) in text for item in missing)
    assert "【待补充：上年收入总计（本年收入合计）（填报模板「基本信息」“上年收入总计”）】" in text
    assert re.search(r"【待补充：\d{7} \S+（项）的上年决算数（填报模板「上年决算数」事项“项:\d{7}”一行的“上年决算数”）】", text)
    assert re.search(r"【待补充：科目 \d{7} \S+ 的科目说明（名词解释）（填报模板「名词解释」）】", text)
