"""What the narrative claims: amounts of named things, shares, year-over-year changes,
"完成年初预算的X%", and the 类/款/项 explanations — each tied to the figure it talks about.

The narrative is walked paragraph by paragraph (section headings included, since headings such as
"（一）收入总计 2079.31 万元" state figures too). Each paragraph has a *scope* taken from its
section titles: the same words ("基本支出") mean different figures under 收入支出决算总体情况 (all
funds, 公开03表) and under 一般公共预算财政拨款基本支出 (公开05/06表).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from juesuan.model.narrative import Fact, FactKind, Paragraph, Section
from juesuan.model.report import Report
from juesuan.model.tables import ThreePublicItem
from juesuan.narrative.surface import joined, strip_list_number, unquote
from juesuan.record import Record

__all__ = [
    "THREE_PUBLIC_WORDS",
    "AmountClaim",
    "BudgetRateClaim",
    "ChangeClaim",
    "Claims",
    "CodedItemClaim",
    "DirectionClaim",
    "GarbledClaim",
    "ItemClaim",
    "ReasonClaim",
    "SummaryParts",
    "ShareClaim",
    "Unit",
    "budget_reason_in",
    "change_subject",
    "collect_claims",
    "composition_names",
    "names_three_public_total",
    "normalize_subject",
    "performance_summary_parts",
    "purpose_after",
    "rate_subject",
    "reason_in",
    "scope_of",
    "subject_key",
    "used_for_in",
]


@dataclass(frozen=True, repr=False)
class Unit(Record):
    """A paragraph (or heading) with the section titles above it."""

    paragraph: Paragraph
    chain: tuple[str, ...]
    scope: str
    is_heading: bool = False


@dataclass(frozen=True, repr=False)
class AmountClaim(Record):
    """An amount the text gives for a subject ("收入总计2,079.31万元")."""

    fact: Fact
    subject: str  # canonical subject, e.g. "收入总计"
    key: str  # the figure key it refers to ("all:收入总计")
    unit: Unit


@dataclass(frozen=True, repr=False)
class ShareClaim(Record):
    """A share the text gives ("占99.79%"), with its numerator and the denominator it names."""

    percent: Fact
    numerator: Fact | None
    denominator_word: str  # "" when the text names none ("占99.79%")
    unit: Unit


@dataclass(frozen=True, repr=False)
class ChangeClaim(Record):
    """ "…增加/减少 X 万元，增长/下降 Y%" or "…持平"."""

    subject: str
    word: Fact  # the first direction word
    amount: Fact | None
    rate_word: Fact | None
    rate: Fact | None
    unit: Unit
    reason: str = ""  # the text after "主要原因是"/"主要是…原因" in the same sentence, "" when none
    #: when the sentence names no subject ("与上年持平"), the paragraph's first named figure
    #: (the amount printed, e.g. "公务用车购置及运行费 0.00 万元"); ``None`` otherwise
    about: AmountClaim | None = None
    #: "减少为 / 增加到 / 下降至 X 万元": the amount is this year's level, not the change
    to_level: bool = False
    #: this year's figure printed right before the change, in the same sentence ("机关运行经费
    #: 184.65 万元，比上年增加 2.55 万元"); ``None`` when the sentence prints none there
    level: Fact | None = None


@dataclass(frozen=True, repr=False)
class BudgetRateClaim(Record):
    """ "完成（年初）预算的 Y%", with what the sentence says around it."""

    rate: Fact
    actual: Fact | None  # the 决算 amount the rate is about
    budget: Fact | None  # a 年初预算 amount stated in the text, if any
    direction: str  # 大于 / 小于 / 持平 / 等于 / "" from "决算数…预算数"
    direction_fact: Fact | None
    reason: str  # the text after "主要原因是"/"主要原因：", "" when none
    subject: str
    unit: Unit
    #: what the stated 年初预算 is of ("一般公共预算财政拨款支出年初预算为X万元" → 一般公共预算财政拨款支出),
    #: "" when no budget is stated or its label names nothing
    budget_subject: str = ""
    #: the (类, 款, 项) of the explanation the rate closes ("1、X（类）Y（款）Z（项）。主要用于：…。年初预算为
    #: A万元，支出决算为B万元，完成年初预算的C%"): the last full chain before the rate with nothing
    #: bracketed between them; () when the rate follows none
    item_names: tuple[str, ...] = ()
    #: the clause that says what is set against its budget: up to the direction word ("“三公”经费支出
    #: 决算数小于预算数" → "“三公”经费支出决算数"), else up to the rate
    compared: str = ""


@dataclass(frozen=True, repr=False)
class ItemClaim(Record):
    """A 类/款/项 explanation: "X（类）Y（款）Z（项）N 万元…"."""

    names: tuple[str, ...]  # (类, 款, 项) names as printed; fewer for 类/款 level
    amount: Fact | None
    budget: Fact | None
    rate: BudgetRateClaim | None
    unit: Unit
    start: int
    purpose: str = ""  # "主要是<purpose>支出" right after the amount, "" when none
    #: "主要用于：W" said of this 项 before the next explanation (the Shanghai layout puts it
    #: between the chain and the budget), "" when none
    used_for: str = ""
    #: the reason given after "决算数大于/小于（年初）预算数的" before the next explanation, when no
    #: "完成年初预算的X%" is printed ("年初预算为A万元，支出决算为B万元。决算数小于预算数的主要原因：…")
    budget_reason: str = ""


@dataclass(frozen=True, repr=False)
class CodedItemClaim(Record):
    """A 功能分类 subject named with its code and its amount this year: "高等教育（2050205），
    2023 年度决算数为 186,663.39 万元"."""

    name: str  # as printed, without a list number
    code: str  # 3, 5 or 7 digits
    amount: Fact
    unit: Unit
    #: the change from last year printed after the amount, in its sentence ("…决算数为 A 万元，比 2022
    #: 年度决算数增长 R%"): the first change word and the percentage right after it (``None`` for
    #: 持平, or when no percentage follows the word); both ``None`` when the sentence states none
    rate_word: Fact | None = None
    rate: Fact | None = None


@dataclass(frozen=True, repr=False)
class ReasonClaim(Record):
    """A reason given for a figure's difference from another year's, with what it is about:
    "学校其他收入与上年比较发生较大差异的原因是债务收入减少"."""

    subject: str  # as printed, without quote marks or a list number
    against: str  # what the figure is compared with: "上年"
    reason: str  # the document's words, without spaces
    unit: Unit


@dataclass(frozen=True, repr=False)
class DirectionClaim(Record):
    """A direction word of a sentence and what it says moved: "收入总计减少 X 万元" (down),
    "与上年持平" (level). Budget comparisons ("决算数持平预算数") and the words of a reason
    ("主要原因是人员减少") are not direction claims."""

    word: Fact
    direction: str  # "up" / "down" / "level"
    subject: str  # normalised; a clause that names none has the subject of the word before it
    against: str  # what it is compared with: "上年", "2022年", "" when the sentence does not say
    quantity: Fact | None  # the amount or percentage right after the word, in its clause
    sentence: int  # offset where the sentence starts in the paragraph
    unit: Unit


