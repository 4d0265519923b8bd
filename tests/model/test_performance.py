"""绩效 figures: printed numbers with their rounding, blanks and qualitative targets."""

from __future__ import annotations

from decimal import Decimal as D

from juesuan.model import Figure, Indicator, ProjectEvaluation


def test_a_score_is_an_interval_of_its_printed_decimals() -> None:
    deduction = Figure(value=D("5.2327"), text="5.2327", places=4)
    interval = deduction.interval
    assert interval is not None and (interval.lo, interval.hi) == (D("5.23265"), D("5.23275"))
    rate = Figure(value=D("92.0"), text="92.0%", places=1, percent=True)
    assert rate.step == D("0.1") and rate.percent


def test_blank_and_text_figures() -> None:
    assert Figure().blank and Figure().interval is None
    target = Figure(text="规范")
    assert not target.blank and target.value is None and target.interval is None


def test_qualitative_indicator() -> None:
    qualitative = Indicator(name="档案管理规范化", target=Figure(text="规范"), actual=Figure(text="全部或基本达成预期指标100%-80%(含)"))
    quantitative = Indicator(name="补贴人数", operator=">=", target=Figure(value=D(74), text="74"), measure_unit="人")
    assert qualitative.qualitative and not quantitative.qualitative
    assert Indicator(name="空").qualitative is False


def test_deeper_grouping_is_optional() -> None:
    plain = Indicator(level1="产出指标", level2="数量指标", name="补贴人数")
    deep = Indicator(level1="管理效率", level2="预算执行", level3="预算执行效率", name="预算执行率")
    assert plain.level3 == "" and deep.level3 == "预算执行效率"


def test_project_defaults() -> None:
    project = ProjectEvaluation(name="改制企事业单位移交人员待遇")
    assert project.title == "预算项目（政策）绩效自评表"
    assert project.indicators == () and project.total.blank
