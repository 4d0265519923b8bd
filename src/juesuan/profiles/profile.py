"""One layout profile: everything a region's (or a family's) layout implies, read from one file.

A profile file (TOML, see ``builtin/liaoning.toml``) holds

- ``name``, ``title`` and optionally ``extends`` (start from another profile and change a few keys);
- ``[detect]``: the clues that tell this layout apart, with weights (:mod:`juesuan.profiles.detection`);
- ``[[tables]]``: the tables the layout publishes, in order, with their number, printed title and
  the title variants only this layout prints — every table listed is required;
- what the checker asks: required sections and 名词解释, the 三公 disclosures, share denominators
  (named and implicit), what narrative subjects mean (``subject_aliases``) and ``[features]``
  (what the layout has: an overview part, 逐项说明 to 项, empty-table statements …);
- ``[scoring]``: the 绩效 scoring policy and its settings;
- ``[writer]`` (only for the layouts juesuan can write): part order, sentences as Jinja templates,
  zero-case sentences, table layout and the standard 名词解释.

Rules and the writer ask the profile (:meth:`Profile.has_table`, :meth:`Profile.denominator`,
:meth:`Profile.has` …); none tests a profile's name.
"""

from dataclasses import field
from typing import Annotated, Any, Literal

from juesuan.model.build import Lazy, Model, checked
from juesuan.model.tables import TableKind
from juesuan.scoring import NATIONAL, ScoringPolicy

__all__ = ["FEATURES", "PART_NAMES", "Clue", "Detect", "Profile", "TableEntry", "Writer"]

#: What a layout may have, as rules ask it (``profile.has(name)``), with what each means.
FEATURES = {
    "overview": "第一部分概况写明主要职责和决算单位构成",
    "item_explanations": "情况说明对一般公共预算财政拨款支出逐项说明到项级科目",
    "empty_table_statement": "没有数据的表仍然公开，并附空表说明",
    "performance_tables": "附件公开预算项目（政策）绩效自评表和部门整体绩效自评表",
    "three_public_zero_statement": "“三公”经费为零时写固定表述“无‘三公’经费财政拨款支出”",
    "section_order": "情况说明各节按 required_sections 列出的先后排列",
}

#: The parts of a document, as the ``order`` clue names them (Part.kind in the model).
PART_NAMES = {"overview": "概况", "narrative": "情况说明", "glossary": "名词解释", "tables": "决算表", "appendix": "附件"}

_CLUE_KINDS = ("table", "title", "numbered", "order", "line_numbers", "split_codes", "cover", "max_tables")


# ---- what validating a profile file does beyond the types (Pydantic, made on first use) ----------


def _alternatives(value: Any) -> Any:
    """``required_sections``: a plain title keyword is a section with one alternative."""
    if isinstance(value, list | tuple):
        return [v if isinstance(v, list | tuple) else [v] for v in value]
    return value


def _known_features(value: dict[str, bool]) -> dict[str, bool]:
    unknown = sorted(set(value) - set(FEATURES))
    if unknown:
        raise ValueError(f"不认识的特征 {'、'.join(unknown)}（可用：{'、'.join(FEATURES)}）")
    return value


def _policy(data: Any) -> Any:
    """``[scoring] policy = "national"``: the national rule as it is; any other settings make
    the layout's own policy (named after the profile unless ``name`` is given)."""
    if not isinstance(data, dict) or not isinstance(data.get("scoring"), dict):
        return data
    settings = dict(data["scoring"])
    if settings.get("policy") == "national" and len(settings) == 1:
        return {**data, "scoring": NATIONAL}
    settings.pop("policy", None)
    name = data.get("name")
    title = data.get("title")
    settings.setdefault("name", name if isinstance(name, str) else "profile")
    settings.setdefault("title", title if isinstance(title, str) else settings["name"])
    return {**data, "scoring": settings}


class _Strict(Model, strict=True):
    """What a user writes: a key the profile does not have is an error."""


