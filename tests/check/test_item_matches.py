"""The fast "X（类）Y（款）Z（项）" scan finds exactly what the plain regex scan finds."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from juesuan.narrative.claims import _ITEM, item_chains, item_matches

# fragments the pattern treats specially, and filler
_PIECES = st.sampled_from(["（类）", "(类)", "（款）", "( 款 )", "（项）", "（", "）", "，", "。", "：", " ", "类", "款", "项", "教育", "一般公共服务支出", "社会保障和就业", "208", "万元"])


def _spans(text: str) -> list[tuple[int, int, tuple[str | None, ...]]]:
    return [(m.start(), m.end(), m.groups()) for m in _ITEM.finditer(text)]


@settings(max_examples=400, deadline=None)
@given(st.lists(_PIECES, max_size=30).map("".join))
def test_same_matches_as_finditer(text: str) -> None:
    assert [(m.start(), m.end(), m.groups()) for m in item_matches(text)] == _spans(text)


def test_seed_style_chain() -> None:
    text = "主要用于：教育支出（类）普通教育（款）高等教育（项）支出1,000.00万元；科学技术（类）支出。"
    assert [names for names, _ in item_chains(text)] == [("教育支出", "普通教育", "高等教育"), ("科学技术",)]
