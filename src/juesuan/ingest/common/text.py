"""Small text helpers shared by every reader: cleaning, numerals, numbers in cells."""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache

from juesuan.model.money import MoneyError, OutOfBounds, decimal_places, parse_decimal
from juesuan.model.numerals import CN_NUMERALS, cn_to_int

__all__ = [
    "CN_NUMERALS",
    "clean",
    "cn_to_int",
    "compact",
    "is_amount_text",
    "is_number_text",
    "is_wide",
    "number_or_none",
    "bounds_problem",
    "strip_ordinal",
]

_TAGS = re.compile(r"</?(?:b|strong|i|em|u|span|br)\s*/?>", re.IGNORECASE)
_MD_BOLD = re.compile(r"\*\*|__")


@lru_cache(maxsize=1 << 16)  # the same cell texts are cleaned many times per document
def clean(text: str) -> str:
    """Drop markup left by a PDF→text conversion (``<b>``, ``**``) and surrounding blanks."""
    if "<" in text:
        text = _TAGS.sub("", text)
    if "*" in text or "__" in text:
        text = _MD_BOLD.sub("", text)
    return text.replace("\u3000", " ").replace("\xa0", " ").strip()


@lru_cache(maxsize=1 << 16)
def compact(text: str) -> str:
    """Text without any white space, for comparing labels split across lines or cells."""
    return "".join(clean(text).split())


def is_wide(ch: str) -> bool:
    """A character written without spaces around it (CJK and full-width forms), unlike a Latin
    letter or a digit."""
    return ord(ch) > 0x2E7F


_ORDINAL = re.compile(r"^\s*(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[)）]|\d+[、.．](?!\d)|其中[：:])\s*")


def strip_ordinal(label: str) -> str:
    """``八、社会保障和就业支出`` → ``社会保障和就业支出``; ``其中：（1）…`` → ``…``."""
    previous = None
    label = clean(label)
    while previous != label:
        previous = label
        label = _ORDINAL.sub("", label)
    return label.strip()


_NUMBER = re.compile(r"^[-−－]?\(?[\d０-９][\d０-９,，]*(?:[.．][\d０-９]+)?\)?$")


@lru_cache(maxsize=1 << 14)
def is_number_text(text: str) -> bool:
    """A cell that holds a plain number (thousands separators allowed)."""
    return bool(_NUMBER.match(text.strip().replace(" ", "")))


def is_amount_text(text: str) -> bool:
    return is_number_text(text)


@lru_cache(maxsize=1 << 14)
def number_or_none(text: str) -> tuple[Decimal | None, int]:
    """(value, decimals printed) of a numeric cell; ``(None, 0)`` for anything else."""
    stripped = text.strip()
    if not stripped or not is_number_text(stripped):
        return None, 0
    try:
        return parse_decimal(stripped), decimal_places(stripped.replace(",", ""))
    except MoneyError:
        return None, 0


@lru_cache(maxsize=1 << 12)
def bounds_problem(text: str) -> str | None:
    """Why a printed figure (a percentage sign allowed) is beyond the bounds of any budget
    (:mod:`juesuan.model.limits`), or ``None`` (within them, or not a figure at all)."""
    try:
        parse_decimal(text.strip().rstrip("%％").strip())
    except OutOfBounds as exc:
        return exc.why
    except MoneyError:
        return None
    return None
