"""The seed's 绩效 tables are the test vectors of the Liaoning policy (DOMAIN.md §4.3–4.4)."""

from decimal import Decimal as D

import pytest

from juesuan.profiles import load_profile
from juesuan.scoring import NATIONAL, completion_ratio, grade, round_half_up

LIAONING = load_profile("liaoning").scoring  # the seed's policy, from the Liaoning profile


@pytest.mark.parametrize(
    ("op", "target", "actual", "expected"),
    [
        (">=", "871", "800", D(800) / D(871)),
        (">=", "74", "80", D(1)),
        ("=", "100", "100", D(1)),
        ("<=", "2", "2", D(1)),
        ("<=", "1", "2", D("0.5")),
        ("<=", "0", "0", D(1)),
    ],
)
def test_completion(op, target, actual, expected):
    assert completion_ratio(op, D(target), D(actual)) == expected


def test_liaoning_rounds_completion_before_scoring():
    # 拨付资金金额 >= 871, actual 800: printed 92.0%, score 9.2
    ratio = completion_ratio(">=", D(871), D(800))
    assert ratio is not None
    assert LIAONING.indicator_score(D(10), ratio) == D("9.20")
    assert round_half_up(NATIONAL.indicator_score(D(10), ratio), 2) == D("9.18")
    # 受益人数 >= 74, actual 34: 0.46 × 13.4 = 6.164
    ratio = completion_ratio(">=", D(74), D(34))
    assert ratio is not None
    assert LIAONING.indicator_score(D("13.4"), ratio) == D("6.164")


@pytest.mark.parametrize(
    ("budget", "spent", "shown"),
    [("871", "800", "9.18"), ("70.76", "21.76", "3.08"), ("49.5", "34", "6.87"), ("30", "18.63", "6.21"), ("151.88", "138.42", "9.11")],
)
def test_rate_score_uses_unrounded_rate(budget, spent, shown):
    score = LIAONING.rate_score(D(budget), D(spent))
    assert score is not None
    assert round_half_up(score, 2) == D(shown)


def test_liaoning_caps_low_execution():
    # 30.75 %: 90 + 3.07518 − 59 = 34.075 (printed 34.075), total 59
    rate = LIAONING.rate_score(D("70.76"), D("21.76"))
    assert rate is not None
    assert round_half_up(LIAONING.deduction(D(90), rate, D("30.75")), 3) == D("34.075")
    # 68.69 %: 77.364 + 6.86869 − 79 = 5.2327
    rate = LIAONING.rate_score(D("49.5"), D(34))
    assert rate is not None
    assert round_half_up(LIAONING.deduction(D("77.364"), rate, D("68.69")), 4) == D("5.2327")
    # 62.1 %: 72.64 + 6.21 = 78.85 is under the cap of 79: nothing to deduct
    assert LIAONING.deduction(D("72.64"), D("6.21"), D("62.1")) == 0
    assert LIAONING.cap_for(D("91.14")) is None


def test_grades():
    assert [grade(D(x)) for x in ("100", "90", "89.99", "80", "79", "60", "59")] == ["优", "优", "良", "良", "中", "中", "差"]
