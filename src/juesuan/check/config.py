"""Profiles (what differs between document families, as data) and the user's ``juesuan.toml``.

A profile says which tables and sections a family must have, how it numbers its tables, which
denominators its shares use, which 名词解释 it requires, and which 绩效 scoring policy applies.
Profiles live in ``check/profiles/*.toml``; the family is detected from the document and can be
overridden (``--profile``).

``juesuan.toml`` may override severities, add slack to the rounding tolerance, select or ignore
rules, and record waivers (rule, location, reason). A waiver that matches nothing is reported.
"""

from __future__ import annotations

import tomllib
from collections.abc import Collection
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from juesuan.diagnostics import Category, Finding, ReadError, Severity

__all__ = ["Config", "Profile", "Waiver", "load_config", "load_profile", "profile_names"]


@dataclass(frozen=True)
class Profile:
    name: str
    title: str
    family: str
    scoring: str = "national"
    required_tables: tuple[str, ...] = ()
    table_numbers: dict[str, int] = field(default_factory=dict)
    #: narrative sections that must exist: each entry is a list of alternative title keywords
    required_sections: tuple[tuple[str, ...], ...] = ()
    required_terms: tuple[str, ...] = ()
    #: 三公 counts the narrative must disclose (fields of ThreePublicNarrative)
    three_public_disclosures: tuple[str, ...] = ()
    #: the denominators a share ("占…的X%") may use, by the word that names them
    share_denominators: dict[str, str] = field(default_factory=dict)
    #: the default denominator of a share that names none, by section keyword
    implicit_denominators: dict[str, str] = field(default_factory=dict)
    empty_table_statement: bool = True
    performance_tables: bool = True
    #: 整体自评表: task execution rates are rounded to whole percent before scoring
    whole_rate_places: int | None = None
    #: what a narrative subject means in this family ("收入总计" → "本年收入合计")
    subject_aliases: dict[str, str] = field(default_factory=dict)

    @property
    def short_title(self) -> str:
        """“辽宁省部门决算（公开01–09表）” → “辽宁省部门决算”, for messages."""
        return self.title.split("（")[0]

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Profile:
        return cls(
            name=data["name"],
            title=data.get("title", data["name"]),
            family=data.get("family", data["name"]),
            scoring=data.get("scoring", "national"),
            required_tables=tuple(data.get("required_tables", ())),
            table_numbers=dict(data.get("table_numbers", {})),
            required_sections=tuple(tuple(s) if isinstance(s, list) else (s,) for s in data.get("required_sections", ())),
            required_terms=tuple(data.get("required_terms", ())),
            three_public_disclosures=tuple(data.get("three_public_disclosures", ())),
            share_denominators=dict(data.get("share_denominators", {})),
            implicit_denominators=dict(data.get("implicit_denominators", {})),
            empty_table_statement=bool(data.get("empty_table_statement", True)),
            performance_tables=bool(data.get("performance_tables", True)),
            whole_rate_places=data.get("whole_rate_places"),
            subject_aliases=dict(data.get("subject_aliases", {})),
        )


def profile_names() -> list[str]:
    folder = resources.files("juesuan.check").joinpath("profiles")
    return sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".toml"))


@lru_cache(maxsize=32)
def load_profile(name: str) -> Profile:
    """The named profile (read once; profiles are frozen)."""
    if name not in profile_names():
        raise ValueError(f"没有名为“{name}”的审核规则配置（可选：{'、'.join(profile_names())}）")
    text = resources.files("juesuan.check").joinpath("profiles", f"{name}.toml").read_text(encoding="utf-8")
    return Profile.from_dict(tomllib.loads(text))


@dataclass(frozen=True)
class Waiver:
    rule: str
    location: str  # matched against "表/行/列", the line number ("123") or the message
    reason: str


