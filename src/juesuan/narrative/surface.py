"""The ways publishers print the same thing differently, undone in one place.

- quotes of any style around names (“” 「」 『』 "" ‘’ ＂), or none: :func:`unquote`;
- list numbers before an item — 1. 1、 1． 1) （1） (1) ① 一、 （一） — in any order: :data:`LIST_NUMBER`;
- full-width digits and marks inside figures (２０７９．３１, ２，０７９), digit groups separated by a
  comma and a space or by a space (2, 079.31 / 1 018.34), spaces inside a unit (万 元):
  :func:`figure_view` gives a same-length view of a text in which figures read as ASCII, so that
  every span found in the view is the span of the printed text;
- words broken by a line or page break (a space or a newline left between two Chinese characters):
  :func:`joined` reads the text without them, with a map back to the printed offsets.
"""

from __future__ import annotations

import re
from functools import lru_cache

__all__ = ["LIST_NUMBER", "QUOTES", "figure_view", "joined", "strip_list_number", "unquote"]

#: every quote mark publishers put around names
QUOTES = "“”「」『』\"'‘’＂＇"
_QUOTE_TABLE = str.maketrans("", "", QUOTES)

_CN_NUMERALS = "一二三四五六七八九十"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳㈠㈡㈢㈣㈤㈥㈦㈧㈨㈩"

#: a list number at the start of an item (not a figure: "1.5 万元" is no list number)
LIST_NUMBER = re.compile(
    rf"^\s*(?:[（(]\s*(?:\d+|[{_CN_NUMERALS}]+)\s*[)）]|(?:\d+|[{_CN_NUMERALS}]+)\s*(?:[、)）]|[.．](?!\d))|[{_CIRCLED}])\s*"
)


def unquote(name: str) -> str:
    """A name without the quote marks around or inside it (“社会保障和就业支出” → 社会保障和就业支出)."""
    return name.translate(_QUOTE_TABLE)


def strip_list_number(text: str) -> str:
    """``（2）社会保障和就业支出`` → ``社会保障和就业支出`` (and 2. 2、 2． ② 二、 （二）)."""
    return LIST_NUMBER.sub("", text, count=1)


_FULL_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
_DIGIT_LIKE = re.compile(r"[０-９]")
# a full-width point or comma between digits, a comma followed by a space in a digit group
_FULL_POINT = re.compile(r"(?<=[0-9０-９])．(?=[0-9０-９])")
_FULL_COMMA = re.compile(r"(?<=[0-9０-９])，(?=[0-9０-９]{3}(?![0-9０-９]))")


@lru_cache(maxsize=1 << 12)
def figure_view(text: str) -> str:
    """``text`` with the figures printed in full-width characters in ASCII, of the same length
    (２０７９．３１ → 2079.31, ２，０７９ → 2,079). Other characters are left as printed."""
    if not _DIGIT_LIKE.search(text) and "．" not in text and "，" not in text:
        return text
    out = text.translate(_FULL_DIGITS)
    out = _FULL_POINT.sub(".", out)
    return _FULL_COMMA.sub(",", out)


_GAP = re.compile(r"[ \t\u3000\r\n]+")
_CJK_MARKS = frozenset("（）“”「」『』《》、，。；：")


def _joins(char: str) -> bool:
    """A character that a line break between two of them does not separate: a Chinese character
    (U+3400–U+9FFF, U+F900–U+FAFF) or a Chinese bracket, quote or punctuation mark. (Tested by
    comparison, not a character class: sre fills a class's 64K map in Python, ~1.5 ms at import.)"""
    return "\u3400" <= char <= "\u9fff" or "\uf900" <= char <= "\ufaff" or char in _CJK_MARKS


def _breaks(text: str) -> list[re.Match[str]]:
    """The runs of spaces and line breaks of ``text`` with such a character on both sides."""
    last = len(text) - 1
    return [m for m in _GAP.finditer(text) if m.start() > 0 and m.end() <= last and _joins(text[m.start() - 1]) and _joins(text[m.end()])]


def joined(text: str) -> tuple[str, list[int]]:
    """``text`` without the spaces and line breaks a line or page break left between two Chinese
    characters ("决算\\n数大于预算数" → "决算数大于预算数"), and for each character of the result its
    offset in ``text``."""
    breaks = _breaks(text)
    if not breaks:
        return text, list(range(len(text)))
    kept: list[int] = []
    pieces: list[str] = []
    pos = 0
    for m in breaks:
        pieces.append(text[pos : m.start()])
        kept.extend(range(pos, m.start()))
        pos = m.end()
    pieces.append(text[pos:])
    kept.extend(range(pos, len(text)))
    return "".join(pieces), kept
