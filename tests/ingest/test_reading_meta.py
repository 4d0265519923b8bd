"""The catalogue of reading problems checks itself: every RD code the source can emit is in it,
each entry is named and documented like a rule, has its case file with a case that shows the
problem and one that does not, and ``juesuan rules`` lists it."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from typer.testing import CliRunner

from juesuan.cli.app import app
from juesuan.diagnostics import Category
from juesuan.ingest.problems import PROBLEMS, SECTION_NAMES, ReadingProblem, all_problems
from tests.ingest.readingcases import case_files, load_case_file

SRC = Path(__file__).resolve().parents[2] / "src" / "juesuan"
ENTRIES = all_problems()
CASES = {path.stem: load_case_file(path) for path in case_files()}
CJK = re.compile(r"[\u4e00-\u9fff]")


def _emitted() -> set[str]:
    """Every RD code written in the source (as a string literal), outside the catalogue itself."""
    found = set()
    for path in SRC.rglob("*.py"):
        if path.name == "problems.py":
            continue
        found |= set(re.findall(r"[\"'](RD\d\d)[\"']", path.read_text(encoding="utf-8")))
    return found


def test_every_code_the_source_can_emit_is_in_the_catalogue() -> None:
    emitted = _emitted()
    assert emitted, "the readers report problems by their codes"
    assert emitted - set(PROBLEMS) == set()


def test_reading_findings_are_made_only_through_the_catalogue() -> None:
    # a reading finding built by hand (Finding(..., category=Category.READING)) would escape the catalogue
    for path in SRC.rglob("*.py"):
        if path.name in {"problems.py", "engine.py", "diagnostics.py"}:
            continue
        assert "Category.READING" not in path.read_text(encoding="utf-8"), path


@pytest.mark.parametrize("entry", ENTRIES, ids=[e.id for e in ENTRIES])
def test_entry_is_named_and_documented_like_a_rule(entry: type[ReadingProblem]) -> None:
    assert re.fullmatch(r"RD\d\d", entry.id)
    assert re.fullmatch(r"reading\.[a-z]+(?:-[a-z]+)*", entry.name), entry.name
    assert entry.category is Category.READING
    assert CJK.search(entry.title), entry.id
    # as for rules: a template of placeholders only is filled in Chinese by the reader (the case
    # test checks every message a case gives)
    assert CJK.search(entry.message) or re.fullmatch(r"(?:\{\w+\}[：:“”。]*)+", entry.message), entry.message
    sections = entry.doc_sections()
    assert sections.get("summary"), f"{entry.id}: the docstring starts with a one-line summary"
    for name in SECTION_NAMES:
        assert sections.get(name, "").strip(), f"{entry.id}: the docstring has no “{name}” section"


def test_names_are_unique() -> None:
    names = Counter(e.name for e in ENTRIES)
    assert [n for n, k in names.items() if k > 1] == []


@pytest.mark.parametrize("entry", ENTRIES, ids=[e.id for e in ENTRIES])
def test_entry_has_cases_with_and_without_the_problem(entry: type[ReadingProblem]) -> None:
    cases = CASES.get(entry.id)
    assert cases is not None, f"tests/fixtures/reading/{entry.id}.yml is missing"
    assert any(c.is_fail for c in cases), f"{entry.id}: no case that shows the problem"
    assert any(not c.is_fail for c in cases), f"{entry.id}: no case that reads without it"
    if entry.scope is not None:
        shown = [c for c in cases if c.is_fail and c.unread]
        assert shown, f"{entry.id} leaves something unread: a case must show the record it leaves"


def test_no_case_file_without_an_entry() -> None:
    assert set(CASES) - set(PROBLEMS) == set()


def test_juesuan_rules_lists_and_explains_reading_problems() -> None:
    runner = CliRunner()
    listed = runner.invoke(app, ["rules"])
    assert listed.exit_code == 0
    for entry in ENTRIES:
        assert entry.id in listed.stdout
    one = runner.invoke(app, ["rules", "RD02"])
    assert one.exit_code == 0 and "无法读取的单元格" in one.stdout and "检查内容" in one.stdout and "未能读取的范围" in one.stdout
    bundle = runner.invoke(app, ["rules", "RD"])
    assert bundle.exit_code == 0 and all(e.id in bundle.stdout for e in ENTRIES) and "TB01" not in bundle.stdout