@dataclass(frozen=True, repr=False)
class GarbledClaim(Record):
    """Two opposite comparison words run together ("大小于", "减增加")."""

    text: str
    start: int
    end: int
    unit: Unit


@dataclass(repr=False)
class Claims(Record):
    """Every claim read from a document's narrative, by kind."""

    units: list[Unit] = field(default_factory=list)
    amounts: list[AmountClaim] = field(default_factory=list)
    shares: list[ShareClaim] = field(default_factory=list)
    changes: list[ChangeClaim] = field(default_factory=list)
    rates: list[BudgetRateClaim] = field(default_factory=list)
    items: list[ItemClaim] = field(default_factory=list)
    coded: list[CodedItemClaim] = field(default_factory=list)
    directions: list[DirectionClaim] = field(default_factory=list)
    garbled: list[GarbledClaim] = field(default_factory=list)
    #: each 三公 item's change from last year, clause by clause ("其中：因公出国（境）费支出与上一年度
    #: 持平；公务接待费支出决算减少0.15万元，下降27.78%"): subject is the item (a ThreePublicItem value)
    three_public_changes: list[ChangeClaim] = field(default_factory=list)
    reasons: list[ReasonClaim] = field(default_factory=list)


_SCOPES = (
    ("three", ("三公",)),
    ("fund", ("政府性基金",)),
    ("capital", ("国有资本经营",)),
    ("matters", ("机关运行经费", "政府采购", "国有资产", "其他重要事项")),
    ("performance", ("绩效",)),
    ("basic", ("基本支出决算", "基本支出情况")),
    ("general", ("一般公共预算财政拨款支出",)),
    ("fiscal", ("财政拨款",)),
    ("all", ("收入支出决算总体", "收入决算", "支出决算", "收入总计", "支出总计", "结转和结余", "收入支出总计")),
)


def scope_of(chain: tuple[str, ...]) -> str:
    """The scope of a paragraph from its section titles (innermost first)."""
    for title in reversed(chain):
        for scope, words in _SCOPES:
            if any(w in title for w in words):
                if scope == "all" and "财政拨款" in title:
                    return "fiscal"
                return scope
    return "other"


# Subjects by scope: the words an amount's label ends with, and the figure they name.
_SUBJECTS: dict[str, tuple[tuple[str, str], ...]] = {
    "all": (
        ("一般公共预算财政拨款收入", "all:一般公共预算财政拨款收入"),
        ("政府性基金预算财政拨款收入", "all:政府性基金预算财政拨款收入"),
        ("国有资本经营预算财政拨款收入", "all:国有资本经营预算财政拨款收入"),
        ("财政拨款收入", "all:财政拨款收入"),
        ("上级补助收入", "all:上级补助收入"),
        ("事业收入", "all:事业收入"),
        ("经营收入", "all:经营收入"),
        ("附属单位上缴收入", "all:附属单位上缴收入"),
        ("其他收入", "all:其他收入"),
        ("使用非财政拨款结余", "all:使用非财政拨款结余"),
        ("年初结转和结余", "all:年初结转和结余"),
        ("上年结转和结余", "all:上年结转和结余"),
        ("收入支出总计", "all:收入支出总计"),
        ("收入总计", "all:收入总计"),
        ("支出总计", "all:支出总计"),
        ("本年收入合计", "all:本年收入合计"),
        ("本年支出合计", "all:本年支出合计"),
        ("基本支出", "all:基本支出"),
        ("项目支出", "all:项目支出"),
        ("上缴上级支出", "all:上缴上级支出"),
        ("经营支出", "all:经营支出"),
        ("对附属单位补助支出", "all:对附属单位补助支出"),
        ("年末结转和结余", "all:年末结转和结余"),
        ("结余分配", "all:结余分配"),
        ("工资福利支出", "all:工资福利支出"),
        ("商品和服务支出", "all:商品和服务支出"),
        ("对个人和家庭的补助", "all:对个人和家庭的补助"),
        ("资本性支出", "all:资本性支出"),
    ),
    "fiscal": (
        ("财政拨款收入支出总计", "fiscal:财政拨款收入支出总计"),
        ("一般公共预算财政拨款支出", "general:一般公共预算财政拨款支出"),
        ("政府性基金预算财政拨款支出", "fund:政府性基金预算财政拨款支出"),
        ("国有资本经营预算财政拨款支出", "capital:国有资本经营预算财政拨款支出"),
        ("财政拨款支出", "fiscal:财政拨款支出"),
        ("财政拨款收入", "fiscal:财政拨款收入"),
        ("年初财政拨款结转和结余", "fiscal:年初财政拨款结转和结余"),
        ("年末财政拨款结转和结余", "fiscal:年末财政拨款结转和结余"),
        ("基本支出", "fiscal:基本支出"),
        ("项目支出", "fiscal:项目支出"),
    ),
    "general": (
        ("一般公共预算财政拨款支出", "general:一般公共预算财政拨款支出"),
        ("基本支出", "general:基本支出"),
        ("项目支出", "general:项目支出"),
    ),
    "basic": (
        ("一般公共预算财政拨款基本支出", "basic:一般公共预算财政拨款基本支出"),
        ("基本支出", "basic:基本支出"),
        ("人员经费", "basic:人员经费"),
        ("日常公用经费", "basic:日常公用经费"),
        ("公用经费", "basic:公用经费"),
    ),
    "three": (
        ("“三公”经费支出", "three:“三公”经费支出"),
        ("“三公”经费", "three:“三公”经费"),
        ("因公出国（境）费", "three:因公出国（境）费"),
        ("公务接待费", "three:公务接待费"),
        ("公务用车购置及运行维护费", "three:公务用车购置及运行维护费"),
        ("公务用车购置及运行费", "three:公务用车购置及运行费"),
        ("公务用车购置费", "three:公务用车购置费"),
        ("公务用车运行维护费", "three:公务用车运行维护费"),
    ),
    "fund": (("政府性基金预算财政拨款支出", "fund:政府性基金预算财政拨款支出"),),
    "capital": (("国有资本经营预算财政拨款支出", "capital:国有资本经营预算财政拨款支出"),),
}

_LEAD = re.compile(
    r"^(?:其中[：:]?|包括[：:]?|今年|本年度|本年(?!收入合计|支出合计)|全年|当年|截至年末|\d{4}\s*年度?|\d{4}\s*年|[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\(\s*[一二三四五六七八九十]+\s*\))\s*"
)
_TRAIL = re.compile(r"(?:为|是|共计|合计为|总计为|达到|达|共|累计|决算数|决算)$")


