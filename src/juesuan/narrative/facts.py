"""Find every figure in a narrative paragraph: amounts, percentages, years, dates, counts, and
the comparison words (增加/减少/持平/大于/小于 …), each with its span and the phrase before it."""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from decimal import Decimal

from juesuan.model.build import unchecked
from juesuan.model.money import MoneyError, decimal_places, parse_decimal
from juesuan.model.narrative import Fact, FactKind, Paragraph
from juesuan.model.provenance import Source
from juesuan.narrative.surface import figure_view, strip_list_number

__all__ = ["COMPARISON_WORDS", "extract_facts", "make_paragraph"]

# a number as printed: 2079.31, 2,079.31, 2, 079.31 (a comma and a space), 1 018.34 (groups
# separated by spaces, only before a money unit); full-width digits are read through figure_view
_NUM = r"[-−]?(?:\d{1,3}(?:[ \u00a0]\d{3})+(?:\.\d+)?(?=\s*[亿万千]?\s*元)|(?:\d{1,3}(?:,\s?\d{3})+|\d[\d,]*)(?:\.\d+)?)"
# Each figure pattern begins by looking at one character for what a figure can start with (a sign
# or a digit; 19 or 20 for a year): the match is the same, but the engine, which tries every
# position of a paragraph, gives up at once on the others instead of entering the number's
# alternatives (~0.6 ms of the narrative of a 30-page document)
_FIGURE_START = r"(?=[-−\d])"
_DATE = re.compile(r"(?P<y>\d{4})\s*年\s*(?P<m>\d{1,2})\s*月(?:\s*(?P<d>\d{1,2})\s*日)?")
_YEAR = re.compile(r"(?=[12])(?<![\d.])(?P<y>(?:19|20)\d{2})\s*(?:年(?:度)?)")
_AMOUNT = re.compile(rf"{_FIGURE_START}(?P<n>{_NUM})\s*(?P<u>[亿万千]\s*元|元)")
_PERCENT = re.compile(rf"{_FIGURE_START}(?P<n>{_NUM})\s*(?P<u>[%％])")
_COUNT_UNITS = "台（套）|台\\(套\\)|人次|批次|个|人|辆|台|套|次|项|分|家|名|户|件|张|本|篇|场|天|座"
_COUNT = re.compile(rf"{_FIGURE_START}(?P<n>{_NUM})\s*(?P<u>{_COUNT_UNITS})")
COMPARISON_WORDS = ("增加", "减少", "增长", "下降", "降低", "上升", "持平", "大于", "小于", "等于", "高于", "低于", "超过")
_COMPARISON = re.compile("|".join(COMPARISON_WORDS))
_DIGIT = re.compile(r"\d")  # what \d matches in the figure patterns (any Unicode digit)
_CLAUSE = re.compile(r"[，,。；;：:、！？!?]")


def _label_before(text: str, start: int, floor: int) -> str:
    """The phrase between the last clause mark (or the previous figure) and ``start``."""
    head = text[floor:start]
    marks = list(_CLAUSE.finditer(head))
    if marks:
        head = head[marks[-1].end() :]
    head = strip_list_number(head)
    return head.strip()


def extract_facts(text: str, source: Source | None = None, line_starts: tuple[tuple[int, int], ...] = ()) -> list[Fact]:
    """All facts of ``text`` in reading order. Spans never overlap: a date wins over the year
    inside it, an amount over a bare count."""
    src = source or Source.quick()
    taken: list[tuple[int, int]] = []  # disjoint spans, kept sorted: a huge paragraph stays linear-ish
    found: list[tuple[int, int, FactKind, str, Decimal | None, str, int, str]] = []

    def free(a: int, b: int) -> bool:
        at = bisect.bisect_left(taken, (b, b))  # spans starting before b
        return at == 0 or taken[at - 1][1] <= a

    def add(a: int, b: int, kind: FactKind, value: Decimal | None, unit: str, places: int, word: str = "") -> None:
        bisect.insort(taken, (a, b))
        found.append((a, b, kind, text[a:b], value, "".join(unit.split()), places, word))

    if _DIGIT.search(text) is None:  # no figure at all: only comparison words to look for
        for m in _COMPARISON.finditer(text):
            add(m.start(), m.end(), FactKind.COMPARISON, None, "", 0, m.group())
    else:
        # figures are found in a same-length view where full-width digits read as ASCII
        _figures(figure_view(text), free, add, taken)
    return _facts(text, found, src, line_starts)


