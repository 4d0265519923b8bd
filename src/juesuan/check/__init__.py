"""The checker (layer 2): the rule engine, profiles and configuration, and the rule catalogue.

``check(report)`` runs every rule on one report and returns a
:class:`~juesuan.diagnostics.CheckReport`. Rules never see files: they read the model and hand
back the sources of the figures they compared; locations are made from those.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from juesuan.check.config import Config, Profile, load_config, load_profile, profile_names
from juesuan.check.engine import REGISTRY, Rule, all_rules, finding_order, run_checks, select_rules
from juesuan.check.history import History, ReportsHistory
from juesuan.diagnostics import Category, CheckReport, Finding
from juesuan.model.report import Report

__all__ = [
    "REGISTRY",
    "Config",
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
]


def detect_profile(report: Report) -> Profile:
    """The profile of the report's document family (set by the reader)."""
    return load_profile(report.metadata.family.value)


def check(
    report: Report,
    profile: Profile | str | None = None,
    config: Config | None = None,
    *,
    source: str = "",
    reading_findings: Iterable[Finding] = (),
    history: History | None = None,
) -> CheckReport:
    """Check one report. ``profile`` may be a name, a Profile, or None/"auto" to detect it;
    ``history`` gives the other documents of the department (without it the cross-document rules
    could not check)."""
    if profile is None or profile == "auto":
        chosen = detect_profile(report)
    elif isinstance(profile, str):
        chosen = load_profile(profile)
    else:
        chosen = profile
    return run_checks(report, chosen, config, source=source, extra_findings=reading_findings, history=history)


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
