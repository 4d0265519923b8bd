"""The culprit search: typing slips, one change, sets of changes, ties, and the seed end to end."""

from __future__ import annotations

from decimal import Decimal as D
from pathlib import Path

import pytest

from juesuan.culprits import (
    COST_CELL,
    COST_CLAIM,
    MAX_STRAIN,
    TYPO_BONUS,
    Identity,
    Quantity,
    Role,
    Typo,
    _strain,
    explain,
    typo_candidates,
    typo_of,
)


def q(key: str, value: str, role: Role = Role.CELL) -> Quantity:
    return Quantity(key, D(value), D("0.01"), role)


def total(parent: str, *children: str) -> Identity:
    return Identity(((1, parent), *((-1, c) for c in children)))


@pytest.mark.parametrize(
    ("printed", "expected", "kind"),
    [
        ("8.69", "80.69", Typo.DROPPED),
        ("1066.51", "10661.51", Typo.DROPPED),
        ("800.69", "80.69", Typo.EXTRA),
        ("80.96", "80.69", Typo.SWAPPED),
        ("81.69", "80.69", Typo.CHANGED),
        ("806.90", "80.69", Typo.DECIMAL),
        ("8.07", "80.69", None),  # shifted and rounded: not one slip
        ("806900", "80.69", Typo.UNIT),
        ("12.34", "80.69", None),
        ("-80.69", "80.69", None),  # a sign is priced apart
    ],
)
def test_typo_of(printed: str, expected: str, kind: Typo | None) -> None:
    assert typo_of(D(printed), D(expected)) is kind


def test_typo_candidates_invert_typo_of() -> None:
    candidates = typo_candidates(D("8.69"))
    assert candidates[D("80.69")] is Typo.DROPPED
    assert all(typo_of(D("8.69"), value) is kind for value, kind in candidates.items())


@pytest.mark.parametrize(
    ("printed", "low", "high"),
    [
        ("8.69", "8", "90"),
        ("8.69", None, "8.70"),
        ("-1234.56", "-2000", None),
        ("80.69", "80.69", "80.69"),
        ("0", None, None),
        ("5", "-1", "1"),
    ],
)
def test_typo_candidates_within_a_range_are_those_of_the_range_in_the_same_order(printed: str, low: str | None, high: str | None) -> None:
    lo, hi = (D(low) if low is not None else None), (D(high) if high is not None else None)
    every = typo_candidates(D(printed))
    inside = [(v, kind) for v, kind in every.items() if (lo is None or v >= lo) and (hi is None or v <= hi)]
    assert list(typo_candidates(D(printed), within=(lo, hi)).items()) == inside


def test_one_dropped_digit_is_named_with_its_value_and_consequences() -> None:
    quantities = [q("k", "101.85"), q("a", "7.43"), q("b", "8.69"), q("c", "13.73"), q("t", "80.69"), q("p", "0"), q("b05", "80.69")]
    identities = [
        total("k", "a", "b", "c"),  # 款 = Σ项
        total("t", "b", "p"),  # row: 合计 = 基本 + 项目
        Identity(((1, "b05"), (-1, "b")), at_most=True),  # 05 ≤ 03
    ]
    [found] = explain(quantities, identities)
    assert found.change is not None
    assert found.change.quantity.key == "b"
    assert found.change.expected == D("80.69")
    assert found.change.kind is Typo.DROPPED
    assert len(found.consequences) == 3


def test_a_claim_is_cheaper_than_a_cell_and_the_cell_confirmed_elsewhere_cannot_move() -> None:
    quantities = [q("claim", "1018.43", Role.CLAIM), q("cell", "1018.34"), q("a", "1000.00"), q("b", "18.34")]
    identities = [Identity(((1, "claim"), (-1, "cell"))), total("cell", "a", "b")]
    [found] = explain(quantities, identities)
    assert found.change is not None and found.change.quantity.key == "claim"
    assert found.change.expected == D("1018.34")
    assert found.change.kind is Typo.SWAPPED
    assert COST_CLAIM < COST_CELL


def test_an_identity_that_holds_is_not_broken_by_the_fix() -> None:
    # total = a + b fails; b is also 05's copy (holds). Changing b would break the copy: blame a.
    quantities = [q("t", "100.00"), q("a", "50.00"), q("b", "40.00"), q("b05", "40.00")]
    identities = [total("t", "a", "b"), Identity(((1, "b05"), (-1, "b")))]
    [found] = explain(quantities, identities)
    assert found.change is not None and found.change.quantity.key == "a"
    assert found.change.expected == D("60.00")


def test_a_tie_is_ambiguous_with_its_candidates_never_a_guess() -> None:
    quantities = [q("t", "100.00"), q("a", "50.00"), q("b", "40.00")]
    [found] = explain(quantities, [total("t", "a", "b")])
    assert found.ambiguous
    assert {c[0].quantity.key for c in found.candidates} == {"a", "b"}


