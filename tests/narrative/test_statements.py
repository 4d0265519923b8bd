"""What the narrative states beyond figures, read once for the checker and the writer: what a 项
was used for and why its 决算 differs from its 预算, in every surface form a publisher prints
(quote marks or none, any list number, a line break inside the phrase, full-width digits)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from juesuan.model.narrative import Narrative, Part, Section
from juesuan.model.provenance import Source
from juesuan.model.report import Metadata, Report
from juesuan.narrative.claims import (
    Claims,
    collect_claims,
    composition_names,
    names_three_public_total,
    performance_summary_parts,
)
from juesuan.narrative.facts import make_paragraph


def claims_of(*paragraphs: str, title: str = "一般公共预算财政拨款支出决算具体情况", year: int = 2024) -> Claims:
    """The claims of a narrative with ``paragraphs`` under one section titled ``title``."""
    section = Section(number="（三）", title=title, level=2, paragraphs=tuple(make_paragraph([(p, Source(line=1))]) for p in paragraphs))
    part = Part(number="第二部分", title="部门决算情况说明", kind="narrative", sections=(section,))
    report = Report(metadata=Metadata(department="上海市XX局", year=year), narrative=Narrative(parts=(part,)))
    return collect_claims(report)


ITEM = "{n}一般公共服务（类）{q}财政事务{q2}（款）行政运行（项）。主要用于：{used}。年初预算为{budget}万元，支出决算为{actual}万元。{diff}的主要原因：{why}。"


@pytest.mark.parametrize(
    ("number", "quote", "budget", "diff"),
    [
        ("1、", "", "100.00", "决算数小于预算数"),
        ("（1）", "“", "100.00", "决算数小于年初预算数"),
        ("1.", "「", "１００．００", "决算数小于\n预算数"),
        ("①", '"', "100.00", "决算\n数小于预算数"),
        ("", "", "100.00", "决算小于预算"),
    ],
)
def test_an_item_says_what_it_was_used_for_and_why_it_differs_from_its_budget(number: str, quote: str, budget: str, diff: str) -> None:
    close = {"“": "”", "「": "」"}.get(quote, quote)
    text = ITEM.format(n=number, q=quote, q2=close, used="机关日常运转", budget=budget, actual="90.00", diff=diff, why="厉行节约")
    (item,) = [i for i in claims_of(text).items if len(i.names) == 3]
    assert item.names == ("一般公共服务", "财政事务", "行政运行")
    assert item.used_for == "机关日常运转"
    assert item.budget_reason == "厉行节约"
    assert item.budget is not None and item.budget.value == Decimal("100.00")


def test_each_item_keeps_its_own_words() -> None:
    first = ITEM.format(n="1、", q="", q2="", used="机关日常运转", budget="100.00", actual="90.00", diff="决算数小于预算数", why="厉行节约")
    second = "2、一般公共服务（类）财政事务（款）信息化建设（项）。年初预算为50.00万元，支出决算为50.00万元。"
    items = [i for i in claims_of(first + second).items if len(i.names) == 3]
    assert [(i.names[2], i.used_for, i.budget_reason) for i in items] == [("行政运行", "机关日常运转", "厉行节约"), ("信息化建设", "", "")]


def test_used_for_across_a_line_break() -> None:
    text = "1、一般公共服务（类）财政事务（款）行政运行（项）。主要\n用于：机关日常运转。"
    (item,) = [i for i in claims_of(text).items if len(i.names) == 3]
    assert item.used_for == "机关日常运转"


RATE = "{n}{q}一般公共服务{q2}（类）财政事务（款）行政\n运行（项）。年初预算为１００．００万元，支出决算为90.00万元，完成年初预算的90.00%。"


@pytest.mark.parametrize(("number", "quote"), [("1、", ""), ("（1）", "“"), ("1.", "「"), ("②", ""), ("一、", '"')])
def test_a_rate_knows_the_item_it_closes(number: str, quote: str) -> None:
    close = {"“": "”", "「": "」"}.get(quote, quote)
    (rate,) = claims_of(RATE.format(n=number, q=quote, q2=close)).rates
    assert rate.item_names == ("一般公共服务", "财政事务", "行政运行")
    assert rate.budget is not None and rate.budget.value == Decimal("100.00")


def test_a_rate_after_a_bracketed_aside_closes_no_item() -> None:
    text = "1、一般公共服务（类）财政事务（款）行政运行（项）。年初预算为100.00万元（含追加），完成年初预算的90.00%。"
    (rate,) = claims_of(text).rates
    assert rate.item_names == ()


@pytest.mark.parametrize(
    "text",
    [
        "一般公共预算财政拨款支出年初预算为2000.00万元，支出决算为1800.00万元，完成年初预算的90.00%。",
        "一般公共预算财政拨款支出年初预算为\n2000.00万元，支出决算为1,800.00万元，完成年初预算的90.00%。",
        "“一般公共预算财政拨款支出”年初预算为2000.00万元，支出决算为1800.00万元，完成年初预算的90.00%。",
    ],
)
def test_a_rate_knows_what_its_budget_is_of(text: str) -> None:
    (rate,) = claims_of(text, title="一般公共预算财政拨款支出决算总体情况").rates
    assert rate.budget_subject == "一般公共预算财政拨款支出"


THREE = "“三公”经费财政拨款支出预算为10.00万元，支出决算为8.00万元，完成年初预算的80.00%。{subject}决算数小于预算数的主要原因：厉行节约。"


@pytest.mark.parametrize(
    ("subject", "total"),
    [
        ("“三公”经费支出", True),
        ("三公经费支出", True),
        ("「三公」经费", True),
        ("其中，公务接待费支出", False),
        ("因公出国（境）费", False),
    ],
)
def test_a_budget_comparison_said_of_the_three_public_total_or_of_an_item(subject: str, total: bool) -> None:
    (rate,) = claims_of(THREE.format(subject=subject), title="“三公”经费支出决算情况说明").rates
    assert rate.direction == "小于" and rate.reason == "厉行节约"
    assert names_three_public_total(rate.compared) is total


THREE_YOY = (
    "2024年度“三公”经费财政拨款支出决算为5.00万元，比上年减少0.15万元。其中：{q}因公出国（境）费{q2}支出与上一年度持平；"
    "{q}公务接待费{q2}支出决算减少０．１５万元，下降27.78%，主要原因是严格落实中央八项规定；公务用车\n购置及运行费增加0.00万元。"
)


@pytest.mark.parametrize(("quote", "close"), [("", ""), ("“", "”"), ("「", "」")])
def test_each_three_public_item_compared_with_last_year(quote: str, close: str) -> None:
    changes = claims_of(THREE_YOY.format(q=quote, q2=close), title="“三公”经费财政拨款支出决算情况说明").three_public_changes
    said = [(c.subject, c.word.word, c.amount.value if c.amount else None, c.rate.value if c.rate else None, c.reason) for c in changes]
    assert said == [
        ("因公出国（境）费", "持平", None, None, ""),
        ("公务接待费", "减少", Decimal("0.15"), Decimal("27.78"), "严格落实中央八项规定"),
        ("公务用车购置及运行费", "增加", Decimal("0.00"), None, ""),
    ]


def test_a_three_public_clause_against_the_budget_or_another_year_is_no_change() -> None:
    text = "公务接待费支出决算减少0.15万元，完成年初预算的60.00%；公务用车购置及运行费预算减少1.00万元。"
    assert claims_of(text, title="“三公”经费财政拨款支出决算情况说明").three_public_changes == []


@pytest.mark.parametrize(
    "text",
    [
        "1.小学教育（2050202），2023年度决算数为120.00万元，比2022年度决算数增长20.00%。",
        "（1）“小学教育”（2050202），2023 年度决算数为 １２０．００ 万元，比 2022 年度决算数\n增长 20.00%。",
        "①小学教育(2050202)，2023年度决算数为120.00万元，较上年增长20.00%。",
    ],
)
def test_a_coded_item_with_its_rate_from_last_year(text: str) -> None:
    (coded,) = claims_of(text, title="财政拨款支出决算情况", year=2023).coded
    assert (coded.name.strip("“”"), coded.code, coded.amount.value) == ("小学教育", "2050202", Decimal("120.00"))
    assert coded.rate_word is not None and coded.rate_word.word == "增长"
    assert coded.rate is not None and coded.rate.value == Decimal("20.00")


def test_a_coded_item_level_or_silent() -> None:
    text = "小学教育（2050202），2023年度决算数为120.00万元，与上年持平。初中教育（2050203），2023年度决算数为80.00万元。高中教育（2050204），比上年增长5.00%。"
    level, silent = claims_of(text, title="财政拨款支出决算情况", year=2023).coded
    assert level.rate_word is not None and level.rate_word.word == "持平" and level.rate is None
    assert silent.rate_word is None and silent.rate is None  # the next sentence's rate is another item's


@pytest.mark.parametrize(
    ("text", "subject", "reason"),
    [
        ("学校其他收入与上年比较发生较大差异的原因是债务收入减少。", "其他收入", "债务收入减少"),
        ("学校“其他收入”与上年相比发生较大变化的主要原因：债务\n收入减少。", "其他收入", "债务收入减少"),
        ("（二）事业收入与上年比较发生较大差异的原因，一是学费收入增加，二是科研收入增加。", "事业收入", "一是学费收入增加，二是科研收入增加"),
    ],
)
def test_a_reason_for_a_large_difference_from_last_year(text: str, subject: str, reason: str) -> None:
    (said,) = claims_of(text, title="收入决算情况").reasons
    assert (said.subject, said.against, said.reason) == (subject, "上年", reason)


@pytest.mark.parametrize(
    "text",
    [
        "学校部门决算反映校本部、附属中学、附属小学的经费收支情况。",
        "本部门决算反映“校本部”、「附属中学」、附属\n小学的收支情况。",
    ],
)
def test_the_units_a_composition_sentence_names(text: str) -> None:
    assert composition_names(text) == ("校本部", "附属中学", "附属小学")


@pytest.mark.parametrize(
    "text",
    [
        "（1）档案整理项目自评综述：项目自评得分98分。项目绩效目标完成情况：按时完成。发现的主要问题及原因：人员不足。下一步改进措施：增加人员。",
        "1.档案整理项目自评综述。项目绩效目标完成情况:按时\n完成。发现的主要问题及原因: 人员不足。下一步改进措施:增加人员。",
        "①档案整理项目：项目绩效目标完成情况：按时完成。发现的主要\n问题及原因：人员不足。下一步改进措施：增加 人员。",
    ],
)
def test_a_project_summary_in_its_parts(text: str) -> None:
    parts = performance_summary_parts(text)
    assert (parts.achieved, parts.problems, parts.measures) == ("按时完成。", "人员不足。", "增加人员。")


def test_a_project_summary_without_problems() -> None:
    parts = performance_summary_parts("项目绩效目标完成情况：全部完成。下一步改进措施：保持。")
    assert (parts.achieved, parts.problems, parts.measures) == ("全部完成。", "", "保持。")
