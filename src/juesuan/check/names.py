"""The unit's name and the ways a document may print it.

A name is a chain of administrative levels and a core: 上海市 | 普陀区 | 财政局, 辽宁省 | 朝阳市 |
社会保险事业服务中心. Publishers shorten it from the top: 普陀区财政局 and 朝阳市社会保险事业服务中心
name the same unit (the seed leaves 辽宁省 out itself), and so does 区财政局 (“本区”). Leaving out
a *lower* level names another unit: 上海市规划和自然资源局 is the city's bureau, not 普陀区's. A core
with no level at all (财政局) is ambiguous — every district has one — where a title or the subject
of a fixed sentence (“××2024年度无……”) should name the unit in full.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

from juesuan.model.codes import normalize_name
from juesuan.model.org import han_lead
from juesuan.record import Record

__all__ = ["Mention", "NameForm", "UnitName", "mentions", "split_unit", "title_name"]

# the levels, top down; a level's own characters never include the level words of the next ones
_MUNICIPALITIES = ("北京市", "天津市", "上海市", "重庆市")
_PROVINCE_ENDS = ("省", "自治区")  # after 2–7 Chinese characters
_CITY = re.compile(r"[^\W\d_省市区县]{2,5}?(?:自治州|地区|市|州|盟)")
_COUNTY = re.compile(r"[^\W\d_省市区县]{1,5}?(?:新区|自治县|区|县|旗)")
_ANY_LEVEL = re.compile(r"(?:[^\W\d_省市区县]{2,5}?(?:省|自治区|自治州|地区|市|州|盟|新区|自治县|区|县|旗))$")


@dataclass(frozen=True, repr=False)
class UnitName(Record):
    """A unit's name split into its administrative levels (top down) and its core."""

    levels: tuple[str, ...]
    core: str

    @property
    def full(self) -> str:
        return "".join(self.levels) + self.core


def _province_end(text: str, at: int) -> int:
    """Where a province at ``text[at:]`` ends: a municipality, or 2–7 Chinese characters and
    省/自治区 (:func:`~juesuan.model.org.han_lead`, not a pattern: see there); -1 if none."""
    for name in _MUNICIPALITIES:
        if text.startswith(name, at):
            return at + len(name)
    return han_lead(text, at, 2, 7, _PROVINCE_ENDS)


@lru_cache(maxsize=256)
def split_unit(name: str) -> UnitName:
    """``上海市普陀区财政局`` → (上海市, 普陀区) + 财政局; a name with no level is all core."""
    text = normalize_name(name)
    levels: list[str] = []
    at = 0
    for level in (_province_end, _CITY, _COUNTY):
        if isinstance(level, re.Pattern):
            m = level.match(text, at)
            end = m.end() if m else -1
        else:
            end = level(text, at)
        if end >= 0 and len(text) - end >= 2:
            levels.append(text[at:end])
            at = end
    return UnitName(tuple(levels), text[at:])


class NameForm(StrEnum):
    FULL = "full"  # the lowest level is there (上海市普陀区财政局, 普陀区财政局)
    SHORT = "short"  # “区财政局”: the level word alone, as in 本区
    LOWER_LEVEL_MISSING = "lower_level_missing"  # 上海市财政局: an upper level without the lowest
    OTHER_PLACE = "other_place"  # 静安区财政局: another place's unit of the same kind
    BARE = "bare"  # 财政局: no level at all


@dataclass(frozen=True, repr=False)
class Mention(Record):
    """The unit's core printed at ``start:end`` of a text, with what stands before it."""

    start: int  # where the printed name begins (its levels included)
    end: int
    printed: str
    form: NameForm
    missing: str = ""  # the levels left out (LOWER_LEVEL_MISSING, BARE)


# what may follow the unit's name where it is the subject: a year, 部门决算, 概况, 本级
SUBJECT_AFTER = re.compile(r"\s*(?:(?:(?:19|20)\d{2}|[XＸ×]{2,4}|\d{3,5})\s*年|(?:部门|单位)决算|概况|[（(]?本级)")


