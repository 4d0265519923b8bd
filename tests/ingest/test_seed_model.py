"""Every part of the model read from the seed (辽宁省朝阳市社会保险事业服务中心 2024 年度部门决算).

The expected values below were read off ``../shared/seed/000_47ca208ed1e3cbfe.txt`` by hand; the
line numbers are the seed's. Tables cell by cell are covered by the golden cells file
(test_seed_golden.py); this file covers the rest of the model and the provenance of everything.
"""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from juesuan.diagnostics import Severity
from juesuan.model import (
    BalanceTable,
    BasicExpenditureTable,
    ClassifiedTable,
    CodeScheme,
    Fact,
    FactKind,
    Figure,
    MoneyCell,
    Report,
    Side,
    Source,
    TableKind,
    ThreePublicItem,
    ThreePublicTable,
    Unit,
)
from juesuan.model.build import Model, field_names
from tests.conftest import SEED

LINES = SEED.read_text(encoding="utf-8").split("\n")


def printed(line: int) -> str:
    return LINES[line - 1]


def paragraph_at(report: Report, line: int):  # type: ignore[no-untyped-def]
    found = [p for p in report.narrative.all_paragraphs() if p.source.line == line]
    assert len(found) == 1, f"no paragraph starts on line {line}"
    return found[0]


def facts(paragraph) -> list[tuple[str, str, str]]:  # type: ignore[no-untyped-def]
    return [(f.kind.value, f.text, f.label) for f in paragraph.facts]


# ---- metadata and table of contents ------------------------------------------------------------


def test_metadata(seed_report: Report) -> None:
    meta = seed_report.metadata
    assert meta.department == "辽宁省朝阳市社会保险事业服务中心"
    assert meta.year == 2024
    assert meta.family == "liaoning"
    assert meta.money_unit == Unit.WANYUAN
    assert meta.title == "辽宁省朝阳市社会保险事业服务中心 2024 年度部门决算"
    assert meta.source_format == "text"
    assert (meta.source.line, meta.source.end_line) == (3, 4)


def test_table_of_contents(seed_report: Report) -> None:
    toc = seed_report.toc
    parts = [(e.number, e.title) for e in toc if e.level == 1]
    assert parts == [
        ("第一部分", "辽宁省朝阳市社会保险事业服务中心概况"),
        ("第二部分", "2024年度辽宁省朝阳市社会保险事业服务中心部门决算情况说明"),
        ("第三部分", "名词解释"),
        ("第四部分", "2024年度辽宁省朝阳市社会保险事业服务中心部门决算表"),
        ("第五部分", "附件"),
    ]
    assert [e.source.line for e in toc] == list(range(8, 49, 2))
    # the nine table titles of 第四部分 are the canonical titles, in the Liaoning order
    tables_part = [e.source.line for e in toc].index(28)
    listed = [e.title for e in toc[tables_part + 1 : tables_part + 10]]
    assert listed == [kind.value for kind in list(TableKind)[:9]]
    assert [e.number for e in toc[tables_part + 1 : tables_part + 10]] == ["一、", "二、", "三、", "四、", "五、", "六、", "七、", "八、", "九、"]
    assert all(e.source.text in printed(e.source.line) for e in toc)


# ---- narrative structure -------------------------------------------------------------------------


def test_parts(seed_report: Report) -> None:
    parts = [(p.number, p.title, p.kind, p.source.line) for p in seed_report.narrative.parts]
    assert parts == [
        ("第一部分", "辽宁省朝阳市社会保险事业服务中心概况", "overview", 50),
        ("第二部分", "2024 年度部门决算情况说明", "narrative", 80),
        ("第三部分", "名词解释", "glossary", 232),
        ("第四部分", "2024 年度部门决算表", "tables", 272),
        ("第五部分", "附件", "appendix", 625),
    ]


def test_sections_of_the_narrative(seed_report: Report) -> None:
    part = seed_report.narrative.part("narrative")
    assert part is not None
    outline = [(s.level, s.number, s.title, s.source.line) for s in part.walk()]
    assert outline == [
        (1, "一、", "收入支出决算总体情况说明", 82),
        (2, "(一)", "收入总计 2079.31 万元，包括：", 84),
        (2, "(二)", "支出总计 2079.31 万元，包括：", 97),
        (2, "（三）", "年末结转和结余 0.00 万元。", 108),
        (1, "二、", "财政拨款支出决算情况说明", 112),
        (2, "（一）", "总体情况。", 114),
        (2, "（二）", "一般公共预算财政拨款支出情况。", 118),
        (3, "1.", "社会保障和就业支出 1968.11 万元，具体包括：", 122),
        # printed without a heading mark, but numbered after the heading 1.
        (3, "2.", "卫生健康支出 44.58 万元，具体包括：", 144),
        (3, "3.", "住房保障支出 66.63 万元，具体包括：", 150),
        (2, "（三）", "政府性基金预算财政拨款支出情况。", 154),
        (2, "（四）", "国有资本经营预算财政拨款支出情况。", 158),
        (1, "三、", "财政拨款“三公”经费支出决算情况说明", 162),
        (1, "四、", "一般公共预算财政拨款基本支出决算情况说明", 174),
        (1, "五、", "其他重要事项的情况说明", 180),
        (2, "(一)", "机关运行经费支出情况。", 182),
        (2, "(二)", "政府采购支出情况。", 186),
        (2, "(三)", "国有资产占用情况。", 190),
        (2, "(四)", "预算绩效情况。", 194),
        (3, "1.", "绩效评价工作开展情况。", 196),
        (3, "2.", "项目绩效自评结果。", 202),
    ]
    overview = seed_report.narrative.part("overview")
    assert overview is not None
    assert [(s.number, s.title) for s in overview.sections] == [("一、", "主要职责"), ("二、", "部门决算单位构成")]


