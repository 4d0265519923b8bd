"""Figures beyond any real budget are refused where they are read, and formatting never raises.

Issue 9 found a 27-digit amount or ``1e999`` crashing the checker in ``Decimal.quantize`` while it
formatted a finding. The bound is one place (``model/limits.py``): a printed figure beyond it is
:class:`OutOfBounds` (readers make it reading problem RD20), a decimal beyond it fails model
validation (canonical files, the writer's input), and :func:`quantized` cannot raise at all.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from juesuan.diagnostics import fmt_decimal
from juesuan.model.limits import MAX_INTEGER_DIGITS, number_problem, quantized, value_problem
from juesuan.model.money import Amount, MoneyError, OutOfBounds, parse_decimal
from juesuan.scoring import round_half_up


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("123456789012345678901234567890.12", "整数部分超过 15 位"),
        ("1" * 16, "整数部分超过 15 位"),
        ("9" * 5000, "整数部分超过 15 位"),
        ("1e999", "科学计数法"),
        ("1.5E+8", "科学计数法"),
        ("-2e-5", "科学计数法"),
        ("NaN", "不是有限的数"),
        ("-Infinity", "不是有限的数"),
        ("inf", "不是有限的数"),
        ("0.12345678901", "小数超过 10 位"),
    ],
)
def test_figures_beyond_any_budget_are_out_of_bounds(text: str, says: str) -> None:
    with pytest.raises(OutOfBounds) as caught:
        parse_decimal(text)
    assert says in caught.value.why
    assert isinstance(caught.value, MoneyError)  # a reader that knows only MoneyError still copes


@pytest.mark.parametrize("text", ["123,456,789,012,345.12", "000000000000000000001.5", "-999999999999999", "0.0000000001", "2,079.31"])
def test_figures_within_bounds_are_read(text: str) -> None:
    assert parse_decimal(text) == Decimal(text.replace(",", ""))


@pytest.mark.parametrize("text", ["5..18", "壹仟", "1,2,3e", "e5", ""])
def test_texts_that_are_no_figure_are_not_out_of_bounds(text: str) -> None:
    with pytest.raises(MoneyError) as caught:
        parse_decimal(text)
    assert not isinstance(caught.value, OutOfBounds)


def test_value_bound_matches_the_text_bound() -> None:
    assert value_problem(Decimal("9" * MAX_INTEGER_DIGITS)) is None
    assert value_problem(Decimal("1" + "0" * MAX_INTEGER_DIGITS)) is not None
    assert value_problem(Decimal("NaN")) is not None
    assert value_problem(Decimal("-Infinity")) is not None
    assert number_problem("9" * MAX_INTEGER_DIGITS) is None


@pytest.mark.parametrize("value", ["1e30", "NaN", "1e999", "-1E+16"])
def test_a_model_refuses_a_decimal_beyond_the_bound(value: str) -> None:
    with pytest.raises(ValidationError):
        Amount.model_validate({"value": value})


decimals = st.one_of(
    st.decimals(allow_nan=True, allow_infinity=True),
    st.builds(lambda d, e: Decimal(d).scaleb(e), st.integers(min_value=-(10**40), max_value=10**40), st.integers(min_value=-999_000, max_value=999_000)),
)


@given(decimals, st.integers(min_value=0, max_value=8))
def test_formatting_never_raises(value: Decimal, places: int) -> None:
    text = fmt_decimal(value, places)
    assert isinstance(text, str)
    assert isinstance(round_half_up(value, places), Decimal)
    assert isinstance(quantized(value, Decimal("0.01")), Decimal)


def test_quantized_is_quantize_where_that_works() -> None:
    assert quantized(Decimal("2079.305"), Decimal("0.01")) == Decimal("2079.30")  # half to even
    assert fmt_decimal(Decimal("123456789012345678901234567890.126"), 2) == "123456789012345678901234567890.13"