def _figures(text: str, free: Callable[[int, int], bool], add: Callable[..., None], taken: list[tuple[int, int]]) -> None:
    for m in _DATE.finditer(text):
        add(m.start(), m.end(), FactKind.DATE, Decimal(m.group("y")), "年", 0)
    for m in _AMOUNT.finditer(text) if "元" in text else ():  # every amount ends in 元
        if free(m.start(), m.end()):
            number = m.group("n")
            _add_figure(add, taken, m, FactKind.AMOUNT, number, m.group("u"))
    for m in _PERCENT.finditer(text) if "%" in text or "％" in text else ():
        if free(m.start(), m.end()):
            number = m.group("n")
            _add_figure(add, taken, m, FactKind.PERCENT, number, "%")
    for m in _YEAR.finditer(text):
        if free(m.start(), m.end()):
            add(m.start(), m.end(), FactKind.YEAR, Decimal(m.group("y")), "年", 0)
    for m in _COUNT.finditer(text):
        if free(m.start(), m.end()):
            # "5-6 级", "100%-80%" and parts of codes are not counts
            if m.start() > 0 and text[m.start() - 1] in "-－~～":
                continue
            number = m.group("n")
            _add_figure(add, taken, m, FactKind.COUNT, number, m.group("u"))
    for m in _COMPARISON.finditer(text):
        if free(m.start(), m.end()):
            add(m.start(), m.end(), FactKind.COMPARISON, None, "", 0, m.group())


def _places(number: str) -> int:
    """Decimals printed in a number ("2, 079.31" → 2)."""
    return decimal_places(re.sub(r"[\s,]", "", number))


def _add_figure(add: Callable[..., None], taken: list[tuple[int, int]], m: re.Match[str], kind: FactKind, number: str, unit: str) -> None:
    """A figure as a fact; one beyond the bounds of any budget (30 digits) is no fact, but its span
    is taken so that no shorter figure is read out of it."""
    try:
        value = parse_decimal(number)
    except MoneyError:
        bisect.insort(taken, (m.start(), m.end()))
        return
    add(m.start(), m.end(), kind, value, unit, _places(number))


def _facts(
    text: str,
    found: list[tuple[int, int, FactKind, str, Decimal | None, str, int, str]],
    src: Source,
    line_starts: tuple[tuple[int, int], ...],
) -> list[Fact]:
    found.sort(key=lambda item: item[0])
    facts: list[Fact] = []
    # A label runs back to the previous clause mark or the previous *figure*; a comparison word
    # does not end it ("减少 276.98 万元" labels the amount "…减少").
    floor = 0
    offsets = [start for start, _ in line_starts]
    for a, b, kind, printed, value, unit, places, word in found:
        line = _line_for(a, src.line, line_starts, offsets)
        facts.append(
            unchecked(
                Fact,
                kind=kind,
                text=printed,
                start=a,
                end=b,
                value=value,
                unit=unit,
                places=places,
                word=word,
                label=_label_before(text, a, floor),
                source=src.at(line=line, end_line=None, text=printed),
            )
        )
        if kind != FactKind.COMPARISON:
            floor = b
    return facts


def _line_for(offset: int, default: int | None, line_starts: tuple[tuple[int, int], ...], offsets: list[int]) -> int | None:
    at = bisect.bisect_right(offsets, offset)
    return line_starts[at - 1][1] if at else default


def make_paragraph(pieces: list[tuple[str, Source]]) -> Paragraph:
    """Join printed lines (a sentence split by a page break included) into one paragraph."""
    parts: list[str] = []
    length = 0
    starts: list[tuple[int, int]] = []
    first = pieces[0][1] if pieces else Source.quick()
    last_line = first.line
    for piece, src in pieces:
        if src.line is not None:
            starts.append((length, src.line))
            last_line = src.line
        parts.append(piece)
        length += len(piece)
    text = "".join(parts)
    source = first.at(end_line=last_line if last_line != first.line else None, text=text)
    line_starts = tuple(starts)
    return unchecked(Paragraph, text=text, facts=tuple(extract_facts(text, first, line_starts)), source=source, line_starts=line_starts)
