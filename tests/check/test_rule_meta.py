"""The catalogue checks itself: every rule is documented, named and identified by the house
conventions, has its case file with passing and failing cases, and docs/rules.md says what the
registry holds."""

from __future__ import annotations

import inspect
import re
from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest
from typer.testing import CliRunner

from juesuan.check import rules as catalogue
from juesuan.check.engine import REGISTRY, Rule, all_rules
from juesuan.cli.app import app
from juesuan.diagnostics import Severity
from tests.check.rulecases import ROOT, CaseError, Expected, case_files, compare, edited_seed, load_case_file, run_case

RULES = all_rules()
# the bundle of each catalogue module: its id prefix and the first word of its rules' names
BUNDLES = {
    "table": ("TB", "table"),
    "cross": ("XT", "cross"),
    "text": ("TX", "text"),
    "codes": ("KM", "code"),
    "three_public": ("SG", "three-public"),
    "performance": ("JX", "performance"),
    "consistency": ("YZ", "consistency"),
    "completeness": ("CP", "completeness"),
    "documents": ("KW", "documents"),
    "culprit": ("CU", "culprit"),
}
CJK = re.compile(r"[\u4e00-\u9fff]")
CASES = {path.stem: load_case_file(path) for path in case_files()}


def _rule_classes() -> list[type[Rule]]:
    """Every Rule subclass defined in the catalogue modules, registered or not."""
    found = []
    for module_name in BUNDLES:
        module = getattr(catalogue, module_name)
        found.extend(
            obj for _, obj in inspect.getmembers(module, inspect.isclass) if issubclass(obj, Rule) and obj is not Rule and obj.__module__ == module.__name__
        )
    return found


def test_every_catalogue_module_is_a_known_bundle() -> None:
    modules = {p.stem for p in Path(catalogue.__file__).parent.glob("*.py") if p.stem != "__init__"}
    assert modules == set(BUNDLES)


def test_every_rule_class_is_registered_once_under_a_unique_id() -> None:
    classes = _rule_classes()
    ids = Counter(cls.id for cls in classes)
    assert [i for i, n in ids.items() if n > 1] == []
    assert {cls.id for cls in classes} == set(REGISTRY)
    assert all(REGISTRY[cls.id] is cls for cls in classes)


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_id_and_name_follow_the_bundle(rule: type[Rule]) -> None:
    module = rule.__module__.rsplit(".", 1)[-1]
    prefix, word = BUNDLES[module]
    assert re.fullmatch(r"[A-Z]{2}\d{2}", rule.id)
    assert rule.id.startswith(prefix), f"{rule.id} lives in {module} whose bundle is {prefix}"
    assert re.fullmatch(r"[a-z]+(?:-[a-z]+)*(?:\.[a-z0-9]+(?:-[a-z0-9]+)*)+", rule.name), rule.name
    assert rule.name.split(".")[0] == word


def test_names_are_unique() -> None:
    names = Counter(r.name for r in RULES)
    assert [n for n, k in names.items() if k > 1] == []


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_title_and_message_are_chinese(rule: type[Rule]) -> None:
    assert rule.title.strip() and CJK.search(rule.title), rule.title
    assert rule.message.strip(), f"{rule.id} has no message template"
    # a template that is all placeholders ("{what}") is filled in Chinese by the rule itself;
    # the case test checks every message a rule actually gives
    assert CJK.search(rule.message) or re.fullmatch(r"(?:\{\w+\}[：:“”。]*)+", rule.message), rule.message


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_docstring_has_the_four_sections(rule: type[Rule]) -> None:
    sections = rule.doc_sections()
    assert sections.get("summary"), f"{rule.id}: the docstring starts with a one-line summary"
    for name in ("检查内容", "为什么重要", "反例", "正例"):
        assert sections.get(name, "").strip(), f"{rule.id}: the docstring has no “{name}” section"
    # the examples may be arithmetic alone (“1,018.34 = 748.69 + 269.65”); the rest is prose
    assert CJK.search(sections["检查内容"]) and CJK.search(sections["为什么重要"])


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_rule_has_passing_and_failing_cases(rule: type[Rule]) -> None:
    cases = CASES.get(rule.id)
    assert cases is not None, f"tests/fixtures/rules/{rule.id}.yml is missing"
    assert any(c.is_pass for c in cases), f"{rule.id}: no case where the rule reports no problem"
    assert any(c.is_fail for c in cases), f"{rule.id}: no case where the rule reports a problem"
    if rule.severity is Severity.INFO:
        # a hint-only rule passes a case only when it says nothing at all
        assert all(c.no_info for c in cases if c.is_pass and c.status != "not_applicable"), f"{rule.id}: pass cases of an info rule need no_info: true"


def test_no_case_file_without_a_rule() -> None:
    assert set(CASES) - set(REGISTRY) == set()


def test_rule_reference_is_generated_from_the_registry(tmp_path: Path) -> None:
    out = tmp_path / "rules.md"
    result = CliRunner().invoke(app, ["rules", "--markdown", "-o", str(out)])
    assert result.exit_code == 0, result.output
    committed = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert out.read_text(encoding="utf-8") == committed, "docs/rules.md is out of date: run  juesuan rules --markdown -o docs/rules.md"


def test_the_case_test_can_fail() -> None:
    """The comparison is not a rubber stamp: a finding nobody expected, an expected finding that
    does not come, a wrong status and an edit that does not apply are all reported."""
    case = next(c for c in CASES["TB01"] if c.name == "item-mistyped-in-expenditure-table")
    report = run_case(case)
    assert compare(case, report) == []
    silent = replace(case, expect=(), status=None)
    assert any(p.startswith("unexpected: [error] line 385") for p in compare(silent, report))
    greedy = replace(case, expect=(*case.expect, Expected(severity="error", line=999)))
    assert "missing: error line 999" in compare(greedy, report)
    wrong_status = replace(case, status="passed")
    assert any(p.startswith("status: expected passed, got failed") for p in compare(wrong_status, report))
    with pytest.raises(CaseError, match="occurs 0 times on seed line 388"):
        edited_seed({"replace": [{"line": 388, "old": "13.64", "new": "13.74"}]}, "probe")
