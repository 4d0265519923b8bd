"""This year's figure printed before a change ("X 万元，比上年增加 A 万元，增长 B%") is read as the
level the change is measured from, however the base is worded (DOMAIN.md R-N03: 上年 = 本年 ∓ A)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from juesuan.ingest import read
from juesuan.narrative.claims import collect_claims
from tests.conftest import SEED

OLD = "0.00 万元(与部门决算中行政单位和参照公务员法管理事业单位财政拨款基本支出中公用经费之和一致)，与上年持平"


def _changes(tmp_path: Path, new: str):  # type: ignore[no-untyped-def]
    lines = SEED.read_text(encoding="utf-8").split("\n")
    assert OLD in lines[183]
    lines[183] = lines[183].replace(OLD, new)
    path = tmp_path / "report.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    report = read(path).report
    return [c for c in collect_claims(report, ()).changes if c.amount is not None and c.amount.value == Decimal("2.55")]


@pytest.mark.parametrize(
    "base",
    ["比 2023 年度", "比 2023 年度决算数", "比2023年度决算", "与上年相比，", "与上年决算数相比，", "与上年决算相比，", "较上年支出", "比上年同期", "同比"],
)
def test_the_level_before_a_change_whatever_the_base_is_called(tmp_path: Path, base: str) -> None:
    (change,) = _changes(tmp_path, f"184.65 万元，{base}增加 2.55 万元，增长 1.40%")
    assert change.level is not None and change.level.value == Decimal("184.65")


def test_a_budget_or_another_years_figure_is_no_level(tmp_path: Path) -> None:
    (change,) = _changes(tmp_path, "184.65 万元，上年决算数 182.10 万元，比上年增加 2.55 万元，增长 1.40%")
    assert change.level is None
