"""benchmarks/constraints.py: a narrative percentage is left out of the mutation recall only when
nothing the document prints could check it, and counts whenever in doubt."""

from __future__ import annotations

from benchmarks.constraints import document_numbers, percent_unconstrained, prints_yuan


def _free(sentence: str, percent: str, elsewhere: str = "") -> str:
    start = sentence.index(percent)
    whole = sentence + "\n" + elsewhere
    return percent_unconstrained(sentence, start, start + len(percent), document_numbers(whole), yuan=prints_yuan(whole))


ITEM = "高等教育（2050205），2023年度决算数为186,663.39万元，比2022年度决算数增长0.29%。"


def test_a_rate_with_no_base_anywhere_is_unconstrained() -> None:
    assert _free(ITEM, "0.29")
    assert _free("购房补贴2023年度决算数为180.59万元，比2022年度决算数减少0.38%。", "0.38")


def test_a_rate_whose_last_year_figure_is_printed_somewhere_counts() -> None:
    # 186,663.39 ÷ 1.0029 = 186,123.66: a table cell (in 万元, or in 元) or another sentence prints it
    assert not _free(ITEM, "0.29", "2050205\t高等教育\t186,123.66")
    assert not _free(ITEM, "0.29", "单位：元\n2050205\t高等教育\t1,861,236,600.00")
    assert _free(ITEM, "0.29", "单位：万元\n2050205\t高等教育\t1,861,236,600.00")  # not 元: another figure
    # the change itself, 539.73 万元, printed elsewhere
    assert not _free(ITEM, "0.29", "高等教育增加539.73万元")


def test_a_rate_with_its_change_in_the_sentence_counts() -> None:
    assert not _free("收入总计430,725.03万元，与2022年度相比，减少23,616.80万元，降低5.20%。", "5.20")


def test_a_rate_without_this_years_figure_in_the_sentence_counts() -> None:
    assert not _free("与上年相比，支出总计增长13.52%。", "13.52")


def test_shares_and_budget_rates_count() -> None:
    assert not _free("教育支出425,287.27万元，占总支出的92.92%。", "92.92")
    assert not _free("财政拨款收入占收入总额的56.42%。", "56.42")
    assert not _free("决算数为7,970.38万元，完成年初预算的99.10%。", "99.10")


def test_a_percentage_of_nothing_is_unconstrained_unless_printed_again() -> None:
    text = "占地约8380亩，校舍面积199万平方米，绿地率达40%，泱泱校园。"
    assert _free(text, "40")
    assert not _free(text, "40", "绿化覆盖率40%")
    assert not _free("项目支出97,895.15万元，21.39%。", "21.39")  # a money figure in its sentence


def test_the_rounding_of_the_rate_decides_and_nothing_wider() -> None:
    # 0.29 % is 0.285–0.295 %: the change 530.48–549.04 万元; 570.14 (another item's amount) is not it
    assert _free(ITEM, "0.29", "来华留学教育570.14万元")
    assert not _free(ITEM, "0.29", "来华留学教育540.14万元")


def test_yuan_is_told_from_wanyuan() -> None:
    assert prints_yuan("单位：元") and prints_yuan("金额（元）") and prints_yuan("支出 1,234.56元")
    assert not prints_yuan("单位：万元\n收入 1,234.56万元，人均 3 元/人")
