"""The writer's view of a layout profile: the ``[writer]`` part of the profile file, ready to render.

The profile (:mod:`juesuan.profiles`, one file per region) gives the order of the parts and
sections with their titles, every sentence as a Jinja2 template, the fixed sentences for zero
cases, the table layout and notes, the standard 名词解释, the tables with their numbers and printed
titles, and the 绩效 scoring policy. The builder (:mod:`juesuan.render.build`) computes the
figures and hands them to these templates; it never words a sentence itself. Only profiles with a
``[writer]`` part can be written (:func:`writable`).

Templates are rendered with ``StrictUndefined``: a figure the builder did not supply is an error,
never a blank in the document.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import jinja2

from juesuan import profiles
from juesuan.model.tables import TableKind
from juesuan.record import Record
from juesuan.scoring import ScoringPolicy, round_half_up

__all__ = ["Profile", "load_profile", "money_text", "percent_text", "writable"]


def money_text(value: Decimal | None, thousands: bool = False) -> str:
    """An amount in 万元 with two decimals, rounded half up (``None`` → empty)."""
    if value is None:
        return ""
    rounded = round_half_up(value, 2)
    return f"{rounded:,.2f}" if thousands else f"{rounded:.2f}"


def percent_text(value: Decimal | None) -> str:
    """A percentage (already in percentage points) with two decimals."""
    if value is None:
        return ""
    return f"{round_half_up(value, 2):.2f}"


def _count(value: object) -> str:
    if isinstance(value, Decimal):
        return str(int(value)) if value == value.to_integral() else str(value.normalize())
    return str(value)


def end_sentence(text: str) -> str:
    """Close a sentence: append 。 unless it already ends with a stop (or a colon: a line that
    introduces the next ones, "主要职责是：")."""
    text = text.strip()
    return text if not text or text.endswith(("。", "！", "？", "；", "…", "：", ":")) else text + "。"


def _trim_end(text: str) -> str:
    """A clause inside a sentence: drop a trailing stop."""
    return text.strip().rstrip("。；，,;.")


def _score(value: Decimal) -> str:
    return f"{round_half_up(value, 2):.2f}"


@dataclass(frozen=True, repr=False)
class SectionSpec(Record):
    id: str
    title: str
    level: int = 2


@dataclass(frozen=True, repr=False)
class PartSpec(Record):
    id: str
    number: str
    title: str
    sections: tuple[SectionSpec, ...] = ()


@dataclass(frozen=True, repr=False)
class Profile(Record):
    name: str
    data: dict[str, Any]
    parts: tuple[PartSpec, ...]
    policy: ScoringPolicy
    env: jinja2.Environment = field(repr=False)
    #: the tables in the order this layout publishes them, with the number each is printed with
    table_order: tuple[tuple[TableKind, int], ...] = ()

    def say(self, key: str, **context: Any) -> str:
        """Render the sentence template ``key`` with the figures given."""
        template = self.data["sentences"].get(key)
        if template is None:
            raise KeyError(f"profile {self.name!r} has no sentence {key!r}")
        text = self.env.from_string(template).render(**context)
        return " ".join(text.split())

    def text(self, template: str, **context: Any) -> str:
        return " ".join(self.env.from_string(template).render(**context).split())

    def has(self, key: str) -> bool:
        return key in self.data["sentences"]

    def setting(self, key: str, default: Any = None) -> Any:
        return self.data.get("settings", {}).get(key, default)

    @property
    def tables(self) -> dict[str, Any]:
        """The table layout settings, with ``titles``: the titles this layout prints."""
        return dict(self.data.get("tables", {}))

    @property
    def glossary(self) -> list[tuple[str, str]]:
        return [(t["term"], t["definition"]) for t in self.data.get("glossary", [])]

    def glossary_group(self, group: str) -> list[tuple[str, str]]:
        """The standard terms of one list of 名词解释 (``group`` in the profile file)."""
        return [(t["term"], t["definition"]) for t in self.data.get("glossary", []) if t.get("group", "") == group]


def writable() -> list[str]:
    """The profiles the writer can print (those whose file has a ``[writer]`` part)."""
    return [p.name for p in profiles.registry() if p.writer is not None]


def load_profile(name: str) -> Profile:
    """The writer's profile ``name`` (a profile name or a profile file)."""
    source = profiles.load_profile(name)
    if source.writer is None:
        raise ValueError(f"版式“{source.name}”没有写作部分（[writer]），无法生成文档（可生成：{'、'.join(writable())}）")
    made = _MADE.get(id(source))
    if made is None or made[0] is not source:
        made = _MADE[id(source)] = (source, _writer_profile(source))
    return made[1]


#: writer profiles made, by the profile they were made from (kept alive with it)
_MADE: dict[int, tuple[profiles.Profile, Profile]] = {}


def _writer_profile(source: profiles.Profile) -> Profile:
    writer = source.writer
    if writer is None:  # pragma: no cover - checked by load_profile
        raise ValueError(source.name)
    tables = dict(writer.tables)
    tables["titles"] = {t.kind.value: t.title for t in source.tables if t.title}
    data = {
        "name": source.name,
        "settings": dict(writer.settings),
        "tables": tables,
        "glossary": [{"term": t.term, "definition": t.definition, "group": t.group} for t in writer.glossary],
        "sentences": dict(writer.sentences),
    }
    env = jinja2.Environment(undefined=jinja2.StrictUndefined, autoescape=False, keep_trailing_newline=False)
    env.filters["m"] = money_text
    env.filters["pct"] = percent_text
    env.filters["n"] = _count
    env.filters["score"] = _score
    env.filters["end"] = end_sentence
    env.filters["trim_end"] = _trim_end
    parts = tuple(
        PartSpec(
            id=p.id,
            number=p.number,
            title=p.title,
            sections=tuple(SectionSpec(id=s["id"], title=s.get("title", ""), level=s.get("level", 2)) for s in p.sections),
        )
        for p in writer.parts
    )
    order = tuple((t.kind, t.number if t.number is not None else i) for i, t in enumerate(source.tables, start=1))
    return Profile(name=source.name, data=data, parts=parts, policy=source.scoring, env=env, table_order=order)
