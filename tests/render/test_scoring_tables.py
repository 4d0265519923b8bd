"""The 自评表 figures the writer prints are computed by the scoring policy; on the seed they match
what the seed printed, except where the seed rounded differently."""

from __future__ import annotations

from decimal import Decimal

from juesuan.profiles import load_profile
from juesuan.render.performance import score_project, score_whole
from juesuan.scoring import NATIONAL

LIAONING = load_profile("liaoning").scoring


def test_seed_projects_score_as_printed(seed_input):
    printed = {
        "改制企事业单位移交人员待遇": ("89.20", "9.18", "0.00", "98.38"),
        "国有企业职教幼教退休人员生活补贴": ("90.00", "3.08", "34.08", "59.00"),  # seed: 减分项 34.075
        "缴纳工伤5-6级人员养老保险统筹": ("77.36", "6.87", "5.23", "79.00"),  # seed: 减分项 5.2327
        "事转企单位退休死亡人员丧葬费补差": ("72.64", "6.21", "0.00", "78.85"),
        "解决国有企业职教幼教退休教师待遇补助资金": ("90.00", "9.11", "0.00", "99.11"),
        "社保专项业务费用": ("90.00", "10.00", "0.00", "100.00"),
    }
    for project in seed_input.projects:
        if project.name not in printed:
            continue
        scored = score_project(project, LIAONING)
        assert tuple(f"{x:.2f}" for x in (scored.subtotal, scored.rate_score, scored.deduction, scored.total)) == printed[project.name]
        assert scored.subtotal + scored.rate_score - scored.deduction == scored.total


def test_printed_amounts_decide_the_rate(seed_input):
    """中小学教师事业企业待遇差: 1.04 / 1.10 = 94.55 % → 9.45 (the seed, from unrounded 元: 94.91 % → 9.49)."""
    project = next(p for p in seed_input.projects if p.name == "中小学教师事业企业待遇差")
    scored = score_project(project, LIAONING)
    assert (scored.rate, scored.rate_score, scored.total) == (Decimal("94.55"), Decimal("9.45"), Decimal("99.45"))


def test_national_policy_does_not_cap(seed_input):
    project = next(p for p in seed_input.projects if p.name == "国有企业职教幼教退休人员生活补贴")
    scored = score_project(project, NATIONAL)
    assert (scored.deduction, scored.total, scored.grade) == (Decimal("0.00"), Decimal("93.08"), "优")


def test_whole_evaluation_total(seed_input):
    scored = score_whole(seed_input.whole, LIAONING)
    assert [t.score for t in scored.tasks] == [Decimal(9), Decimal(10), Decimal(10), Decimal("8.6")]
    assert scored.total == Decimal("97.60")
