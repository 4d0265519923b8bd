"""Word's automatic numbering, written out: the ``一、`` / ``（一）`` / ``1.`` that Word draws in
front of a numbered paragraph but that is not in its text.

The narrative is structured by these numbers, so a heading numbered by Word must read as
``一、主要职责`` just as a typed one does. Supported: the lists of ``word/numbering.xml`` (a
paragraph's own ``numPr`` or its style's), level texts such as ``%1、`` or ``（%1）`` or ``%1.%2``,
start values and start overrides, restarting deeper levels, and the number formats found in
Chinese documents (decimal, Chinese counting, 甲乙丙, circled, letters, Roman). Bullets and
unknown formats give no number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from juesuan.record import Record

__all__ = ["Numbering", "format_number"]

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_DIGITS = "〇一二三四五六七八九"
_STEMS = "甲乙丙丁戊己庚辛壬癸"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def _val(el: Any, path: str) -> str | None:
    found = el.find(path)
    return found.get(f"{W}val") if found is not None else None


def _int(text: str | None, default: int) -> int:
    try:
        value = int(str(text))
    except (TypeError, ValueError):
        return default
    return value if -1 <= value <= 100_000 else default


def _chinese(n: int) -> str:
    """1 → 一, 10 → 十, 21 → 二十一, 105 → 一百零五 (to 9,999)."""
    if n <= 0 or n >= 10_000:
        return str(n)
    out = ""
    zero = False
    for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = n // value % 10
        if digit:
            if zero:
                out += "零"
                zero = False
            out += ("" if (unit == "十" and digit == 1 and not out) else _DIGITS[digit]) + unit
        elif out:
            zero = True
    return out


def _roman(n: int) -> str:
    if n <= 0 or n >= 4000:
        return str(n)
    out = ""
    for value, letters in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out += letters
            n -= value
    return out


def _letter(n: int) -> str:
    if n <= 0:
        return str(n)
    return chr(65 + (n - 1) % 26) * ((n - 1) // 26 + 1)


def format_number(n: int, fmt: str) -> str | None:
    """The number ``n`` in Word's number format ``fmt``; ``None`` for bullets and unknown formats."""
    if fmt in ("decimal", "decimalZero", "ordinal", "cardinalText", "ordinalText") or not fmt:
        return f"{n:02d}" if fmt == "decimalZero" else str(n)
    if fmt in ("chineseCounting", "chineseCountingThousand", "chineseLegalSimplified", "taiwaneseCounting", "taiwaneseCountingThousand", "japaneseCounting", "ideographDigital"):
        return _chinese(n)
    if fmt in ("ideographTraditional",):
        return _STEMS[(n - 1) % 10] if n > 0 else str(n)
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese"):
        return _CIRCLED[n - 1] if 0 < n <= len(_CIRCLED) else str(n)
    if fmt == "decimalEnclosedParen":
        return f"({n})"
    if fmt in ("decimalEnclosedFullstop",):
        return f"{n}."
    if fmt == "decimalFullWidth":
        return "".join(chr(ord(d) + 0xFEE0) for d in str(n))
    if fmt == "upperLetter":
        return _letter(n)
    if fmt == "lowerLetter":
        return _letter(n).lower()
    if fmt == "upperRoman":
        return _roman(n)
    if fmt == "lowerRoman":
        return _roman(n).lower()
    return None


@dataclass(frozen=True, repr=False)
class _Level(Record):
    fmt: str
    text: str
    start: int


@dataclass(repr=False)
class Numbering(Record):
    """The lists of one document and their counters, advanced paragraph by paragraph."""

    abstract: dict[str, dict[int, _Level]] = field(default_factory=dict)
    nums: dict[str, tuple[str, dict[int, int]]] = field(default_factory=dict)  # numId → (abstract id, start overrides)
    styles: dict[str, tuple[str | None, int | None]] = field(default_factory=dict)  # style id → (numId, ilvl)
    counters: dict[str, list[int | None]] = field(default_factory=dict)
    started: set[str] = field(default_factory=set)

    @classmethod
    def load(cls, numbering: Any, styles: Any) -> Numbering:
        out = cls()
        if numbering is not None:
            for abstract in numbering.iter(f"{W}abstractNum"):
                aid = abstract.get(f"{W}abstractNumId")
                if aid is None:
                    continue
                levels = {}
                for lvl in abstract.iter(f"{W}lvl"):
                    ilvl = _int(lvl.get(f"{W}ilvl"), -1)
                    if not 0 <= ilvl <= 8:
                        continue
                    levels[ilvl] = _Level(fmt=_val(lvl, f"{W}numFmt") or "decimal", text=_val(lvl, f"{W}lvlText") or "", start=_int(_val(lvl, f"{W}start"), 1))
                out.abstract[aid] = levels
            for num in numbering.iter(f"{W}num"):
                nid = num.get(f"{W}numId")
                aid = _val(num, f"{W}abstractNumId")
                if nid is None or aid is None:
                    continue
                overrides = {}
                for override in num.iter(f"{W}lvlOverride"):
                    start = _val(override, f"{W}startOverride")
                    ilvl = _int(override.get(f"{W}ilvl"), -1)
                    if start is not None and 0 <= ilvl <= 8:
                        overrides[ilvl] = _int(start, 1)
                out.nums[nid] = (aid, overrides)
        if styles is not None:
            for style in styles.iter(f"{W}style"):
                sid = style.get(f"{W}styleId")
                if sid:
                    nid = _val(style, f"{W}pPr/{W}numPr/{W}numId")
                    level = _val(style, f"{W}pPr/{W}numPr/{W}ilvl")
                    if nid is not None or level is not None:
                        out.styles[sid] = (nid, _int(level, 0) if level is not None else None)
        return out

    def label(self, paragraph: Any, style: str | None) -> str:
        """The number Word draws before ``paragraph`` (advancing its list), or ``""``."""
        nid = _val(paragraph, f"{W}pPr/{W}numPr/{W}numId")
        ilvl_text = _val(paragraph, f"{W}pPr/{W}numPr/{W}ilvl")
        styled = self.styles.get(style or "", (None, None))
        if nid is None:
            nid = styled[0]
        ilvl = _int(ilvl_text, -1) if ilvl_text is not None else (styled[1] if styled[1] is not None else 0)
        if nid is None or nid == "0" or nid not in self.nums or not 0 <= ilvl <= 8:
            return ""
        aid, overrides = self.nums[nid]
        levels = self.abstract.get(aid, {})
        level = levels.get(ilvl)
        if level is None:
            return ""
        counters = self.counters.setdefault(aid, [None] * 9)
        if nid not in self.started:
            self.started.add(nid)
            for at, start in overrides.items():
                counters[at] = start - 1
                for deeper in range(at + 1, 9):
                    counters[deeper] = None
        current = counters[ilvl]
        counters[ilvl] = level.start if current is None else current + 1
        for deeper in range(ilvl + 1, 9):
            counters[deeper] = None
        if format_number(1, level.fmt) is None:
            return ""  # a bullet, or a format this reader does not draw

        def number(m: re.Match[str]) -> str:
            at = int(m.group(1)) - 1
            if not 0 <= at <= 8:
                return ""
            value = counters[at]
            lvl = levels.get(at)
            if value is None:
                value = lvl.start if lvl is not None else 1
            return format_number(value, lvl.fmt if lvl is not None else "decimal") or ""

        return re.sub(r"%(\d)", number, level.text)