def test_items_of_a_section_stay_in_it(seed_report: Report) -> None:
    part = seed_report.narrative.part("narrative")
    assert part is not None
    by_title = {s.title: s for s in part.walk()}
    health = by_title["卫生健康支出 44.58 万元，具体包括："]
    assert [p.source.line for p in health.paragraphs] == [146, 148]
    social = by_title["社会保障和就业支出 1968.11 万元，具体包括："]
    assert [p.source.line for p in social.paragraphs] == [124, 126, 130, 132, 134, 136, 138, 140]
    income = by_title["收入总计 2079.31 万元，包括："]
    assert [p.source.line for p in income.paragraphs] == [86, 87, 88, 89, 90, 91, 92, 93, 95]
    three_public = by_title["财政拨款“三公”经费支出决算情况说明"]
    assert [p.source.line for p in three_public.paragraphs] == [164, 166, 168, 170, 172]
    results = by_title["项目绩效自评结果。"]
    assert [p.source.line for p in results.paragraphs] == [204, 206, 208, 212, 214, 216, 218, 220, 224, 226, 230]


def test_figures_in_section_titles_are_facts(seed_report: Report) -> None:
    part = seed_report.narrative.part("narrative")
    assert part is not None
    titled = {s.source.line: [(f.kind.value, f.text, f.label, f.source.line) for f in s.facts] for s in part.walk() if s.facts}
    assert titled == {
        84: [("amount", "2079.31 万元", "收入总计", 84)],
        97: [("amount", "2079.31 万元", "支出总计", 97)],
        108: [("amount", "0.00 万元", "年末结转和结余", 108)],
        122: [("amount", "1968.11 万元", "社会保障和就业支出", 122)],
        144: [("amount", "44.58 万元", "卫生健康支出", 144)],
        150: [("amount", "66.63 万元", "住房保障支出", 150)],
    }


# ---- paragraphs reflowed across page breaks ----------------------------------------------------


def test_sentence_split_by_a_page_break_is_one_paragraph(seed_report: Report) -> None:
    paragraph = paragraph_at(seed_report, 126)
    assert printed(126).endswith("主要原") and printed(127) == "" and printed(128).startswith("因是人员变动")
    assert paragraph.text.endswith("决算数与年初预算数存在差异的主要原因是人员变动等原因。")
    assert "主要原因是人员变动" in paragraph.text
    assert (paragraph.source.line, paragraph.source.end_line) == (126, 128)
    assert paragraph.line_at(paragraph.text.index("因是人员变动")) == 128
    assert paragraph.line_at(paragraph.text.index("主要原")) == 126
    assert [(f.text, f.source.line) for f in paragraph.facts] == [("788.07 万元", 126), ("92.32%", 126)]
    # no paragraph starts on the continuation line
    assert all(p.source.line != 128 for p in seed_report.narrative.all_paragraphs())


def test_facts_after_a_page_break_carry_the_later_line(seed_report: Report) -> None:
    paragraph = paragraph_at(seed_report, 198)
    assert paragraph.source.end_line == 200
    lines = {(f.label, f.text): f.source.line for f in paragraph.facts}
    assert lines[("共涉及预算支出项目", "9 个")] == 198
    assert lines[("一般公共预算项目", "9 个")] == 200
    assert lines[("自评平均分为", "97.6 分")] == 200
    for fact in paragraph.facts:
        assert fact.text in printed(fact.source.line), fact
    # the other split sentences of the seed
    assert paragraph_at(seed_report, 140).source.end_line == 142
    assert paragraph_at(seed_report, 176).source.end_line == 178
    assert paragraph_at(seed_report, 208).source.end_line == 210
    assert paragraph_at(seed_report, 220).source.end_line == 222
    assert paragraph_at(seed_report, 226).source.end_line == 228


# ---- facts ---------------------------------------------------------------------------------------


def test_amounts_and_shares(seed_report: Report) -> None:
    assert facts(paragraph_at(seed_report, 86)) == [
        ("amount", "2079.31 万元", "财政拨款收入"),
        ("percent", "100.00%", "占收入总计的"),
        ("amount", "2079.31 万元", "一般公共预算财政拨款收入"),
        ("amount", "0.00 万元", "政府性基金预算财政拨款收入"),
        ("amount", "0.00 万元", "国有资本经营预算财政拨款收入"),
    ]
    first = paragraph_at(seed_report, 86).facts[0]
    assert (first.value, first.unit, first.places) == (D("2079.31"), "万元", 2)
    amount = first.amount()
    assert amount is not None and amount.unit == Unit.WANYUAN and amount.value == D("2079.31")
    assert first.interval.lo == D("2079.305") and first.interval.hi == D("2079.315")


