"""A cell's value as the sheet prints it: ``48`` under ``#,##0.00`` is ``48.00``, ``0.8824`` under
``0.00%`` is ``88.24%``.

The printed text matters: a published figure is a rounding interval whose width is set by the
decimals shown, and the cells view compares what was printed. Only the number formats seen in
published workbooks are interpreted (decimals, thousands separators, percent, literal text around
them); anything else prints the value the way Excel's General format does.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from decimal import Decimal, InvalidOperation

from juesuan.scoring import round_half_up

__all__ = ["cell_text"]

_QUOTED = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]|_.|\*.')


def _general(value: float | int) -> str:
    if isinstance(value, int):
        return str(value)
    if not math.isfinite(value):
        return ""
    if value == int(value) and abs(value) < 1e15:
        return str(int(value))
    text = f"{value:.15g}"
    if "e" in text:
        try:
            return format(Decimal(text), "f")
        except InvalidOperation:
            return text
    return text


def _section(fmt: str, negative: bool) -> str:
    sections = fmt.split(";")
    if negative and len(sections) > 1 and sections[1].strip():
        return sections[1]
    return sections[0]


def _number(value: float | int, fmt: str) -> str:
    if not fmt or fmt.strip().lower() in ("general", "@"):
        return _general(value)
    negative = value < 0
    section = _section(fmt, negative)
    bare = _QUOTED.sub("", section)
    if not any(ch in bare for ch in "0#?"):
        return _general(value)
    percent = "%" in bare
    places = 0
    dot = bare.find(".")
    if dot >= 0:
        places = sum(1 for ch in bare[dot + 1 :] if ch in "0#?")
    grouped = "," in bare.split(".")[0]
    try:
        number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    except (InvalidOperation, ValueError, OverflowError):
        return _general(value)
    if percent:
        number *= 100
    explicit_sign = len(fmt.split(";")) > 1 and negative  # the negative section prints its own sign
    if explicit_sign:
        number = abs(number)
    number = round_half_up(number, places)  # Excel rounds half away from zero, as people do
    text = f"{number:,.{places}f}" if grouped else f"{number:.{places}f}"
    if explicit_sign:
        if "(" in section and ")" in section:
            text = f"({text})"
        elif "-" in _QUOTED.sub("", section):
            text = f"-{text}"
    elif text.startswith("-") and Decimal(text.replace(",", "")) == 0:
        text = text[1:]
    return text + ("%" if percent else "")


def cell_text(value: object, number_format: str | None = None) -> str:
    """The text a cell shows: strings as stored, numbers through their number format, dates as
    ``YYYY-MM-DD``, booleans as Excel prints them."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float):
        return _number(value, number_format or "General")
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return str(value)
    return str(value)
