"""The rule case files (``tests/fixtures/rules/<RULE_ID>.yml``): loading, inputs and expectations.

A case file holds the cases of one rule::

    rule: TB01
    cases:
      - name: seed-passes
        seed: {}
        expect: []
      - name: item-typed-wrong
        seed:
          replace:
            - {line: 388, old: "13.63\\t13.63", new: "13.73\\t13.73"}
        expect:
          - {severity: error, line: 385, message: "120.58"}

The input of a case is either ``seed`` — the seed document with a few edits — or ``text`` — a
small standalone document in the same text form (tab-separated table rows). Seed edits keep the
seed's line numbers: ``replace`` changes one occurrence of ``old`` on line ``line`` (the edit
fails when ``old`` is not on that line exactly once; ``old: ""`` fills a blank line), and
``delete_lines`` blanks the inclusive ranges ``[from, to]``, so a line number in an expectation is
always the seed's own.

``expect`` lists the findings of the rule: ``severity`` (error/warning/info), and optionally
``rounding`` (a 尾差 hint or not), ``line`` (the first location's line), ``table`` (the first
location's table), ``message`` (a substring, or a list of substrings, of the message) and
``count`` (how many such findings, default 1). Every error and warning of the rule must be
expected; info findings not listed are allowed unless the case says ``no_info: true``. ``status``
(passed / failed / not_applicable / could_not_check) checks the rule's outcome. ``profile`` names
a profile (default: detected from the document).

A *fail* case expects at least one finding that is not a rounding hint; a *pass* case expects
none (rounding hints allowed).

The cross-document rules (KW) compare with other documents, given as ``others``: each is a
``seed`` (with edits, as above) or a ``text``; ``year_before: true`` turns the seed into its 2023
report first (built from its own year-on-year sentences, :func:`tests.documents.year_before`) and
``unit: true`` into the 单位决算 of its own office (本级) (:func:`tests.documents.as_unit`). The
rule then runs with these documents as its history.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

import juesuan.check.rules  # noqa: F401  (registers the rules REGISTRY is asked about)
from juesuan.check import Config, ReportsHistory, check
from juesuan.check.engine import REGISTRY
from juesuan.classification import default_catalogue
from juesuan.diagnostics import CheckReport, Finding
from juesuan.ingest.text.reader import parse_text
from tests.documents import as_unit, year_before

CASES_DIR = Path(__file__).resolve().parent.parent / "fixtures" / "rules"
ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT.parent / "shared" / "seed" / "000_47ca208ed1e3cbfe.txt"

SEVERITIES = ("error", "warning", "info")
STATUSES = ("passed", "failed", "not_applicable", "could_not_check")
_CASE_KEYS = {"name", "description", "seed", "text", "profile", "expect", "no_info", "status", "others"}
_OTHER_KEYS = {"seed", "text", "year_before", "unit"}
_SEED_KEYS = {"replace", "delete_lines"}
_REPLACE_KEYS = {"line", "old", "new"}
_EXPECT_KEYS = {"severity", "rounding", "line", "table", "message", "count"}


class CaseError(ValueError):
    """A case file that does not say what it means (a typo, an edit that does not apply)."""


@dataclass(frozen=True)
class Expected:
    severity: str
    rounding: bool | None = None
    line: int | None = None
    table: str | None = None
    message: tuple[str, ...] = ()
    count: int = 1

    def matches(self, finding: Finding) -> bool:
        if finding.severity.value != self.severity:
            return False
        if self.rounding is not None and finding.rounding != self.rounding:
            return False
        first = finding.locations[0] if finding.locations else None
        if self.line is not None and (first is None or first.line != self.line):
            return False
        if self.table is not None and (first is None or first.table != self.table):
            return False
        return all(part in finding.message for part in self.message)

    @property
    def specificity(self) -> int:
        return sum(x is not None for x in (self.rounding, self.line, self.table)) + len(self.message)

    def describe(self) -> str:
        bits = [self.severity]
        if self.rounding is not None:
            bits.append("尾差" if self.rounding else "非尾差")
        if self.line is not None:
            bits.append(f"line {self.line}")
        if self.table is not None:
            bits.append(self.table)
        bits.extend(f"“{m}”" for m in self.message)
        return " ".join(bits) + (f" ×{self.count}" if self.count != 1 else "")


@dataclass(frozen=True)
class RuleCase:
    rule: str
    name: str
    file: Path
    description: str = ""
    seed: dict[str, Any] | None = None
    text: str | None = None
    profile: str | None = None
    expect: tuple[Expected, ...] = ()
    no_info: bool = False
    status: str | None = None
    edits: int = 0
    extra: dict[str, Any] = field(default_factory=dict)
    others: tuple[dict[str, Any], ...] = ()

    @property
    def id(self) -> str:
        return f"{self.rule}-{self.name}"

    @property
    def is_fail(self) -> bool:
        """The rule must report a problem (a finding that is not a rounding hint)."""
        return any(e.rounding is not True for e in self.expect)

    @property
    def is_pass(self) -> bool:
        return not self.is_fail


def _fail(path: Path, where: str, problem: str) -> CaseError:
    return CaseError(f"{path.name}: {where}: {problem}")


def _expected(path: Path, where: str, raw: object) -> Expected:
    if not isinstance(raw, dict):
        raise _fail(path, where, "an expected finding is a mapping")
    unknown = set(raw) - _EXPECT_KEYS
    if unknown:
        raise _fail(path, where, f"unknown keys {sorted(unknown)}")
    severity = raw.get("severity")
    if severity not in SEVERITIES:
        raise _fail(path, where, f"severity must be one of {SEVERITIES}")
    message = raw.get("message", ())
    if isinstance(message, str):
        message = (message,)
    if not isinstance(message, list | tuple) or not all(isinstance(m, str) and m for m in message):
        raise _fail(path, where, "message is a non-empty string or a list of them")
    count = raw.get("count", 1)
    if not isinstance(count, int) or count < 1:
        raise _fail(path, where, "count is a positive integer")
    rounding = raw.get("rounding")
    if rounding is not None and not isinstance(rounding, bool):
        raise _fail(path, where, "rounding is true or false")
    line = raw.get("line")
    if line is not None and not isinstance(line, int):
        raise _fail(path, where, "line is an integer")
    return Expected(severity=severity, rounding=rounding, line=line, table=raw.get("table"), message=tuple(message), count=count)


def _check_seed_spec(path: Path, where: str, spec: object) -> int:
    if not isinstance(spec, dict):
        raise _fail(path, where, "seed is a mapping ({} for the seed as it is)")
    unknown = set(spec) - _SEED_KEYS
    if unknown:
        raise _fail(path, where, f"unknown seed keys {sorted(unknown)}")
    replaces = spec.get("replace", []) or []
    for edit in replaces:
        if not isinstance(edit, dict) or set(edit) - _REPLACE_KEYS or not {"line", "old", "new"} <= set(edit):
            raise _fail(path, where, f"a replace edit is {{line, old, new}}: {edit!r}")
        if "\n" in str(edit["new"]):
            raise _fail(path, where, "a replacement may not add lines (line numbers stay the seed's)")
    ranges = spec.get("delete_lines", []) or []
    for item in ranges:
        if not (isinstance(item, list) and len(item) == 2 and all(isinstance(x, int) for x in item) and item[0] <= item[1]):
            raise _fail(path, where, f"delete_lines holds [from, to] pairs: {item!r}")
    return len(replaces) + len(ranges)


def load_case_file(path: Path) -> list[RuleCase]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or set(data) != {"rule", "cases"}:
        raise _fail(path, "top level", "a case file has exactly the keys rule and cases")
    rule = data["rule"]
    if rule != path.stem:
        raise _fail(path, "rule", f"the file of rule {rule} must be named {rule}.yml")
    cases: list[RuleCase] = []
    names: set[str] = set()
    for index, raw in enumerate(data["cases"] or []):
        where = f"case {index + 1}"
        if not isinstance(raw, dict):
            raise _fail(path, where, "a case is a mapping")
        unknown = set(raw) - _CASE_KEYS
        if unknown:
            raise _fail(path, where, f"unknown keys {sorted(unknown)}")
        name = raw.get("name")
        if not isinstance(name, str) or not re.fullmatch(r"[a-z0-9][a-z0-9-]*", name):
            raise _fail(path, where, "name is lower-case ASCII words joined by '-'")
        if name in names:
            raise _fail(path, where, f"duplicate case name {name}")
        names.add(name)
        where = f"case {name}"
        if ("seed" in raw) == ("text" in raw):
            raise _fail(path, where, "a case has either seed or text")
        edits = _check_seed_spec(path, where, raw["seed"]) if "seed" in raw else 0
        if "text" in raw and not (isinstance(raw["text"], str) and raw["text"].strip()):
            raise _fail(path, where, "text is the document itself")
        if "expect" not in raw or not isinstance(raw["expect"], list):
            raise _fail(path, where, "expect is a list ([] when the rule reports nothing)")
        others = raw.get("others", []) or []
        if not isinstance(others, list):
            raise _fail(path, where, "others is a list of documents")
        for k, other in enumerate(others):
            where_other = f"{where}, other {k + 1}"
            if not isinstance(other, dict) or set(other) - _OTHER_KEYS or ("seed" in other) == ("text" in other):
                raise _fail(path, where_other, f"another document is {{seed | text, year_before, unit}}: {other!r}")
            if "seed" in other:
                edits += _check_seed_spec(path, where_other, other["seed"])
        status = raw.get("status")
        if status is not None and status not in STATUSES:
            raise _fail(path, where, f"status must be one of {STATUSES}")
        cases.append(
            RuleCase(
                rule=rule,
                name=name,
                file=path,
                description=str(raw.get("description", "")),
                seed=raw.get("seed"),
                text=raw.get("text"),
                profile=raw.get("profile"),
                expect=tuple(_expected(path, f"{where}, expect {i + 1}", e) for i, e in enumerate(raw["expect"])),
                no_info=bool(raw.get("no_info", False)),
                status=status,
                edits=edits,
                others=tuple(others),
            )
        )
    return cases


def case_files() -> list[Path]:
    return sorted(CASES_DIR.glob("*.yml"))


def all_cases() -> list[RuleCase]:
    return [case for path in case_files() for case in load_case_file(path)]


# --- inputs ----------------------------------------------------------------------------------


@functools.cache
def seed_lines() -> tuple[str, ...]:
    """The seed's lines, read once per session."""
    return tuple(SEED.read_text(encoding="utf-8").split("\n"))