def test_year_over_year_comparison_words_and_their_labels(seed_report: Report) -> None:
    assert facts(paragraph_at(seed_report, 95)) == [
        ("comparison", "减少", "今年收入总计"),
        ("amount", "276.98 万元", "今年收入总计减少"),
        ("comparison", "降低", ""),
        ("percent", "11.76%", "降低"),
        ("comparison", "减少", "执行金额"),
    ]
    assert facts(paragraph_at(seed_report, 110)) == [("comparison", "持平", "今年结转结余")]
    words = [f.word for f in paragraph_at(seed_report, 95).facts if f.kind == FactKind.COMPARISON]
    assert words == ["减少", "降低", "减少"]


def test_budget_completion_percentages_and_years(seed_report: Report) -> None:
    got = facts(paragraph_at(seed_report, 116))
    assert ("year", "2024 年度", "") in got
    assert ("percent", "98.32%", "财政拨款支出完成年初预算的") in got
    assert ("percent", "92.77%", "基本支出完成年初预算的") in got
    assert ("percent", "104.31%", "项目支出完成年初预算的") in got
    item = paragraph_at(seed_report, 124)
    assert facts(item) == [
        ("amount", "26.50 万元", "社会保障和就业支出（类）人力资源和社会保障管理事务（款）社会保险经办机构（项）"),
        ("percent", "160.61%", "完成年初预算的"),
    ]
    item = paragraph_at(seed_report, 136)  # half-width punctuation, no space before the unit
    assert facts(item)[0] == ("amount", "17.22万元", "社会保障和就业支出(类)抚恤(款)死亡抚恤(项)")
    assert facts(item)[1][:2] == ("percent", "100%")


def test_dates_and_counts(seed_report: Report) -> None:
    assets = paragraph_at(seed_report, 192)
    date = assets.facts[0]
    assert (date.kind, date.text, date.label, date.value) == (FactKind.DATE, "2024 年 12 月 31 日", "截至", D(2024))
    counts = [(f.text, f.unit, f.label) for f in assets.facts if f.kind == FactKind.COUNT]
    assert counts[0] == ("4 辆", "辆", "共有车辆")
    assert counts[-1] == ("0 台（套）", "台（套）", "（含）以上设备（不含车辆）")
    scores = [(f.text, f.value, f.places) for f in paragraph_at(seed_report, 198).facts if f.unit == "分"]
    assert scores == [("90.42 分", D("90.42"), 2), ("97.6 分", D("97.6"), 1)]
    # "5-6 级" is part of a name, not a count
    listing = paragraph_at(seed_report, 204)
    assert [(f.kind.value, f.text) for f in listing.facts] == [("year", "2024 年度"), ("count", "9 个")]


def test_fact_spans_point_into_the_paragraph(seed_report: Report) -> None:
    for paragraph in seed_report.narrative.all_paragraphs():
        for fact in paragraph.facts:
            assert paragraph.text[fact.start : fact.end] == fact.text
            assert fact.source.line == paragraph.line_at(fact.start)


# ---- glossary, duties, units ---------------------------------------------------------------------

GLOSSARY = [
    "财政拨款收入",
    "上级补助收入",
    "事业收入",
    "经营收入",
    "附属单位上缴收入",
    "其他收入",
    "使用非财政拨款结余",
    "上年结转和结余",
    "基本支出",
    "项目支出",
    "上缴上级支出",
    "经营支出",
    "对附属单位补助支出",
    "“三公”经费",
    "机关运行经费",
    "社会保障和就业（类）行政事业单位离退休（款）事业单位离退休（项）",
    "住房保障（类）住房改革（款）住房公积金（项）",
]


def test_glossary(seed_report: Report) -> None:
    terms = seed_report.glossary
    assert [t.term for t in terms] == GLOSSARY
    assert [t.number for t in terms] == [str(n) for n in range(1, 18)]
    assert terms[0].definition == "指单位从同级财政部门取得的财政预算资金。"
    # 10. 项目支出 is split by a page break
    assert terms[9].definition == "指在基本支出之外为完成特定行政任务和事业发展目标所发生的支出。"
    assert terms[9].source.line == 252
    assert terms[16].definition.startswith("反映行政事业单位按人力资源和社会保障部、财政部规定")
    for term in terms:
        assert term.term in printed(term.source.line)


def test_duties(seed_report: Report) -> None:
    duties = seed_report.duties
    assert len(duties) == 10
    assert [d.source.line for d in duties] == list(range(54, 73, 2))
    assert [d.text.split("、", 1)[0] for d in duties] == [str(n) for n in range(1, 11)]
    assert duties[0].text == "1、会同税务、财政部门完成全市基本养老、工伤保险基金的预决算编报和收支管理等方面工作。"
    assert duties[9].text == "10、承担市人力资源和社会保障局交办的其他事项。"


def test_units(seed_report: Report) -> None:
    assert [(u.name, u.note, u.source.line) for u in seed_report.units] == [("朝阳市社会保险事业服务中心本级", "", 78)]


# ---- 其他重要事项 and the 三公 counts ---------------------------------------------------------------


def value(fact: Fact | None) -> D | None:
    assert fact is not None
    return fact.value


def test_operating_costs(seed_report: Report) -> None:
    costs = seed_report.matters.operating_costs
    assert costs is not None
    assert value(costs.amount) == D("0.00") and costs.amount is not None and costs.amount.label == "机关运行经费支出"
    assert costs.change is not None and costs.change.word == "持平"
    assert costs.change_amount is None and costs.change_rate is None
    assert costs.paragraph is not None and costs.paragraph.source.line == 184


