"""Names of 科目 printed in the narrative that are one character away from a known name.

A table prints a code beside each name, so a misspelt name there is compared with the catalogue's
name of that code (KM03). The narrative names 科目 without codes: in the 类/款/项 explanations, in
the headings and sentences that state an amount for a 科目, and in the lists that say what money was
spent on (“人员经费……主要包括基本工资、津贴补贴……等”). A name printed there that no table, no
catalogue edition and no usual variant knows, but that is one character from exactly one known
name, is most likely a slip of the pen: 机区事业单位 for 机关事业单位.

Known names: the catalogue's names (current, old editions, variants), every name the document's
own tables print (功能分类 rows, 经济分类 items, the lines of the 收支总表, 三公 items) and its
projects' names. Usual variants are never slips: a name cut short or followed by more words, a name
with or without its 支出/经费/费用/费/事务 ending, with or without 的/和/及/与.

The index of the bundled catalogue's names costs ~1.3 ms to make; like the catalogue itself
(:mod:`juesuan.classification`) it is kept beside the bytecode (``__pycache__/typos.py.<cache
tag>.index``, marshal) under a digest of what it is made from: the bundled catalogue's digest,
this module, :mod:`juesuan.narrative.surface` (how names are cleaned) and the 三公 items' names.
"""

from __future__ import annotations

import marshal
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from juesuan.check.identity import classified_tables
from juesuan.classification import BUNDLED_EDITION, bundled_catalogue, bundled_digest, class_lines, keep_bundled
from juesuan.files import digest, keep, kept_or_made, kept_path
from juesuan.model.build import validating
from juesuan.model.codes import Catalogue, normalize_name
from juesuan.model.narrative import FactKind, Paragraph
from juesuan.model.provenance import Source
from juesuan.model.report import Report
from juesuan.model.tables import BalanceTable, BasicExpenditureTable, Side, ThreePublicItem
from juesuan.narrative import surface
from juesuan.narrative.claims import Claims
from juesuan.narrative.surface import strip_list_number, unquote
from juesuan.record import Record

__all__ = ["NameSlip", "keep_index", "known_names", "name_slips", "near_name"]

# endings a name is printed with or without (住房保障 / 住房保障支出, 因公出国（境）费 / 费用)
_ENDINGS = ("的支出", "支出", "经费", "费用", "费", "事务", "项目")
# characters a name is printed with or without (对个人和家庭的补助 / 对个人和家庭补助)
_OPTIONAL = frozenset("的和及与、")
_MIN_SUBSTITUTION = 4  # shorter names differ by one character from too many others (水费/电费)
_MIN_INDEL = 6
# a name only the catalogue knows is taken as the target of a slip from 6 characters on: the bundled
# catalogue is partial, and short 科目 come in families it lists in part (小学/初中/高中教育)
_MIN_CATALOGUE_ONLY = 6


def _core(name: str) -> str:
    for ending in _ENDINGS:
        if name.endswith(ending) and len(name) - len(ending) >= 2:
            return name[: -len(ending)]
    return name


class _Index:
    """Known names, looked up by what a slip of one character leaves the same."""

    def __init__(self, names: set[str]) -> None:
        self.names = frozenset(names)
        self.cores = frozenset(_core(n) for n in names)
        self.replaced: dict[str, list[str]] = {}  # the name with one character blanked
        self.shortened: dict[str, list[str]] = {}  # the name with one character left out
        for name in names:
            if len(name) >= _MIN_SUBSTITUTION:
                for i in range(len(name)):
                    self.replaced.setdefault(name[:i] + "\0" + name[i + 1 :], []).append(name)
            if len(name) > _MIN_INDEL:
                for i in range(len(name)):
                    self.shortened.setdefault(name[:i] + name[i + 1 :], []).append(name)

    @classmethod
    def restored(cls, kept: object) -> _Index | None:
        """The index as :meth:`parts` gave it; None for data of another layout."""
        if type(kept) is not tuple or [type(part) for part in kept] != [frozenset, frozenset, dict, dict]:
            return None
        index = cls.__new__(cls)
        index.names, index.cores, index.replaced, index.shortened = kept
        return index

    def parts(self) -> tuple[frozenset[str], frozenset[str], dict[str, list[str]], dict[str, list[str]]]:
        return self.names, self.cores, self.replaced, self.shortened

    def near(self, name: str) -> set[str]:
        """The known names one substitution, insertion or deletion from ``name`` (unfiltered)."""
        out = set(self.shortened.get(name, ()))
        for i in range(len(name)):
            out.update(self.replaced.get(name[:i] + "\0" + name[i + 1 :], ()))
            if name[:i] + name[i + 1 :] in self.names:
                out.add(name[:i] + name[i + 1 :])
        return out


@dataclass(frozen=True, repr=False)
class _Pool(Record):
    """The names a printed name may have been meant to be: indexes, table names, project names."""

    indexes: tuple[_Index, ...]  # the catalogue's, the document's
    printed: frozenset[str] = frozenset()  # the names the document's own tables print
    projects: frozenset[str] = frozenset()  # the document's projects' names


