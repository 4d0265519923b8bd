"""Which layout a document is in, by scored clues.

The detector looks at what any reader found (:class:`Layout`: the tables with their printed
numbers and titles, 行次, how codes were printed, the order of the parts in the body and in the
目录, the cover) and scores every profile of the registry: each clue of a profile that holds adds
its weight (a negative weight counts against). The best score wins; a tie goes to the profile
marked ``fallback`` and then to the one found first. When no profile scores above zero the
fallback profile is chosen, and the detection says so. Every score and the clues behind it are
kept, so that ``juesuan check --verbose`` can show why.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from juesuan.model.narrative import part_kind
from juesuan.model.report import Report
from juesuan.model.tables import BalanceTable, ClassifiedTable, TableKind
from juesuan.profiles.profile import Clue, Profile
from juesuan.profiles.registry import Registry, registry
from juesuan.record import Record

__all__ = ["Detection", "Layout", "detect", "layout_of"]


@dataclass(frozen=True, repr=False)
class Layout(Record):
    """What the detector sees in a document."""

    kinds: frozenset[TableKind]
    numbers: dict[TableKind, int]
    titles: tuple[str, ...]
    line_numbers: bool | None  # None: no 总表 to tell
    split_codes: bool
    body_order: tuple[str, ...]
    toc_order: tuple[str, ...]
    cover: str

    @property
    def numbered(self) -> bool:
        return bool(self.numbers)

    @property
    def table_count(self) -> int:
        return len(self.kinds - {TableKind.OTHER})


def layout_of(report: Report) -> Layout:
    tables = report.tables
    balance = [t for t in tables if isinstance(t, BalanceTable)]
    line_numbers = any(line.line_no is not None for t in balance for line in t.lines) if balance else None
    split = any(row.code is not None and " " in row.code.printed.strip() for t in tables if isinstance(t, ClassifiedTable) for row in t.rows)
    numbers = {t.kind: t.header.number_value for t in tables if t.header.number_value is not None}
    meta = report.metadata
    return Layout(
        kinds=frozenset(t.kind for t in tables),
        numbers={k: v for k, v in numbers.items() if v is not None},
        titles=tuple(t.header.title for t in tables),
        line_numbers=line_numbers,
        split_codes=split,
        body_order=tuple(p.kind for p in report.narrative.parts if p.kind),
        toc_order=tuple(k for k in (part_kind(e.title) for e in report.toc if e.level == 1) if k),
        cover=f"{meta.title} {meta.department}",
    )


def holds(clue: Clue, layout: Layout) -> bool:
    """Whether the document shows the sign the clue describes."""
    if clue.table is not None:
        return layout.numbers.get(clue.table) == clue.number if clue.number is not None else clue.table in layout.kinds
    if clue.title is not None:
        return bool(clue.title) and any(clue.title in title for title in layout.titles)
    if clue.numbered is not None:
        return bool(layout.titles) and layout.numbered == clue.numbered
    if clue.order is not None:
        first, then = clue.order
        return any(_before(order, first, then) for order in (layout.body_order, layout.toc_order))
    if clue.line_numbers is not None:
        return layout.line_numbers is not None and layout.line_numbers == clue.line_numbers
    if clue.split_codes is not None:
        return bool(layout.titles) and layout.split_codes == clue.split_codes
    if clue.cover is not None:
        return bool(clue.cover) and clue.cover in layout.cover
    if clue.max_tables is not None:
        return 0 < layout.table_count <= clue.max_tables
    return False


def _before(order: tuple[str, ...], first: str, then: str) -> bool:
    if first not in order or then not in order:
        return False
    return order.index(first) < order.index(then)


@dataclass(frozen=True, repr=False)
class Detection(Record):
    """The layout chosen, its score, and every profile's score with the clues that held."""

    name: str
    score: int
    scores: dict[str, int]
    evidence: dict[str, tuple[tuple[str, int], ...]]
    fallback: bool = False  # chosen because no profile found any of its clues

    def explain(self) -> list[str]:
        """Lines in Chinese: the choice, then each profile's score and clues, best first."""
        head = f"版式：{self.name}（得分 {self.score}{'，没有找到任何线索，按默认版式' if self.fallback else ''}）"
        lines = [head]
        for name, score in sorted(self.scores.items(), key=lambda item: -item[1]):
            clues = "；".join(f"{text} {weight:+d}" for text, weight in self.evidence.get(name, ())) or "无线索"
            lines.append(f"  {name} {score}：{clues}")
        return lines


def detect(report: Report, profiles: Iterable[Profile] | Registry | None = None) -> Detection:
    """Score every profile (those of the registry unless given) and choose one."""
    candidates = list(profiles if profiles is not None else registry())
    if not candidates:
        raise ValueError("没有可用的版式")
    layout = layout_of(report)
    scores: dict[str, int] = {}
    evidence: dict[str, tuple[tuple[str, int], ...]] = {}
    for profile in candidates:
        held = tuple((clue.describe(), clue.weight) for clue in profile.detect.clues if holds(clue, layout))
        evidence[profile.name] = held
        scores[profile.name] = sum(weight for _, weight in held)
    best = max(scores.values())
    fallback = next((p.name for p in candidates if p.detect.fallback), candidates[0].name)
    if best <= 0:
        return Detection(fallback, scores[fallback], scores, evidence, fallback=True)
    tied = [p.name for p in candidates if scores[p.name] == best]
    name = fallback if fallback in tied else tied[0]
    return Detection(name, best, scores, evidence)
