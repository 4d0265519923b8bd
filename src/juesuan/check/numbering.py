"""The numbers that order a document's parts, sections, items and terms, and what is wrong with a
run of them: a number skipped (一、二、四、), repeated (（1）（2）（2）) or out of order.

Publishers number in several styles — 第一部分, 一、, （一）, 1. / 1、 / 1．, （1）, ① — half- or
full-width; each style is its own run, and a run may start again at 1 (a second list in the same
section). A run that does not start at 1 is not reported: its first items may have been read as
something else.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum
from typing import Generic, TypeVar

from juesuan.model.numerals import cn_to_int, int_to_cn
from juesuan.record import Record

__all__ = ["NumberStyle", "Numbered", "Slip", "item_number", "slips"]


class NumberStyle(StrEnum):
    PART = "第N部分"
    CN = "一、"
    CN_PAREN = "（一）"
    DIGIT = "1."
    DIGIT_PAREN = "（1）"
    CIRCLED = "①"


_PATTERNS = (
    (NumberStyle.PART, re.compile(r"^第([一二三四五六七八九十]+)部分")),
    (NumberStyle.CN, re.compile(r"^([一二三四五六七八九十]+)\s*[、.．]")),
    (NumberStyle.CN_PAREN, re.compile(r"^[（(]\s*([一二三四五六七八九十]+)\s*[)）]")),
    (NumberStyle.DIGIT_PAREN, re.compile(r"^[（(]\s*(\d{1,2})\s*[)）]")),
    (NumberStyle.DIGIT, re.compile(r"^(\d{1,2})\s*[.、](?!\d)")),
)


def item_number(text: str) -> tuple[NumberStyle, int] | None:
    """The style and value of the number ``text`` starts with (“（三）收入……” → (（一）, 3))."""
    start = text.lstrip("#* ").lstrip()
    if start and "\u2460" <= start[0] <= "\u2473":
        return NumberStyle.CIRCLED, ord(start[0]) - 0x2460 + 1
    head = unicodedata.normalize("NFKC", start[:12])
    head = head.replace("(", "（").replace(")", "）") if head.startswith("(") else head
    for style, pattern in _PATTERNS:
        m = pattern.match(head)
        if not m:
            continue
        token = m.group(1)
        value = int(token) if token.isdigit() else cn_to_int(token)
        if value is not None and value > 0:
            return style, value
    return None


def shown(style: NumberStyle, value: int) -> str:
    """A number as the style prints it (for messages)."""
    if style is NumberStyle.PART:
        return f"第{int_to_cn(value)}部分"
    if style is NumberStyle.CN:
        return f"{int_to_cn(value)}、"
    if style is NumberStyle.CN_PAREN:
        return f"（{int_to_cn(value)}）"
    if style is NumberStyle.DIGIT_PAREN:
        return f"（{value}）"
    if style is NumberStyle.CIRCLED:
        return chr(0x2460 + value - 1) if value <= 20 else str(value)
    return f"{value}."


T = TypeVar("T")


@dataclass(frozen=True, repr=False)
class Numbered(Record, Generic[T]):
    """One numbered thing (a section, a paragraph, a 目录 entry) in reading order."""

    style: NumberStyle
    value: int
    item: T


class SlipKind(StrEnum):
    GAP = "gap"
    REPEATED = "repeated"
    MISNUMBERED = "misnumbered"  # the number of the next item, where the previous one's successor belongs
    BACKWARDS = "backwards"


@dataclass(frozen=True, repr=False)
class Slip(Record, Generic[T]):
    """A numbering that skips, repeats or goes back, at ``item``."""

    kind: SlipKind
    style: NumberStyle
    before: int
    value: int
    item: T  # the item whose number is wrong (the one after the gap, the repeat, the one out of order)

    def describe(self) -> str:
        prev, cur = shown(self.style, self.before), shown(self.style, self.value)
        if self.kind is SlipKind.GAP:
            missing = "、".join(shown(self.style, v).rstrip("、.") for v in range(self.before + 1, self.value))
            return f"从“{prev}”跳到“{cur}”，缺少“{missing}”"
        if self.kind is SlipKind.REPEATED:
            return f"“{cur}”重复（此处应为“{shown(self.style, self.before + 1)}”？）"
        if self.kind is SlipKind.MISNUMBERED:
            return f"“{prev}”之后又是“{cur}”，其后还有一个“{cur}”：此处应为“{shown(self.style, self.before + 1)}”"
        return f"“{cur}”排在“{prev}”之后，顺序颠倒"


def slips(items: list[Numbered[T]]) -> list[Slip[T]]:
    """What is wrong with the runs of ``items`` (each style on its own, in reading order)."""
    out: list[Slip[T]] = []
    last: dict[NumberStyle, int] = {}
    started: dict[NumberStyle, bool] = {}
    for index, entry in enumerate(items):
        before = last.get(entry.style)
        last[entry.style] = entry.value
        if before is None or entry.value == 1:
            started[entry.style] = entry.value == 1
            continue
        if not started.get(entry.style):
            continue  # a run seen from its middle
        if entry.value == before + 1:
            continue
        if entry.value == before:
            out.append(Slip(SlipKind.REPEATED, entry.style, before, entry.value, entry.item))
            if _next_value(items, index) != before + 1:
                last[entry.style] = before + 1  # （1）（2）（2）（4）: the second （2） stands for （3）
        elif entry.value > before:
            if _next_value(items, index) == entry.value:
                # 一、二、四、四、五、: the first 四 stands where 三 belongs
                out.append(Slip(SlipKind.MISNUMBERED, entry.style, before, entry.value, entry.item))
                last[entry.style] = before + 1
            elif not _comes_later(items, index, before, entry.value):
                out.append(Slip(SlipKind.GAP, entry.style, before, entry.value, entry.item))
        else:
            out.append(Slip(SlipKind.BACKWARDS, entry.style, before, entry.value, entry.item))
            last[entry.style] = before  # (1)(2)(4)(3): 3 is out of order, the run goes on from 4's place
    return out


def _comes_later(items: list[Numbered[T]], index: int, before: int, value: int) -> bool:
    """Whether a number skipped at ``index`` (between ``before`` and ``value``) comes later in the
    same run: then the run is out of order (reported there), not short of a number."""
    style = items[index].style
    for later in items[index + 1 :]:
        if later.style is not style:
            continue
        if later.value == 1:
            return False
        if before < later.value < value:
            return True
    return False


def _next_value(items: list[Numbered[T]], index: int) -> int | None:
    style = items[index].style
    return next((later.value for later in items[index + 1 :] if later.style is style), None)
