"""From printed lines of text to the narrative: parts, sections, paragraphs, glossary, 职责,
单位构成 and the typed 其他重要事项, for every reader.

Lines come in reading order with a flag telling whether the source marked them as headings.
Levels are decided by the numbering (``第二部分`` / ``一、`` / ``（一）`` / ``1.`` / ``（1）``),
not by the heading marks, which converters set inconsistently.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from juesuan.ingest.common.text import clean, cn_to_int, compact
from juesuan.model.build import unchecked
from juesuan.model.narrative import Fact, FactKind, Narrative, Paragraph, Part, Section, Term, TocEntry
from juesuan.model.narrative import part_kind as kind_of_part
from juesuan.model.provenance import Source
from juesuan.model.report import (
    VEHICLE_CATEGORIES,
    Assets,
    OperatingCosts,
    OrgUnit,
    OtherMatters,
    PerformanceSummary,
    Procurement,
    ProjectSummary,
    ThreePublicNarrative,
)
from juesuan.narrative.facts import make_paragraph
from juesuan.record import Record

__all__ = [
    "TOC_TITLES",
    "BodyResult",
    "TextLine",
    "build_body",
    "extract_matters",
    "numbering",
    "parse_toc",
    "part_kind",
    "toc_key",
]


@dataclass(frozen=True, repr=False)
class TextLine(Record):
    """A line of the narrative as read, with where it was read."""

    text: str
    source: Source
    heading: bool = False
    blank_before: bool = False


_PART = re.compile(r"^第([一二三四五六七八九十]+)部分\s*(.*)$")
_L1 = re.compile(r"^([一二三四五六七八九十]+)\s*[、.．]\s*(.*)$")
_L2 = re.compile(r"^[（(]\s*([一二三四五六七八九十]+)\s*[)）]\s*(.*)$")
_L3 = re.compile(r"^(\d{1,2})\s*[.．、](?!\d)\s*(.*)$")
_L4 = re.compile(r"^[（(]\s*(\d{1,2})\s*[)）]\s*(.*)$")
_L5 = re.compile(r"^([\u2460-\u2473])\s*(.*)$")  # ① … ⑳
_TERMINAL = ("。", "！", "？", "；", "：", ":", ";", "…")
# the title of the tables' part printed alone, its “第二部分” left off (上海: “上海市XX局2024年度部门决算表”
# at the head of the first table page): a name, a year and 部门/单位决算表, nothing else
_TABLES_PART = re.compile(r"^[^\d，。；：,;:]{2,30}?(?:\d{4}|[XＸ×]{2,4})\s*年度?(?:部门|单位)决算表$")


@lru_cache(maxsize=1 << 12)  # the PDF reader asks it of most lines several times (front matter, headings, joining)
def numbering(text: str) -> tuple[int, str, str] | None:
    """(level, number as printed, rest) of a numbered line; level 0 is a 第N部分."""
    t = clean(text).lstrip("#").strip()
    for level, pattern in ((0, _PART), (1, _L1), (2, _L2), (4, _L4), (3, _L3), (5, _L5)):
        m = pattern.match(t)
        if m:
            number = t[: m.start(2)].strip() if m.group(2) else t.strip()
            return level, number, m.group(2).strip()
    return None


def part_kind(title: str) -> str:
    """What a part is about (:data:`juesuan.model.narrative.PART_KINDS`), from its printed title."""
    return kind_of_part(compact(title))


TOC_TITLES = frozenset({"目录", "目次"})
_TOC_TAIL = re.compile(r"[\s.…·．・—-]*\d*$")  # leader dots and the page number


def toc_key(first: str) -> str:
    """How the body line that the table of contents' first entry ``first`` points to begins (both
    compacted): ``第一部分`` for a part, otherwise the entry without its leader dots and page number."""
    num = numbering(first)
    key = first[: first.index("部分") + 2] if num is not None and num[0] == 0 else first
    return _TOC_TAIL.sub("", key) or key


def parse_toc(lines: list[TextLine]) -> list[TocEntry]:
    entries = []
    for line in lines:
        printed = clean(line.text).lstrip("#").strip()
        text = compact(printed)
        if not text or text in TOC_TITLES:
            continue
        num = numbering(text)
        if num is None:
            entries.append(unchecked(TocEntry, level=2, number="", title=text, source=line.source.at(text=printed)))
            continue
        level, number, rest = num
        entries.append(
            unchecked(TocEntry, level=1 if level == 0 else level + 1, number=number, title=rest, source=line.source.at(text=printed))
        )
    return entries


@dataclass(repr=False)
class _Node(Record):
    """A section while the narrative is read (frozen into a :class:`Section`)."""

    number: str
    title: str
    level: int
    source: Source
    heading: Paragraph | None = None
    paragraphs: list[Paragraph] = field(default_factory=list)
    children: list[_Node] = field(default_factory=list)

    def freeze(self) -> Section:
        return unchecked(
            Section,
            number=self.number,
            title=self.title,
            level=self.level,
            heading=self.heading,
            paragraphs=tuple(self.paragraphs),
            sections=tuple(c.freeze() for c in self.children),
            source=self.source,
        )


@dataclass(repr=False)
class _PartNode(Record):
    """A part (第一部分 …) while the narrative is read (frozen into a :class:`Part`)."""

    number: str
    title: str
    kind: str
    source: Source
    paragraphs: list[Paragraph] = field(default_factory=list)
    children: list[_Node] = field(default_factory=list)

    def freeze(self) -> Part:
        return unchecked(
            Part,
            number=self.number,
            title=self.title,
            kind=self.kind,
            paragraphs=tuple(self.paragraphs),
            sections=tuple(c.freeze() for c in self.children),
            source=self.source,
        )


@dataclass(repr=False)
class BodyResult(Record):
    """What the narrative text gives the report: its sections, glossary, duties, units and other matters."""

    narrative: Narrative
    glossary: list[Term]
    duties: list[Paragraph]
    units: list[OrgUnit]
    matters: OtherMatters


def _starts_item(text: str) -> bool:
    t = clean(text)
    return bool(_L1.match(t) or _L2.match(t) or _L3.match(t) or _L4.match(t) or _L5.match(t) or _PART.match(t) or t.startswith("**"))


def build_body(lines: list[TextLine], has_parts: bool | None = None) -> BodyResult:
    """Build the narrative from the body lines (tables already taken out)."""
    if has_parts is None:
        has_parts = any(_PART.match(clean(ln.text).lstrip("#").strip()) for ln in lines)
    parts: list[_PartNode] = []
    stack: list[_Node] = []
    pending: list[tuple[str, Source]] = []

    def current_container() -> _PartNode | _Node:
        if stack:
            return stack[-1]
        if not parts:
            parts.append(_PartNode(number="", title="", kind="", source=lines[0].source if lines else Source.quick()))
        return parts[-1]

    def flush() -> None:
        if pending:
            paragraph = make_paragraph(list(pending))
            current_container().paragraphs.append(paragraph)
            pending.clear()

    for line in lines:
        raw = clean(line.text)
        text = raw.lstrip("#").strip()
        text = clean(text)
        if not text:
            continue
        num = numbering(text)
        is_part = num is not None and num[0] == 0
        if num is None and has_parts and _TABLES_PART.match(compact(text)):
            num = (0, "", compact(text))  # an unnumbered part title
            is_part = True
        if not has_parts and num is not None and num[0] == 1 and part_kind(num[2]) and (line.heading or len(text) < 30):
            is_part = True
        heading = (
            line.heading
            or is_part
            or (num is not None and num[0] in (1, 2) and len(text) <= 40 and not text.endswith(("。", "；")) and _no_figures(text))
            or (num is not None and _continues_sections(stack, num[0], num[1]) and not _is_item(text))
        )
        if is_part and num is not None:
            flush()
            stack.clear()
            title = num[2]
            parts.append(_PartNode(number=num[1], title=title, kind=part_kind(title), source=line.source.at(text=text)))
            continue
        if heading:
            flush()
            level = num[0] if num is not None else (stack[-1].level + 1 if stack else 1)
            number = num[1] if num is not None else ""
            title = num[2] if num is not None else text
            while stack and stack[-1].level >= level:
                stack.pop()
            node = _Node(number=number, title=title, level=level, source=line.source.at(text=text), heading=make_paragraph([(text, line.source)]))
            current_container().children.append(node)
            stack.append(node)
            continue
        # a paragraph line: joins the previous one unless that one ended a sentence
        if pending:
            previous = pending[-1][0]
            if previous.rstrip().endswith(_TERMINAL) or _starts_item(text):
                flush()
        pending.append((text, line.source))
    flush()
    frozen = [p.freeze() for p in parts]
    narrative = unchecked(Narrative, parts=tuple(frozen))
    return BodyResult(
        narrative=narrative,
        glossary=_glossary(narrative),
        duties=_duties(narrative),
        units=_units(narrative),
        matters=extract_matters(narrative),
    )


def _ordinal(number: str) -> int | None:
    """``"二、"`` → 2, ``"（三）"`` → 3, ``"12."`` → 12."""
    core = re.sub(r"[\s、.．()（）]", "", number)
    if len(core) == 1 and "\u2460" <= core <= "\u2473":
        return ord(core) - 0x2460 + 1
    if core.isdigit():
        return int(core)
    return cn_to_int(core)


def _continues_sections(stack: list[_Node], level: int, number: str) -> bool:
    """A numbered line whose number follows an open section of the same level is the next
    section, whether or not the converter marked it as a heading (``2. 卫生健康支出…`` after the
    heading ``1. 社会保障和就业支出…``)."""
    value = _ordinal(number)
    if value is None or level < 1:
        return False
    return any(node.level == level and _ordinal(node.number) == value - 1 for node in stack)


_CHAIN_MARK = re.compile(r"[（(]\s*[类款项]\s*[)）]")


def _is_item(text: str) -> bool:
    """A numbered line that is an item, not the next section's title, however it is numbered: a
    类/款/项 explanation, a sentence that goes on to the next line (no closing mark), or a line
    longer than titles are."""
    t = text.rstrip()
    return bool(_CHAIN_MARK.search(t)) or (len(t) > 40 and not t.endswith(_TERMINAL)) or len(t) > 60


def _no_figures(text: str) -> bool:
    return not re.search(r"\d+(?:\.\d+)?\s*(?:万元|元|%)", text)


# a term may be numbered 1. 1、 1． （1） (1) or ①
_TERM = re.compile(r"^\s*(?:(\d{1,2}\s*[.．、]|[（(]\s*\d{1,2}\s*[)）]|[\u2460-\u2473])\s*)?(.{2,60}?)[：:]\s*(.+)$")


def _glossary(narrative: Narrative) -> list[Term]:
    terms: list[Term] = []
    for part in narrative.parts:
        if part.kind != "glossary":
            continue
        for paragraph in part.all_paragraphs():
            m = _TERM.match(paragraph.text)
            if m and m.group(3).strip():
                number = _ordinal(m.group(1)) if m.group(1) else None
                terms.append(
                    unchecked(
                        Term,
                        number=str(number) if number is not None else "",
                        term=m.group(2).strip(),
                        definition=m.group(3).strip(),
                        source=paragraph.source,
                    )
                )
            elif terms:
                previous = terms[-1]
                terms[-1] = previous.model_copy(update={"definition": previous.definition + paragraph.text})
    return terms


def _find_sections(narrative: Narrative, words: tuple[str, ...], kinds: tuple[str, ...] = ()) -> list[Section]:
    out = []
    for part in narrative.parts:
        if kinds and part.kind not in kinds:
            continue
        for section in part.walk():
            if any(w in compact(section.title) for w in words):
                out.append(section)
    return out


def _duties(narrative: Narrative) -> list[Paragraph]:
    for section in _find_sections(narrative, ("主要职责", "主要职能", "职能职责", "基本职能", "学校基本情况", "基本情况")):
        return section.all_paragraphs()
    return []


_UNIT_LINE = re.compile(r"^\s*(?:\d+\s*[.．、]?\s*)(.+)$")


_UNIT_HEADER = re.compile(r"^\s*序号\s*单位名称\s*(?:备注)?\s*")


def _unit_rows(text: str) -> list[tuple[str, str]] | None:
    """The rows of a 单位构成 table whose cells were read as one line ("序号 单位名称 备注1 A（本级）2 B
    预算不单列，并入本级3 C"): numbered 1, 2, 3 … in turn, the 备注 after a space; rows with no name
    ("4 。。。" in a 样张) are left out. ``None`` for a paragraph that is not such a table."""
    head = _UNIT_HEADER.match(text)
    if head is None:
        return None
    rows: list[tuple[str, str]] = []
    starts: list[tuple[int, int]] = []  # (start of the number, start of the row's text)
    at, n = head.end(), 1
    while True:
        m = re.compile(rf"(?<![\d.]){n}\s*(?=[^\d\s.．、])").search(text, at)
        if m is None:
            break
        starts.append((m.start(), m.end()))
        at, n = m.end(), n + 1
    for i, (_, begin) in enumerate(starts):
        end = starts[i + 1][0] if i + 1 < len(starts) else len(text)
        name, _, note = text[begin:end].strip().partition(" ")
        if any("\u4e00" <= char <= "\u9fff" for char in name):  # a Chinese name (no class: see surface._joins)
            rows.append((name.strip(), note.strip()))
    return rows


def _units(narrative: Narrative) -> list[OrgUnit]:
    units: list[OrgUnit] = []
    for section in _find_sections(narrative, ("单位构成", "机构设置")):
        for paragraph in section.all_paragraphs():
            text = paragraph.text.strip()
            rows = _unit_rows(text)
            if rows is not None:
                units.extend(unchecked(OrgUnit, name=name, note=note, source=paragraph.source) for name, note in rows)
                continue
            if text.endswith(("：", ":")) or len(text) > 80 or "。" in text:
                continue
            m = _UNIT_LINE.match(text)
            if not m:
                continue
            body = m.group(1).strip()
            name, _, note = body.partition(" ")
            units.append(unchecked(OrgUnit, name=name.strip(), note=note.strip(), source=paragraph.source))
        break
    return units


# ---- 其他重要事项 and the other typed parts of the narrative ------------------------------------


def _facts(paragraphs: list[Paragraph]) -> list[Fact]:
    return [f for p in paragraphs for f in p.facts]


def _first(facts: list[Fact], kind: FactKind, *words: str, unit: str | None = None) -> Fact | None:
    """The first fact of ``kind`` whose label contains all ``words``."""
    for fact in facts:
        if fact.kind != kind:
            continue
        if unit is not None and fact.unit != unit:
            continue
        if all(w in fact.label for w in words):
            return fact
    return None


def _after(paragraphs: list[Paragraph], pattern: str, kind: FactKind, unit: str | None = None, window: int = 40) -> Fact | None:
    """The first fact of ``kind`` within ``window`` characters after a match of ``pattern``."""
    regex = re.compile(pattern)
    for paragraph in paragraphs:
        for m in regex.finditer(paragraph.text):
            for fact in paragraph.facts:
                if fact.kind == kind and m.end() <= fact.start <= m.end() + window and (unit is None or fact.unit == unit):
                    return fact
    return None


# the model's categories, and the older name of the first that some documents still print
_VEHICLE_CATEGORIES = (VEHICLE_CATEGORIES[0], "副部（省）级及以上领导用车", *VEHICLE_CATEGORIES[1:])


_PROCUREMENT_TOTAL = r"(?<!占)政府采购(?:支出|合同)?(?:金额|总额)(?:\s*[（(][^）)]{0,20}[）)])?\s*(?:共计|合计|为|是)?"


def extract_matters(narrative: Narrative) -> OtherMatters:
    """The typed 其他重要事项 (and 三公 counts) from the narrative sections that hold them."""
    narrative_kinds = ("narrative", "")
    operating = None
    for section in _find_sections(narrative, ("机关运行经费",), narrative_kinds):
        paras = section.all_paragraphs()
        facts = _facts(paras)
        operating = unchecked(
            OperatingCosts,
            amount=next((f for f in facts if f.kind == FactKind.AMOUNT), None),
            change=next((f for f in facts if f.kind == FactKind.COMPARISON), None),
            change_amount=next((f for f in facts if f.kind == FactKind.AMOUNT and any(w in f.label for w in ("增加", "减少"))), None),
            change_rate=next((f for f in facts if f.kind == FactKind.PERCENT), None),
            paragraph=paras[0] if paras else None,
        )
        break
    procurement = None
    for section in _find_sections(narrative, ("政府采购",), narrative_kinds):
        paras = section.all_paragraphs()
        procurement = unchecked(
            Procurement,
            # "政府采购支出总额 X 万元" or "政府采购金额（以合同签订为准）为 X 万元"; "货物支出 X 万元" or
            # "货物采购金额 X 万元"
            total=_after(paras, r"(?<!占)政府采购支出总额", FactKind.AMOUNT) or _after(paras, _PROCUREMENT_TOTAL, FactKind.AMOUNT, window=8),
            goods=_after(paras, r"货物支出", FactKind.AMOUNT, window=8) or _after(paras, r"货物采购(?:金额|支出)", FactKind.AMOUNT, window=8),
            works=_after(paras, r"工程支出", FactKind.AMOUNT, window=8) or _after(paras, r"工程采购(?:金额|支出)", FactKind.AMOUNT, window=8),
            services=_after(paras, r"服务支出", FactKind.AMOUNT, window=8) or _after(paras, r"服务采购(?:金额|支出)", FactKind.AMOUNT, window=8),
            sme=_after(paras, r"授予中小企业合同金额", FactKind.AMOUNT, window=8),
            sme_share=_after(paras, r"占政府采购支出总额的", FactKind.PERCENT, window=8),
            small_micro=_after(paras, r"授予小微企业合同金额", FactKind.AMOUNT, window=8),
            small_micro_share=_after(paras, r"占中小企业[^，。；]*的", FactKind.PERCENT, window=8),
            goods_sme_share=_after(paras, r"货物[^，。；]*中小企业[^，。；]*占[^，。；]*的", FactKind.PERCENT, window=8),
            works_sme_share=_after(paras, r"工程[^，。；]*中小企业[^，。；]*占[^，。；]*的", FactKind.PERCENT, window=8),
            services_sme_share=_after(paras, r"服务[^，。；]*中小企业[^，。；]*占[^，。；]*的", FactKind.PERCENT, window=8),
            paragraph=paras[0] if paras else None,
        )
        break
    assets = None
    for section in _find_sections(narrative, ("国有资产",), narrative_kinds):
        paras = section.all_paragraphs()
        vehicles: dict[str, Fact] = {}
        for category in _VEHICLE_CATEGORIES:
            fact = _after(paras, re.escape(category), FactKind.COUNT, window=6)
            if fact is not None:
                vehicles[category] = fact
        facts = _facts(paras)
        assets = unchecked(
            Assets,
            as_of=next((f for f in facts if f.kind == FactKind.DATE), None),
            vehicles_total=_after(paras, r"共有车辆|车辆总数|共有公务用车|车辆", FactKind.COUNT, unit="辆", window=6),
            vehicles=vehicles,
            equipment=_after(paras, r"以上(?:大型)?设备[^，。；]*?", FactKind.COUNT, window=12),
            paragraph=paras[0] if paras else None,
        )
        break
    performance = _performance(narrative)
    three_public = None
    for section in _find_sections(narrative, ("三公",), narrative_kinds):
        paras = section.all_paragraphs()
        three_public = unchecked(
            ThreePublicNarrative,
            groups=_after(paras, r"团组", FactKind.COUNT, window=4),
            group_people=_after(paras, r"团组[^。；]*?累计", FactKind.COUNT, window=4),
            receptions=_after(paras, r"国内公务接待(?:累计)?", FactKind.COUNT, window=4) or _counted(paras, "批次", "接待", ("外宾", "外事")),
            reception_people=_after(paras, r"国内公务接待[^。；]*?批次[、，]", FactKind.COUNT, window=4) or _counted(paras, "人", "接待", ("外宾", "外事"), after_unit="批次"),
            reception_amount=_after(paras, r"国内公务接待[^。；]*?人(?:次)?[、，]", FactKind.AMOUNT, window=4)
            or _after(paras, r"国内公务接待(?:支出|费)?(?:为|累计)?", FactKind.AMOUNT, window=4),
            foreign_receptions=_after(paras, r"外事接待(?:累计)?", FactKind.COUNT, window=4) or _after(paras, r"(?:接待)?外宾(?:接待)?", FactKind.COUNT, window=4),
            foreign_people=_after(paras, r"(?:外事接待|外宾)[^。；]*?批次[、，]", FactKind.COUNT, window=4),
            foreign_amount=_after(paras, r"外事接待[^。；]*?人(?:次)?[、，]", FactKind.AMOUNT, window=4)
            or _after(paras, r"(?:外宾|外事)接待(?:支出|费)?(?:为|累计)?", FactKind.AMOUNT, window=4),
            vehicles_bought=_after(paras, r"购置(?:公务用)?车(?:辆)?", FactKind.COUNT, window=6),
            vehicles_held=_after(paras, r"保有量", FactKind.COUNT, window=6),
        )
        break
    return unchecked(
        OtherMatters, operating_costs=operating, procurement=procurement, assets=assets, performance=performance, three_public=three_public
    )


def _counted(paras: list[Paragraph], unit: str, context: str, exclude: tuple[str, ...], after_unit: str = "") -> Fact | None:
    """The first count in ``unit`` (人 also matches 人次) in a sentence about ``context``, not in an
    excluded clause ("其中：接待外宾0批次"); with ``after_unit``, the count right after one in that unit."""
    for paragraph in paras:
        if context not in paragraph.text:
            continue
        previous: Fact | None = None
        for fact in paragraph.facts:
            if fact.kind != FactKind.COUNT:
                continue
            excluded = any(word in _clause_before(paragraph.text, fact.start) for word in exclude)
            matches = fact.unit == unit or (unit == "人" and fact.unit == "人次")
            if matches and not excluded and (not after_unit or (previous is not None and previous.unit == after_unit)):
                return fact
            previous = fact
    return None


def _clause_before(text: str, end: int) -> str:
    """The text of the clause that leads to ``end``: from the last sentence end, 其中 or semicolon
    (“其中：外宾接待批次0批次、人次0人次” is about 外宾 throughout), bracketed asides left out
    (“国内公务接待（含外宾）5批次” is not about 外宾)."""
    head = text[:end]
    start = max(head.rfind("。"), head.rfind("；"), head.rfind(";"), head.rfind("其中"))
    return re.sub(r"[（(][^（）()]*[)）]", "", head[max(start, 0) :])


# "（1）X项目自评综述：", numbered any way (1. 1、 1． ① …) or not at all
_PROJECT_SUMMARY = re.compile(
    r"^\s*((?:[（(]\s*\d+\s*[)）]|\d+\s*(?:[、)）]|[.．](?!\d))|[①-⑳])?)\s*(.+?)(?:项目)?自评综述"
)


def _mark_number(mark: str) -> str:
    """The number of a list mark as digits: "（3）" / "3、" / "③" → "3" ("" when unnumbered)."""
    digits = re.sub(r"\D", "", mark)
    if digits:
        return digits
    return str(ord(mark.strip()) - ord("①") + 1) if mark.strip() else ""


def _performance(narrative: Narrative) -> PerformanceSummary | None:
    sections = _find_sections(narrative, ("预算绩效", "绩效管理", "绩效情况", "绩效评价"), ("narrative", ""))
    if not sections:
        return None
    section = sections[0]
    paras = section.all_paragraphs()
    summaries = []
    for paragraph in paras:
        m = _PROJECT_SUMMARY.match(paragraph.text)
        if not m:
            continue
        summaries.append(
            unchecked(
                ProjectSummary,
                number=_mark_number(m.group(1)),
                name=m.group(2).strip(),
                score=_after([paragraph], r"自评得分", FactKind.COUNT, window=4),
                budget=_after([paragraph], r"全年预算数(?:为)?", FactKind.AMOUNT, window=4),
                spent=_after([paragraph], r"全年执行数(?:为)?", FactKind.AMOUNT, window=4),
                rate=_after([paragraph], r"完成预算的", FactKind.PERCENT, window=4),
                paragraph=paragraph,
            )
        )
    return unchecked(
        PerformanceSummary,
        projects=_after(paras, r"(?:共涉及|涉及)(?:预算支出)?项目", FactKind.COUNT, window=4),
        projects_general=_after(paras, r"一般公共预算项目", FactKind.COUNT, window=4),
        projects_fund=_after(paras, r"政府性基金预算项目", FactKind.COUNT, window=4),
        projects_capital=_after(paras, r"国有资本经营预算项目", FactKind.COUNT, window=4),
        money=_after(paras, r"项目[^。]*?涉及资金", FactKind.AMOUNT, window=4),
        money_general=_after(paras, r"一般公共预算资金", FactKind.AMOUNT, window=4),
        money_fund=_after(paras, r"政府性基金预算资金", FactKind.AMOUNT, window=4),
        money_capital=_after(paras, r"国有资本经营预算资金", FactKind.AMOUNT, window=4),
        coverage=_after(paras, r"覆盖率(?:达到|为)?", FactKind.PERCENT, window=4),
        average_score=_after(paras, r"项目[^。；]*?自评平均分(?:为)?", FactKind.COUNT, window=4),
        whole_units=_after(paras, r"组织对", FactKind.COUNT, window=4),
        whole_money=_after(paras, r"整体绩效自评[^。；]*?涉及资金", FactKind.AMOUNT, window=4),
        whole_score=_after(paras, r"整体绩效自评[^。]*?平均分(?:为)?", FactKind.COUNT, window=4),
        listed_projects=_after(paras, r"等(?=\s*\d+\s*个项目)", FactKind.COUNT, window=3),
        project_summaries=tuple(summaries),
        paragraph=paras[0] if paras else None,
    )
