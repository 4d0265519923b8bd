"""Recognising standard table titles, table numbers and the lines around a table."""

from __future__ import annotations

import re
from functools import lru_cache

from juesuan.ingest.common.text import clean, compact
from juesuan.model.money import MoneyError, Unit
from juesuan.model.tables import TableKind
from juesuan.profiles import TitleSet, registry

__all__ = [
    "PROJECT_EVAL_TITLES",
    "WHOLE_EVAL_TITLES",
    "match_table_title",
    "parse_number_line",
    "parse_unit_line",
    "parse_year_line",
]

PROJECT_EVAL_TITLES = ("预算项目（政策）绩效自评表", "项目支出绩效自评表", "项目（政策）绩效自评表", "项目绩效自评表")
WHOLE_EVAL_TITLES = ("部门（单位）整体绩效自评表", "部门整体绩效自评表", "单位整体绩效自评表", "整体支出绩效自评表")

_QUOTES = str.maketrans({'"': "“", "”": "“", "‘": "“", "’": "“", "'": "“", "(": "（", ")": "）"})
_PREFIX = re.compile(r"^(?:#+\s*)?(?:表\s*\d+\s*[：:.．、]?|公开\s*\d+\s*表\s*|附表\s*\d+\s*[：:.．、]?|[一二三四五六七八九十]+[、.．])")


def _norm_title(text: str) -> str:
    text = compact(text).translate(_QUOTES).replace("“", "")
    return text


@lru_cache(maxsize=4)
def _by_title(known: TitleSet) -> dict[str, TableKind | str]:
    """Every known title, normalised, with what it names. A title is matched whole: one lookup
    (绩效自评表 titles first, then the longest table titles, so that 财政拨款收入支出决算总表 is
    never taken for 收入支出决算总表; the first to claim a normalised title keeps it)."""
    out: dict[str, TableKind | str] = {}
    for title in PROJECT_EVAL_TITLES:
        out.setdefault(_norm_title(title), "project")
    for title in WHOLE_EVAL_TITLES:
        out.setdefault(_norm_title(title), "whole")
    for title, kind in sorted(((_norm_title(t), k) for t, k in known.pairs), key=lambda item: -len(item[0])):
        out.setdefault(title, kind)
    return out


_YEAR_PREFIX = re.compile(r"^\d{4}\s*年度?")


def match_table_title(line: str) -> TableKind | str | None:
    """The table kind a title line names, ``"project"``/``"whole"`` for 绩效自评表, or ``None``.

    The line must *be* a title (a number prefix such as ``表1：`` or ``公开01表`` allowed, and
    an optional year in front); a sentence that merely mentions a table is not a title. The
    titles known are those of every profile in the registry (:mod:`juesuan.profiles`).
    """
    return _match_title(line, registry().titles)


@lru_cache(maxsize=1 << 13)  # the same lines are asked about several times (the PDF reader: page triage, paragraph joining, the walk)
def _match_title(line: str, known: TitleSet) -> TableKind | str | None:
    text = clean(line).lstrip("#").strip()
    text = _YEAR_PREFIX.sub("", text)
    text = _PREFIX.sub("", text)
    norm = _norm_title(text)
    if not norm or len(norm) > 40:
        return None
    return _by_title(known).get(norm)


_NUMBER_LINE = re.compile(r"^(?:公开\s*(?P<a>\d+)\s*表|表\s*(?P<b>\d+)|附表\s*(?P<c>\d+))\s*$")


def parse_number_line(line: str) -> tuple[str, int] | None:
    """``公开 01 表`` → (``公开01表``, 1)."""
    text = clean(line).lstrip("#").strip()
    m = _NUMBER_LINE.match(text)
    if not m:
        return None
    digits = m.group("a") or m.group("b") or m.group("c")
    return compact(text), int(digits)


_YEAR_LINE = re.compile(r"^[（(]?\s*(?P<y>(?:19|20)\d{2})\s*年\s*(?:年)?度?\s*[)）]?$")


def parse_year_line(line: str) -> int | None:
    """``2024 年度`` / ``(2024年度)`` / ``2024年年度`` → 2024."""
    m = _YEAR_LINE.match(clean(line).lstrip("#").strip())
    return int(m.group("y")) if m else None


def parse_unit_line(line: str) -> tuple[str, str] | None:
    """Recognise ``单位：…`` / ``金额单位：万元`` / ``单位名称：…``.

    Returns ``("money", unit)`` when the line gives a money unit, ``("name", name)`` when it
    names the reporting unit, ``None`` otherwise.
    """
    text = clean(line).lstrip("#").strip()
    m = re.match(r"^(金额单位|单位名称|编制单位|单位)\s*[：:]\s*(?P<v>.*)$", text)
    if not m:
        return None
    value = m.group("v").strip()
    if m.group(1) == "金额单位" or value in {"元", "万元", "千元"}:
        try:
            return "money", Unit.from_text(value).value
        except MoneyError:
            return "money", value
    return "name", value
