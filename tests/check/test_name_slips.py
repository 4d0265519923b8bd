"""KM09's measure of a slip: one character from exactly one known name, and no usual variant."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from juesuan.check.typos import _list_end, _pool, near_name

CATALOGUE = (
    "机关事业单位基本养老保险缴费",
    "机关事业单位基本养老保险缴费支出",
    "住房保障支出",
    "住房公积金",
    "对个人和家庭的补助",
    "因公出国（境）费用",
    "高中教育",
    "高等教育",
    "国内债务付息",
    "国外债务付息",
    "行政事业单位养老支出",
)


def test_one_substitution_from_one_known_name() -> None:
    pool = _pool(CATALOGUE)
    assert near_name("机区事业单位基本养老保险缴费", pool) == "机关事业单位基本养老保险缴费"
    assert near_name("住房保障保出", pool) == "住房保障支出"


def test_one_character_missing_or_extra_inside_a_long_name() -> None:
    pool = _pool(CATALOGUE)
    assert near_name("机关事业单位基本养保险缴费", pool) == "机关事业单位基本养老保险缴费"
    assert near_name("行政事业单位养老老支出", pool) == "行政事业单位养老支出"


def test_known_names_and_usual_variants_are_no_slips() -> None:
    pool = _pool(CATALOGUE)
    assert near_name("住房保障支出", pool) is None
    assert near_name("住房保障", pool) is None  # without 支出
    assert near_name("住房公积", pool) is None  # cut short
    assert near_name("住房保障支出为", pool) is None  # run together with the next word
    assert near_name("对个人和家庭补助", pool) is None  # without 的
    assert near_name("因公出国（境）费", pool) is None  # 费 for 费用
    assert near_name("“住房保障支出”", pool) is None  # in quotes


def test_a_name_near_two_known_names_is_no_slip() -> None:
    pool = _pool(CATALOGUE)
    assert near_name("国中债务付息", pool) is None  # 国内 or 国外


def test_short_names_only_the_catalogue_knows_are_no_target() -> None:
    # 初中教育 is a 项 the partial catalogue may not list: its sibling 高中教育 is no evidence
    assert near_name("初中教育", _pool(CATALOGUE)) is None
    # printed in the document's own tables, a short name is a target
    assert near_name("住房公积全", _pool(CATALOGUE, printed=("住房公积金",))) == "住房公积金"
    assert near_name("住房公积全", _pool(CATALOGUE)) is None


def test_short_or_non_chinese_text_is_never_a_name() -> None:
    pool = _pool(("水费", "电费", "办公费"))
    assert near_name("火费", pool) is None
    assert near_name("办公费2", pool) is None


# the pattern _list_end replaced: it must cut every item exactly where the pattern did
_LIST_END_PATTERN = re.compile(r"等(?:[\u4e00-\u9fff]{0,4}?的?(?:支出|费用|经费|开支|方面|项目|工作))?$")


_ALPHABET = "等的支出费用经开方面项目工作日常业务办公a1（、 \u4dff\ua000"
_ITEMS = st.one_of(
    st.text(alphabet=_ALPHABET, max_size=14),
    st.tuples(  # shaped like an item: 名称 + 等 + a few characters + 的? + an ending word, or a bit more
        st.text(alphabet=_ALPHABET, max_size=4),
        st.sampled_from(["等", "等等", ""]),
        st.text(alphabet="日常业务的办公a、\u4dff\ua000", max_size=7),
        st.sampled_from(["", "的"]),
        st.sampled_from(["支出", "费用", "经费", "开支", "方面", "项目", "工作", "费", "", "的"]),
        st.text(alphabet=_ALPHABET, max_size=2),
    ).map("".join),
)


@settings(max_examples=3000, deadline=None)
@given(_ITEMS)
def test_a_list_item_is_cut_where_the_pattern_cut_it(name: str) -> None:
    found = _LIST_END_PATTERN.search(name)
    assert _list_end(name) == (found.start() if found else len(name))


def test_a_list_item_ends_at_its_dengdeng() -> None:
    assert [n[: _list_end(n)] for n in ("离休费等", "办公费等日常公用支出", "差旅费等方面的费用", "中等职业教育支出", "培训费等五项以上内容的支出")] == [
        "离休费",
        "办公费",
        "差旅费",
        "中",
        "培训费等五项以上内容的支出",
    ]