def test_procurement(seed_report: Report) -> None:
    buying = seed_report.matters.procurement
    assert buying is not None
    amounts = {
        name: getattr(buying, name)
        for name in ("total", "goods", "works", "services", "sme", "small_micro")
    }
    assert {name: (f.text, f.label) for name, f in amounts.items()} == {
        "total": ("0.00 万元", "政府采购支出总额"),
        "goods": ("0.00 万元", "政府采购货物支出"),
        "works": ("0.00 万元", "政府采购工程支出"),
        "services": ("0.00 万元", "政府采购服务支出"),
        "sme": ("0.00 万元", "授予中小企业合同金额"),
        "small_micro": ("0.00 万元", "授予小微企业合同金额"),
    }
    shares = {
        name: getattr(buying, name)
        for name in ("sme_share", "small_micro_share", "goods_sme_share", "works_sme_share", "services_sme_share")
    }
    assert {name: f.text for name, f in shares.items()} == {
        "sme_share": "0.00%",
        "small_micro_share": "0.00%",
        "goods_sme_share": "0%",
        "works_sme_share": "0%",
        "services_sme_share": "0%",
    }
    assert shares["goods_sme_share"].label.startswith("货物采购")
    assert shares["services_sme_share"].label.startswith("服务采购")
    assert all(f.source.line == 188 for f in [*amounts.values(), *shares.values()])


def test_state_assets(seed_report: Report) -> None:
    assets = seed_report.matters.assets
    assert assets is not None
    assert assets.as_of is not None and assets.as_of.text == "2024 年 12 月 31 日"
    assert value(assets.vehicles_total) == 4
    counts = {category: fact.value for category, fact in assets.vehicles.items()}
    assert counts == {
        "副省级以上领导干部用车": 0,
        "主要领导干部用车": 0,
        "机要通信用车": 4,
        "应急保障用车": 0,
        "执法执勤用车": 0,
        "特种专业技术用车": 0,
        "离退休干部用车": 0,
        "其他用车": 0,
    }
    assert sum(counts.values()) == value(assets.vehicles_total)
    assert value(assets.equipment) == 0 and assets.equipment is not None and assets.equipment.unit == "台（套）"


def test_performance_summary(seed_report: Report) -> None:
    summary = seed_report.matters.performance
    assert summary is not None
    assert value(summary.projects) == 9
    assert (value(summary.projects_general), value(summary.projects_fund), value(summary.projects_capital)) == (9, 0, 0)
    assert value(summary.money) == D("1060.97") and summary.money is not None and summary.money.unit == "万元"
    assert (value(summary.money_general), value(summary.money_fund), value(summary.money_capital)) == (D("1060.97"), 0, 0)
    assert value(summary.coverage) == 100 and summary.coverage is not None and summary.coverage.unit == "%"
    assert value(summary.average_score) == D("90.42")
    assert value(summary.whole_units) == 1
    assert value(summary.whole_money) == D("1018.35")
    assert value(summary.whole_score) == D("97.6")
    assert value(summary.listed_projects) == 9


PROJECT_SUMMARIES = [
    ("1", "改制企事业单位移交人员待遇", "98.38", "871", "800", "91.85"),
    ("2", "缴纳工伤 5-6 级人员养老保险统筹", "79", "49.5", "34", "68.69"),
    ("3", "事转企业丧葬费补差", "78.85", "30", "18.63", "62.1"),
    ("4", "国有企业职教幼教退休人员生活补贴", "59", "70.76", "21.76", "30.75"),
    ("5", "解决国有企业职教幼教退休教师待遇补助资金", "99.11", "151.88", "138.42", "91.14"),
    ("6", "中小学教师事业企业待遇差", "99.49", "1.1", "1.04", "94.91"),
    ("7", "社保专项业务费", "100", "6.5", "6.5", "100"),
    ("8", "社保专项业务费用", "100", "10", "10", "100"),
    ("9", "退休人员档案整理费", "100", "10", "10", "100"),
]


def test_per_project_summaries(seed_report: Report) -> None:
    summary = seed_report.matters.performance
    assert summary is not None
    got = [
        (s.number, s.name, str(value(s.score)), str(value(s.budget)), str(value(s.spent)), str(value(s.rate)))
        for s in summary.project_summaries
    ]
    assert got == PROJECT_SUMMARIES
    assert [s.paragraph.source.line for s in summary.project_summaries] == [206, 208, 212, 214, 216, 218, 220, 224, 226]
    # the summaries name the same projects as the 自评表 (the order differs)
    assert {s.name.replace(" ", "") for s in summary.project_summaries} - {p.name for p in seed_report.projects} == {"事转企业丧葬费补差"}