class Clue(_Strict):
    """One sign of a layout and its weight (negative: a sign against it). Exactly one of the
    sign fields is set; ``number`` goes with ``table``."""

    weight: int
    note: str = ""  # what the clue means, shown by ``juesuan check --verbose`` (default: generated)
    table: TableKind | None = None  # the document has this table …
    number: int | None = None  # … printed with this number (公开07表)
    title: str | None = None  # words in a printed table title (高等学校)
    numbered: bool | None = None  # the tables carry numbers (公开01表, 表1)
    order: tuple[str, str] | None = None  # part A comes before part B (in the body or the 目录)
    line_numbers: bool | None = None  # the 收入支出/财政拨款 总表 print 行次
    split_codes: bool | None = None  # 功能分类 codes printed in three columns (208 | 05 | 05)
    cover: str | None = None  # words in the cover title or the department's name (上海市)
    max_tables: int | None = None  # at most this many standard tables (the university set has 4)

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: Any) -> Any:
        return checked(handler(source), after=cls._one_sign)

    def _one_sign(self) -> "Clue":
        given = [k for k in _CLUE_KINDS if getattr(self, k) is not None]
        if len(given) != 1:
            raise ValueError(f"每条线索只写一种迹象（{'、'.join(_CLUE_KINDS)} 之一），这里写了 {len(given)} 种")
        if self.number is not None and self.table is None:
            raise ValueError("number 只能和 table 一起写（某张表印为第几张）")
        if self.order is not None and not set(self.order) <= set(PART_NAMES):
            raise ValueError(f"order 中的部分只能是：{'、'.join(PART_NAMES)}")
        return self

    @property
    def sign(self) -> str:
        return next(k for k in _CLUE_KINDS if getattr(self, k) is not None)

    def describe(self) -> str:
        """The clue in Chinese, for the explanation of a detection."""
        if self.note:
            return self.note
        if self.table is not None:
            return f"{self.table.value}编为第 {self.number} 张" if self.number is not None else f"有{self.table.value}"
        if self.title is not None:
            return f"表题含“{self.title}”"
        if self.numbered is not None:
            return "决算表印有表号" if self.numbered else "决算表没有表号"
        if self.order is not None:
            return f"{PART_NAMES[self.order[0]]}在{PART_NAMES[self.order[1]]}之前"
        if self.line_numbers is not None:
            return "总表印有行次" if self.line_numbers else "总表没有行次"
        if self.split_codes is not None:
            return "科目编码分三栏印刷（208 05 05）" if self.split_codes else "科目编码印在一栏"
        if self.cover is not None:
            return f"封面或单位名称含“{self.cover}”"
        return f"至多 {self.max_tables} 张决算表"


class Detect(_Strict):
    #: chosen when no profile finds any of its clues (exactly one built-in profile says so)
    fallback: bool = False
    clues: tuple[Clue, ...] = ()


class TableEntry(_Strict):
    """A table the layout publishes (and therefore requires)."""

    kind: TableKind
    number: int | None = None  # 公开07表 → 7; none when the layout prints no numbers
    title: str = ""  # the title as this layout prints it ("" = the canonical title)
    aliases: tuple[str, ...] = ()  # other titles only this layout prints (the reader knows them all)

    @property
    def printed_title(self) -> str:
        return self.title or self.kind.value


class WriterPart(_Strict):
    id: str
    number: str = ""
    title: str
    sections: tuple[dict[str, Any], ...] = ()


class WriterTerm(_Strict):
    term: str
    definition: str
    group: str = ""  # the list of 名词解释 it belongs to, where a layout prints several ("income", "spending")


class Writer(_Strict):
    """What the writer needs to print a document in this layout (see ``juesuan.render.profile``)."""

    settings: dict[str, Any] = field(default_factory=dict)
    parts: tuple[WriterPart, ...]
    tables: dict[str, Any] = field(default_factory=dict)
    glossary: tuple[WriterTerm, ...] = ()
    sentences: dict[str, str]


