from decimal import Decimal

import pytest

from juesuan.model import Amount, Interval, MoneyError, Percent, Unit, parse_decimal


def test_published_figure_is_an_interval():
    a = Amount.parse("2,079.31")
    assert a.value == Decimal("2079.31")
    assert a.interval == Interval(lo=Decimal("2079.305"), hi=Decimal("2079.315"))


def test_fewer_decimals_still_mean_cents_of_wanyuan():
    # 871 in a 万元 table stands for 871.00
    assert Amount.parse("871").step == Decimal("0.01")
    assert Amount.parse("1.2345").step == Decimal("0.0001")


def test_unit_conversion_is_exact():
    a = Amount.parse("2,079.31", Unit.WANYUAN)
    yuan = a.to(Unit.YUAN)
    assert yuan.value == Decimal("20793100")
    assert yuan.step == Decimal("100")
    assert yuan.to(Unit.WANYUAN).value == Decimal("2079.31")
    assert Amount.parse("12345.67", Unit.YUAN).to(Unit.WANYUAN).value == Decimal("1.234567")


def test_rounded_neighbours_touch():
    # 公开01表 prints 1,968.10 where 公开02表 prints 1,968.11: both admit 1,968.105
    assert Amount.parse("1968.10").interval.intersects(Amount.parse("1968.11").interval)
    assert not Amount.parse("1968.10").interval.intersects(Amount.parse("1968.12").interval)


def test_interval_arithmetic():
    a = Interval(lo=Decimal(1), hi=Decimal(2))
    b = Interval(lo=Decimal(3), hi=Decimal(5))
    assert a + b == Interval(lo=Decimal(4), hi=Decimal(7))
    assert b - a == Interval(lo=Decimal(1), hi=Decimal(4))
    q = a / b
    assert q is not None
    assert q.lo == Decimal("0.2")
    assert abs(q.hi - Decimal(2) / Decimal(3)) < Decimal("1e-20")
    assert a / Interval(lo=Decimal(-1), hi=Decimal(1)) is None
    assert a.distance(b) == Decimal(1)


def test_share_that_rounding_explains():
    # seed: 基本支出 1,018.34 / 2,079.31 is printed as 48.98%
    share = (Amount.parse("1018.34").interval / Amount.parse("2079.31").interval).scale(Decimal(100))
    assert share.intersects(Percent.parse("48.98%").interval)
    assert not share.intersects(Percent.parse("48.96%").interval)


@pytest.mark.parametrize("text", ["", "abc", "1.2.3", "--1", "１２a"])
def test_not_a_number(text):
    with pytest.raises(MoneyError):
        parse_decimal(text)


def test_fullwidth_and_negative():
    assert parse_decimal("１，２３４．５") == Decimal("1234.5")
    assert parse_decimal("(12.5)") == Decimal("-12.5")
    assert parse_decimal("−3") == Decimal("-3")


def test_json_keeps_decimals_as_strings():
    data = Amount.parse("0.10").model_dump(mode="json")
    assert data["value"] == "0.10"
    assert Amount.model_validate(data) == Amount.parse("0.10")