@lru_cache(maxsize=1 << 12)
def normalize_subject(label: str, department: str = "") -> str:
    """The label of a figure without the words around the subject."""
    text = "".join(label.split())
    text = unquote(text).replace("三公", "“三公”")  # no quote marks, except the usual ones around 三公
    if department:
        text = text.replace(_compact(department), "")
    text = re.sub(r"\d{4}年度|\d{4}年", "", text)
    previous = None
    while previous != text:
        previous = text
        text = strip_list_number(_LEAD.sub("", text))
        text = _TRAIL.sub("", text)
    text = text.replace("财政拨款安排的", "")
    return text.strip()


# each scope's subjects, longest first so that the fullest name wins
_SUBJECTS_LONGEST_FIRST = {scope: sorted(items, key=lambda item: -len(item[0])) for scope, items in _SUBJECTS.items()}


@lru_cache(maxsize=1 << 12)
def subject_key(label: str, scope: str, department: str) -> tuple[str, str] | None:
    subject = normalize_subject(label, department)
    if not subject:
        return None
    for candidate in (subject, subject[:-2] if subject.endswith("支出") else None):
        if not candidate:
            continue
        for term, key in _SUBJECTS_LONGEST_FIRST.get(scope, ()):
            if candidate.endswith(term) and len(candidate) - len(term) <= 4:
                return term, key
    return None


def _units(report: Report) -> list[Unit]:
    out: list[Unit] = []

    def walk(section: Section, chain: tuple[str, ...]) -> None:
        here = (*chain, section.title)
        scope = scope_of(here)
        if section.heading is not None:
            out.append(Unit(paragraph=section.heading, chain=here, scope=scope, is_heading=True))
        for paragraph in section.paragraphs:
            out.append(Unit(paragraph=paragraph, chain=here, scope=scope))
        for child in section.sections:
            walk(child, here)

    for part in report.narrative.parts:
        if part.kind not in ("narrative", ""):
            continue
        chain = (part.title,)
        for paragraph in part.paragraphs:
            out.append(Unit(paragraph=paragraph, chain=chain, scope=scope_of(chain)))
        for section in part.sections:
            walk(section, chain)
    return out


_SENTENCE_END = re.compile(r"[。；;！？]")
_ITEM = re.compile(
    r"(?P<c>[^，。；：:（()）]+?)\s*[（(]\s*类\s*[)）]\s*(?:(?P<k>[^，。；：:（()）]+?)\s*[（(]\s*款\s*[)）]\s*)?(?:(?P<x>[^，。；：:（()）]+?)\s*[（(]\s*项\s*[)）])?"
)
_CLASS_MARK = re.compile(r"[（(]\s*类\s*[)）]")
_NAME_STOPS = frozenset("，。；：:（()）")


def item_matches(text: str) -> Iterator[re.Match[str]]:
    """What ``_ITEM.finditer(text)`` finds, without trying the pattern at every offset.

    The pattern's lazy name makes a scan from each offset cost the rest of the text; a chain
    can only start right after the last stop character before a "（类）" mark, so the pattern is
    matched there alone (the test suite checks the two agree on arbitrary text).
    """
    pos = 0
    if "类" not in text:
        return
    for mark in _CLASS_MARK.finditer(text):
        if mark.start() < pos:
            continue
        start = mark.start()
        while start > pos and text[start - 1] not in _NAME_STOPS:
            start -= 1
        m = _ITEM.match(text, start)
        if m is not None:
            yield m
            pos = m.end()


_BUDGET_LABEL = re.compile(r"(?:年初|全年|调整后?)?预算(?:数)?(?:为|是)?[:：]?$")
_DIRECTION = re.compile(
    r"决算数?\s*(?:与(?:年初|全年|调整后?)?预算数?)?\s*(大于|小于|等于|持平|高于|低于|基本持平)\s*(?:年初|全年|调整后?)?(?:预算数?)?"
)
_REASON = re.compile(r"主要原因(?:是|为|：|:)?")
_CHANGE_START = ("增加", "减少", "持平")
_SHARE_OF = re.compile(r"占(.*?)的?$")
_AGAINST_LAST_YEAR = re.compile(r"(上年|上一年|\d{4}\s*年度?)(?:相比|比较|同期)|与上年|较上年|比上年|(?:较|比)\s*\d{4}\s*年|同比")
_UP_TO_COMPARED = re.compile(r"^.*(?:相比|比较)[，,]?")
_OF_BUDGET = re.compile(r"完成(?:年初|全年|调整后?|预算调整后)?预算(?:数)?的?$")
_TO_LEVEL = re.compile(r"\s*(?:为|到|至)")
_RATE_WORDS = ("增长", "下降", "降低", "上升", "增加", "减少")


def _chain_names(m: re.Match[str]) -> tuple[str, ...]:
    """The (类, 款, 项) names of an item match, without a list number before the 类 ("1." "（2）" "②")
    and without quote marks of any style around or inside the names (“一般公共服务（类）…（项）”)."""
    names = tuple("".join(unquote(n).split()) for n in (m.group("c"), m.group("k"), m.group("x")) if n)
    return (strip_list_number(names[0]).strip(), *names[1:])


def item_chains(text: str) -> list[tuple[tuple[str, ...], int]]:
    """Every "X（类）Y（款）Z（项）" chain in a text: (names, start offset)."""
    return [(_chain_names(m), m.start()) for m in item_matches(text)]


def _sentence_bounds(text: str, position: int) -> tuple[int, int]:
    """The sentence of ``text`` around ``position``: from the end of the last sentence mark at or
    before it (or the start) to the end of the next mark (or the end of the text)."""
    ends = _sentence_ends(text)
    at = bisect_right(ends, position)  # the marks ending at or before the position
    return ends[at - 1] if at else 0, ends[at] if at < len(ends) else len(text)


@lru_cache(maxsize=1 << 10)
def _sentence_ends(text: str) -> tuple[int, ...]:
    """Where each sentence of ``text`` ends (after its mark): the claims ask for the sentence of
    every figure of a paragraph, ~350 a document, a scan of the paragraph each."""
    return tuple(m.end() for m in _SENTENCE_END.finditer(text))


def _reason_after(text: str, position: int) -> str | None:
    """The reason given after ``position`` in the same sentence: ``None`` when none is announced,
    ``""`` when "主要原因" is followed by nothing."""
    _start, end = _sentence_bounds(text, position)
    m = _REASON.search(text, position, end if end > position else len(text))
    if not m:
        return None
    rest = text[m.end() : end].strip(" ，,。；;：:")
    if not rest and end < len(text):
        # "主要原因：" ends a sentence mark-less and the reason follows
        nxt = _SENTENCE_END.search(text, end)
        rest = text[end : nxt.start() if nxt else len(text)].strip(" ，,。；;：:")
    return rest


# a line or page break may fall between any two characters of the phrase ("主要原\n因是…")
_GAP = r"[ \t\u3000\r\n]*"
_REASON_ANY = (
    re.compile(_GAP.join("主要原因") + rf"(?:{_GAP}(?:是|为|：|:))?"),
    re.compile(_GAP.join("主要是")),
)