class Profile(_Strict):
    """A layout profile (see the module docstring). Frozen; read once per file."""

    name: Annotated[str, Lazy("StringConstraints", pattern=r"^[a-z][a-z0-9_-]*$")]
    title: str
    extends: str = ""
    source: str = ""  # the file it was read from ("" for a built-in one read from the package)
    required_sections: Annotated[tuple[tuple[str, ...], ...], Lazy("BeforeValidator", _alternatives)] = ()  # each: alternative title keywords ("A>B": B under A)
    required_terms: tuple[str, ...] = ()
    # 三公 counts the narrative must give for an item with spending (foreign_*: when it states 外宾/外事 spending)
    three_public_disclosures: tuple[
        Literal["groups", "group_people", "receptions", "reception_people", "foreign_receptions", "foreign_people", "vehicles_bought", "vehicles_held"], ...
    ] = ()
    features: Annotated[dict[str, bool], Lazy("AfterValidator", _known_features)] = field(default_factory=dict)
    detect: Detect = field(default_factory=Detect)
    tables: tuple[TableEntry, ...] = ()
    share_denominators: dict[str, str] = field(default_factory=dict)  # "占X的Y%": the word X → the figure it names
    implicit_denominators: dict[str, str] = field(default_factory=dict)  # a share naming none: section words → figure
    subject_aliases: dict[str, str] = field(default_factory=dict)  # what a narrative subject means here
    scoring: ScoringPolicy = field(default_factory=lambda: NATIONAL)
    writer: Writer | None = None

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: Any) -> Any:
        return checked(handler(source), before=_policy, after=cls._tables_once)

    def _tables_once(self) -> "Profile":
        kinds = [t.kind for t in self.tables]
        twice = sorted({k.value for k in kinds if kinds.count(k) > 1})
        if twice:
            raise ValueError(f"[[tables]] 中重复的表：{'、'.join(twice)}")
        return self

    # ---- what rules and the writer ask ----------------------------------------------------

    @property
    def short_title(self) -> str:
        """“辽宁省部门决算（公开01–09表）” → “辽宁省部门决算”, for messages."""
        return self.title.split("（")[0]

    def has(self, feature: str) -> bool:
        """Whether the layout has ``feature`` (a key of :data:`FEATURES`)."""
        if feature not in FEATURES:
            raise KeyError(f"unknown profile feature {feature!r}")
        return self.features.get(feature, False)

    def has_table(self, kind: TableKind) -> bool:
        return any(t.kind == kind for t in self.tables)

    def table(self, kind: TableKind) -> TableEntry | None:
        return next((t for t in self.tables if t.kind == kind), None)

    def table_number(self, kind: TableKind) -> int | None:
        entry = self.table(kind)
        return entry.number if entry is not None else None

    def table_title(self, kind: TableKind) -> str:
        """The title this layout prints for ``kind`` (the canonical title when it has none of its own)."""
        entry = self.table(kind)
        return entry.printed_title if entry is not None else kind.value

    @property
    def required_tables(self) -> tuple[TableKind, ...]:
        return tuple(t.kind for t in self.tables)

    @property
    def numbered(self) -> bool:
        """The layout prints table numbers."""
        return any(t.number is not None for t in self.tables)

    def requires_section(self, keyword: str) -> bool:
        """Whether a required section is named by ``keyword`` (one of its alternatives)."""
        return any(keyword in alternatives for alternatives in self.required_sections)

    def denominator(self, word: str) -> str | None:
        """The figure a share's denominator word names here ("收入合计" → "本年收入合计"), or None;
        quotation marks do not count (“三公”经费支出 = 三公经费支出)."""
        return _unquoted(self.share_denominators).get(_unquote(word))


_QUOTES = str.maketrans("", "", "“”\"")


def _unquote(word: str) -> str:
    return word.translate(_QUOTES)


def _unquoted(table: dict[str, str]) -> dict[str, str]:
    """The table keyed by its words without quotation marks (the first of equal keys wins)."""
    out: dict[str, str] = {}
    for word, name in table.items():
        out.setdefault(_unquote(word), name)
    return out
