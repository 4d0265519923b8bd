"""Bounds on what a document may hold: figures beyond any real budget, and the sizes a reader or
the writer stops at.

A 部门决算 prints amounts in 元 or 万元. The largest budget in China (the whole country's general
public budget expenditure) is under 3×10¹³ 元, fourteen integer digits; a printed figure with more than
:data:`MAX_INTEGER_DIGITS` integer digits is therefore not an amount of any real account but a
typo, a damaged file or an attack. Such a figure is never handed to the arithmetic (the checker's
intervals, the writer's sums, the formatting of findings): every reader sees it through
:func:`number_problem` (called by :func:`juesuan.model.money.parse_decimal`) and reports the cell
as unread (reading problem RD20); the canonical files and the writer's input refuse it through
the model's validators (:func:`bounded_decimal`).

The size limits are here, in one place, so that every reader and the writer use the same numbers
and the messages can quote them.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation, localcontext

__all__ = [
    "MAX_FRACTION_DIGITS",
    "MAX_INTEGER_DIGITS",
    "MAX_NESTING",
    "MAX_NUMBER_TEXT",
    "MAX_ROWS_PER_TABLE",
    "MAX_TABLES",
    "MAX_TEXT_CHARS",
    "MAX_YAML_ALIASES",
    "bounded_decimal",
    "number_problem",
    "quantized",
    "value_problem",
]

#: Integer digits of the largest figure read as an amount, count or percentage (10¹⁵ 元 is more
#: than thirty times the country's yearly general public budget expenditure).
MAX_INTEGER_DIGITS = 15
#: Decimals of a printed figure (documents print 0–4; a conversion 元 → 万元 adds four).
MAX_FRACTION_DIGITS = 10
#: Characters of one printed figure, separators and sign included.
MAX_NUMBER_TEXT = 40
#: Rows of one table a reader keeps (published tables have tens to a few hundred rows).
MAX_ROWS_PER_TABLE = 5_000
#: Tables of one document a reader keeps (a 部门决算 has nine to a few dozen, with the 自评表).
MAX_TABLES = 1_000
#: Characters of text a reader takes from one file (the longest real documents have ~300,000).
MAX_TEXT_CHARS = 20_000_000
#: Depth of nested lists and mappings in a JSON/YAML input.
MAX_NESTING = 60
#: YAML aliases (``*name``) in one JSON/YAML input; a writer input uses none.
MAX_YAML_ALIASES = 100

_EXPONENT = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)[eE][+-]?\d+")
_NOT_FINITE = {"nan", "snan", "inf", "infinity", "+inf", "-inf", "+infinity", "-infinity", "+nan", "-nan"}


def number_problem(cleaned: str) -> str | None:
    """Why a cleaned printed figure (no separators, ASCII digits) is out of bounds, in Chinese, or
    ``None`` when it is within them. Texts that are not figures at all are not judged here."""
    if cleaned.lower() in _NOT_FINITE:
        return "不是有限的数"
    if _EXPONENT.fullmatch(cleaned):
        return "写成了科学计数法（指数形式）"
    body = cleaned.lstrip("+-")
    whole, _, fraction = body.partition(".")
    if len(whole.lstrip("0")) > MAX_INTEGER_DIGITS:
        return f"整数部分超过 {MAX_INTEGER_DIGITS} 位，超出任何实际预算的范围"
    if len(fraction) > MAX_FRACTION_DIGITS:
        return f"小数超过 {MAX_FRACTION_DIGITS} 位"
    if len(cleaned) > MAX_NUMBER_TEXT:
        return f"超过 {MAX_NUMBER_TEXT} 个字符"
    return None


def value_problem(value: Decimal) -> str | None:
    """Why a decimal is out of bounds (not finite, too large, or too many digits), or ``None``."""
    if not value.is_finite():
        return "不是有限的数"
    if value and value.adjusted() >= MAX_INTEGER_DIGITS:
        return f"整数部分超过 {MAX_INTEGER_DIGITS} 位，超出任何实际预算的范围"
    _sign, digits, exponent = value.as_tuple()
    if isinstance(exponent, int) and exponent < -(MAX_FRACTION_DIGITS + 30):
        return "小数位数过多"
    if len(digits) > MAX_INTEGER_DIGITS + MAX_FRACTION_DIGITS + 30:
        return "位数过多"
    return None


def bounded_decimal(value: Decimal) -> Decimal:
    """A pydantic after-validator: the decimal itself, or :class:`ValueError` naming the bound."""
    problem = value_problem(value)
    if problem is not None:
        raise ValueError(f"数值{problem}")
    return value


def quantized(value: Decimal, quantum: Decimal, rounding: str = ROUND_HALF_EVEN) -> Decimal:
    """``value.quantize(quantum)`` that cannot raise: the precision is raised to what the result
    needs, and a value that still cannot be quantized (not finite, an exponent beyond the
    context) is returned as it is."""
    if not value.is_finite() or not quantum.is_finite():
        return value
    try:
        with localcontext() as ctx:
            exponent = quantum.as_tuple().exponent
            if not isinstance(exponent, int):
                return value
            needed = max(value.adjusted(), 0) - exponent + 2
            ctx.prec = max(ctx.prec, needed)
            return value.quantize(quantum, rounding=rounding)
    except (InvalidOperation, ValueError, OverflowError):
        return value