# what may stand before the unit's name where it is the subject: the start of a sentence or clause,
# or the verb of the fixed sentence “纳入××2024年度部门决算编制范围”
_SUBJECT_BEFORE = re.compile(r"(?:^|[。；;：:，,（()）“\"、\n]|纳入|包括)\s*$")


@lru_cache(maxsize=64)  # asked for the same unit at every place its name may be printed
def _core_pattern(core: str) -> re.Pattern[str]:
    return re.compile(r"\s*".join(re.escape(ch) for ch in core))


def mentions(text: str, unit: UnitName, *, subject_only: bool = False) -> list[Mention]:
    """Each place ``text`` prints the unit's core, and in which form (``subject_only``: only where
    the name is the subject — at the start of a sentence or clause, or after 纳入 — and is followed
    by a year, 部门决算, 概况 or 本级, as in titles and fixed sentences)."""
    if not unit.levels or len(unit.core) < 3:
        return []
    out = []
    pattern = _core_pattern(unit.core)
    lowest = unit.levels[-1]
    for m in pattern.finditer(text):
        if subject_only and not SUBJECT_AFTER.match(text, m.end()):
            continue
        before = normalize_name(text[max(0, m.start() - 16) : m.start()])
        start = m.start()
        if before.endswith(lowest):
            form, printed_levels = NameForm.FULL, ""
        elif before.endswith(lowest[-1]) and not _ANY_LEVEL.search(before):
            form, printed_levels = NameForm.SHORT, lowest[-1]
        else:
            other = _ANY_LEVEL.search(before)
            upper = next((level for level in unit.levels[:-1] if before.endswith(level)), None)
            if upper is not None:
                form, printed_levels = NameForm.LOWER_LEVEL_MISSING, upper
            elif other is not None:
                form, printed_levels = NameForm.OTHER_PLACE, other.group(0)
            else:
                form, printed_levels = NameForm.BARE, ""
        if printed_levels:
            start = _start_of(text, m.start(), printed_levels)
        if subject_only and not _SUBJECT_BEFORE.search(text[:start]):
            continue  # “根据上海市财政局2024年度……的要求”: another unit, named in passing
        missing = ""
        if form is NameForm.LOWER_LEVEL_MISSING:
            missing = "".join(unit.levels[unit.levels.index(printed_levels) + 1 :])
        elif form is NameForm.BARE:
            missing = "".join(unit.levels)
        out.append(Mention(start, m.end(), normalize_name(text[start : m.end()]), form, missing))
    return out


def _start_of(text: str, end: int, printed: str) -> int:
    """Where ``printed`` (spaces ignored) begins in ``text`` right before ``end``."""
    count = 0
    at = end
    while at > 0 and count < len(printed):
        at -= 1
        if not text[at].isspace():
            count += 1
    return at


_TITLE_NAME = (
    re.compile(r"^(?P<name>.+?)(?:概况|基本情况)$"),
    re.compile(r"^(?P<name>.+?)(?:(?:19|20)\d{2}|[XＸ×]{2,4})年度?(?:部门|单位)?决算"),
    re.compile(r"^(?:(?:19|20)\d{2})年度?(?P<name>.+?)(?:部门|单位)决算"),
)
_GENERIC = frozenset({"本部门", "本单位", "部门", "单位", "学校", "本级", "部门决算"})


def title_name(title: str) -> str:
    """The unit's name as a title prints it (“上海市普陀区财政局2024年度部门决算表”,
    “2024年度辽宁省朝阳市社会保险事业服务中心部门决算情况说明”, “…概况”); "" when it names none."""
    text = normalize_name(title)
    for pattern in _TITLE_NAME:
        m = pattern.match(text)
        if m:
            name = m.group("name").strip("：:—- ")
            if len(name) >= 4 and name not in _GENERIC and not re.search(r"\d", name):
                return name
    return ""
