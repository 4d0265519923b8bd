"""What `juesuan check` finds in each corpus PDF, every finding verified against the printed page.

Each expected finding is (rule, severity, page, a piece of its message). The real errors the
documents contain are here (普陀区财政局's 财政拨款收入支出总计0.3万元 and its 71.73%; 规划局's
人员经费 4896.98 against 4884.09 in 公开06表 and its 规划与自然资源局; 西南大学's 抗役 and 0.56%),
with the 尾差 the tables really carry as hints. Nothing else may be reported: a finding that is
not listed is a reading mistake or a false alarm until shown otherwise. docs/corpus-findings.md
records how each one was verified.
"""

from __future__ import annotations

import re
from collections import Counter

import pymupdf
import pytest

from juesuan.diagnostics import CheckReport, Finding
from tests.corpus_cache import CORPUS_PDFS

Expect = tuple[str, str, int, str]  # rule, severity, page, a piece of the message

EXPECTED: dict[str, list[Expect]] = {
    "cq-xinandaxue-2023-dept-final.pdf": [
        # real errors
        ("KM07", "warning", 9, "“二十六、抗役特别国债安排的支出”不是规范的类级名称（应为“抗疫特别国债安排的支出”？）"),
        ("TX02", "error", 17, "“科学技术支出 2,536.65万元”占总支出的比例应为 0.55%，文中为 0.56%"),
        # 尾差 as printed
        ("TB01", "info", 10, "20502 普通教育的“其他收入”为 42555.90，其下级科目合计为 42555.91"),
        ("TB03", "info", 10, "2050204 高中教育的“本年收入合计”为 24804.57"),
        ("TB01", "info", 12, "205 教育支出的“项目支出”为 96077.73，其下级科目合计为 96077.72"),
        ("TB04", "info", 12, "205 教育支出的“本年支出合计”为 425287.27"),
        ("TB02", "info", 13, "“合计”行“基本支出”为 359781.59，各类合计为 359781.60"),
        ("TB02", "info", 13, "“合计”行“项目支出”为 97895.15，各类合计为 97895.16"),
        ("TB04", "info", 13, "合计的“本年支出合计”为 457676.75"),
    ],
    "sh-putuo-caizhengju-2024-dept-final.pdf": [
        # real errors
        ("TX01", "error", 21, "“财政拨款收入支出总计”为 0.3万元，财政拨款收入支出决算总表为 2961.68 万元"),
        # the culprit search names the text's figure (the table's is confirmed by the 公开04表 identities)
        ("CU01", "error", 21, "情况说明第 21 页“0.3万元”应为 2961.68万元；由此引起 1 处不符"),
        ("TX02", "error", 21, "“一般公共服务支出（类） 2106.66万元”占本节总数的比例应为 71.65%，文中为 71.73%"),
        ("TX05", "warning", 23, "“因公出国（境）费”的预算数为 0，却写了“完成预算的 0%”"),
        ("TX05", "warning", 23, "“公务用车购置及运行维护费”的预算数为 0，却写了“完成预算的 0%”"),
        ("TX13", "info", 23, "人员经费列举了1个在基本支出决算表中没有发生额的项目：个人农业生产补贴"),
        # 尾差 as printed
        ("XT02", "info", 6, "208 社会保障和就业支出：收入支出决算总表为 326.71，支出决算表为 326.72"),
        ("TB02", "info", 8, "收入决算表：“合计”行“本年收入合计”为 2946.25"),
        ("TB02", "info", 8, "收入决算表：“合计”行“财政拨款收入”为 2940.05"),
        ("TB02", "info", 10, "支出决算表：“合计”行“本年支出合计”为 2940.05"),
        ("TB02", "info", 10, "支出决算表：“合计”行“基本支出”为 2336.91"),
        ("XT04", "info", 12, "208 社会保障和就业支出：财政拨款收入支出决算总表（一般公共预算财政拨款）为 326.71"),
        ("TB02", "info", 15, "一般公共预算财政拨款支出决算表：“合计”行“合计”为 2940.05"),
        ("TB02", "info", 15, "一般公共预算财政拨款支出决算表：“合计”行“基本支出”为 2336.91"),
        ("TB08", "info", 16, "301 工资福利支出 = 其下各款之和：应为 2082.86，表中为 2082.85"),
        ("TB08", "info", 16, "302 商品和服务支出 = 其下各款之和：应为 171.09，表中为 171.07"),
        ("TX11", "info", 24, "政府采购：总额 = 货物 + 工程 + 服务：应为 251.26 万元，文中为 251.25 万元"),
    ],
    "sh-putuo-guihuaziyuanju-2024-dept-final.pdf": [
        # real errors
        ("TX02", "error", 21, "“一般公共预算财政拨款支出 9746.50万元”占本年支出合计的比例应为 99.87%，文中为 99.86%"),
        ("TX04", "error", 21, "“一般公共预算财政拨款支出”决算 9746.50 万元、预算 10210.34 万元，完成预算的比例应为 95.46%，文中为 95.45%"),
        ("YZ08", "info", 21, "百分数缺少“%”：“93.20万元，增长13.95。"),
        ("TX10", "error", 22, "项级名称“机关事业单位退休人员活动费支出”与表中“其他行政事业单位养老支出”不一致"),
        ("TX01", "error", 24, "“一般公共预算财政拨款基本支出”为 5377.64万元，基本支出决算表为 5364.75 万元"),
        ("TX01", "error", 24, "“人员经费”为 4896.98万元，基本支出决算表为 4884.09 万元"),
        ("CU01", "error", 24, "情况说明第 24 页“5377.64万元”应为 5364.75万元；由此引起 1 处不符"),
        ("CU01", "error", 24, "情况说明第 24 页“4896.98万元”应为 4884.09万元；由此引起 1 处不符"),
        ("TX10", "error", 24, "项级名称“其他国土资源事务支出”与表中“其他自然资源事务支出”不一致"),
        ("TX10", "error", 24, "款级名称“住房保障支出”与表中“住房改革支出”不一致"),  # 2210201 住房公积金
        ("TX10", "error", 24, "款级名称“住房保障支出”与表中“住房改革支出”不一致"),  # 2210203 购房补贴
        ("TX13", "info", 24, "人员经费列举了3个在基本支出决算表中没有发生额的项目：奖金、奖励金、其他对个人和家庭的补助支出"),
        ("TX13", "info", 24, "公用经费列举了1个在基本支出决算表中没有发生额的项目：税金及附加费用"),
        ("YZ06", "error", 25, "发现未填写的占位内容“下降（增长）”"),
        ("TX05", "warning", 25, "“因公出国（境）费”的预算数为 0，却写了“完成预算的 0.00%”"),
        ("TX05", "warning", 25, "“公务用车购置及运行维护费”的预算数为 0，却写了“完成预算的 0.00%”"),
        ("YZ02", "error", 26, "正文的单位名称“上海市普陀区规划与自然资源局”与本单位名称“上海市普陀区规划和自然资源局”"),  # 公务用车保有量
        ("YZ02", "error", 26, "正文的单位名称“上海市普陀区规划与自然资源局”与本单位名称“上海市普陀区规划和自然资源局”"),  # 八、政府性基金
        ("YZ02", "error", 26, "正文的单位名称“上海市普陀区规划与自然资源局”与本单位名称“上海市普陀区规划和自然资源局”"),  # 九、国有资本经营
        ("YZ08", "info", 26, "“（）”不成对"),  # "平均得分99.33分（其中，…" never closed
        ("YZ02", "error", 7, "标题的单位名称“上海市规划和自然资源局”少了“普陀区”"),  # 决算表 part title: the city's bureau
        # 尾差 as printed
        ("XT02", "info", 7, "210 卫生健康支出：收入支出决算总表为 236.63，支出决算表为 236.64"),
        ("XT02", "info", 7, "212 城乡社区支出：收入支出决算总表为 3845.25，支出决算表为 3845.24"),
        ("XT04", "info", 12, "210 卫生健康支出：财政拨款收入支出决算总表（一般公共预算财政拨款）为 236.63"),
        ("TB07", "info", 13, "本年支出合计（合计）= 各类支出之和：应为 9746.49，表中为 9746.50"),
        ("TB07", "info", 13, "本年支出合计（一般公共预算财政拨款）= 各类支出之和：应为 9746.49，表中为 9746.50"),
        ("TB05", "info", 14, "212 城乡社区支出的“合计”为 3832.36，基本支出+项目支出合计为 3832.35"),
        ("TB05", "info", 14, "21201 城乡社区管理事务的“合计”为 1092.80"),
        ("TB05", "info", 14, "2120101 行政运行的“合计”为 1092.80"),
        ("TB05", "info", 15, "合计的“合计”为 9746.50，基本支出+项目支出合计为 9746.49"),
        ("TB08", "info", 16, "302 商品和服务支出 = 其下各款之和：应为 440.88，表中为 440.90"),
        ("TB08", "info", 16, "人员经费合计 = 301 工资福利支出 + 303 对个人和家庭的补助：应为 4884.10，表中为 4884.09"),
        ("TX11", "info", 27, "政府采购：总额 = 货物 + 工程 + 服务：应为 2319.22 万元，文中为 2319.21 万元"),
        ("TX01", "info", 21, "“卫生健康支出（类）”为 236.63万元，一般公共预算财政拨款支出决算表为 236.64 万元"),
    ],
    # the official template (样张): its placeholders are checked apart (see below)
    "sh-template-dept-final-2024-yangzhang.pdf": [
        ("YZ08", "info", 4, "标点重复：“市XX研究所4 。。。”"),  # the 单位构成 table's "4 。。。" continuation rows
        ("YZ08", "info", 4, "标点重复：“5 。。。”"),
        ("YZ08", "info", 4, "标点重复：“6 。。。”"),
        ("YZ08", "info", 4, "标点重复：“7 。。。”"),
        ("YZ08", "info", 4, "标点重复：“8 。。。”"),
        # its sample narrative does not match its sample tables
        ("TX10", "error", 16, "类级名称“一般公共服务支出”在一般公共预算财政拨款支出决算表中找不到"),
        ("TX10", "error", 16, "项级名称“初中教育”在一般公共预算财政拨款支出决算表中找不到"),
        ("TX13", "info", 16, "人员经费列举了4个在基本支出决算表中没有发生额的项目：基本工资、津贴补贴、奖金、其他对个人和家庭的补助"),
        ("TX13", "info", 16, "公用经费列举了3个在基本支出决算表中没有发生额的项目：办公费、印刷费、其他资本性支出"),
    ],
}

