"""What kind of document a file is — 部门决算, 单位决算, 部门预算, 单位预算, 绩效报告 or unrelated —
from its structure, not from one word. A 预算 is refused as a 预算, and nothing else is said."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from juesuan import api
from juesuan.cli import app
from juesuan.diagnostics import ReadError
from juesuan.model.report import DocumentKind
from juesuan.profiles.kinds import DocumentTexts, classify, looks_like_table_title
from tests.conftest import CORPUS
from tests.corpus_cache import CACHE, CORPUS_PDFS

BUDGETS = sorted((CORPUS / "budget").glob("*.pdf"))
REFUSAL = "这是部门预算（2019 年度），juesuan 目前审核决算"


def test_there_are_three_budgets() -> None:
    assert [p.name for p in BUDGETS] == ["js-gaoyuan-2019-dept-budget.pdf", "js-jianchayuan-2019-dept-budget.pdf", "js-zhengxie-2019-dept-budget.pdf"]


@pytest.mark.parametrize("path", BUDGETS, ids=lambda p: p.name)
def test_a_budget_is_refused_as_a_budget(path: Path) -> None:
    with pytest.raises(ReadError) as caught:
        api.load(path)
    assert caught.value.problem == REFUSAL
    verdict = caught.value.verdict  # type: ignore[attr-defined]
    assert verdict.scores["预算"] >= 40 and verdict.scores["决算"] == 0


@pytest.mark.parametrize("path", BUDGETS, ids=lambda p: p.name)
def test_checking_a_budget_says_so_and_nothing_else(path: Path) -> None:
    result = CliRunner().invoke(app, ["check", str(path)])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.strip() == f"错误：{path}：{REFUSAL}"


@pytest.mark.parametrize("name", CORPUS_PDFS)
def test_every_final_account_of_the_corpus_is_read(name: str) -> None:
    assert CACHE.result(name).report.metadata.kind == DocumentKind.DEPARTMENT_FINAL


def test_the_seed_says_budget_everywhere_and_is_still_a_final_account(seed_report) -> None:  # type: ignore[no-untyped-def]
    # 完成年初预算的…, 预算数 columns, 一般公共预算财政拨款…决算表: 预算 words, but no 预算 titles
    assert seed_report.metadata.kind == DocumentKind.DEPARTMENT_FINAL


def _read(tmp_path: Path, text: str) -> api.ReadResult:  # type: ignore[name-defined]
    path = tmp_path / "文档.txt"
    path.write_text(text, encoding="utf-8")
    return api.load(path)


BUDGET_TEXT = """某某市某某局
2024 年度部门预算公开

# 目 录

第一部分 部门概况
第二部分 2024 年度部门预算表
一、收支预算总表
二、收入预算总表
三、支出预算总表
四、财政拨款收支预算总表
第三部分 2024 年度部门预算情况说明

# 第一部分 部门概况
本部门 2023 年度部门决算已于 2024 年公开，2023 年度决算数为 1,000.00 万元。
# 第三部分 2024 年度部门预算情况说明
一、收支预算总体情况说明
2024 年度收入、支出预算总计 1,200.00 万元，比 2023 年度决算数增加 200.00 万元。
"""


def test_a_budget_that_mentions_last_years_final_account_is_a_budget(tmp_path: Path) -> None:
    with pytest.raises(ReadError) as caught:
        _read(tmp_path, BUDGET_TEXT)
    assert caught.value.problem == "这是部门预算（2024 年度），juesuan 目前审核决算"


def test_a_unit_budget_is_named_as_one(tmp_path: Path) -> None:
    with pytest.raises(ReadError) as caught:
        _read(tmp_path, BUDGET_TEXT.replace("部门预算", "单位预算"))
    assert caught.value.problem == "这是单位预算（2024 年度），juesuan 目前审核决算"


def test_a_unit_final_account_is_kept_as_one(tmp_path: Path, seed_path: Path) -> None:
    text = seed_path.read_text(encoding="utf-8").split("\n")
    text[3] = text[3].replace("部门决算", "单位决算")  # the cover: 2024 年度单位决算
    text[13] = text[13].replace("部门决算", "单位决算")  # 目录: 第二部分 …单位决算情况说明
    text[27] = text[27].replace("部门决算", "单位决算")
    assert _read(tmp_path, "\n".join(text)).report.metadata.kind == DocumentKind.UNIT_FINAL


def test_a_performance_report_is_refused_as_one(tmp_path: Path) -> None:
    text = """某某市某某局
