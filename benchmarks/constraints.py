"""Whether anything a document prints constrains one of its narrative percentages.

The mutation benchmark (:mod:`benchmarks.mutations`) changes one digit of a narrative percentage.
When nothing else in the document determines that percentage, no reader — juesuan, a peer checker
or a person — can tell the mutant from a document that printed the new figure: it is an
*equivalent mutant* in the sense of mutation testing, and it says nothing about recall. This module
decides that from the printed text alone, with its own small reading (never juesuan's checker), and
conservatively: a percentage counts as constrained whenever in doubt, and whenever any printed
number of the document could be the figure it would be checked against, even by coincidence.

Two cases are unconstrained (DOMAIN.md R-N02/R-N03):

- **a rate of change without its base**: "…决算数为 L 万元，比上年增长 r%" where the sentence prints no
  amount of change (增加/减少 X 万元) and no number of the document lies where last year's figure
  (L ÷ (1 ± r)) or the change (L − L ÷ (1 ± r)) would be, r and L taken as their rounding intervals
  (± half the last printed place) and every printed number as its own (± 0.01); in a document that
  prints figures in 元 as well as 万元, a number also counts 10 000 times finer or coarser;
- **a percentage that is no claim about money or any other printed figure**: its sentence prints
  no money amount, its clause has no word that relates it to another figure (占、比、较、增、减、
  降、升、预算、完成、执行、同比…), and its value is printed nowhere else in the document
  ("绿地率达40%").

Everything else (shares, 完成预算的 Y%, rates with a printed change, anything this reading does not
understand) is constrained.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

__all__ = ["document_numbers", "percent_unconstrained", "prints_yuan"]

_NUMBER = re.compile(r"(?<![\d.])\d{1,3}(?:,\d{3})+(?:\.\d+)?|(?<![\d.,])\d+(?:\.\d+)?")
_MONEY = re.compile(r"(\d[\d,]*(?:\.\d+)?)\s*(?:亿元|万元|千元|元)")
_SENTENCE = "。；;！？\n"
_CLAUSE = "，,。；;：:！？\n"
_CHANGE_WORDS = ("增长", "增加", "减少", "下降", "降低", "上升", "提高", "减", "增", "降", "升")
_RELATING_WORDS = ("占", "比", "较", "增", "减", "降", "升", "预算", "完成", "执行", "同比", "环比", "持平")
_SHARE_OR_BUDGET = ("占", "预算", "完成", "执行", "比重")
_YUAN = re.compile(r"单位[:：]\s*元|[（(]元[)）]|\d\s*元(?![/／])")


def document_numbers(text: str) -> list[Decimal]:
    """Every number printed in ``text`` (thousands separators allowed), as values."""
    out = []
    for m in _NUMBER.finditer(text):
        try:
            out.append(Decimal(m.group(0).replace(",", "")))
        except InvalidOperation:
            continue
    return out


def prints_yuan(text: str) -> bool:
    """The document prints figures in 元 (a table "单位：元", a column "（元）", "1,234.00元"), not
    only in 万元."""
    return _YUAN.search(text) is not None


def _span(text: str, start: int, end: int, marks: str) -> tuple[int, int]:
    a = max(text.rfind(c, 0, start) for c in marks) + 1
    ends = [i for c in marks if (i := text.find(c, end)) != -1]
    return a, min(ends) if ends else len(text)


def _value(printed: str) -> Decimal:
    return Decimal(printed.replace(",", ""))


def _half_step(printed: str) -> Decimal:
    places = len(printed.split(".", 1)[1]) if "." in printed else 0
    return Decimal(5) * Decimal(10) ** -(places + 1)


def percent_unconstrained(text: str, start: int, end: int, numbers: list[Decimal], yuan: bool = True) -> str:
    """Why the percentage printed at ``text[start:end]`` (its number, e.g. "0.29") is constrained by
    nothing the document prints, in English for the benchmark's listing; "" when it may be (or when
    in doubt). ``numbers`` are all the numbers the document prints (:func:`document_numbers`);
    ``yuan``: the document prints figures in 元 too (:func:`prints_yuan`)."""
    printed = text[start:end]
    try:
        rate = _value(printed)
    except InvalidOperation:
        return ""
    s0, s1 = _span(text, start, end, _SENTENCE)
    c0, c1 = _span(text, start, end, _CLAUSE)
    sentence, clause = text[s0:s1], text[c0:c1]
    money = [m for m in _MONEY.finditer(sentence) if m.start() < start - s0]
    if any(w in clause for w in _CHANGE_WORDS) and not any(w in clause for w in _SHARE_OR_BUDGET):
        # a rate of change: its base is last year's figure, or this year's figure and the change
        for m in _MONEY.finditer(sentence):
            before = sentence[max(0, m.start() - 4) : m.start()]
            if any(w in before for w in _CHANGE_WORDS):
                return ""  # the sentence prints the amount of change
        if not money:
            return ""  # this year's figure is not in the sentence: not decided here
        level_text = money[-1].group(1)
        level, level_half = _value(level_text), _half_step(level_text)
        half = _half_step(printed)
        r_lo, r_hi = (rate - half) / 100, (rate + half) / 100
        l_lo, l_hi = level - level_half, level + level_half
        windows = [(l_lo / (1 + r_hi), l_hi / (1 + max(r_lo, Decimal(0))))]  # up: 上年 = L ÷ (1 + r)
        if r_hi < 1:
            windows.append((l_lo / (1 - max(r_lo, Decimal(0))), l_hi / (1 - r_hi)))  # down: L ÷ (1 − r)
        windows += [(abs(l_lo - hi), abs(l_hi - lo)) for lo, hi in list(windows)]  # the change itself
        slack = Decimal("0.01")
        scales = (Decimal(1), Decimal(10000), Decimal("0.0001")) if yuan else (Decimal(1),)
        for n in numbers:
            for scale in scales:
                v = n * scale
                if any(min(a, b) - slack <= v <= max(a, b) + slack for a, b in windows):
                    return ""
        return f"a rate of change of {level_text} with no amount of change in its sentence, and no printed number is last year's figure or the change"
    if money or any(w in clause for w in _RELATING_WORDS):
        return ""
    if sum(1 for n in numbers if n == rate) > 1:
        return ""  # printed elsewhere too: perhaps the figure it repeats
    return "a percentage that is no claim about money or another printed figure, and printed nowhere else"
