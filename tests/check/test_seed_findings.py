"""The seed as a golden test of the checker.

Every finding below was verified by hand against the seed (docs/design.md and the rule docs say
why each is a real defect). Nothing that rounding explains may be an error or a warning; every
rounding gap is reported as an info hint at its place.
"""

from __future__ import annotations

import pytest

from juesuan.check import check
from juesuan.diagnostics import CheckReport, Severity

# (rule, severity, line of the first location): what is wrong in the seed
EXPECTED = {
    ("YZ04", "warning", 46),  # TOC 九、国有资本经营预算财政拨款支出决算表 vs the table's title …收入支出决算表
    ("TX08", "warning", 116),  # 年初预算 implied by the 项 percentages sums to 2152.64, by the total to 2114.84
    ("TX07", "warning", 136),  # 死亡抚恤: 完成年初预算的100% yet "存在差异"
    ("TX07", "warning", 138),  # 其他退役安置支出: 100% yet "涉密项目，不纳入我中心预算"
    ("TX05", "warning", 164),  # 三公: 完成预算的0.00% with a zero budget
    ("TX05", "warning", 166),
    ("TX05", "warning", 168),
    ("TX05", "warning", 170),
    ("JX11", "warning", 200),  # 涉及资金 1060.97 vs Σ 自评表执行数 1040.35 (a 20.62 project has no 自评表)
    ("JX10", "warning", 212),  # 事转企业丧葬费补差 vs 事转企单位退休死亡人员丧葬费补差
    ("KM04", "warning", 266),  # 名词解释 uses the old name 行政事业单位离退休 (20805)
    ("YZ01", "error", 705),  # 年度目标 "2025年12月…" in a 2024 自评表
    ("YZ03", "error", 767),  # 主管部门 朝阳区… (the others: 朝阳市…)
    ("YZ02", "error", 768),  # 实施单位 朝阳区社会保险事业服务中心
    ("YZ03", "error", 791),
    ("YZ02", "error", 792),
}

# rounding gaps (尾差) that must be reported as info hints, at these lines
ROUNDING = {
    ("XT02", 294),  # 01表 1,968.10 vs 03表 1,968.11
    ("XT04", 429),  # 04表 1,968.10 vs 05表 1,968.11
    ("TB02", 337),  # 02表 合计 2,079.31 vs Σ类 2,079.32
    ("TB08", 517),  # 06表 301 724.73 vs Σ款 724.74
    ("TX02", 99),  # 基本支出 48.98% (1,018.34 / 2,079.31 = 48.975%)
    ("TX03", 95),  # 降低 11.76% (276.98 / 2,356.29 = 11.755%)
    ("JX05", 815),  # 94.91% for 1.04 / 1.1 (the 执行数 was 1.044…)
    ("JX11", 200),  # 平均分 90.42 vs 90.43
    ("JX12", 841),  # 整体自评 1,018.35 vs 基本支出 1,018.34
}


@pytest.fixture(scope="module")
def seed_check(seed_result) -> CheckReport:  # type: ignore[no-untyped-def]
    return check(seed_result.report, reading_findings=seed_result.findings)


def test_every_real_defect_is_found_and_nothing_else(seed_check: CheckReport) -> None:
    found = {(f.rule_id, f.severity.value, f.first_line()) for f in seed_check.findings if f.severity != Severity.INFO}
    assert found == EXPECTED


def test_rounding_gaps_are_hints_not_errors(seed_check: CheckReport) -> None:
    hints = {(f.rule_id, f.first_line()) for f in seed_check.findings if f.rounding}
    assert hints >= ROUNDING
    assert all(f.severity == Severity.INFO for f in seed_check.findings if f.rounding)


def test_summary_counts_every_rule_outcome(seed_check: CheckReport) -> None:
    s = seed_check.summary
    assert s.error == 5
    assert s.rules_passed + s.rules_failed + s.rules_not_applicable + s.rules_could_not_check == len(seed_check.outcomes)
    assert s.rules_failed >= 10
    # the seed is a Liaoning document: the Shanghai-only zero-三公 statement rule does not apply
    assert any(o.rule_id == "SG05" and o.status.value == "not_applicable" for o in seed_check.outcomes)


def test_findings_point_at_canonical_table_titles(seed_check: CheckReport) -> None:
    titles = {loc.table for f in seed_check.findings for loc in f.locations if loc.table}
    assert "收入支出决算总表" in titles
    assert all("公开" not in t for t in titles)