def edited_seed(spec: dict[str, Any], where: str = "", base: str | None = None) -> str:
    """The seed (or ``base``, a transform of it that keeps its lines) with the case's edits applied
    (line numbers stay the seed's)."""
    lines = list(seed_lines()) if base is None else base.split("\n")
    for edit in spec.get("replace", []) or []:
        number, old, new = int(edit["line"]), str(edit["old"]), str(edit["new"])
        if not 1 <= number <= len(lines):
            raise CaseError(f"{where}: the seed has no line {number}")
        line = lines[number - 1]
        if old == "":
            if line.strip():
                raise CaseError(f"{where}: line {number} is not blank: {line!r}")
            lines[number - 1] = new
            continue
        found = line.count(old)
        if found != 1:
            raise CaseError(f"{where}: {old!r} occurs {found} times on seed line {number} (expected once): {line!r}")
        lines[number - 1] = line.replace(old, new)
    for first, last in spec.get("delete_lines", []) or []:
        if not 1 <= first <= last <= len(lines):
            raise CaseError(f"{where}: the seed has no lines {first}–{last}")
        for number in range(first, last + 1):
            lines[number - 1] = ""
    return "\n".join(lines)


def case_text(case: RuleCase) -> str:
    if case.text is not None:
        return case.text
    return edited_seed(case.seed or {}, case.id)