@dataclass
class Config:
    """Settings from ``juesuan.toml`` (all optional)."""

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severities: dict[str, Severity] = field(default_factory=dict)
    amount_slack: Decimal = Decimal(0)  # extra 万元 tolerated beyond rounding
    percent_slack: Decimal = Decimal(0)  # extra percentage points tolerated
    scoring: str = ""  # overrides the profile's scoring policy
    waivers: tuple[Waiver, ...] = ()
    path: str = ""

    def severity_for(self, rule_id: str, rule_name: str, default: Severity) -> Severity:
        return self.severities.get(rule_id) or self.severities.get(rule_name) or default

    def apply_waivers(self, findings: list[Finding], ran: Collection[str] | None = None) -> list[Finding]:
        """Mark waived findings; report waivers that matched nothing. With ``ran`` (the ids and names
        of the rules that ran to the end), a waiver of a rule that did not run is not reported: it
        cannot have matched (a rule that could not check, or one left out by ``--select``)."""
        used = [False] * len(self.waivers)
        out: list[Finding] = []
        for finding in findings:
            reason = None
            for i, waiver in enumerate(self.waivers):
                if waiver.rule in {finding.rule_id, finding.rule_name} and _waiver_matches(waiver, finding):
                    used[i] = True
                    reason = waiver.reason
                    break
            out.append(finding.model_copy(update={"waived": reason}) if reason else finding)
        for waiver, was_used in zip(self.waivers, used, strict=True):
            if not was_used and (ran is None or waiver.rule in ran):
                out.append(
                    Finding(
                        rule_id="CF01",
                        rule_name="config.unused-waiver",
                        severity=Severity.WARNING,
                        category=Category.CONSISTENCY,
                        message=f"{self.path or 'juesuan.toml'} 中的豁免（规则 {waiver.rule}，位置“{waiver.location}”）没有匹配任何问题，可能已过时，请删除或更正。",
                    )
                )
        return out


def _waiver_matches(waiver: Waiver, finding: Finding) -> bool:
    target = waiver.location.strip()
    if not target:
        return True
    for loc in finding.locations:
        if target in loc.place() or (loc.line is not None and target == str(loc.line)):
            return True
    return target in finding.message


def load_config(path: str | Path | None) -> Config:
    """Read ``juesuan.toml``; a missing default file is an empty config, a broken one a ReadError."""
    if path is None:
        default = Path("juesuan.toml")
        if not default.exists():
            return Config()
        path = default
    p = Path(path)
    try:
        data = tomllib.loads(p.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ReadError(str(p), "配置文件不存在") from exc
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ReadError(str(p), f"配置文件不是有效的 TOML（{exc}）") from exc
    rules = data.get("rules", {})
    severities: dict[str, Severity] = {}
    for key, value in rules.items():
        if isinstance(value, dict) and "severity" in value:
            try:
                severities[key] = Severity(value["severity"])
            except ValueError as exc:
                raise ReadError(str(p), f"规则 {key} 的 severity 只能是 error、warning 或 info") from exc
    tolerance = data.get("tolerance", {})
    waivers = []
    for item in data.get("waivers", []):
        if not isinstance(item, dict) or "rule" not in item or "reason" not in item:
            raise ReadError(str(p), "每条 [[waivers]] 都要写明 rule 和 reason（location 可选）")
        waivers.append(Waiver(rule=str(item["rule"]), location=str(item.get("location", "")), reason=str(item["reason"])))
    try:
        return Config(
            select=tuple(rules.get("select", ())),
            ignore=tuple(rules.get("ignore", ())),
            severities=severities,
            amount_slack=Decimal(str(tolerance.get("amount", "0"))),
            percent_slack=Decimal(str(tolerance.get("percent", "0"))),
            scoring=str(data.get("scoring", "")),
            waivers=tuple(waivers),
            path=str(p),
        )
    except ArithmeticError as exc:
        raise ReadError(str(p), "[tolerance] 中的 amount/percent 必须是数字") from exc
