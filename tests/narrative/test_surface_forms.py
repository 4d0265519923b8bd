"""The narrative reads the same claims whatever surface form the publisher chose.

The seed and a corpus document (its PDF's text form) are rewritten the ways real publishers print
the same sentences — quotes of every style around names, other list numbers and items out of
order, full-width digits, digit groups and units with spaces, words and names broken across lines
— and every variant must give the same claims (amounts of named subjects, shares, changes,
完成预算比例 with their direction word, 类/款/项 explanations, direction words) and, for the
seed, the same findings.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest

from juesuan.check import check
from juesuan.ingest import read
from juesuan.narrative.claims import Claims, collect_claims
from juesuan.narrative.facts import extract_facts
from juesuan.narrative.surface import figure_view, joined, strip_list_number, unquote
from tests.conftest import SEED
from tests.corpus_cache import CACHE

Rewrite = Callable[[str], str]

# ---- the mechanisms, one by one ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("printed", "name"),
    [
        ("“一般公共服务", "一般公共服务"),
        ("「统计信息事务」", "统计信息事务"),
        ('"统计管理"', "统计管理"),
        ("‘统计管理’", "统计管理"),
        ("『统计管理』", "统计管理"),
        ("统计管理", "统计管理"),
    ],
)
def test_names_lose_their_quotes(printed: str, name: str) -> None:
    assert unquote(printed) == name


@pytest.mark.parametrize("mark", ["1.", "1、", "1．", "（1）", "(1)", "①", "一、", "（一）", "12、", " 3. "])
def test_list_numbers_are_taken_off(mark: str) -> None:
    assert strip_list_number(f"{mark}社会保障和就业支出") == "社会保障和就业支出"


def test_a_figure_is_not_a_list_number() -> None:
    assert strip_list_number("1.5 万元") == "1.5 万元"


@pytest.mark.parametrize(
    ("printed", "value", "places"),
    [
        ("基本支出 1018.34 万元", "1018.34", 2),
        ("基本支出１０１８．３４万元", "1018.34", 2),
        ("基本支出 1,018.34 万元", "1018.34", 2),
        ("基本支出 1, 018.34 万元", "1018.34", 2),
        ("基本支出 1 018.34 万元", "1018.34", 2),
        ("基本支出 1018.34 万 元", "1018.34", 2),
        ("基本支出１，０１８．３４ 万元", "1018.34", 2),
    ],
)
def test_amounts_in_every_print(printed: str, value: str, places: int) -> None:
    (fact,) = [f for f in extract_facts(printed) if f.kind.value == "amount"]
    assert (str(fact.value), fact.places, fact.unit, fact.label) == (value, places, "万元", "基本支出")
    assert printed[fact.start : fact.end] == fact.text  # the span is the printed text's


def test_spaces_only_group_digits_before_money() -> None:
    kinds = [(f.kind.value, str(f.value)) for f in extract_facts("共 3 个 100.00 万元，2024 年 100 万元")]
    assert ("count", "3") in kinds and ("amount", "100.00") in kinds and ("amount", "100") in kinds


def test_full_width_view_keeps_offsets() -> None:
    text = "占比４８．９８％，共２，０７９"
    view = figure_view(text)
    assert len(view) == len(text) and "48.98％" in view and "2,079" in view


def test_joined_reads_across_breaks() -> None:
    text = "决算\n数大于预算数，Latin words stay"
    view, offsets = joined(text)
    assert "决算数大于预算数" in view and "Latin words" in view
    assert text[offsets[view.index("大于")]] == "大"


# ---- whole documents rewritten -------------------------------------------------------------------

_CHAIN = re.compile(
    r"[\u4e00-\u9fff、]+?（类）[\u4e00-\u9fff、]*?（款）[\u4e00-\u9fff、]*?（项）|[\u4e00-\u9fff、]+?\(类\)[\u4e00-\u9fff、]*?\(款\)[\u4e00-\u9fff、]*?\(项\)"
)
_NAME_IN_CHAIN = re.compile(r"([\u4e00-\u9fff、]+?)([（(][类款项][)）])")
_ITEM_MARK = re.compile(r"^\s*[（(](\d{1,2})[)）]\s*")
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩"


def _narrative(line: str) -> bool:
    s = line.strip()
    return "\t" not in line and not s.startswith("#") and len(s) >= 12 and ("万元" in s or "%" in s or "类）" in s or "类)" in s)


def _each_narrative_line(change: Callable[[str], str]) -> Rewrite:
    def rewrite(text: str) -> str:
        return "\n".join(change(line) if _narrative(line) else line for line in text.split("\n"))

    return rewrite


def _quote_chains(left: str, right: str) -> Rewrite:
    return _each_narrative_line(lambda line: _CHAIN.sub(lambda m: f"{left}{m.group(0)}{right}", line))


def _quote_names(left: str, right: str) -> Rewrite:
    return _each_narrative_line(lambda line: _CHAIN.sub(lambda m: _NAME_IN_CHAIN.sub(rf"{left}\1{right}\2", m.group(0)), line))


def _item_marks(style: str) -> Rewrite:
    def mark(line: str) -> str:
        m = _ITEM_MARK.match(line)
        if not m:
            return line
        n = int(m.group(1))
        new = {"dot": f"{n}.", "comma": f"{n}、", "fullwidth": f"{n}．", "circled": _CIRCLED[n - 1] if n <= 10 else f"{n}."}[style]
        return new + line[m.end() :]

    return _each_narrative_line(mark)


_NEXT_BLOCK = re.compile(r"^\s*(?:#|\d+\s*[.．、]|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）])")


def _items_reversed(text: str) -> str:
    """Each run of numbered items ("(1) …" with the lines that continue it) printed in the opposite order."""
    lines = text.split("\n")
    out: list[str] = []
    i = 0
    while i < len(lines):
        if not _ITEM_MARK.match(lines[i]) or "\t" in lines[i]:
            out.append(lines[i])
            i += 1
            continue
        items: list[list[str]] = [[lines[i]]]
        i += 1
        while i < len(lines) and not (lines[i].strip() and _NEXT_BLOCK.match(lines[i])) and "\t" not in lines[i]:
            if _ITEM_MARK.match(lines[i]):
                items.append([])
            items[-1].append(lines[i])
            i += 1
        for item in reversed(items):
            out.extend(item)
            if item[-1].strip():
                out.append("")
    return "\n".join(out)


def _full_width(line: str) -> str:
    def wide(m: re.Match[str]) -> str:
        return m.group(0).translate(str.maketrans("0123456789.", "０１２３４５６７８９．"))

    return re.sub(r"\d+(?:\.\d+)?(?=\s*(?:万元|%))", wide, line)


def _grouped(line: str) -> str:
    def group(m: re.Match[str]) -> str:
        whole, _, decimals = m.group(1).partition(".")
        grouped = f"{int(whole):,}".replace(",", ", ")
        return grouped + (f".{decimals}" if decimals else "") + " 万 元"

    return re.sub(r"(?<![\d.,])(\d{4,}(?:\.\d+)?)\s*万元", group, line)


def _break_after(word: str) -> Rewrite:
    """A line break after the first ``word`` of a line whose paragraph goes on ("决算" | "数大于")."""
    return _each_narrative_line(lambda line: line.replace(word, word + "\n", 1) if word in line[:-4] else line)


def _break_names(line: str) -> str:
    return _CHAIN.sub(lambda m: m.group(0)[:3] + "\n" + m.group(0)[3:], line, count=1)


VARIANTS: dict[str, Rewrite] = {
    "quotes-curly-chain": _quote_chains("“", "”"),
    "quotes-corner-chain": _quote_chains("「", "」"),
    "quotes-straight-chain": _quote_chains('"', '"'),
    "quotes-single-chain": _quote_chains("‘", "’"),
    "quotes-curly-names": _quote_names("“", "”"),
    "quotes-double-corner-names": _quote_names("『", "』"),
    "numbering-dot": _item_marks("dot"),
    "numbering-comma": _item_marks("comma"),
    "numbering-fullwidth": _item_marks("fullwidth"),
    "numbering-circled": _item_marks("circled"),
    "items-out-of-order": _items_reversed,
    "full-width-figures": _each_narrative_line(_full_width),
    "grouped-figures-spaced-units": _each_narrative_line(_grouped),
    "break-after-决算": _break_after("决算"),
    "break-inside-names": _each_narrative_line(_break_names),
}
#: variants whose findings may legitimately differ: reordered items are a numbering finding of their own
ORDER_CHANGES = {"items-out-of-order"}


def _v(fact) -> str | None:  # type: ignore[no-untyped-def]
    return str(fact.value) if fact is not None and fact.value is not None else None


def _said(text: str) -> str:
    """A text as said, not as printed: no spaces or breaks, ASCII figures without digit groups."""
    return re.sub(r"(?<=\d),(?=\d)", "", "".join(figure_view("".join(text.split())).split()))


def signature(claims: Claims) -> dict[str, Counter[tuple[object, ...]]]:
    """What the claims say, without where they were printed."""
    return {
        "amounts": Counter((a.key, _v(a.fact)) for a in claims.amounts),
        "shares": Counter((unquote(s.denominator_word), _v(s.percent), _v(s.numerator)) for s in claims.shares),
        "changes": Counter((c.subject, c.word.word, _v(c.amount), _v(c.rate), c.to_level, _said(c.reason)) for c in claims.changes),
        "rates": Counter((r.subject, _v(r.rate), r.direction, _v(r.actual), _v(r.budget), _said(r.reason)) for r in claims.rates),
        "items": Counter((i.names, _v(i.amount), _v(i.rate.rate) if i.rate else None, _said(i.purpose)) for i in claims.items),
        "directions": Counter((d.subject, d.direction, d.against) for d in claims.directions),
    }


def _claims_of(path: Path) -> tuple[Claims, object]:
    result = read(path)
    return collect_claims(result.report), result


def _findings(result) -> Counter[tuple[str, str, str]]:  # type: ignore[no-untyped-def]
    return Counter((f.rule_id, f.severity.value, _said(f.message)) for f in check(result.report, reading_findings=result.findings).findings)


@pytest.fixture(scope="module")
def seed_original() -> tuple[str, dict[str, Counter[tuple[object, ...]]], Counter[tuple[str, str, str]]]:
    text = SEED.read_text(encoding="utf-8")
    claims, result = _claims_of(SEED)
    return text, signature(claims), _findings(result)


@pytest.mark.parametrize("variant", list(VARIANTS))
def test_seed_variant_reads_the_same_claims_and_findings(variant: str, seed_original, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    text, claims, findings = seed_original
    rewritten = VARIANTS[variant](text)
    assert rewritten != text, f"{variant} rewrote nothing"
    path = tmp_path / f"seed.{variant}.txt"
    path.write_text(rewritten, encoding="utf-8")
    got, result = _claims_of(path)
    mine = signature(got)
    for kind in claims:
        assert mine[kind] == claims[kind], (kind, mine[kind] - claims[kind], claims[kind] - mine[kind])
    if variant not in ORDER_CHANGES:
        theirs = _findings(result)
        assert theirs == findings, (theirs - findings, findings - theirs)


CORPUS_VARIANTS = ["quotes-curly-chain", "quotes-corner-names", "full-width-figures", "grouped-figures-spaced-units", "break-after-决算"]
VARIANTS["quotes-corner-names"] = _quote_names("「", "」")


@pytest.mark.parametrize("name", ["sh-putuo-guihuaziyuanju-2024-dept-final.pdf", "cq-xinandaxue-2023-dept-final.pdf"])
def test_corpus_variants_read_the_same_claims(name: str, tmp_path: Path) -> None:
    from juesuan.ingest.pdf.textform import text_form

    if not CACHE.path(name).exists():
        pytest.skip(f"corpus document missing: {name}")
    text = text_form(CACHE.pdf_pieces(name))
    base = tmp_path / "original.txt"
    base.write_text(text, encoding="utf-8")
    original, _ = _claims_of(base)
    expected = signature(original)
    assert sum(len(c) for c in expected.values()) > 10
    tried = 0
    for variant in CORPUS_VARIANTS:
        rewritten = VARIANTS[variant](text)
        if rewritten == text:
            continue
        tried += 1
        path = tmp_path / f"{variant}.txt"
        path.write_text(rewritten, encoding="utf-8")
        got, _ = _claims_of(path)
        mine = signature(got)
        for kind in expected:
            assert mine[kind] == expected[kind], (variant, kind, mine[kind] - expected[kind], expected[kind] - mine[kind])
    assert tried >= 2