def test_three_public_narrative_counts(seed_report: Report) -> None:
    counts = seed_report.matters.three_public
    assert counts is not None
    got = {
        name: (getattr(counts, name).text, getattr(counts, name).source.line)
        for name in (
            "groups",
            "group_people",
            "receptions",
            "reception_people",
            "reception_amount",
            "foreign_receptions",
            "foreign_people",
            "foreign_amount",
            "vehicles_bought",
            "vehicles_held",
        )
    }
    assert got == {
        "groups": ("0 个", 166),
        "group_people": ("0 人次", 166),
        "receptions": ("0 批次", 168),
        "reception_people": ("0 人", 168),
        "reception_amount": ("0.00 万元", 168),
        "foreign_receptions": ("0 批次", 168),
        "foreign_people": ("0 人", 168),
        "foreign_amount": ("0.00 万元", 168),
        "vehicles_bought": ("0 辆", 172),
        "vehicles_held": ("0 辆", 172),
    }
    # the foreign receptions come after the domestic ones on the line
    assert counts.foreign_receptions is not None and counts.receptions is not None
    assert counts.foreign_receptions.start > counts.receptions.start


# ---- tables ----------------------------------------------------------------------------------------


def test_nine_tables_with_their_headers(seed_report: Report) -> None:
    tables = seed_report.tables
    assert [t.kind for t in tables] == list(TableKind)[:9]
    assert [t.header.number_value for t in tables] == list(range(1, 10))
    assert [t.header.number for t in tables] == [f"公开0{n}表" for n in range(1, 10)]
    for table in tables:
        assert table.header.unit_name == "辽宁省朝阳市社会保险事业服务中心"
        assert table.header.year == 2024
        assert table.header.money_unit == Unit.WANYUAN
        assert table.header.empty_statement == "如本表为空，则我部门本年度无此类资金收支余。"
        assert table.header.notes[0].startswith("注：本表反映部门本年度")
    # 公开09表 is printed as 国有资本经营预算财政拨款收入支出决算表, an alias of the canonical title
    assert tables[8].header.title == "国有资本经营预算财政拨款收入支出决算表"
    assert tables[8].kind == TableKind.STATE_CAPITAL


def test_blank_tables_have_rows_but_no_figures(seed_report: Report) -> None:
    three = seed_report.table(TableKind.THREE_PUBLIC, ThreePublicTable)
    assert three is not None and three.shape == "rows"
    assert [r.item for r in three.rows] == [
        ThreePublicItem.TOTAL,
        ThreePublicItem.OVERSEAS,
        ThreePublicItem.RECEPTION,
        ThreePublicItem.VEHICLES,
        ThreePublicItem.VEHICLE_OPERATION,
        ThreePublicItem.VEHICLE_PURCHASE,
    ]
    assert all(r.budget.blank and r.actual.blank for r in three.rows)
    assert [r.source.line for r in three.rows] == list(range(569, 575))
    for kind, columns in (
        (TableKind.GOV_FUND, ("年初结转和结余", "本年收入", "本年支出合计", "基本支出", "项目支出", "年末结转和结余")),
        (TableKind.STATE_CAPITAL, ("本年支出合计", "基本支出", "项目支出")),
    ):
        table = seed_report.table(kind, ClassifiedTable)
        assert table is not None
        assert table.columns == columns
        assert [(r.label, r.is_total) for r in table.rows] == [("合计", True)]
        assert all(cell.blank for cell in table.rows[0].cells.values())


def test_two_sided_summary_tables(seed_report: Report) -> None:
    summary = seed_report.table(TableKind.INCOME_EXPENDITURE_SUMMARY, BalanceTable)
    assert summary is not None
    income = summary.side(Side.INCOME)
    expenditure = summary.side(Side.EXPENDITURE)
    assert [line.line_no for line in income] == list(range(1, 32))
    assert [line.line_no for line in expenditure] == list(range(32, 63))
    classes = [line for line in expenditure if line.code is not None]
    assert len(classes) == 26
    assert (classes[7].key, classes[7].code.value if classes[7].code else None) == ("社会保障和就业支出", "208")
    assert all(line.code is not None and line.code.inferred for line in classes)
    fiscal = seed_report.table(TableKind.FISCAL_SUMMARY, BalanceTable)
    assert fiscal is not None
    assert fiscal.expenditure_columns == ("支出/合计", "支出/一般公共预算财政拨款", "支出/政府性基金预算财政拨款", "支出/国有资本经营预算财政拨款")
    keys = [line.key for line in fiscal.side(Side.EXPENDITURE) if line.line_no in (60, 61, 62, 63)]
    assert keys == [
        "年末财政拨款结转和结余",
        "年末财政拨款结转和结余/一般公共预算财政拨款",
        "年末财政拨款结转和结余/政府性基金预算财政拨款",
        "年末财政拨款结转和结余/国有资本经营预算财政拨款",
    ]


def test_basic_expenditure_table_codes(seed_report: Report, seed_result) -> None:  # type: ignore[no-untyped-def]
    table = seed_report.table(TableKind.GENERAL_BASIC, BasicExpenditureTable)
    assert table is not None
    assert len(table.items) == 88
    printed_four = [item for item in table.items if len(item.code.printed) == 4]
    assert len(printed_four) == 81  # 88 lines: 7 类 printed in full, 81 款 cut to four digits
    unresolved = [item for item in printed_four if not item.code.inferred]
    assert [(i.code.value, i.name, i.source.line) for i in unresolved] == [("3120", "其他资本性补助", 542)]
    for item in printed_four:
        if item.code.inferred:
            assert len(item.code.value) == 5 and item.code.value.startswith(item.code.printed), item
    assert [i.code.value for i in table.items if i.code.level is not None and len(i.code.value) == 3] == [
        "301", "302", "307", "310", "303", "312", "399"
    ]
    assert {i.group for i in table.items if i.code.value[:3] in {"301", "303"}} == {"人员经费"}
    assert {i.group for i in table.items if i.code.value[:3] not in {"301", "303"}} == {"公用经费"}
    assert [i.block for i in table.items[:3]] == [1, 2, 3]
    assert table.personnel_total is not None and table.personnel_total.text == "748.69"
    assert table.public_total is not None and table.public_total.text == "269.65"
    assert [(f.rule_id, f.severity) for f in seed_result.findings] == [("RD03", Severity.INFO)]