def _normal(names: Iterable[str]) -> set[str]:
    return {n for n in (normalize_name(unquote(strip_list_number(name))) for name in names) if len(n) >= 2}


def _pool(names: Iterable[str], printed: Iterable[str] = (), projects: Iterable[str] = ()) -> _Pool:
    """A pool of the names known beside the document (``names``) and its own: its tables' names
    (``printed``) and its projects'."""
    return _pooled(_Index(_normal(names)), _normal(printed), _normal(projects))


def _pooled(index: _Index, printed: set[str], projects: set[str]) -> _Pool:
    own = printed | projects
    return _Pool((index, _Index(own - index.names)), frozenset(own), frozenset(projects))


_BY_CATALOGUE: dict[int, tuple[Catalogue, _Index]] = {}  # id → (the catalogue, kept alive; its index)


def _catalogue_index(catalogue: Catalogue) -> _Index:
    """The names of the catalogue in use and of the 类 lines, indexed once per catalogue."""
    kept = _BY_CATALOGUE.get(id(catalogue))
    if kept is not None and kept[0] is catalogue:
        return kept[1]
    bundled = catalogue.edition == BUNDLED_EDITION and catalogue is bundled_catalogue()
    index = _bundled_index() if bundled else _indexed(catalogue)
    if len(_BY_CATALOGUE) >= 8:
        _BY_CATALOGUE.clear()
    _BY_CATALOGUE[id(catalogue)] = (catalogue, index)
    return index


def _indexed(catalogue: Catalogue) -> _Index:
    names: list[str] = [name for _, name in class_lines()]
    for entry in catalogue.entries:
        names.append(entry.name)
        names.extend(entry.variants)
        names.extend(name for name, _ in entry.old_names)
    names.extend(item.value for item in ThreePublicItem if item is not ThreePublicItem.TOTAL)
    return _Index(_normal(names))


def _bundled_index() -> _Index:
    """The bundled catalogue's index: kept, or made (and kept where Python writes bytecode)."""
    return kept_or_made(None if validating() else _kept_path(), _index_digest, lambda: _indexed(bundled_catalogue()), kept_as=_Index.parts, restore=_Index.restored)


def _kept_path() -> Path | None:
    return kept_path(Path(__file__), "index")


def _index_digest() -> str | None:
    """What the bundled catalogue's index is made from: the catalogue (its digest), this module,
    :mod:`juesuan.narrative.surface`, the 三公 items; None where a part cannot be read as a file."""
    catalogue = bundled_digest()
    if catalogue is None:
        return None
    return digest((Path(__file__), Path(surface.__file__)), catalogue, *(item.value for item in ThreePublicItem))


def keep_index() -> Path | None:
    """Keep the bundled catalogue and its index, made afresh (``make bytecode``, whatever
    ``PYTHONDONTWRITEBYTECODE`` says); the index's file, None where nothing can be kept."""
    kept = _kept_path()
    key = _index_digest()
    if keep_bundled() is None or kept is None or key is None:
        return None
    return kept if keep(kept, key, _indexed(bundled_catalogue()).parts(), marshal.dumps) else None


def known_names(report: Report, catalogue: Catalogue) -> _Pool:
    """Every name of a 科目 (or project) the catalogue or the document's tables know."""
    names: list[str] = []
    for classified in classified_tables(report):
        names.extend(row.label for row in classified.coded_rows)
    for table in report.tables:
        if isinstance(table, BalanceTable):
            for side in (Side.INCOME, Side.EXPENDITURE):
                for line in table.side(side):
                    names.extend((line.label, line.key.partition("/")[0]))
        elif isinstance(table, BasicExpenditureTable):
            names.extend(item.name for item in table.items)
    return _pooled(_catalogue_index(catalogue), _normal(names), _normal(project.name for project in report.projects))


def _one_apart(a: str, b: str) -> bool:
    """One character substituted (names of 4 or more), or one inserted or deleted inside the name
    (6 or more); a character names are printed with or without (的, 和 …) is no slip, nor one more
    or less at either end (a name cut short, or run together with the word before or after it)."""
    if len(a) == len(b):
        if len(a) < _MIN_SUBSTITUTION:
            return False
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    short, long = (a, b) if len(a) < len(b) else (b, a)
    if len(long) - len(short) != 1 or len(short) < _MIN_INDEL:
        return False
    i = next((k for k, (x, y) in enumerate(zip(short, long, strict=False)) if x != y), len(short))
    if i == len(short) or long[1:] == short:
        return False  # a name cut short or followed by a word (住房保障支出为), not a slip
    return short[i:] == long[i + 1 :] and long[i] not in _OPTIONAL


