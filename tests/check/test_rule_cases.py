"""Every rule against its case file: a few lines of a real table (or the seed with a slip put in)
as the input, the finding the rule must give as the output. The cases are data
(``tests/fixtures/rules/<RULE_ID>.yml``); see :mod:`tests.check.rulecases` for their form."""

from __future__ import annotations

import pytest

from tests.check.rulecases import RuleCase, all_cases, compare, run_case

CASES = all_cases()


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_rule_case(case: RuleCase) -> None:
    problems = compare(case, run_case(case))
    assert not problems, f"{case.file.name} · {case.name}: {case.description}\n" + "\n".join(problems)
