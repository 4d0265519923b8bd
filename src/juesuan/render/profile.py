"""Layout profiles: what differs between the Liaoning and the Shanghai document, as data.

A profile (``profiles/<name>.yml``) gives the order of the parts and sections with their titles,
every sentence as a Jinja2 template, the fixed sentences for zero cases, the table numbering and
notes, the standard 名词解释 and the 绩效 scoring policy. The builder (:mod:`juesuan.render.build`)
computes the figures and hands them to these templates; it never words a sentence itself.

Templates are rendered with ``StrictUndefined``: a figure the builder did not supply is an error,
never a blank in the document.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from importlib import resources
from typing import Any

import jinja2
import yaml

from juesuan.scoring import POLICIES, ScoringPolicy, round_half_up

__all__ = ["PROFILES", "Profile", "load_profile", "money_text", "percent_text"]

PROFILES = ("liaoning", "shanghai")


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


def _end(text: str) -> str:
    """Close a sentence: append 。 unless it already ends with a stop."""
    text = text.strip()
    return text if not text or text.endswith(("。", "！", "？", "；", "…")) else text + "。"


def _trim_end(text: str) -> str:
    """A clause inside a sentence: drop a trailing stop."""
    return text.strip().rstrip("。；，,;.")


def _score(value: Decimal) -> str:
    return f"{round_half_up(value, 2):.2f}"


@dataclass(frozen=True)
class SectionSpec:
    id: str
    title: str
    level: int = 2


@dataclass(frozen=True)
class PartSpec:
    id: str
    number: str
    title: str
    sections: tuple[SectionSpec, ...] = ()


@dataclass(frozen=True)
class Profile:
    name: str
    data: dict[str, Any]
    parts: tuple[PartSpec, ...]
    policy: ScoringPolicy
    env: jinja2.Environment = field(repr=False)

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
        return dict(self.data.get("tables", {}))

    @property
    def glossary(self) -> list[tuple[str, str]]:
        return [(t["term"], t["definition"]) for t in self.data.get("glossary", [])]


@cache
def load_profile(name: str) -> Profile:
    """The layout profile ``name`` (``liaoning`` or ``shanghai``)."""
    if name not in PROFILES:
        raise ValueError(f"没有名为“{name}”的版式（可选：{'、'.join(PROFILES)}）")
    text = resources.files("juesuan.render").joinpath("profiles", f"{name}.yml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    env = jinja2.Environment(undefined=jinja2.StrictUndefined, autoescape=False, keep_trailing_newline=False)
    env.filters["m"] = money_text
    env.filters["pct"] = percent_text
    env.filters["n"] = _count
    env.filters["score"] = _score
    env.filters["end"] = _end
    env.filters["trim_end"] = _trim_end
    parts = tuple(
        PartSpec(
            id=p["id"],
            number=p.get("number", ""),
            title=p["title"],
            sections=tuple(SectionSpec(id=s["id"], title=s.get("title", ""), level=s.get("level", 2)) for s in p.get("sections", [])),
        )
        for p in data["parts"]
    )
    return Profile(name=name, data=data, parts=parts, policy=POLICIES[data.get("policy", "national")], env=env)
