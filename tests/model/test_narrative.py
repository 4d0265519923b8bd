"""The narrative model: facts as rounding intervals, paragraphs that remember their lines."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from juesuan.model import Fact, FactKind, Narrative, Paragraph, Part, Section, Source, Unit


def fact(kind: FactKind, text: str, value: str | None, unit: str, places: int, start: int = 0) -> Fact:
    return Fact(kind=kind, text=text, start=start, end=start + len(text), value=D(value) if value else None, unit=unit, places=places)


def test_an_amount_is_the_interval_its_rounding_allows() -> None:
    total = fact(FactKind.AMOUNT, "2079.31 万元", "2079.31", "万元", 2)
    assert (total.interval.lo, total.interval.hi) == (D("2079.305"), D("2079.315"))
    amount = total.amount()
    assert amount is not None and amount.unit == Unit.WANYUAN and amount.value == D("2079.31")


def test_an_amount_printed_without_decimals_still_has_the_table_step() -> None:
    # "871 万元" in a 绩效 summary stands for 871.00 (tables are kept to 0.01 万元)
    budget = fact(FactKind.AMOUNT, "871 万元", "871", "万元", 0)
    assert budget.step == D("0.01")
    assert budget.interval.contains(D("871.004")) and not budget.interval.contains(D("871.2"))


def test_percentages_counts_and_years() -> None:
    share = fact(FactKind.PERCENT, "48.98%", "48.98", "%", 2)
    assert share.step == D("0.01") and share.amount() is None
    score = fact(FactKind.COUNT, "97.6 分", "97.6", "分", 1)
    assert (score.interval.lo, score.interval.hi) == (D("97.55"), D("97.65"))
    in_yuan = fact(FactKind.AMOUNT, "12,345 元", "12345", "元", 0)
    amount = in_yuan.amount()
    assert amount is not None and amount.unit == Unit.YUAN


def test_a_comparison_word_has_no_interval() -> None:
    word = Fact(kind=FactKind.COMPARISON, text="减少", start=12, end=14, word="减少", label="今年收入总计")
    with pytest.raises(ValueError):
        _ = word.interval


def test_paragraph_knows_the_line_of_every_character() -> None:
    # "…主要原" on line 126, "因是人员变动等原因。" on line 128 after a page break
    text = "决算数与年初预算数存在差异的主要原因是人员变动等原因。"
    split = text.index("因是")
    paragraph = Paragraph(text=text, source=Source(line=126, end_line=128), line_starts=((0, 126), (split, 128)))
    assert paragraph.line_at(0) == 126
    assert paragraph.line_at(split - 1) == 126
    assert paragraph.line_at(split) == 128
    assert paragraph.line_at(len(text) - 1) == 128
    assert Paragraph(text="x", source=Source(line=7)).line_at(0) == 7


def test_parts_and_sections_walk_in_reading_order() -> None:
    p = [Paragraph(text=f"段{n}") for n in range(4)]
    inner = Section(number="1.", title="社会保障和就业支出", level=3, paragraphs=(p[2],))
    outer = Section(number="（二）", title="一般公共预算财政拨款支出情况。", level=2, paragraphs=(p[1],), sections=(inner,))
    part = Part(number="第二部分", title="部门决算情况说明", kind="narrative", paragraphs=(p[0],), sections=(outer,))
    other = Part(number="第三部分", title="名词解释", kind="glossary", paragraphs=(p[3],))
    narrative = Narrative(parts=(part, other))
    assert [s.title for s in part.walk()] == ["一般公共预算财政拨款支出情况。", "社会保障和就业支出"]
    assert [x.text for x in narrative.all_paragraphs()] == ["段0", "段1", "段2", "段3"]
    assert narrative.part("glossary") is other
    assert narrative.part("tables") is None
