"""The user's ``juesuan.toml``: severities, tolerance, rule selection, waivers, and profiles.

``juesuan.toml`` may override severities, add slack to the rounding tolerance, select or ignore
rules, name a 绩效 scoring policy, add the user's own layout profiles (``profiles = ["folder",
"region.toml"]``, relative to the file; see :mod:`juesuan.profiles`), and record waivers (rule,
location, reason). A waiver that matches nothing is reported.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from juesuan.diagnostics import Category, Finding, ReadError, Severity
from juesuan.record import Record

__all__ = ["Config", "Waiver", "load_config"]


@dataclass(frozen=True, repr=False)
class Waiver(Record):
    """A finding accepted on purpose (``[[waivers]]``): its rule, where, and why."""

    rule: str
    location: str  # matched against "表/行/列", the line number ("123") or the message
    reason: str


@dataclass(repr=False)
class Config(Record):
    """Settings from ``juesuan.toml`` (all optional)."""

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severities: dict[str, Severity] = field(default_factory=dict)
    amount_slack: Decimal = Decimal(0)  # extra 万元 tolerated beyond rounding
    percent_slack: Decimal = Decimal(0)  # extra percentage points tolerated
    scoring: str = ""  # overrides the profile's scoring policy
    profiles: tuple[str, ...] = ()  # the user's profile files and folders (absolute, or relative to the cwd)
    catalogue: str = ""  # an edition of 《政府收支分类科目》 (juesuan catalogue import), else the bundled one
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


#: the settings juesuan.toml may hold: top-level keys, and the keys of each table
TOP_KEYS = ("scoring", "profiles", "catalogue", "tolerance", "rules", "waivers")
TOLERANCE_KEYS = ("amount", "percent")
RULE_KEYS = ("severity",)
WAIVER_KEYS = ("rule", "location", "reason")


def _unknown(p: Path, key: str, valid: Collection[str], where: str) -> ReadError:
    import difflib

    near = difflib.get_close_matches(key, list(valid), n=1, cutoff=0.5)
    hint = f"，您是不是要写“{near[0]}”？" if near else ""
    return ReadError(str(p), f"{where}没有设置项“{key}”{hint}（可写：{'、'.join(valid)}）")


def _check_keys(p: Path, data: dict[str, object]) -> None:
    """Every key of ``juesuan.toml`` is one juesuan reads, and every rule it names exists: a
    misspelt setting is an error naming the nearest valid one, never silently ignored."""
    from juesuan.check.engine import unknown_rule_token

    def rule_named(token: object, where: str) -> None:
        problem = unknown_rule_token(str(token))
        if problem is not None:
            raise ReadError(str(p), f"{where}：{problem}")

    for key in data:
        if key not in TOP_KEYS:
            raise _unknown(p, key, TOP_KEYS, "")
    tolerance = data.get("tolerance", {})
    if not isinstance(tolerance, dict):
        raise ReadError(str(p), "tolerance 应为一个表：[tolerance] 下写 amount、percent")
    for key in tolerance:
        if key not in TOLERANCE_KEYS:
            raise _unknown(p, key, TOLERANCE_KEYS, "[tolerance] 中")
    rules = data.get("rules", {})
    if not isinstance(rules, dict):
        raise ReadError(str(p), "rules 应为一个表：[rules] 下写 select、ignore，或 [rules.规则编号] 下写 severity")
    for key, value in rules.items():
        if key in ("select", "ignore"):
            listed = [value] if isinstance(value, str) else value
            if not isinstance(listed, list):
                raise ReadError(str(p), f"[rules] 中的 {key} 应为规则编号的列表，如 {key} = [\"KM06\"]")
            for token in listed:
                rule_named(token, f"[rules] {key}")
            continue
        if not isinstance(value, dict):
            raise ReadError(str(p), f"[rules] 中的“{key}”不是 select 或 ignore；要改一条规则的级别，写 [rules.{key}] 和 severity = \"info\"")
        rule_named(key, f"[rules.{key}]")
        for inner in value:
            if inner not in RULE_KEYS:
                raise _unknown(p, inner, RULE_KEYS, f"[rules.{key}] 中")
    waivers = data.get("waivers", [])
    for item in waivers if isinstance(waivers, list) else []:
        if isinstance(item, dict):
            for key in item:
                if key not in WAIVER_KEYS:
                    raise _unknown(p, key, WAIVER_KEYS, "[[waivers]] 中")
            if "rule" in item:
                rule_named(item["rule"], "[[waivers]] rule")


def load_config(path: str | Path | None) -> Config:
    """Read ``juesuan.toml``; a missing default file is an empty config, a broken one a ReadError."""
    if path is None:
        default = Path("juesuan.toml")
        if not default.exists():
            return Config()
        path = default
    import tomllib  # here: a check without a juesuan.toml does not load it (see profiles.parsed)

    p = Path(path)
    try:
        data = tomllib.loads(p.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ReadError(str(p), "配置文件不存在") from exc
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ReadError(str(p), f"配置文件不是有效的 TOML（{exc}）") from exc
    _check_keys(p, data)
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
    listed = data.get("profiles", [])
    if isinstance(listed, str):
        listed = [listed]
    if not isinstance(listed, list) or not all(isinstance(x, str) for x in listed):
        raise ReadError(str(p), "profiles 应为版式文件或文件夹路径的列表，如 profiles = [\"版式/\"]")
    profiles = tuple(str(p.parent / x) if not Path(x).is_absolute() else x for x in listed)
    catalogue = data.get("catalogue", "")
    if not isinstance(catalogue, str):
        raise ReadError(str(p), "catalogue 应为目录文件的路径，如 catalogue = \"科目2025.csv\"（juesuan catalogue import 写出）")
    if catalogue and not Path(catalogue).is_absolute():
        catalogue = str(p.parent / catalogue)
    try:
        return Config(
            select=_listed(rules.get("select", ())),
            ignore=_listed(rules.get("ignore", ())),
            severities=severities,
            amount_slack=Decimal(str(tolerance.get("amount", "0"))),
            percent_slack=Decimal(str(tolerance.get("percent", "0"))),
            scoring=str(data.get("scoring", "")),
            profiles=profiles,
            catalogue=catalogue,
            waivers=tuple(waivers),
            path=str(p),
        )
    except ArithmeticError as exc:
        raise ReadError(str(p), "[tolerance] 中的 amount/percent 必须是数字") from exc


def _listed(value: object) -> tuple[str, ...]:
    return (value,) if isinstance(value, str) else tuple(str(v) for v in value) if isinstance(value, list | tuple) else ()
