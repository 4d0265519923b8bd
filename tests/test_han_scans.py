"""Chinese characters told apart by comparison, not by a regular-expression class.

A class like ``[\\u4e00-\\u9fff]`` costs sre a Python loop over its ~21,000 characters when it is
compiled, ~0.5–1.5 ms of every process that imports the module. ``narrative.surface.joined``,
``model.org.han_lead`` (region names, and ``check.names``' provinces) scan instead; these tests
prove that each finds exactly what the pattern it replaced found: the characters over the whole
Unicode range, and the matches over random text built from the characters at every boundary.
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from juesuan.check.names import _province_end, split_unit
from juesuan.model.org import han_lead, parse_org
from juesuan.narrative.surface import _joins, joined

# the patterns as they were
_CJK = r"[\u3400-\u9fff\uf900-\ufaff（）“”「」『』《》、，。；：]"
_BREAK = re.compile(rf"(?<={_CJK})[ \t\u3000\r\n]+(?={_CJK})")
_HAN = re.compile(r"[\u4e00-\u9fff]")
_PREFECTURE = re.compile(r"[\u4e00-\u9fff]{2,6}?(?:自治州|地区|市|盟)")
_COUNTY = re.compile(r"[\u4e00-\u9fff]{2,6}?(?:自治县|自治旗|区|县|旗|市)")
_PROVINCE = re.compile(r"北京市|天津市|上海市|重庆市|[\u4e00-\u9fff]{2,7}?(?:省|自治区)")

_EVERY_CHARACTER = [chr(c) for c in range(0x110000)]

# each side of every boundary of the ranges, the marks, the spaces, the level words and others
_ALPHABET = (
    "\u33ff\u3400\u4dff\u4e00\u9fff\ua000\uf8ff\uf900\ufaff\ufb00"
    "（）“”「」『』《》、，。；：()\"',.;:"
    " \t\u3000\r\n\x0b\x0c\xa0"
    "北京天津上海重庆市省自治区州地盟县旗新局中心朝阳"
    "0１aZ_"
)
# and text mostly of Chinese characters and level words, for the longest names
_TEXT = st.one_of(
    st.text(alphabet=_ALPHABET, max_size=24), st.text(alphabet="\u4e00\u9fff朝阳省市自治州区县地盟\u4dff\ua000 ", max_size=14)
)


def test_the_characters_are_those_of_the_classes() -> None:
    cjk = re.compile(_CJK)
    assert [c for c in _EVERY_CHARACTER if _joins(c)] == [c for c in _EVERY_CHARACTER if cjk.fullmatch(c)]
    assert [c for c in _EVERY_CHARACTER if "\u4e00" <= c <= "\u9fff"] == [c for c in _EVERY_CHARACTER if _HAN.fullmatch(c)]


def _joined_as_before(text: str) -> tuple[str, list[int]]:
    kept: list[int] = []
    pos = 0
    for m in _BREAK.finditer(text):
        kept.extend(range(pos, m.start()))
        pos = m.end()
    kept.extend(range(pos, len(text)))
    return "".join(text[i] for i in kept), kept


@settings(max_examples=3000)
@given(_TEXT)
def test_joined_removes_the_breaks_the_pattern_found(text: str) -> None:
    assert joined(text) == _joined_as_before(text)


def test_joined_examples() -> None:
    assert joined("决算\n数大于预算数")[0] == "决算数大于预算数"
    assert joined("《关于\n 印发》")[0] == "《关于印发》"
    assert joined("2024 年 abc\n决算")[0] == "2024 年 abc\n决算"


def _lead_as_before(pattern: re.Pattern[str], text: str, at: int) -> int:
    m = pattern.match(text, at)
    return m.end() if m else -1


@settings(max_examples=3000)
@given(_TEXT, st.integers(min_value=0, max_value=4))
def test_han_lead_ends_where_the_pattern_did(text: str, at: int) -> None:
    assert han_lead(text, at, 2, 6, ("自治州", "地区", "市", "盟")) == _lead_as_before(_PREFECTURE, text, at)
    assert han_lead(text, at, 2, 6, ("自治县", "自治旗", "区", "县", "旗", "市")) == _lead_as_before(_COUNTY, text, at)


@settings(max_examples=3000)
@given(_TEXT.map(lambda t: t + "局"), st.integers(min_value=0, max_value=4))
def test_the_province_ends_where_the_pattern_did(text: str, at: int) -> None:
    assert _province_end(text, at) == _lead_as_before(_PROVINCE, text, at)
    assert _province_end("北京市" + text, 0) == 3


def test_names_split_as_before() -> None:
    assert split_unit("上海市普陀区财政局").levels == ("上海市", "普陀区")
    assert split_unit("辽宁省朝阳市社会保险事业服务中心").levels == ("辽宁省", "朝阳市")
    assert split_unit("广西壮族自治区南宁市财政局").levels == ("广西壮族自治区", "南宁市")
    assert parse_org("辽宁省朝阳市社会保险事业服务中心").region == ("辽宁省", "朝阳市")
    assert parse_org("朝阳市城市管理局").region == ("朝阳市",)