def reason_in(text: str, start: int = 0, end: int | None = None) -> str:
    """The reason given ("主要原因是X" / "主要原因：X" / "主要是X原因") after ``start`` and before
    ``end`` (anywhere after ``start`` when ``None``), up to the end of its sentence; "" when none.
    The phrase and the reason are read across line breaks; the reason is returned without them."""
    limit = len(text) if end is None else end
    for pattern in _REASON_ANY:
        m = pattern.search(text, start, limit)
        if m:
            stop = min(limit, _sentence_bounds(text, m.start())[1])
            return joined(text[m.end() : stop])[0].strip(" ，,。；;：:\n")
    return ""


_PURPOSE_AFTER_ITEM = re.compile(r"\s*[，,]\s*主要是([^，,。；;]*?)支出(?=[，,。；;]|$)")
_PURPOSE_LISTED = re.compile(r"主要(?:包括|用于)([^。]*?)支出")


def purpose_after(text: str, position: int, end: int | None = None) -> str:
    """What money was spent on, as stated after ``position``: "主要包括X支出" / "主要用于X支出"
    before ``end`` (the next figure's start), "" when the text says nothing."""
    m = _PURPOSE_LISTED.search(text, position, len(text) if end is None else end)
    return m.group(1).strip() if m else ""


#: shorthand subjects of "与上年相比，今年收入减少…"
_CHANGE_SUBJECTS = {
    "收入": "收入总计",
    "支出": "支出总计",
    "收支": "收入总计",
    "收入支出": "收入总计",
    "结转结余": "年末结转和结余",
}

#: where a subject is looked for when the paragraph's own scope does not name it
FALLBACK_SCOPES = ("all", "fiscal", "general", "basic", "three")


@lru_cache(maxsize=1 << 12)
def change_subject(subject: str, scope: str, chain: tuple[str, ...], department: str) -> tuple[str, str | None]:
    """The subject a "与上年相比" change talks about and the key of its figure (``all:收入总计``);
    the key is ``None`` when the subject names no figure of the tables. A change without a
    subject ("与上年相比，减少 …") is about its section's subject."""
    text = re.sub(r"与上年$|与\d{4}年度?$|较上年$|比上年$", "", subject).strip()
    text = _CHANGE_SUBJECTS.get(text, text)
    if not text:
        for title in reversed(chain):
            found = subject_key(title, scope, department)
            if found:
                return found
        return "", None
    for sc in (scope, *FALLBACK_SCOPES):
        found = subject_key(text, sc, department)
        if found:
            return found
    return text, None


def rate_subject(claim: BudgetRateClaim, department: str) -> str:
    """The subject printed before "完成（年初）预算的Y%" ("财政拨款支出"), "" when none is."""
    label = _OF_BUDGET.sub("", _compact(claim.rate.label))
    return normalize_subject(label, department) if label else ""


def collect_claims(report: Report, aliases: dict[str, str] | None = None) -> Claims:
    """All claims of the narrative; ``aliases`` map a family's words to the standard subjects."""
    aliases = aliases or {}
    claims = Claims(units=_units(report))
    department = report.metadata.department
    for unit in claims.units:
        facts = list(unit.paragraph.facts)
        claims.amounts.extend(_amount_claims(unit, facts, department, aliases))
        claims.shares.extend(_share_claims(unit, facts))
        claims.changes.extend(_change_claims(unit, facts, department, report.metadata.year))
        rates = _rate_claims(unit, facts, department)
        claims.rates.extend(rates)
        claims.items.extend(_item_claims(unit, facts, rates))
        claims.coded.extend(_coded_item_claims(unit, facts, report.metadata.year))
        claims.directions.extend(_direction_claims(unit, facts, department, report.metadata.year))
        claims.garbled.extend(_garbled_claims(unit))
        if not unit.is_heading:
            claims.reasons.extend(_reason_claims(unit))
        if unit.scope == "three" and not unit.is_heading:
            claims.three_public_changes.extend(_three_public_changes(unit, report.metadata.year))
    return claims


_PREVIOUS_WORDS = ("上年", "上一年", "上年度")
_CLAUSE_WORDS = ("增加", "减少", "增长", "下降", "持平")


def _three_public_changes(unit: Unit, year: int | None) -> Iterator[ChangeClaim]:
    """The clauses of a 三公 paragraph that compare one item with last year, in a sentence that names
    last year (or its "其中" continuation): the item, its first change word, the amount and the rate
    after it, and the reason given after the word (in the clause or after it) before the text names
    another item. A clause that names the
    budget, or more than one item, is none."""
    paragraph = unit.paragraph
    text = paragraph.text
    last_year = str(year - 1) if year else ""
    yoy = False
    for sentence in re.finditer(r"[^。]+。?", text):
        said = joined(sentence.group())[0]
        yoy = any(w in said for w in _PREVIOUS_WORDS) or bool(last_year and last_year in said) or (yoy and said.lstrip().startswith("其中"))
        if not yoy:
            continue
        for clause in re.finditer(r"[^；;：:]+", sentence.group()):
            a, b = sentence.start() + clause.start(), sentence.start() + clause.end()
            words = joined(clause.group())[0]
            named = [item for item, name in THREE_PUBLIC_WORDS.items() if name in words]
            if len(named) != 1 or "预算" in words:
                continue
            facts = [f for f in paragraph.facts if a <= f.start < b]
            word = next((f for f in facts if f.kind == FactKind.COMPARISON and f.word in _CLAUSE_WORDS), None)
            if word is None:
                continue
            yield ChangeClaim(
                subject=named[0].value,
                word=word,
                amount=next((f for f in facts if f.kind == FactKind.AMOUNT and f.start > word.start), None),
                rate_word=None,
                rate=next((f for f in facts if f.kind == FactKind.PERCENT and f.start > word.start), None),
                unit=unit,
                reason=reason_in(text, word.end, _next_named(text, word.end, named[0])),
            )


def _next_named(text: str, start: int, item: ThreePublicItem) -> int:
    """Where the text next names another 三公 item (a reason after ``start`` is said of ``item`` up to there)."""
    found = [i for other, name in THREE_PUBLIC_WORDS.items() if other != item and (i := text.find(name, start)) >= 0]
    return min(found, default=len(text))


_UP = frozenset(("增加", "增长", "上升"))
_DOWN = frozenset(("减少", "下降", "降低"))
_LEVEL = frozenset(("持平",))
# where the words of a sentence stop saying what moved and start saying why or what for
_REASON_CUT = re.compile(r"主要原因|原因是|原因为|原因[：:]|主要是|主要由于|由于|因为|用于|为了")
_CLAUSE_MARK = re.compile(r"[，,；;：:（()）]")
_FUNDS = re.compile(r"一般公共预算|政府性基金预算|国有资本经营预算")
_COMPARATIVE = re.compile(r"增加|减少|增长|下降|降低|上升|持平")
# what a change is measured against: "与上年相比", "较上年", "比2023年度", "同比" (a bare year is the
# year the figure is of, not a base)
_BASE = re.compile(
    r"(?:与|较|比|同)\s*(?:上一?年度?|去年|(?P<y>\d{4})\s*年度?|同期)\s*(?:相比|比较|同期)?|(?:上一?年度?|去年)(?:相比|比较|同期)?|同比|相比|比较"
)