def test_codes_of_the_classified_tables(seed_report: Report) -> None:
    income = seed_report.table(TableKind.INCOME, ClassifiedTable)
    assert income is not None
    row = income.row("2080505")
    assert row is not None and row.code is not None
    assert (row.code.scheme, row.code.printed, row.code.inferred) == (CodeScheme.FUNCTION, "2080505", False)
    assert row.code.parent == "20805" and row.code.level is not None and row.code.level.value == "项"
    assert row.label == "机关事业单位基本养老保险缴费"  # 02表 prints it without 支出
    assert seed_report.unknown_codes == ()


# ---- 绩效自评表 --------------------------------------------------------------------------------------

PROJECTS = [
    # name, 主管部门, budget, spent, rate, subtotal, rate score, deduction, total
    ("改制企事业单位移交人员待遇", "朝阳市人力资源和社会保障局-", "871", "800", "91.85%", "89.2", "9.18", "0", "98.38"),
    ("国有企业职教幼教退休人员生活补贴", "朝阳市人力资源和社会保障局-", "70.76", "21.76", "30.75%", "90", "3.08", "34.075", "59"),
    ("缴纳工伤5-6级人员养老保险统筹", "朝阳市人力资源和社会保障局-", "49.5", "34", "68.69%", "77.36", "6.87", "5.2327", "79"),
    ("解决国有企业职教幼教退休教师待遇补助资金", "朝阳市人力资源和社会保障局-", "151.88", "138.42", "91.14%", "90", "9.11", "0", "99.11"),
    ("社保专项业务费用", "朝阳市人力资源和社会保障局-", "10", "10", "100%", "90", "10", "0", "100"),
    ("社保专项业务费", "朝阳市人力资源和社会保障局-", "6.5", "6.5", "100%", "90", "10", "0", "100"),
    ("事转企单位退休死亡人员丧葬费补差", "朝阳区人力资源和社会保障局-", "30", "18.63", "62.1%", "72.64", "6.21", "0", "78.85"),
    ("退休人员档案整理费", "朝阳区人力资源和社会保障局-", "10", "10", "100%", "90", "10", "0", "100"),
    ("中小学教师事业企业待遇差", "朝阳市人力资源和社会保障局-", "1.1", "1.04", "94.91%", "90", "9.49", "0", "99.49"),
]


def test_project_evaluations(seed_report: Report) -> None:
    got = [
        (
            p.name,
            p.department,
            p.budget.text,
            p.spent.text,
            p.rate.text,
            p.subtotal.text,
            p.rate_score.text,
            p.deduction.text,
            p.total.text,
        )
        for p in seed_report.projects
    ]
    assert got == PROJECTS
    assert [p.source.line for p in seed_report.projects] == [627, 651, 672, 696, 718, 740, 762, 786, 808]
    assert all(p.year == 2024 for p in seed_report.projects)
    first = seed_report.projects[0]
    assert first.implementer == "朝阳市社会保险事业服务中心-"
    assert first.goal == "2024年末100%足额按时发放待遇资金。"
    assert first.achieved == "100%完成绩效目标。"
    assert first.rate.percent and first.rate.value == D("91.85")


def test_indicator_scores_add_up_to_the_subtotals(seed_report: Report) -> None:
    # every 自评表 gives 90 points to its indicators; the printed 小计 is the sum of the printed scores
    for project in seed_report.projects:
        weights = sum((i.weight.value for i in project.indicators if i.weight.value is not None), D(0))
        scores = sum((i.score.value for i in project.indicators if i.score.value is not None), D(0))
        assert weights == 90, project.name
        assert project.subtotal.value is not None and abs(scores - project.subtotal.value) <= D("0.005"), project.name
    assert [len(p.indicators) for p in seed_report.projects] == [9, 7, 8, 8, 8, 8, 9, 8, 9]