#: the template's unfilled placeholders (YZ06): cover, 目录, part titles, narrative, the empty-table
#: statements under 公开08/09表 and three tables' sample rows
TEMPLATE_PLACEHOLDERS = 211


def _unmatched(findings: list[Finding], expected: list[Expect]) -> tuple[list[Expect], list[str]]:
    """Expected findings not reported, and reported findings not expected."""
    left = list(findings)
    missing = []
    for rule, severity, page, piece in expected:
        hit = next((f for f in left if (f.rule_id, f.severity.value, f.first_page()) == (rule, severity, page) and piece in f.message), None)
        if hit is None:
            missing.append((rule, severity, page, piece))
        else:
            left.remove(hit)
    return missing, [f"{f.rule_id} {f.severity.value} p{f.first_page()}: {f.message}" for f in left]


def test_every_corpus_pdf_has_its_verified_findings() -> None:
    assert sorted(EXPECTED) == CORPUS_PDFS


@pytest.mark.parametrize("name", CORPUS_PDFS)
def test_exactly_the_verified_findings_are_reported(corpus, name: str) -> None:  # type: ignore[no-untyped-def]
    report: CheckReport = corpus.checked(name)
    findings = [f for f in report.findings if not (name.startswith("sh-template") and f.rule_id == "YZ06")]
    missing, unexpected = _unmatched(findings, EXPECTED[name])
    assert missing == [], "expected findings not reported"
    assert unexpected == [], "findings nobody verified (a reading mistake or a false alarm?)"