def _direction_of(word: str) -> str:
    return "up" if word in _UP else "down" if word in _DOWN else "level" if word in _LEVEL else ""


def _against(text: str, year: int | None) -> str:
    """The base of the last comparison named in ``text``: "上年" (also the year before ``year``
    by number), another year ("2022年"), or ""."""
    found = [m for m in _BASE.finditer(text) if m.group(0) not in ("相比", "比较")]
    if not found:
        return ""
    y = found[-1].group("y")
    if y is None or (year is not None and int(y) == year - 1):
        return "上年"
    return f"{y}年"


def _direction_claims(unit: Unit, facts: list[Fact], department: str, year: int | None) -> Iterator[DirectionClaim]:
    """The direction words of each sentence with their subject and base (see :class:`DirectionClaim`)."""
    text = unit.paragraph.text
    sentence = -1
    subject = against = ""
    first_amount = ""
    for i, fact in enumerate(facts):
        start, end = _sentence_bounds(text, fact.start)
        if start != sentence:
            sentence, subject, against = start, "", ""
            first_amount = next(
                (normalize_subject(f.label, department) for f in facts if start <= f.start < end and f.kind == FactKind.AMOUNT and f.label.strip()), ""
            )
        if fact.kind == FactKind.AMOUNT and not subject and fact.label.strip() and not _COMPARATIVE.search(fact.label):
            subject = normalize_subject(_BASE.sub("", fact.label), department)
        direction = _direction_of(fact.word) if fact.kind == FactKind.COMPARISON else ""
        if not direction:
            continue
        cut = _REASON_CUT.search(text, start, end)
        if cut is not None and cut.start() < fact.start:
            continue  # a word of the reason ("主要原因是人员减少")
        if direction == "level" and text[max(0, fact.start - 2) : fact.start] == "基本":
            continue  # "基本持平" goes with a small change
        if fact.end < len(text) and text[fact.end] in "率值额幅量":
            continue  # "增长率为 …" names a figure, it does not say what moved
        clause_start = max((m.end() for m in _CLAUSE_MARK.finditer(text, start, fact.start)), default=start)
        after = _CLAUSE_MARK.search(text, fact.end, end)
        clause_end = after.start() if after else end
        clause = text[clause_start:clause_end]
        if "预算" in _FUNDS.sub("", clause) or "决算数" in clause:
            continue  # a comparison with the budget, not a change
        quantity = next(
            (f for f in facts[i + 1 :] if f.start < clause_end and f.kind in (FactKind.AMOUNT, FactKind.PERCENT)),
            None,
        )
        if direction != "level" and quantity is None:
            continue
        named = normalize_subject(_BASE.sub("", fact.label), department).strip("（()）")
        if named:
            subject = named
        elif not subject:
            subject = first_amount
        said = _against(text[start : fact.start], year)
        if said:
            against = said
        yield DirectionClaim(word=fact, direction=direction, subject=subject, against=against, quantity=quantity, sentence=start, unit=unit)


_WORDS = "增加|减少|增长|下降|降低|上升|大于|小于|高于|低于|持平|等于"
# opposite words run together, or a template's alternatives left standing ("增加/减少"; the bracketed
# "增加（减少）" is a placeholder of its own)
_GARBLED = re.compile(
    r"大小于|小大于|高低于|低高于|增减少|增减加|减增加|减增长|增加减少|减少增加|增长下降|下降增长|增长降低|降低增长|上升下降|下降上升"
    rf"|(?P<a>{_WORDS})\s*[/／]\s*(?P<b>{_WORDS})"
)


def _garbled_claims(unit: Unit) -> Iterator[GarbledClaim]:
    """Opposite comparison words run together, read across line breaks."""
    text = unit.paragraph.text
    view, offsets = joined(text)
    for m in _GARBLED.finditer(view):
        if m.group("a") and m.group("a") == m.group("b"):
            continue  # "增加（增加）" repeats a word, it does not leave a choice open
        start, end = offsets[m.start()], offsets[m.end() - 1] + 1
        yield GarbledClaim(text=text[start:end], start=start, end=end, unit=unit)


def _amount_claims(unit: Unit, facts: list[Fact], department: str, aliases: dict[str, str]) -> Iterator[AmountClaim]:
    """Amounts of named subjects ("收入总计 2,079.31 万元"), by the subjects of the paragraph's scope."""
    for fact in facts:
        if fact.kind != FactKind.AMOUNT:
            continue
        found = subject_key(fact.label, unit.scope, department)
        if found is None and unit.scope == "other":
            for scope in ("all", "fiscal"):
                found = subject_key(fact.label, scope, department)
                if found:
                    break
        if found is not None:
            term, key = found
            if term in aliases:
                key = key.split(":")[0] + ":" + aliases[term]
            yield AmountClaim(fact=fact, subject=term, key=key, unit=unit)


def _share_claims(unit: Unit, facts: list[Fact]) -> Iterator[ShareClaim]:
    """Shares: "占X的Y%" / "占Y%", with the amount before them."""
    text = unit.paragraph.text
    for i, fact in enumerate(facts):
        if fact.kind != FactKind.PERCENT:
            continue
        m = _SHARE_OF.search(_compact(fact.label))
        if not m:
            continue
        word = m.group(1).rstrip("的")
        sent_start, _ = _sentence_bounds(text, fact.start)
        numerator = None
        for prev in reversed(facts[:i]):
            if prev.end <= sent_start and prev.kind == FactKind.AMOUNT:
                # the figure may close the previous sentence ("… 0.00 万元，占 …")
                numerator = prev if not _SENTENCE_END.search(text[prev.end : fact.start]) else None
                break
            if prev.kind == FactKind.AMOUNT:
                numerator = prev
                break
            if prev.kind == FactKind.PERCENT:
                break
        yield ShareClaim(percent=fact, numerator=numerator, denominator_word=word, unit=unit)


def _names_subject(word: Fact, department: str) -> bool:
    """The clause of a comparison word names what changed ("科学技术支出减少"), not only the base
    ("与上年相比，减少") or nothing ("，降低 11.76%")."""
    return bool(normalize_subject(_BASE.sub("", word.label), department).strip("（()）"))