def near_name(printed: str, pool: _Pool) -> str | None:
    """The one known name ``printed`` is a slip of, or None: ``printed`` is known (or a usual
    variant of a known name), or no known name, or more than one, is one character away."""
    name = normalize_name(unquote(printed))
    if len(name) < _MIN_SUBSTITUTION or not all("\u4e00" <= ch <= "\u9fff" or ch in "（）" for ch in name):
        return None
    core = _core(name)
    if any(name in index.names or core in index.cores for index in pool.indexes):
        return None  # known, with or without its ending
    near = {known for index in pool.indexes for known in index.near(name) if _one_apart(name, known)}
    if near and any(known.startswith(name) for index in pool.indexes for known in index.names):
        return None  # a known name cut short
    if len({_core(known) for known in near}) != 1:  # 住房公积金 / 住房公积金支出: one name
        return None
    sure = [known for known in near if len(known) >= _MIN_CATALOGUE_ONLY or known in pool.printed]
    return min(sure, key=len) if sure else None


@dataclass(frozen=True, repr=False)
class NameSlip(Record):
    """A name printed in the narrative and the known name it is one character away from."""

    printed: str
    expected: str
    source: Source
    project: bool = False  # ``expected`` names a project, not a 科目


# what introduces a list of what money went to: 主要包括/具体包括/主要用于/包括 …; the list runs to the
# end of the sentence or to the next such word (“人员经费……主要包括 A、B 等；日常公用经费……主要包括 C”)
_INTRO = r"主要包括|具体包括|主要用于|主要有|包括"
_LIST = re.compile(rf"(?:{_INTRO})[：:]?\s*((?:(?!{_INTRO})[^。！？!?])+)")
# the end of an item: “……等”, “……等支出”, “……等业务支出”, “……等方面的费用”
# what may follow the 等 that ends a list: 等, 等支出, 等业务支出, 等日常的支出 …
_LIST_END_WORDS = ("支出", "费用", "经费", "开支", "方面", "项目", "工作")
_REMARK = re.compile(r"[（(][^（）()]*[）)]$")  # “其他补助（不涉及的不列）”; 因公出国（境）费用 keeps its own
_SEPARATORS = re.compile(r"[、，,；;]|…+|\.{3,}")


def _listed(text: str) -> Iterator[tuple[int, str]]:
    """(offset, name) of each item of the lists in ``text``."""
    for m in _LIST.finditer(text):
        listing = m.group(1)
        at = 0
        for piece in _SEPARATORS.split(listing):
            at = listing.find(piece, at)
            name = _REMARK.sub("", strip_list_number(piece.strip()).lstrip("：:")).strip()
            name = name[: _list_end(name)]
            if name and not any(ch.isdigit() for ch in name):  # an item with its amount is a label
                yield m.start(1) + at, name
            at += len(piece)


def _list_end(name: str) -> int:
    """Where the 等… that ends a list begins in ``name`` (its length when there is none): the first
    等 followed by nothing, or by up to four Chinese characters, an optional 的, and one of
    :data:`_LIST_END_WORDS` — written out rather than as a pattern, whose Chinese character class
    would cost every check ~0.5 ms to compile (see ``surface.joined``)."""
    at = name.find("等")
    while at >= 0:
        tail = name[at + 1 :]
        if not tail:
            return at
        for word in _LIST_END_WORDS:
            if tail.endswith(word):
                middle = tail[: -len(word)]
                if middle.endswith("的"):
                    middle = middle[:-1]
                if len(middle) <= 4 and all("\u4e00" <= ch <= "\u9fff" for ch in middle):
                    return at
        at = name.find("等", at + 1)
    return len(name)


def _candidates(paragraph: Paragraph) -> Iterator[tuple[int, str]]:
    """(offset, name) of every place the paragraph may name a 科目: before an amount, in a list."""
    for fact in paragraph.facts:
        if fact.kind == FactKind.AMOUNT and fact.label:
            yield fact.start, fact.label
    yield from _listed(paragraph.text)


def name_slips(claims: Claims, pool: _Pool) -> list[NameSlip]:
    """Every name of the narrative that is one character from exactly one known name."""
    out: list[NameSlip] = []
    seen: set[tuple[int | None, str]] = set()
    memo: dict[str, str | None] = {}  # the same label recurs in every paragraph (年初预算为, 比上年)
    items: dict[int, list[tuple[int, str]]] = {}
    for item in claims.items:
        items.setdefault(id(item.unit), []).extend((item.start, name) for name in item.names)
    for unit in claims.units:
        paragraph = unit.paragraph
        found = [*_candidates(paragraph), *items.get(id(unit), ())]
        for offset, printed in found:
            if printed not in memo:
                memo[printed] = near_name(printed, pool)
            expected = memo[printed]
            if expected is None:
                continue
            line = paragraph.line_at(offset)
            key = (line, normalize_name(printed))
            if key in seen:
                continue
            seen.add(key)
            out.append(
                NameSlip(
                    printed=normalize_name(unquote(printed)),
                    expected=expected,
                    source=paragraph.source.at(line=line, end_line=None, text=printed),
                    project=expected in pool.projects,
                )
            )
    return out