@functools.cache
def _seed_as_it_is():  # type: ignore[no-untyped-def]
    return parse_text("\n".join(seed_lines()), "case.txt", default_catalogue())


@functools.lru_cache(maxsize=2)
def _parsed(text: str):  # type: ignore[no-untyped-def]
    # The seed as it is is read once; other inputs are parsed afresh (keeping every parsed
    # document alive would only make the garbage collector slower than parsing them again).
    if text == "\n".join(seed_lines()):
        return _seed_as_it_is()
    return parse_text(text, "case.txt", default_catalogue())  # it pauses the garbage collector itself


def other_text(case: RuleCase, index: int) -> str:
    other = case.others[index]
    if "text" in other:
        return str(other["text"])
    base = "\n".join(seed_lines())
    if other.get("year_before"):
        base = year_before(base)
    if other.get("unit"):
        base = as_unit(base)
    return edited_seed(other["seed"] or {}, f"{case.id} other {index + 1}", base)


def run_case(case: RuleCase) -> CheckReport:
    """Only the case's rule, on the case's input (with the case's other documents as its history).
    A rule that runs after all others (the culprit search) needs them: every rule runs, and only
    its findings are compared."""
    others = [parse_text(other_text(case, i), f"other-{i + 1}.txt", default_catalogue()).report for i in range(len(case.others))]
    history = ReportsHistory(others) if case.others else None
    result = _parsed(case_text(case))
    select = () if REGISTRY[case.rule].after_all else (case.rule,)
    return check(result.report, case.profile or "auto", Config(select=select), history=history)