def _change_claims(unit: Unit, facts: list[Fact], department: str, year: int | None = None) -> Iterator[ChangeClaim]:
    """Changes from the year before: "增加/减少 X 万元，增长/下降 Y%" and "持平"."""
    text = unit.paragraph.text
    for i, fact in enumerate(facts):
        if fact.kind != FactKind.COMPARISON or fact.word not in _CHANGE_START:
            continue
        _, sent_end = _sentence_bounds(text, fact.start)
        context = text[max(0, fact.start - 40) : fact.start]
        if not _AGAINST_LAST_YEAR.search(context + fact.label):
            # the parts listed after "其中" are compared with what the whole was compared with:
            # "与上年相比，收入总计减少 A 万元…。其中：财政拨款收入增加 a 万元"
            sent_start, _ = _sentence_bounds(text, fact.start)
            if "其中" not in text[sent_start : fact.start]:
                continue
            before_start, _ = _sentence_bounds(text, max(0, sent_start - 1))
            if not _AGAINST_LAST_YEAR.search(text[before_start : fact.start]):
                continue
        if "预算" in _FUNDS.sub("", fact.label):
            continue  # a comparison with the budget ("一般公共预算…" names a fund, not a budget)
        change_amount: Fact | None = None
        rate_word: Fact | None = None
        rate: Fact | None = None
        for nxt in facts[i + 1 :]:
            if nxt.start >= sent_end:
                break
            if nxt.kind == FactKind.COMPARISON and change_amount is not None and _names_subject(nxt, department):
                break  # "教育支出增加 X 万元，科学技术支出减少 Y 万元": the next word is another subject's change
            if nxt.kind == FactKind.AMOUNT and change_amount is None and rate is None:
                change_amount = nxt
            elif nxt.kind == FactKind.COMPARISON and nxt.word in _RATE_WORDS and rate_word is None and change_amount is not None:
                rate_word = nxt
            elif nxt.kind == FactKind.PERCENT and rate is None and change_amount is not None:
                rate = nxt
                break
            elif nxt.kind == FactKind.COMPARISON and nxt.word in _CHANGE_START and change_amount is not None:
                break
        subject = normalize_subject(_UP_TO_COMPARED.sub("", fact.label), department)
        about = None
        if not re.sub(r"与上年$|与\d{4}年度?$|较上年$|比上年$|同比$", "", subject):
            # "…费 0.00 万元，……与上年持平": the subject left out is the figure the paragraph is about
            about = _paragraph_subject(facts[:i], unit, department)
        last = rate or change_amount or fact
        reason = reason_in(text, last.end, sent_end)
        if not reason and _REASON_ANY[0].match(text, sent_end):  # "…下降1.87%。主要原因：…"
            reason = reason_in(text, sent_end)
        to_level = _TO_LEVEL.match(text, fact.end) is not None
        yield ChangeClaim(
            subject=subject,
            word=fact,
            amount=change_amount,
            rate_word=rate_word,
            rate=rate,
            unit=unit,
            reason=reason,
            about=about,
            to_level=to_level,
            level=_level_before(facts[:i], fact, text, year),
        )


# between this year's figure and the change word only the base it is compared with, which may name
# the kind of figure it is ("决算数", "支出", "同期数"): "X 万元，比上年增加", "X 万元，与 2023 年度相比，
# 减少", "X 万元，同比增长", "X 万元，比 2022 年度决算数增长", "X 万元，与上年决算相比，增加"
_LEVEL_TO_CHANGE = re.compile(
    r"\s*[，,]?\s*(?:(?:与|较|比|同)\s*(?:上一?年度?|去年|\d{4}\s*年度?|同期)\s*(?:的\s*)?"
    r"(?:支出决算数?|决算支出数?|决算数?|实际支出数?|支出数?|同期数?)?\s*(?:相比|比较|同期)?\s*[，,]?\s*|同比\s*)?"
)
_NOT_LEVEL = re.compile(r"上一?年|去年|同期|预算")
_YEAR = re.compile(r"(\d{4})\s*年")


def _level_before(before: list[Fact], word: Fact, text: str, year: int | None) -> Fact | None:
    """The amount printed right before a change word, with only the base between them: this
    year's figure of what changed. ``None`` when anything else stands between, or when the
    amount is a budget or another year's figure."""
    last = next((f for f in reversed(before) if f.kind != FactKind.YEAR), None)
    if last is None or last.kind != FactKind.AMOUNT or last.value is None or _NOT_LEVEL.search(last.label):
        return None
    sentence_start, _ = _sentence_bounds(text, last.start)
    years = [*_YEAR.findall(last.label), *(str(f.value) for f in before if f.kind == FactKind.YEAR and sentence_start <= f.start < last.start)]
    if any(year is None or not y.isdigit() or int(y) != year for y in years):
        return None  # another year's figure ("2023 年度支出 X 万元")
    gap = text[last.end : word.start]
    m = _LEVEL_TO_CHANGE.fullmatch(gap) if gap.strip() else None
    if m is None or not _BASE.search(gap):
        return None
    return last


def _paragraph_subject(before: list[Fact], unit: Unit, department: str) -> AmountClaim | None:
    """The first named figure of a paragraph (the subject a later sentence leaves out), ``None`` when none."""
    for fact in before:
        if fact.kind != FactKind.AMOUNT:
            continue
        for sc in (unit.scope, *FALLBACK_SCOPES):
            found = subject_key(fact.label, sc, department)
            if found is not None:
                return AmountClaim(fact=fact, subject=found[0], key=found[1], unit=unit)
        return None
    return None


def _compact(text: str) -> str:
    return "".join(text.split())


def _search_joined(pattern: re.Pattern[str], text: str, start: int, end: int) -> tuple[str, int, int] | None:
    """``pattern`` searched between ``start`` and ``end`` in the text read without the breaks a line
    or page break left inside words ("决算\n数大于预算数"): (group 1, its start, the match's end),
    as offsets of ``text``."""
    view, offsets = joined(text)
    if len(view) == len(text):
        m = pattern.search(text, start, end)
        return (m.group(1), m.start(1), m.end()) if m else None
    lo = bisect_left(offsets, start)
    hi = bisect_left(offsets, end)
    m = pattern.search(view, lo, hi)
    if not m:
        return None
    return m.group(1), offsets[m.start(1)], offsets[m.end() - 1] + 1


def _span_joined(pattern: re.Pattern[str], text: str, start: int, end: int) -> tuple[int, int] | None:
    """Where ``pattern`` matches between ``start`` and ``end`` in the text read across line breaks,
    as offsets of ``text``."""
    view, offsets = joined(text)
    if len(view) == len(text):
        m = pattern.search(text, start, end)
        return (m.start(), m.end()) if m else None
    m = pattern.search(view, bisect_left(offsets, start), bisect_left(offsets, end))
    return (offsets[m.start()], offsets[m.end() - 1] + 1) if m else None


_RATE_ALONE = re.compile(r"\s*完成(?:年初|全年|调整后?)?预算")