2024 年度项目支出绩效评价报告

一、项目基本情况
项目全年预算数 100.00 万元，执行数 95.00 万元。
二、绩效评价工作开展情况
三、综合评价结论
四、绩效目标实现情况
"""
    with pytest.raises(ReadError) as caught:
        _read(tmp_path, text)
    assert caught.value.problem == "这是绩效报告（2024 年度），juesuan 目前审核决算"


def test_an_unrelated_file_is_refused_as_before(tmp_path: Path) -> None:
    with pytest.raises(ReadError) as caught:
        _read(tmp_path, "会议纪要\n\n一、会议议定事项\n请各处室于 5 月底前报送材料。\n")
    assert caught.value.problem == "这不像部门决算文档：既没有找到任何决算表，也没有“决算”字样"


def test_structure_outweighs_a_word() -> None:
    """One 预算 title among 决算 titles and a cover that says 决算 is a 决算; the reverse a 预算."""
    final = DocumentTexts(
        cover=("某某局", "2024年度部门决算"),
        titles=("收入支出决算总表", "收入决算表", "支出决算表", "2025年部门预算表"),
        body=("完成年初预算的 95.00%",) * 40,
    )
    assert classify(final).kind == DocumentKind.DEPARTMENT_FINAL
    budget = DocumentTexts(
        cover=("某某局", "2019", "年度", "部门预算"),  # a cover title broken across lines reads whole
        titles=("收支预算总表", "收入预算总表", "支出预算总表", "财政拨款收支预算总表"),
        body=("2018 年度部门决算数为 1,000.00 万元",) * 3,
    )
    verdict = classify(budget)
    assert (verdict.kind, verdict.year) == (DocumentKind.DEPARTMENT_BUDGET, 2019)


@pytest.mark.parametrize(
    ("line", "title"),
    [
        ("公开01 表 收支预算总表", "收支预算总表"),
        ("五、财政拨款支出预算表（功能科目）", "财政拨款支出预算表（功能科目）"),
        ("九、一般公共预算“三公”经费、会议费、培训费支出预算表", "一般公共预算“三公”经费、会议费、培训费支出预算表"),
        ("本表（公开01 表）反映部门年度总体收支预算情况。", ""),
        ("2019 年度部门预算公开表附后。", ""),
    ],
)
def test_table_titles_are_told_from_sentences(line: str, title: str) -> None:
    assert looks_like_table_title(line) == title


def test_a_text_that_only_mentions_final_accounts_is_not_one() -> None:
    """A README or a 通知 says 部门决算 in sentences and titles of its own: no table, no 决算 title,
    no part of a 决算. A 决算 cut short keeps any one of them and stays a 决算."""
    notice = DocumentTexts(
        cover=("关于做好2024年度部门决算", "公开工作的通知", "各区级预算单位："),
        body=("一、公开内容", "公开内容包括部门概况、部门决算表、部门决算情况说明和名词解释。") * 3,
    )
    verdict = classify(notice)
    assert (verdict.kind, verdict.mentions_final) == (None, True)
    assert verdict.refusal() == "不是部门决算：提到“决算”，但没有决算表，也没有决算的标题和结构"
    kept = [
        DocumentTexts(cover=("某某局", "2024年度部门决算")),
        DocumentTexts(titles=("收入支出决算总表",)),
        DocumentTexts(headings=("第一部分 某某局概况",)),
        DocumentTexts(body=("一、收入支出决算总体情况说明", "本年收入合计 10.00 万元。")),
        DocumentTexts(body=("部门决算情况说明：本年收入合计 10.00 万元。",)),
        DocumentTexts(body=("某某局2024年度部门决算明细",)),
        DocumentTexts(body=("说明",), tables_found=1),
    ]
    assert [classify(texts).kind for texts in kept] == [DocumentKind.DEPARTMENT_FINAL] * len(kept)
    assert classify(DocumentTexts(body=("会议纪要",))).mentions_final is False
