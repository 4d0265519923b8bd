"""The checker (layer 2): the rule engine, profiles and configuration, and the rule catalogue.

``check(report)`` runs every rule on one report and returns a
:class:`~juesuan.diagnostics.CheckReport`. Rules never see files: they read the model and hand
back the sources of the figures they compared; locations are made from those.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import TYPE_CHECKING

from juesuan.check.config import Config, load_config
from juesuan.check.engine import REGISTRY, Rule, all_rules, finding_order, run_checks, select_rules, unknown_rule_token
from juesuan.diagnostics import Category, CheckReport, Finding
from juesuan.lazy import lazy_names
from juesuan.model.report import Report
from juesuan.profiles import Detection, Profile, Registry, detect, is_path, load_profile, profile_names, registry, using

if TYPE_CHECKING:
    from juesuan.check.history import History, ReportsHistory

__all__ = [
    "REGISTRY",
    "Config",
    "Detection",
    "History",
    "Profile",
    "ReportsHistory",
    "Rule",
    "all_rules",
    "check",
    "cross_check",
    "detect_profile",
    "load_config",
    "load_profile",
    "profile_names",
    "select_rules",
    "unknown_rule_token",
]


# ``History`` and ``ReportsHistory`` on first use: a check of one file compares with no other
# document (the store and the tests that give one load them)
__getattr__ = lazy_names(__name__, dict.fromkeys(("History", "ReportsHistory"), "juesuan.check.history"))


def detect_profile(report: Report, known: Registry | None = None) -> Profile:
    """The profile of the report's layout: the one the clues choose among the profiles known now
    (the reader chose the same way, ``metadata.family``); a family written by hand (no
    ``family_score``) is taken as it is when it is known."""
    known = known if known is not None else registry()
    meta = report.metadata
    if meta.family_score is None and meta.family in known:
        return known.get(meta.family)
    return known.get(detect(report, known).name)


def check(
    report: Report,
    profile: Profile | str | None = None,
    config: Config | None = None,
    *,
    source: str = "",
    reading_findings: Iterable[Finding] = (),
    history: History | None = None,
) -> CheckReport:
    """Check one report. ``profile`` may be a name, a profile file (``region.toml``), a Profile,
    or None/"auto" to take the detected one. The profiles of ``config`` (``juesuan.toml``'s
    ``profiles``) join the registry for the call. ``history`` gives the other documents of the
    department (without it the cross-document rules could not check)."""
    cfg = config or Config()
    named_file = (profile,) if isinstance(profile, str) and is_path(profile) else ()
    with using((*cfg.profiles, *named_file)) as known:
        if profile is None or profile == "auto":
            chosen = detect_profile(report, known)
        elif isinstance(profile, str):
            chosen = load_profile(profile)
        else:
            chosen = profile
        candidates = [chosen if p.name == chosen.name else p for p in known]
        if chosen.name not in known:
            candidates.append(chosen)
        detection = detect(report, candidates)
        checked = run_checks(report, chosen, cfg, source=source, extra_findings=reading_findings, history=history)
    shown = {
        "kind": report.metadata.kind.value,
        "profile_score": detection.scores.get(chosen.name),
        "profile_scores": detection.scores,
        "detection": tuple(detection.explain()) if chosen.name == detection.name else (f"版式：{chosen.name}（指定）", *detection.explain()),
    }
    return checked.model_copy(update=shown)


def cross_check(report: Report, previous: CheckReport, history: History, config: Config | None = None) -> CheckReport:
    """``previous`` (a finished check of ``report``) with the cross-document rules run again with
    ``history``: their findings and outcomes replace the old ones, everything else is kept. Used
    when a document is stored, and when a document it is compared with arrives later."""
    cfg = config or Config()
    ids = tuple(r.id for r in select_rules(cfg.select, cfg.ignore) if r.category is Category.CROSS_DOCUMENT)
    if not ids:
        return previous
    part = check(report, previous.profile or None, replace(cfg, select=ids, ignore=()), source=previous.source, history=history)
    findings = sorted([*(f for f in previous.findings if f.rule_id not in ids), *part.findings], key=finding_order)
    outcomes = sorted([*(o for o in previous.outcomes if o.rule_id not in ids), *part.outcomes], key=lambda o: o.rule_id)
    return previous.model_copy(update={"findings": tuple(findings), "outcomes": tuple(outcomes)})