def _rate_claims(unit: Unit, facts: list[Fact], department: str) -> list[BudgetRateClaim]:
    """ "完成（年初）预算的 Y%", with the amounts, the direction word and the reason around it."""
    text = unit.paragraph.text
    out: list[BudgetRateClaim] = []
    chains: list[re.Match[str]] | None = None
    for i, fact in enumerate(facts):
        if fact.kind != FactKind.PERCENT or not _OF_BUDGET.search(_compact(fact.label)):
            continue
        sent_start, sent_end = _sentence_bounds(text, fact.start)
        actual: Fact | None = None
        stated_budget: Fact | None = None
        for prev in reversed(facts[:i]):
            if prev.kind != FactKind.AMOUNT:
                continue
            if _BUDGET_LABEL.search(_compact(prev.label)) and stated_budget is None:
                stated_budget = prev
                continue
            if actual is None:
                actual = prev
            if actual is not None:
                break
        if stated_budget is None and actual is not None:
            # "年初预算为X万元，支出决算为Y万元，完成年初预算的Z%": the budget stated right before the
            # actual, in the same sentence and with no other rate between (not a total's budget
            # before "其中：…完成预算的Z%")
            # the sentence of the actual: "年初预算为X万元，支出决算为Y万元。完成年初预算的Z%" puts the rate
            # in a sentence of its own
            actual_start = _sentence_bounds(text, actual.start)[0] if not _SENTENCE_END.search(text, actual.end, fact.start) or _RATE_ALONE.match(text, sent_start) else sent_start
            since = max((f.start for f in facts[:i] if f.kind == FactKind.PERCENT and f.start < actual.start), default=actual_start)
            stated_budget = next(
                (
                    f
                    for f in reversed(facts[:i])
                    if f.kind == FactKind.AMOUNT
                    and max(actual_start, since) <= f.start < actual.start
                    and _BUDGET_LABEL.search(_compact(f.label))
                ),
                None,
            )
        next_rate = next((f.start for f in facts[i + 1 :] if f.kind == FactKind.PERCENT), len(text))
        window_end = min(len(text), sent_end + 80, next_rate)
        direction = ""
        direction_fact = None
        in_sentence = [f for f in facts if f.kind == FactKind.PERCENT and sent_start <= f.start < sent_end and _OF_BUDGET.search(_compact(f.label))]
        if len(in_sentence) > 1 and in_sentence[0] is fact:
            # a total followed by its items ("…完成年初预算的98.32%，其中：基本支出…92.77%，项目支出…104.31%。
            # 决算数小于年初预算数…"): a direction in the next sentence is the total's, not the last item's
            dm = _search_joined(_DIRECTION, text, fact.end, next_rate)
            if dm is None:
                after = next((f.start for f in facts if f.kind == FactKind.PERCENT and f.start >= sent_end), len(text))
                dm = _search_joined(_DIRECTION, text, sent_end, min(len(text), sent_end + 80, after))
        elif len(in_sentence) > 1:
            dm = _search_joined(_DIRECTION, text, fact.end, min(sent_end, next_rate))  # an item: its own words only
        else:
            dm = _search_joined(_DIRECTION, text, fact.end, window_end)
        if dm:
            direction, word_start, direction_end = dm
            direction_fact = next((f for f in facts if f.kind == FactKind.COMPARISON and f.start == word_start), None)
        reason = _reason_after(text, direction_end if dm else fact.end) or ""
        subject = normalize_subject(actual.label, department) if actual is not None else ""
        named = ""
        if stated_budget is not None:  # "一般公共预算财政拨款支出年初预算为X万元，支出决算为Y万元": the fuller name
            named = normalize_subject(_BUDGET_LABEL.sub("", _compact(stated_budget.label)), department)
            if named.endswith(subject) and len(named) > len(subject):
                subject = named
        head = text[: direction_fact.start] if direction_fact is not None else text[: fact.start]
        if chains is None:
            chains = list(item_matches(text))
        out.append(
            BudgetRateClaim(
                rate=fact,
                actual=actual,
                budget=stated_budget,
                direction=direction,
                direction_fact=direction_fact,
                reason=reason,
                subject=subject,
                unit=unit,
                budget_subject=named,
                item_names=_item_before(chains, text, fact.start),
                compared=_CLAUSE_END.split(head)[-1],
            )
        )
    return out


_CLAUSE_END = re.compile(r"[，。；：,;:]")


def _item_before(chains: list[re.Match[str]], text: str, position: int) -> tuple[str, ...]:
    """The (类, 款, 项) names of the last full chain before ``position`` when nothing bracketed
    stands between them, () otherwise."""
    last = next((m for m in reversed(chains) if m.end() <= position), None)
    if last is None or not last.group("k") or not last.group("x") or any(b in text[last.end() : position] for b in "（()）"):
        return ()
    return _chain_names(last)


#: the words of each 三公 item (the total is "“三公”经费")
THREE_PUBLIC_WORDS = {
    ThreePublicItem.OVERSEAS: "因公出国",
    ThreePublicItem.VEHICLES: "公务用车",
    ThreePublicItem.RECEPTION: "公务接待",
}


def names_three_public_total(words: str) -> bool:
    """Whether ``words`` name the 三公 total ("“三公”经费支出决算数"), not one of its items."""
    return "三公" in words and not any(name in words for name in THREE_PUBLIC_WORDS.values())


def _item_claims(unit: Unit, facts: list[Fact], rates: list[BudgetRateClaim]) -> Iterator[ItemClaim]:
    """类/款/项 explanations, each with its amount, its budget and the rate claim after it (``rates``: the unit's)."""
    text = unit.paragraph.text
    matches = list(item_matches(text))
    for n, m in enumerate(matches):
        names = _chain_names(m)
        _, sent_end = _sentence_bounds(text, m.end())
        amount: Fact | None = None
        budget: Fact | None = None
        for f in facts:
            if f.start < m.end() - 1 or f.kind != FactKind.AMOUNT:
                continue
            if f.start > sent_end + 200:
                break
            if "预算" in f.label and budget is None:
                budget = f
            elif amount is None:
                amount = f
            if amount is not None and (budget is not None or f.start > sent_end):
                break
        rate_claim = next((r for r in rates if r.rate.start > m.end() and (r.actual is amount or r.actual is None)), None)
        purpose = ""
        if amount is not None:
            pm = _PURPOSE_AFTER_ITEM.match(text, amount.end)
            purpose = pm.group(1).strip() if pm else ""
        end = matches[n + 1].start() if n + 1 < len(matches) else len(text)  # up to the next explanation
        yield ItemClaim(
            names=names,
            amount=amount,
            budget=budget,
            rate=rate_claim,
            unit=unit,
            start=m.start(),
            purpose=purpose,
            used_for=used_for_in(text, m.start(), end),
            budget_reason=budget_reason_in(text, m.start(), end),
        )


_USED_FOR = re.compile(r"主要用于[：:]\s*([^。]*)")


def used_for_in(text: str, start: int = 0, end: int | None = None) -> str:
    """What money was used for, as "主要用于：W。" states it between ``start`` and ``end`` (read
    across line breaks), "" when the text says nothing."""
    if "用" not in text:
        return ""
    view, offsets = joined(text)
    limit = len(text) if end is None else end
    if len(view) != len(text):
        start, limit = bisect_left(offsets, start), bisect_left(offsets, limit)
    m = _USED_FOR.search(view, start, limit)
    return m.group(1).strip(" ，,；;") if m is not None else ""


