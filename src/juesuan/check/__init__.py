"""The checker (layer 2): the rule engine, profiles and configuration, and the rule catalogue.

``check(report)`` runs every rule on one report and returns a
:class:`~juesuan.diagnostics.CheckReport`. Rules never see files: they read the model and hand
back the sources of the figures they compared; locations are made from those.
"""

from __future__ import annotations

from collections.abc import Iterable

from juesuan.check.config import Config, Profile, load_config, load_profile, profile_names
from juesuan.check.engine import REGISTRY, Rule, all_rules, run_checks, select_rules
from juesuan.check.history import History, ReportsHistory
from juesuan.diagnostics import CheckReport, Finding
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