@pytest.mark.parametrize("name", CORPUS_PDFS)
def test_rounding_gaps_are_hints_and_hints_only(corpus, name: str) -> None:  # type: ignore[no-untyped-def]
    report: CheckReport = corpus.checked(name)
    for finding in report.findings:
        if finding.rounding:
            assert finding.severity.value == "info" and finding.difference is not None
            assert abs(float(finding.difference)) <= 0.02, finding.message


def test_the_template_placeholders_are_printed_where_they_are_reported(corpus) -> None:  # type: ignore[no-untyped-def]
    name = "sh-template-dept-final-2024-yangzhang.pdf"
    found = [f for f in corpus.checked(name).findings if f.rule_id == "YZ06"]
    assert len(found) == TEMPLATE_PLACEHOLDERS
    assert {f.severity.value for f in found} == {"error"}
    kinds = Counter(loc.text for f in found for loc in f.locations)
    assert kinds["XX"] > 50 and kinds["XXX"] > 30 and kinds["增加（减少）"] >= 3 and kinds["……"] >= 3
    with pymupdf.open(corpus.path(name)) as doc:
        pages = [re.sub(r"\s", "", page.get_text()) for page in doc]
    for finding in found:
        page = finding.first_page()
        assert page is not None
        context = re.sub(r"\s", "", finding.message.split("：", 1)[1]).rstrip("。").strip("“”")
        assert context in "".join(pages[page - 1 : page + 1]), finding.message
    # the sample rows of 公开02/03/05表 ("2050205 高等教育……") are reported once, as placeholders
    assert sum(1 for f in found if f.locations[0].table) == 6


@pytest.mark.parametrize("name", CORPUS_PDFS)
def test_every_finding_can_be_shown_on_a_page(corpus, name: str) -> None:  # type: ignore[no-untyped-def]
    """--annotate needs a page for each finding (and a box for each table cell it names)."""
    for finding in corpus.checked(name).findings:
        assert finding.first_page() is not None, finding.message
        for loc in finding.locations:
            if loc.table and loc.column:
                assert loc.bbox is not None, (finding.message, loc)