_BUDGET_DIFFERENCE = re.compile(r"决算数?(?:大于|小于|高于|低于|超过)(?:年初)?预算数?的?")


def budget_reason_in(text: str, start: int = 0, end: int | None = None) -> str:
    """The reason given for the 决算 differing from the 预算 — "决算数小于（年初）预算数的主要原因：X" —
    between ``start`` and ``end`` (the phrase read across line breaks), "" when none is given."""
    limit = len(text) if end is None else end
    if "决" not in text:
        return ""
    found = _span_joined(_BUDGET_DIFFERENCE, text, start, limit)
    return reason_in(text, found[1], limit) if found is not None else ""


# what every coded name ends with: an opening bracket, then the code's first three digits
_CODE_IN_BRACKETS = re.compile(r"[（(]\s*\d{3}")
_CODED_NAME = re.compile(r"(?P<name>[^，,。；;：:（()）\s\d.．、][^，,。；;：:（()）\s]*?)\s*[（(]\s*(?P<code>\d{3}(?:\d{2}){0,2})\s*[)）]")
# between the code and the amount only the year and the word for this year's figure
_CODED_TO_AMOUNT = re.compile(r"\s*[，,:：]?\s*(?:\d{4}\s*年度?)?\s*(?:的)?\s*(?:决算数?|支出(?:决算数?)?|实际支出)?\s*(?:为|是|共计|合计)?\s*")


def _coded_item_claims(unit: Unit, facts: list[Fact], year: int | None) -> Iterator[CodedItemClaim]:
    """ "名称（功能分类代码），[本年度]决算数为 X 万元": the amount right after a coded name,
    with nothing but the year and "决算数为" between them (a budget, another year's figure or a
    change is not this year's amount)."""
    text = unit.paragraph.text
    if not _CODE_IN_BRACKETS.search(text):
        return  # no coded name: searched for only where one may end (the search tries every start)
    starts: list[int] | None = None
    for m in _CODED_NAME.finditer(text):
        amount = next((f for f in facts if f.start >= m.end() and f.kind != FactKind.YEAR), None)
        if amount is None or amount.kind != FactKind.AMOUNT or amount.value is None:
            continue
        if not _CODED_TO_AMOUNT.fullmatch(text[m.end() : amount.start]):
            continue
        years = [f for f in facts if f.kind == FactKind.YEAR and m.end() <= f.start < amount.start]
        if any(year is None or f.value is None or int(f.value) != year for f in years):
            continue  # another year's figure
        name = strip_list_number(m.group("name")).strip()
        if name:
            if starts is None:
                starts = [f.start for f in facts]
            rate_word, rate = _rate_after(facts, starts, amount, text)
            yield CodedItemClaim(name=name, code=m.group("code"), amount=amount, unit=unit, rate_word=rate_word, rate=rate)


_CODED_RATE_WORDS = ("增长", "增加", "减少", "降低", "下降", "上升", "持平")


def _rate_after(facts: list[Fact], starts: list[int], amount: Fact, text: str) -> tuple[Fact | None, Fact | None]:
    """The first change word after ``amount`` in its sentence and the percentage right after it
    (``starts``: where each fact starts)."""
    _, end = _sentence_bounds(text, amount.start)
    at = bisect_left(starts, amount.end)
    after = facts[at:]
    for i, fact in enumerate(after):
        if fact.start >= end:
            break
        if fact.kind == FactKind.COMPARISON and fact.word in _CODED_RATE_WORDS:
            if fact.word == "持平":
                return fact, None
            nxt = after[i + 1] if i + 1 < len(after) else None
            if nxt is not None and nxt.kind == FactKind.PERCENT and nxt.value is not None:
                return fact, nxt
            return None, None
    return None, None


#: "学校其他收入与上年比较发生较大差异的原因是债务收入减少" / "…的原因，一是…，二是…"
_LARGE_DIFFERENCE = re.compile(
    r"(?:^|[。；])(?:学校|本单位|我校)?(?P<name>[^，。；：、]+?)与上年(?:比较|相比)?(?:发生)?(?:较大)?(?:差异|变动|变化)的(?:主要)?原因"
    r"(?:是|为|主要是|：|，)(?P<reason>[^。]+)"
)


def _reason_claims(unit: Unit) -> Iterator[ReasonClaim]:
    """Reasons said of a named figure's difference from last year (read without spaces or line breaks)."""
    if "原" not in unit.paragraph.text or "因" not in unit.paragraph.text:
        return
    text = _compact(unit.paragraph.text)
    for m in _LARGE_DIFFERENCE.finditer(text):
        name = strip_list_number(unquote(m.group("name"))).strip()
        if name:
            yield ReasonClaim(subject=name, against="上年", reason=m.group("reason").strip("，；。 "), unit=unit)


_COMPOSITION = re.compile(r"反映(?P<names>[^，。；]+?)的(?:经费)?收支情况")


def composition_names(text: str) -> tuple[str, ...]:
    """The units a 单位构成 sentence names ("…部门决算反映A、B、C的经费收支情况"), () when it names none."""
    m = _COMPOSITION.search(_compact(text))
    if m is None:
        return ()
    return tuple(n for n in (strip_list_number(unquote(n)).strip() for n in m.group("names").split("、")) if n)


@dataclass(frozen=True, repr=False)
class SummaryParts(Record):
    """The parts of a project's 绩效 paragraph, as the document words them ("" for a part it leaves out)."""

    achieved: str  # after "项目绩效目标完成情况："
    problems: str  # after "发现的主要问题及原因："
    measures: str  # after "下一步改进措施："


_ASCII_MARKS = str.maketrans({"(": "（", ")": "）", ",": "，", ":": "："})
_SUMMARY_ACHIEVED = re.compile(r"项目绩效目标完成情况：(.*?)(?:发现的主要问题及原因：|下一步改进措施：|$)")
_SUMMARY_PROBLEMS = re.compile(r"发现的主要问题及原因：(.*?)(?:下一步改进措施：|$)")
_SUMMARY_MEASURES = re.compile(r"下一步改进措施：(.*)$")


def performance_summary_parts(text: str) -> SummaryParts:
    """A project's 绩效 paragraph split into "项目绩效目标完成情况：…发现的主要问题及原因：…下一步改进措施：…",
    read without spaces or line breaks and with full-width punctuation (the parts keep it)."""
    t = _compact(text.translate(_ASCII_MARKS))
    parts = (_SUMMARY_ACHIEVED.search(t), _SUMMARY_PROBLEMS.search(t), _SUMMARY_MEASURES.search(t))
    achieved, problems, measures = (m.group(1).strip() if m else "" for m in parts)
    return SummaryParts(achieved=achieved, problems=problems, measures=measures)
