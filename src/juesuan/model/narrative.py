"""The narrative: parts, sections and paragraphs, and every figure found in them.

A :class:`Fact` is one number, percentage, year, count or comparison word found in a paragraph,
with its character span in the paragraph text and the source line it was printed on. The
paragraph text is the *reflowed* text: sentences that a page break split are joined again, and
each fact still points at the line where it was printed.
"""

from dataclasses import field
from decimal import Decimal
from enum import StrEnum

from juesuan.model.build import Model, unchecked
from juesuan.model.money import Amount, DecimalStr, Interval, Unit, step_for_places
from juesuan.model.provenance import Source

__all__ = [
    "MONEY_UNITS",
    "Fact",
    "FactKind",
    "Narrative",
    "Paragraph",
    "Part",
    "Section",
    "Term",
    "TocEntry",
    "part_kind",
]

MONEY_UNITS = {"元": Unit.YUAN, "千元": Unit.QIANYUAN, "万元": Unit.WANYUAN}


class FactKind(StrEnum):
    AMOUNT = "amount"  # 2079.31 万元
    PERCENT = "percent"  # 48.98%
    YEAR = "year"  # 2024 年 / 2024 年度
    DATE = "date"  # 2024 年 12 月 31 日
    COUNT = "count"  # 9 个, 4 辆, 0 人次, 90.42 分
    COMPARISON = "comparison"  # 增加 / 减少 / 持平 / 大于 / 小于 / 增长 / 下降 …


class Fact(Model):
    """A figure or comparison word found in a paragraph."""

    kind: FactKind
    text: str  # as printed, e.g. "2,079.31 万元", "11.76%", "减少"
    start: int  # span in the paragraph text
    end: int
    value: DecimalStr | None = None
    unit: str = ""  # 万元 / % / 个 / 辆 / 人次 / 分 / 年 …
    places: int = 0  # decimals printed
    word: str = ""  # for comparisons: the word itself
    label: str = ""  # the phrase before the figure in its clause ("基本支出", "占收入总计的")
    source: Source = field(default_factory=Source)

    @property
    def step(self) -> Decimal:
        if self.kind == FactKind.AMOUNT and self.places < 2:
            return Decimal("0.01")
        return step_for_places(self.places)

    @property
    def interval(self) -> Interval:
        if self.value is None:
            raise ValueError("a comparison word has no value")
        return Interval.around(self.value, self.step)

    def amount(self) -> Amount | None:
        if self.kind != FactKind.AMOUNT or self.value is None:
            return None
        unit = MONEY_UNITS.get(self.unit, Unit.WANYUAN)
        return unchecked(Amount, value=self.value, unit=unit, step=min(Decimal("0.01"), step_for_places(self.places)))


class Paragraph(Model):
    """A paragraph (or list item) of the narrative, reflowed across page breaks."""

    text: str
    facts: tuple[Fact, ...] = ()
    source: Source = field(default_factory=Source)
    line_starts: tuple[tuple[int, int], ...] = ()  # (offset in text, source line) for each printed line

    def line_at(self, offset: int) -> int | None:
        """The source line on which the character at ``offset`` was printed."""
        line = self.source.line
        for start, number in self.line_starts:
            if start <= offset:
                line = number
            else:
                break
        return line


class Section(Model):
    """A numbered section (``一、`` / ``（一）`` / ``1.``) with its paragraphs and subsections."""

    number: str = ""  # as printed: "一、", "（三）", "1."
    title: str = ""  # without the number
    level: int = 1
    heading: Paragraph | None = None  # the heading line itself, with the figures it states
    paragraphs: tuple[Paragraph, ...] = ()
    sections: "tuple[Section, ...]" = ()
    source: Source = field(default_factory=Source)

    @property
    def facts(self) -> tuple[Fact, ...]:
        """The figures printed in the heading line (spans in ``heading.text``)."""
        return self.heading.facts if self.heading is not None else ()

    def walk(self) -> "list[Section]":
        out = [self]
        for child in self.sections:
            out.extend(child.walk())
        return out

    def all_paragraphs(self) -> list[Paragraph]:
        out = list(self.paragraphs)
        for child in self.sections:
            out.extend(child.all_paragraphs())
        return out


#: What a part is about, by the words of its title (the first kind whose words occur wins).
PART_KINDS = (
    ("glossary", ("名词解释",)),
    ("appendix", ("附件", "附表")),
    ("narrative", ("情况说明", "报表说明", "决算说明")),
    ("tables", ("决算表", "决算报表")),
    ("overview", ("概况", "基本情况", "职能", "职责")),
)


def part_kind(title: str) -> str:
    """``第二部分 2024年度部门决算表`` → ``tables`` (``""`` when the title says none of these)."""
    t = "".join(title.split())
    for kind, words in PART_KINDS:
        if any(w in t for w in words):
            return kind
    return ""


class Part(Model):
    """A 第N部分 of the document."""

    number: str = ""  # "第二部分"
    title: str = ""
    kind: str = ""  # overview / narrative / glossary / tables / appendix
    paragraphs: tuple[Paragraph, ...] = ()
    sections: tuple[Section, ...] = ()
    source: Source = field(default_factory=Source)

    def walk(self) -> list[Section]:
        out: list[Section] = []
        for section in self.sections:
            out.extend(section.walk())
        return out

    def all_paragraphs(self) -> list[Paragraph]:
        out = list(self.paragraphs)
        for section in self.sections:
            out.extend(section.all_paragraphs())
        return out


class Narrative(Model):
    parts: tuple[Part, ...] = ()

    def part(self, kind: str) -> Part | None:
        for part in self.parts:
            if part.kind == kind:
                return part
        return None

    def all_paragraphs(self) -> list[Paragraph]:
        out: list[Paragraph] = []
        for part in self.parts:
            out.extend(part.all_paragraphs())
        return out


class Term(Model):
    """One 名词解释 entry."""

    number: str = ""
    term: str
    definition: str
    source: Source = field(default_factory=Source)


class TocEntry(Model):
    """A line of the table of contents."""

    level: int  # 1 = 第N部分, 2 = 一、…
    number: str = ""
    title: str
    source: Source = field(default_factory=Source)