# (一级, 二级) of every indicator, as the seed's layout gives them (merged cells spread over the
# rows they cover; 时效指标 of the third form is printed on a row of its own below its row)
LEVELS = [
    ["产出/数量", "产出/数量", "产出/质量", "产出/质量", "产出/时效", "效益/经济效益", "效益/社会效益", "效益/可持续影响", "满意度/社会公众满意度"],
    ["产出/数量", "产出/数量", "产出/质量", "产出/质量", "效益/社会效益", "效益/可持续影响", "满意度/服务对象满意度"],
    ["产出/数量", "产出/数量", "产出/数量", "产出/质量", "产出/时效", "效益/社会效益", "效益/可持续影响", "满意度/社会公众满意度"],
    ["产出/数量", "产出/数量", "产出/质量", "产出/质量", "产出/时效", "效益/社会效益", "效益/可持续影响", "满意度/服务对象满意度"],
    ["产出/数量", "产出/数量", "产出/质量", "产出/质量", "产出/时效", "效益/社会效益", "效益/可持续影响", "满意度/服务对象满意度"],
    ["产出/数量", "产出/数量", "产出/质量", "产出/质量", "产出/时效", "效益/社会效益", "效益/可持续影响", "满意度/服务对象满意度"],
    ["产出/数量", "产出/数量", "产出/质量", "产出/质量", "产出/时效", "产出/成本", "效益/社会效益", "效益/可持续影响", "满意度/社会公众满意度"],
    ["产出/数量", "产出/数量", "产出/质量", "产出/质量", "产出/时效", "效益/社会效益", "效益/社会效益", "满意度/服务对象满意度"],
    ["产出/数量", "产出/数量", "产出/质量", "产出/质量", "产出/质量", "产出/成本", "效益/社会效益", "效益/可持续影响", "满意度/社会公众满意度"],
]


def test_indicator_levels_follow_the_layout(seed_report: Report) -> None:
    def short(text: str) -> str:
        return text.removesuffix("指标")

    got = [[f"{short(i.level1)}/{short(i.level2)}" for i in p.indicators] for p in seed_report.projects]
    assert got == LEVELS
    assert all(not i.level3 for p in seed_report.projects for i in p.indicators)
    third = seed_report.projects[2]
    timely = third.indicators[4]
    assert (timely.name, timely.level2, timely.source.line) == ("资金拨付及时率", "时效指标", 688)


def test_indicator_values(seed_report: Report) -> None:
    missed = seed_report.projects[0].indicators[1]
    assert (missed.name, missed.operator, missed.target.value, missed.measure_unit, missed.actual.value) == (
        "拨付资金金额",
        ">=",
        D(871),
        "万元",
        D(800),
    )
    assert (missed.completion.text, missed.completion.value, missed.completion.percent) == ("92.0%", D("92.0"), True)
    assert (missed.weight.value, missed.score.value) == (D(10), D("9.2"))
    assert missed.deviation == ("其他",)
    assert missed.reason.startswith("其他:我中心向财政申请资金时")
    assert missed.measures.startswith("其他:每年与财政业务科室进行该专项资金余额的清算工作")
    complaints = seed_report.projects[4].indicators[5]
    assert (complaints.name, complaints.operator, complaints.target.value, complaints.measure_unit) == ("服务对象投诉次数", "<=", D(2), "次")
    qualitative = seed_report.projects[7].indicators[5]
    assert qualitative.name == "档案管理规范化" and qualitative.qualitative
    assert (qualitative.operator, qualitative.target.text, qualitative.target.value) == ("", "规范", None)
    assert qualitative.actual.text == "全部或基本达成预期指标100%-80%(含)" and qualitative.actual.value is None
    assert (qualitative.completion.text, qualitative.weight.text, qualitative.score.text) == ("100%", "13.4", "13.4")


WHOLE_LEVELS = [
    ("履职效能", "重点工作履行情况", "", "重点工作办结率"),
    ("履职效能", "整体工作完成情况", "", "总体工作完成率"),
    ("履职效能", "整体工作完成情况", "", "工作完成及时率"),
    ("履职效能", "整体工作完成情况", "", "工作质量达标率"),
    ("履职效能", "基础管理", "", "依法行政能力"),
    ("履职效能", "基础管理", "", "综合管理水平"),
    # the 一级 管理效率 is printed once, on line 865 below these rows; their 一级 column holds the 二级
    ("管理效率", "预算执行", "预算执行效率", "预算执行率"),
    ("管理效率", "预算执行", "预算执行效率", "预算调整率"),
    ("管理效率", "预算执行", "预算执行效率", "结转结余变动率"),
    ("管理效率", "预算管理", "预算绩效管理", "预算绩效目标覆盖率"),
    ("管理效率", "预算管理", "预算监督管理", "预决算公开情况"),
    ("管理效率", "预算管理", "预算收支", "预算支出管理规范性"),
    # first row after the page break: 管理效率 / 预算管理 repeated, 预算收支 continued
    ("管理效率", "预算管理", "预算收支", "预算收入管理规范性"),
    ("管理效率", "财务管理", "", "内控制度有效性"),
    ("管理效率", "资产管理", "", "固定资产利用率"),
    ("管理效率", "业务管理", "", "政府采购管理违法违规行为发生次数"),
    ("运行成本", "成本控制成效", "", "“三公”经费变动率"),
    ("运行成本", "成本控制成效", "", "在职人员控制率"),
    ("社会效应", "社会效益", "", "退休人员养老金纳入社保人数"),
    ("社会效应", "服务对象满意度", "", "社保征缴服务满意度"),
    ("社会效应", "社会公众满意度", "", "公众对整体就业服务满意度"),
    ("可持续性", "体制机制改革", "", "建立预算绩效管理机制"),
    ("可持续性", "体制机制改革", "", "完善财务内控制度"),
]


