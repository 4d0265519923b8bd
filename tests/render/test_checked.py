"""What the writer produces passes the checker: the text can never disagree with the tables.

The made-up department is rendered in both layouts and checked; no finding may be an error or a
warning. The regenerated seed keeps only the errors that sit in the seed's own *data* (a year in
a 年度目标 text, the 朝阳区 names of two 自评表) — nothing the writer computed.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from juesuan.check import check
from juesuan.classification import default_catalogue
from juesuan.diagnostics import Severity
from juesuan.ingest.text import parse_text
from juesuan.render.writers.markdown import write_markdown


def _check_markdown(text: str, name: str, profile: str):  # type: ignore[no-untyped-def]
    result = parse_text(text, name, default_catalogue())
    assert not result.errors, [f.message for f in result.errors]
    return check(result.report, profile, reading_findings=result.findings)


@pytest.mark.parametrize(("fixture", "profile"), [("made_up_view", "liaoning"), ("made_up_view_shanghai", "shanghai")])
def test_made_up_department_checks_clean(request: pytest.FixtureRequest, fixture: str, profile: str) -> None:
    view = request.getfixturevalue(fixture)
    report = _check_markdown(write_markdown(view), f"made_up_{profile}.md", profile)
    serious = [f"{f.rule_id} {f.message}" for f in report.findings if f.severity in (Severity.ERROR, Severity.WARNING)]
    assert serious == []


def test_regenerated_seed_keeps_only_the_seeds_own_data_slips(seed_markdown: Path) -> None:
    report = _check_markdown(seed_markdown.read_text(encoding="utf-8"), "seed.md", "liaoning")
    errors = sorted({f.rule_id for f in report.findings if f.severity == Severity.ERROR})
    # YZ01: "2025年12月" in a project's 年度目标; YZ02/YZ03: 朝阳区 in two 自评表 — all input data
    assert errors == ["YZ01", "YZ02", "YZ03"]