def test_a_value_the_other_figures_fit_only_by_leaning_one_way_costs_more() -> None:
    # 302 = Σ 30 items, 24.42 printed 24.82: the sum admits ±0.155, but a fix 0.05 off the centre
    # needs all 29 other items' rounding to lean one way (σ ≈ 0.016): priced as unlikely
    sigma = (D(29) * D("0.01") ** 2 / 12).sqrt()
    assert _strain(D("24.42"), D("24.42"), sigma) == 0
    assert _strain(D("7.16"), D("7.21"), sigma) == MAX_STRAIN
    assert 0 < _strain(D("7.22"), D("7.21"), sigma) < 5
    items = [q("a", "24.82"), q("b", "7.61"), *(q(f"x{i}", "1.30") for i in range(28))]
    quantities = [q("p", str(D("24.42") + D("7.61") + 28 * D("1.30"))), *items]
    [found] = explain(quantities, [total("p", *(str(i.key) for i in items))])
    # b could be 7.21 (one digit) or 7.16 (swapped, 0.05 off): still a tie with a — said so
    assert found.ambiguous
    assert {c[0].quantity.key: (c[0].expected, c[0].kind) for c in found.candidates} == {"a": (D("24.42"), Typo.CHANGED), "b": (D("7.21"), Typo.CHANGED)}


def test_rounding_is_not_a_culprit() -> None:
    quantities = [q("t", "2079.31"), q("a", "1968.11"), q("b", "44.58"), q("c", "66.63")]
    assert explain(quantities, [total("t", "a", "b", "c")]) == []


def _two_slips() -> tuple[list[Quantity], list[Identity]]:
    """款 k = a + b + c with a and b both mistyped; each leaf has its row identity and its copy in 05."""
    quantities = [
        q("k", "101.85"), q("a", "74.3"), q("b", "8.69"), q("c", "13.73"),
        q("ta", "7.43"), q("pa", "0"), q("tb", "80.69"), q("pb", "0"), q("a05", "7.43"), q("b05", "80.69"),
    ]  # fmt: skip
    identities = [
        total("k", "a", "b", "c"),
        total("ta", "a", "pa"),
        total("tb", "b", "pb"),
        Identity(((1, "a05"), (-1, "a"))),
        Identity(((1, "b05"), (-1, "b"))),
    ]
    return quantities, identities


def test_two_independent_slips_in_one_chain_are_both_named() -> None:
    quantities, identities = _two_slips()
    found = explain(quantities, identities)
    named = {(c.change.quantity.key, c.change.expected, c.change.kind) for c in found if c.change is not None}
    assert named == {("a", D("7.43"), Typo.DECIMAL), ("b", D("80.69"), Typo.DROPPED)}
    assert TYPO_BONUS[Typo.DROPPED] > TYPO_BONUS[Typo.CHANGED]


def test_the_search_stops_when_the_document_s_search_work_is_spent(monkeypatch: pytest.MonkeyPatch) -> None:
    """The same two slips need the CP-SAT search; with no search time left for the document no
    culprit is named (the failing identities stand as they are) instead of searching on — a damaged
    text with a table pasted twice made 85 searches and took 27 s. The budget counts the solver's
    deterministic work, not the clock: the same input names the same culprits on any machine."""
    import juesuan.culprits

    quantities, identities = _two_slips()
    assert len([c for c in explain(quantities, identities) if c.change is not None]) == 2
    monkeypatch.setattr(juesuan.culprits, "SEARCH_WORK", 0.0)
    assert [c for c in explain(quantities, identities) if c.change is not None] == []


SEED = Path(__file__).resolve().parents[3] / "shared" / "seed" / "000_47ca208ed1e3cbfe.txt"


@pytest.mark.skipif(not SEED.exists(), reason="the shared seed is not here")
def test_seed_with_one_dropped_digit_gives_one_grouped_finding() -> None:
    from juesuan.check import check
    from juesuan.classification import default_catalogue
    from juesuan.diagnostics import Severity
    from juesuan.ingest.text.reader import parse_text

    lines = SEED.read_text(encoding="utf-8").splitlines()
    number = next(i for i, line in enumerate(lines) if line.startswith("2080505\t机关事业单位基本养老保险缴费支出\t80.69\t80.69\t\t"))
    lines[number] = lines[number].replace("80.69\t80.69", "80.69\t8.69", 1)
    result = parse_text("\n".join(lines), "mutant.txt", default_catalogue())
    report = check(result.report, reading_findings=result.findings)
    [culprit] = [f for f in report.findings if f.rule_id == "CU01"]
    assert culprit.culprit is not None
    assert culprit.culprit.location is not None
    assert (culprit.culprit.location.table, culprit.culprit.location.row, culprit.culprit.location.column) == ("支出决算表", "2080505", "基本支出")
    assert (culprit.culprit.printed, culprit.culprit.expected, culprit.culprit.kind) == ("8.69", "80.69", "漏录一位数字")
    assert "公开03表 2080505" in culprit.message and "漏录一位数字" in culprit.message
    consequences = [report.finding(ref) for ref in culprit.consequences]
    assert {f.rule_id for f in consequences if f is not None} == {"TB01", "TB04", "XT07"}
    assert all(f is not None and f.consequence_of == culprit.id for f in consequences)
    # the summary counts the culprit, not its consequences; the exit code still sees every error
    errors = [f for f in report.findings if f.severity is Severity.ERROR and f.waived is None]
    assert report.summary.error == len(errors) - len(consequences)
    assert report.has_errors
    data = report.to_dict()
    first = next(f for f in data["findings"] if f["rule_id"] == "CU01")  # type: ignore[index]
    assert first["culprit"]["kind"] == "漏录一位数字" and first["consequences"] == list(culprit.consequences)