def test_whole_unit_evaluation(seed_report: Report) -> None:
    assert len(seed_report.whole) == 1
    whole = seed_report.whole[0]
    assert whole.name == "503012朝阳市社会保险事业服务中心-211300000"
    assert (whole.year, whole.year_text) == (2024, "2024年年度")
    assert (whole.budget_income.text, whole.budget_expenditure.text) == ("1097.7", "1097.7")
    tasks = [(t.name, t.allotted.text, t.spent.text, t.rate.text, t.weight.text, t.score.text) for t in whole.tasks]
    assert tasks == [
        ("部门预算基本支出人员经费（刚性）", "142.73", "128.16", "90.00%", "10", "9"),
        ("部门预算基本支出公用经费（刚性）", "199.86", "199.86", "100.00%", "10", "10"),
        ("部门预算基本支出公用经费（保运转）", "38.30", "38.3", "100.00%", "10", "10"),
        ("部门预算基本支出人员经费（保工资）", "757.00", "652.03", "86.00%", "10", "8.6"),
    ]
    # the tasks spend the 1018.35 万元 the narrative cites for the whole-unit self-evaluation
    assert sum((t.spent.value for t in whole.tasks if t.spent.value is not None), D(0)) == D("1018.35")
    assert [(i.level1, i.level2, i.level3, i.name) for i in whole.indicators] == WHOLE_LEVELS
    weights = sum((i.weight.value for i in whole.indicators if i.weight.value is not None), D(0))
    scores = sum((i.score.value for i in whole.indicators if i.score.value is not None), D(0))
    task_scores = sum((t.score.value for t in whole.tasks if t.score.value is not None), D(0))
    assert (weights, scores, task_scores) == (60, 60, D("37.6"))
    assert whole.total.text == "97.60" and whole.total.value == task_scores + scores
    assert whole.goal.startswith("一、完成全年绩效目标任务。")
    assert whole.achieved.startswith("完成全年绩效目标任务")


# ---- provenance -----------------------------------------------------------------------------------


def _cells(report: Report) -> list[tuple[str, MoneyCell | Figure]]:
    out: list[tuple[str, MoneyCell | Figure]] = []
    for table in report.tables:
        if isinstance(table, ClassifiedTable):
            out += [(table.kind.value, c) for r in table.rows for c in r.cells.values()]
        elif isinstance(table, BalanceTable):
            out += [(table.kind.value, c) for line in table.lines for c in line.cells.values()]
        elif isinstance(table, BasicExpenditureTable):
            out += [(table.kind.value, i.cell) for i in table.items]
            out += [(table.kind.value, c) for c in (table.personnel_total, table.public_total) if c is not None]
        elif isinstance(table, ThreePublicTable):
            out += [(table.kind.value, c) for r in table.rows for c in (r.budget, r.actual)]
    for project in report.projects:
        figures = [project.budget, project.spent, project.rate, project.subtotal, project.rate_score, project.deduction, project.total]
        for i in project.indicators:
            figures += [i.target, i.actual, i.completion, i.weight, i.score]
        out += [("预算项目（政策）绩效自评表", f) for f in figures]
    for whole in report.whole:
        figures = [whole.budget_income, whole.budget_expenditure, whole.total]
        for t in whole.tasks:
            figures += [t.allotted, t.spent, t.rate, t.weight, t.score]
        for i in whole.indicators:
            figures += [i.target, i.actual, i.completion, i.weight, i.score]
        out += [("部门（单位）整体绩效自评表", f) for f in figures]
    return out


def test_every_cell_points_at_the_line_where_its_text_is_printed(seed_report: Report) -> None:
    cells = _cells(seed_report)
    assert len(cells) > 1000
    for table, cell in cells:
        source = cell.source
        assert source.file == str(SEED) or source.file.endswith(SEED.name)
        assert source.table == table
        assert source.row and source.column, cell
        if cell.text:
            assert source.text == cell.text
            assert cell.text in [c.replace("<b>", "").replace("</b>", "").strip() for c in printed(source.line or 0).split("\t")], cell


def test_every_printed_line_lands_somewhere_in_the_model(seed_report: Report) -> None:
    """Nothing is silently dropped: each non-blank line of the seed is the source of some value."""
    seen: set[int] = set()

    def walk(node: object) -> None:
        if isinstance(node, Source):
            if node.line is not None:
                seen.update(range(node.line, (node.end_line or node.line) + 1))
            return
        if isinstance(node, Model):
            for name in field_names(type(node)):
                walk(getattr(node, name))
            if hasattr(node, "line_starts"):
                seen.update(line for _, line in node.line_starts)
        elif isinstance(node, dict):
            for item in node.values():
                walk(item)
        elif isinstance(node, (list, tuple)):
            for item in node:
                walk(item)

    walk(seed_report)
    missing = {n for n, text in enumerate(LINES, start=1) if text.strip() and n not in seen}
    # the 目录 heading itself, and the markdown rule the conversion drew under the last table
    assert {n: printed(n) for n in missing} == {6: "# 目 录", 878: "-------\t-------"}


@pytest.mark.parametrize("line", [287, 338, 380, 422, 475, 517, 550, 634, 649, 841, 877])
def test_table_rows_are_read_from_their_own_line(seed_report: Report, line: int) -> None:
    on_line = [cell for _, cell in _cells(seed_report) if cell.source.line == line and cell.text]
    assert on_line, f"no figure read from line {line}"
    texts = {cell.text for cell in on_line}
    row = {c.replace("<b>", "").replace("</b>", "").strip() for c in printed(line).split("\t")}
    assert texts <= row
