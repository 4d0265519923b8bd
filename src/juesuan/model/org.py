"""Who a document is about: the region its name places it in, and the keys by which the same
organisation (a department, or one of its units) is recognised across documents.

Names are compared after NFKC normalisation with spaces and quote marks removed, so that
“朝阳市 社会保险事业服务中心” and “朝阳市社会保险事业服务中心” are one name. A name is split into its
region prefix (省/自治区/直辖市, then 市/自治州/地区/盟, then 区/县/旗/县级市) and the rest, its
*core*. Two names denote the same organisation when their cores are equal and one region is the
other with its higher levels left out (“朝阳市X” is “辽宁省朝阳市X”; “辽宁省X” is not
“辽宁省朝阳市X”). A unit listed as “…本级” is the department's own office.

Region prefixes are read from the administrative suffixes only where the part before the suffix
contains no word of an organisation (局、厅、委、中心 …), so “城市管理局” or “社区服务中心” never
become regions. A name with no region prefix (a university) has the empty region.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = [
    "OrgName",
    "han_lead",
    "is_own_unit",
    "normalize_org",
    "parse_org",
    "parse_region",
    "region_compatible",
    "same_org",
]


#: The provincial-level divisions, as names begin with them.
PROVINCES = (
    "北京市", "天津市", "上海市", "重庆市", "河北省", "山西省", "辽宁省", "吉林省", "黑龙江省", "江苏省", "浙江省",
    "安徽省", "福建省", "江西省", "山东省", "河南省", "湖北省", "湖南省", "广东省", "海南省", "四川省", "贵州省",
    "云南省", "陕西省", "甘肃省", "青海省", "台湾省", "内蒙古自治区", "广西壮族自治区", "西藏自治区",
    "宁夏回族自治区", "新疆维吾尔自治区", "香港特别行政区", "澳门特别行政区", "新疆生产建设兵团",
)  # fmt: skip
_MUNICIPALITIES = frozenset({"北京市", "天津市", "上海市", "重庆市"})
_PREFECTURE = ("自治州", "地区", "市", "盟")  # the level words, each after 2–6 Chinese characters
_COUNTY = ("自治县", "自治旗", "区", "县", "旗", "市")
#: words of an organisation's name that no region name contains
_ORG_WORDS = ("局", "厅", "委", "办", "院", "校", "所", "会", "部", "处", "站", "队", "中心", "公司", "集团", "馆", "室", "科", "社")
_OWN_UNIT = re.compile(r"[(（]?本级[)）]?$")
_PARTY = ("中国共产党", "中共")
_DROP = str.maketrans("", "", " \u3000\t\r\n“”\"'‘’")


@lru_cache(maxsize=1 << 12)
def normalize_org(name: str) -> str:
    """A name as compared: NFKC (full-width brackets and digits made plain), no spaces or quotes."""
    return unicodedata.normalize("NFKC", name).translate(_DROP)


def is_own_unit(name: str) -> bool:
    """“朝阳市社会保险事业服务中心本级” / “…（本级）”: the department's own office in a unit list."""
    return _OWN_UNIT.search(normalize_org(name)) is not None


def han_lead(text: str, at: int, shortest: int, longest: int, ends: tuple[str, ...]) -> int:
    """Where the shortest region name at ``text[at:]`` ends: ``shortest`` to ``longest`` Chinese
    characters (U+4E00–U+9FFF) and then one of ``ends`` (the first that follows); -1 if none.

    What ``re.match(r"[\u4e00-\u9fff]{shortest,longest}?(?:end|…)", text[at:])`` finds, without
    compiling the character class — which costs sre a loop over its 20,992 characters in Python
    at import (~0.5 ms a pattern)."""
    for k in range(at, min(at + longest, len(text))):
        if not "\u4e00" <= text[k] <= "\u9fff":
            return -1
        if k + 1 - at >= shortest:
            for end in ends:
                if text.startswith(end, k + 1):
                    return k + 1 + len(end)
    return -1


def _region_part(ends: tuple[str, ...], text: str, rest: int = 2) -> str:
    end = han_lead(text, 0, 2, 6, ends)
    if end < 0 or len(text) - end < rest:
        return ""
    part = text[:end]
    return "" if any(word in part for word in _ORG_WORDS) else part


class OrgName:
    """A name split into its region levels and its core (the name without the region prefix)."""

    __slots__ = ("core", "name", "region")

    def __init__(self, name: str, region: tuple[str, ...], core: str) -> None:
        self.name = name
        self.region = region
        self.core = core

    @property
    def key(self) -> str:
        """The normalised full name (region and core), without a “本级” suffix."""
        return "".join(self.region) + self.core

    def __repr__(self) -> str:
        return f"OrgName({self.name!r}, region={self.region!r}, core={self.core!r})"


def _split(text: str, rest: int) -> tuple[tuple[str, ...], str]:
    """The region levels at the start of ``text`` and what follows (at least ``rest`` characters)."""
    region: list[str] = []
    province = next((p for p in PROVINCES if text.startswith(p) and len(text) - len(p) >= rest), "")
    if province:
        region.append(province)
        text = text[len(province) :]
    if province not in _MUNICIPALITIES:
        prefecture = _region_part(_PREFECTURE, text, rest)
        if prefecture:
            region.append(prefecture)
            text = text[len(prefecture) :]
    if region:  # a county only below a province or prefecture named before it
        county = _region_part(_COUNTY, text, rest)
        if county:
            region.append(county)
            text = text[len(county) :]
    return tuple(region), text


@lru_cache(maxsize=1 << 12)
def parse_org(name: str) -> OrgName:
    """``辽宁省朝阳市社会保险事业服务中心`` → region (辽宁省, 朝阳市), core 社会保险事业服务中心."""
    text = _OWN_UNIT.sub("", normalize_org(name))
    party = next((p for p in _PARTY if text.startswith(p)), "")  # 中共朝阳市委宣传部: the region follows
    region, rest = _split(text[len(party) :], 2)
    return OrgName(name, region, party + rest)


def parse_region(name: str) -> tuple[str, ...]:
    """The levels of a region's own name: ``辽宁省朝阳市`` → (辽宁省, 朝阳市); ``()`` if none is recognised."""
    region, rest = _split(normalize_org(name), 0)
    return region if not rest else ()


def region_compatible(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """One region is the other with its higher levels left out (the empty region fits only itself)."""
    if len(a) > len(b):
        a, b = b, a
    return (bool(a) and b[len(b) - len(a) :] == a) or a == b


def same_org(a: str, b: str, context: tuple[str, ...] = ()) -> bool:
    """Whether two names denote the same organisation. ``context`` is the region of the document
    that names them (a unit list): a name without a region prefix takes it."""
    x, y = parse_org(a), parse_org(b)
    if x.core != y.core:
        return False
    rx = x.region or context
    ry = y.region or context
    return region_compatible(rx, ry)
