"""What kind of document a file is: 部门决算, 单位决算, 部门预算, 单位预算, 绩效报告 or unrelated.

Told from structure, counted across the document with weights (``kinds.toml``): the cover title,
the 目录 and part titles, table titles (收支预算总表 vs 收入支出决算总表), column headers, and the
year pattern ("2019年部门预算"). The reader asks this before it builds the model: a 预算 is refused
with :meth:`KindVerdict.refusal` ("这是部门预算（2019 年度），juesuan 目前审核决算"); a 决算 carries its
kind (部门 or 单位) into the model's metadata.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from juesuan.diagnostics import ReadError
from juesuan.files import package_files
from juesuan.model.report import DocumentKind
from juesuan.profiles.parsed import parse_toml
from juesuan.record import Record

__all__ = ["DocumentTexts", "KindVerdict", "NotAFinalAccount", "classify", "looks_like_table_title"]

_PLACES = ("cover", "headings", "titles", "headers", "body")


@dataclass(frozen=True, repr=False)
class DocumentTexts(Record):
    """The text of a document by where it stands (each a list of lines as printed)."""

    cover: tuple[str, ...] = ()
    headings: tuple[str, ...] = ()
    titles: tuple[str, ...] = ()
    headers: tuple[str, ...] = ()
    body: tuple[str, ...] = ()
    tables_found: int = 0  # tables (and 自评表) the reader recognised

    def place(self, where: str) -> tuple[str, ...]:
        return tuple(getattr(self, where))


@dataclass(frozen=True, repr=False)
class _Clue(Record):
    """One clue of a document kind (``kinds.toml``): a pattern or words, where to look, and its weight."""

    where: str
    pattern: re.Pattern[str] | None  # a regular expression, or
    words: tuple[str, ...]  # literal words (counted fast: the body is long)
    weight: int
    cap: int
    unless: re.Pattern[str] | None


@dataclass(frozen=True, repr=False)
class _Kind(Record):
    """A document kind, the clues that tell it, and what shows a file *is* one (``evidence``:
    its tables, title and structure, as opposed to a text that only mentions it)."""

    key: str
    name: str
    min_score: int
    clues: tuple[_Clue, ...]
    evidence: tuple[_Clue, ...] = ()


@dataclass(frozen=True, repr=False)
class KindVerdict(Record):
    """The kind chosen, every kind's score, and the year the winning kind's title gives."""

    kind: DocumentKind | None  # None: not a 决算, 预算 or 绩效报告 at all
    year: int | None = None
    scores: dict[str, int] = field(default_factory=dict)
    mentions_final: bool = False  # not a 决算, but the text talks about one (a README, a 通知)

    @property
    def accepted(self) -> bool:
        return self.kind is not None and self.kind.is_final

    def refusal(self) -> str:
        """Why the file is not checked (``""`` when it is a 决算)."""
        if self.accepted:
            return ""
        if self.kind is None and self.mentions_final:
            return "不是部门决算：提到“决算”，但没有决算表，也没有决算的标题和结构"
        if self.kind is None:
            return "这不像部门决算文档：既没有找到任何决算表，也没有“决算”字样"
        year = f"（{self.year} 年度）" if self.year else ""
        return f"这是{self.kind.value}{year}，juesuan 目前审核决算"


class NotAFinalAccount(ReadError):
    """A file that is not a 决算 (a 预算, a 绩效报告, or unrelated), with the verdict that says so."""

    def __init__(self, path: str, verdict: KindVerdict) -> None:
        super().__init__(path, verdict.refusal())
        self.verdict = verdict

    def __reduce__(self) -> tuple[object, ...]:
        return (NotAFinalAccount, (self.path, self.verdict))


@cache
def _kinds() -> tuple[_Kind, ...]:
    data = parse_toml(package_files("juesuan.profiles").joinpath("kinds.toml"))
    return tuple(
        _Kind(key, spec["name"], int(spec["min_score"]), _clues(spec["clues"]), _clues(spec.get("evidence", ()))) for key, spec in data.items()
    )


def _clues(specs: list[dict[str, Any]]) -> tuple[_Clue, ...]:
    clues = []
    for raw in specs:
        if raw["where"] not in _PLACES:
            raise ValueError(f"kinds.toml: unknown place {raw['where']!r}")
        unless = raw.get("unless")
        pattern = re.compile(raw["pattern"]) if "pattern" in raw else None
        words = tuple(raw.get("words", ()))
        if (pattern is None) == (not words):
            raise ValueError(f"kinds.toml: a clue has either a pattern or words: {raw!r}")
        weight, cap = int(raw.get("weight", 1)), int(raw.get("cap", 1))
        clues.append(_Clue(raw["where"], pattern, words, weight, cap, re.compile(unless) if unless else None))
    return tuple(clues)


def _text(texts: DocumentTexts, where: str, unless: re.Pattern[str] | None, joined: dict[tuple[str, object], str]) -> str:
    """The lines of one place as one string (the cover joined without spaces), made once per call;
    without the lines ``unless`` matches."""
    key = (where, unless)
    if key not in joined:
        lines = texts.place(where)
        if where == "cover":
            joined[key] = "".join("".join(line.split()) for line in lines if unless is None or not unless.search(line))
        else:
            joined[key] = "\n".join(line for line in lines if unless is None or not unless.search(line))
    return joined[key]


def _count(clue: _Clue, text: str, years: Counter[int]) -> int:
    if clue.pattern is None:
        return min(sum(text.count(word) for word in clue.words), clue.cap)
    found = 0
    for match in clue.pattern.finditer(text):
        found += 1
        if "year" in match.groupdict() and match.group("year"):
            years[int(match.group("year"))] += 3 if clue.where == "cover" else 1
        if found >= clue.cap:
            break
    return found


_WHO = re.compile(r"(部门|单位)\s*(?:决算|预算)")


def classify(texts: DocumentTexts) -> KindVerdict:
    """Score every kind and choose: a 预算 or 绩效报告 must reach its ``min_score`` and beat the
    决算's score; otherwise the file is a 决算 when it holds what a 决算 publication holds (a
    recognised table, or any of the 决算's ``evidence``: a 决算 table title, a 决算 title on its
    cover, the parts and 情况说明 headings of one). A file that only mentions 决算 (a README, a
    通知 asking units to publish theirs) is not one, and says so; one that does not, is unrelated."""
    scores: dict[str, int] = {}
    years: dict[str, Counter[int]] = {}
    kinds = _kinds()
    joined: dict[tuple[str, object], str] = {}
    for kind in kinds:
        seen: Counter[int] = Counter()
        scores[kind.key] = sum(clue.weight * _count(clue, _text(texts, clue.where, clue.unless, joined), seen) for clue in kind.clues)
        years[kind.key] = seen
    final = scores.get("final", 0)
    rivals = sorted((k for k in kinds if k.key != "final" and scores[k.key] >= k.min_score and scores[k.key] > final), key=lambda k: -scores[k.key])
    named = {k.key: k.name for k in kinds}
    shown = {named[key]: value for key, value in scores.items()}
    if rivals:
        winner = rivals[0].key
        return KindVerdict(_kind_of(winner, texts), _year(years[winner]), shown)
    evidence = next(k for k in kinds if k.key == "final").evidence
    if texts.tables_found or any(_count(clue, _text(texts, clue.where, clue.unless, joined), Counter()) for clue in evidence):
        return KindVerdict(_kind_of("final", texts), _year(years["final"]), shown)
    mentioned = final > 0 or any("决算" in _text(texts, place, None, joined) for place in _PLACES)
    return KindVerdict(None, None, shown, mentions_final=mentioned)


def _kind_of(key: str, texts: DocumentTexts) -> DocumentKind:
    if key == "performance":
        return DocumentKind.PERFORMANCE
    who = Counter(m.group(1) for line in (*texts.cover, "".join(texts.cover), *texts.headings) for m in _WHO.finditer("".join(line.split())))
    unit = who["单位"] > who["部门"]
    if key == "budget":
        return DocumentKind.UNIT_BUDGET if unit else DocumentKind.DEPARTMENT_BUDGET
    return DocumentKind.UNIT_FINAL if unit else DocumentKind.DEPARTMENT_FINAL


def _year(years: Counter[int]) -> int | None:
    return years.most_common(1)[0][0] if years else None


_TITLE_PREFIX = re.compile(r"^(?:公开\s*\d+\s*表\s*|表\s*\d+\s*[：:.．、]?\s*|附表\s*\d+\s*[：:.．、]?\s*|[一二三四五六七八九十]+\s*[、.．]\s*|\d+\s*[、.．]\s*)")
_TITLE_END = re.compile(r"表(?:[（(][^（()）]{1,12}[）)])?$")


def looks_like_table_title(line: str) -> str:
    """The title a short line names when it looks like a table title (``公开01表 收支预算总表``,
    ``五、财政拨款支出预算表（功能科目）``), else ``""``."""
    end = line.rstrip()[-1:]
    if not end or end not in "表）)" or len(line) > 80:
        return ""
    text = "".join(line.split()).lstrip("#")
    text = _TITLE_PREFIX.sub("", text)
    if not 4 <= len(text) <= 40 or any(stop in text for stop in "。，；：:") or not _TITLE_END.search(text):
        return ""
    return text