# --- comparing -------------------------------------------------------------------------------


_CJK = re.compile(r"[\u4e00-\u9fff]")


def _is_sentence(message: str) -> bool:
    """What a reader sees: Chinese, every placeholder filled, ending like a sentence."""
    return bool(_CJK.search(message)) and not re.search(r"[{}]|\bNone\b", message) and message.endswith(("。", "？", "！"))


def show(finding: Finding) -> str:
    first = finding.locations[0] if finding.locations else None
    where = f"line {first.line}" if first and first.line is not None else "no line"
    if first and first.table:
        where += f" {first.table}"
    kind = f"{finding.severity.value}{' 尾差' if finding.rounding else ''}"
    return f"[{kind}] {where}: {finding.message}"


def compare(case: RuleCase, report: CheckReport) -> list[str]:
    """What differs between the case's expectations and the rule's findings (empty: as expected)."""
    problems: list[str] = []
    findings = [f for f in report.findings if f.rule_id == case.rule]
    left = list(findings)
    for expected in sorted(case.expect, key=lambda e: -e.specificity):
        for _ in range(expected.count):
            hit = next((f for f in left if expected.matches(f)), None)
            if hit is None:
                problems.append(f"missing: {expected.describe()}")
                break
            left.remove(hit)
    for finding in left:
        if finding.severity.value != "info" or case.no_info:
            problems.append(f"unexpected: {show(finding)}")
    for finding in findings:
        if not _is_sentence(finding.message):
            problems.append(f"not a finished Chinese sentence: {finding.message!r}")
    if case.status is not None:
        outcome = next((o for o in report.outcomes if o.rule_id == case.rule), None)
        actual = outcome.status.value if outcome else "not run"
        if actual != case.status:
            problems.append(f"status: expected {case.status}, got {actual}{f' ({outcome.reason})' if outcome and outcome.reason else ''}")
    if problems:
        problems.append("the rule reported:")
        problems.extend(f"  {show(f)}" for f in findings)
        if not findings:
            problems.append("  nothing")
    return problems
