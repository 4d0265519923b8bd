"""Classification codes: levels, parents, printed vs full digits, and the catalogue's name
matching (current, truncated, old-edition names) with the names the seed prints."""

from __future__ import annotations

import pytest

from juesuan.classification import default_catalogue
from juesuan.model import Catalogue, CatalogueEntry, Code, CodeLevel, CodeScheme, NameMatch, normalize_name

F = CodeScheme.FUNCTION
E = CodeScheme.ECONOMIC


@pytest.mark.parametrize(
    ("scheme", "value", "level", "parent"),
    [
        (F, "208", CodeLevel.CLASS, None),
        (F, "20805", CodeLevel.SECTION, "208"),
        (F, "2080505", CodeLevel.ITEM, "20805"),
        (E, "301", CodeLevel.CLASS, None),
        (E, "30101", CodeLevel.SECTION, "301"),
    ],
)
def test_levels_and_parents(scheme: CodeScheme, value: str, level: CodeLevel, parent: str | None) -> None:
    code = Code(scheme=scheme, value=value)
    assert code.level == level
    assert code.parent == parent
    assert code.well_formed
    assert str(code) == value


def test_a_cut_economic_code_is_not_well_formed_until_resolved() -> None:
    # the seed's 公开06表 prints 3010 for 30101 基本工资
    cut = Code(scheme=E, value="3010", printed="3010")
    assert cut.level is None and not cut.well_formed
    resolved = Code(scheme=E, value="30101", printed="3010", inferred=True)
    assert resolved.well_formed and resolved.printed != resolved.value
    # economic codes stop at 款: seven digits are not an economic level
    assert Code(scheme=E, value="3010101").level is None


def test_code_printed_in_three_columns_keeps_what_was_printed() -> None:
    code = Code(scheme=F, value="2080505", printed="208 05 05")
    assert (code.value, code.printed, code.parent) == ("2080505", "208 05 05", "20805")


def test_normalize_name_ignores_spaces_and_bracket_width() -> None:
    assert normalize_name("维修(护)费") == normalize_name("维修（护）费")
    assert normalize_name("一般公共预算 财政拨款") == "一般公共预算财政拨款"


# ---- the shipped catalogue and the names of the seed ---------------------------------------------


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return default_catalogue()


def test_catalogue_knows_every_code_the_seed_prints(seed_report, catalogue: Catalogue) -> None:  # type: ignore[no-untyped-def]
    from juesuan.model import ClassifiedTable

    codes = {row.code.value for t in seed_report.tables if isinstance(t, ClassifiedTable) for row in t.coded_rows if row.code}
    assert len(codes) == 21
    assert all(catalogue.get(F, code) is not None for code in codes)
    entry = catalogue.get(F, "2080505")
    assert entry is not None and entry.parent == "20805" and entry.level == CodeLevel.ITEM
    assert {e.code for e in catalogue.children(F, "21011")} >= {"2101102", "2101103"}


@pytest.mark.parametrize(
    ("code", "printed", "year", "expected"),
    [
        # 03表 / 05表 print the current name
        ("2080505", "机关事业单位基本养老保险缴费支出", 2024, NameMatch.EXACT),
        # 02表 prints it cut by the column width
        ("2080505", "机关事业单位基本养老保险缴费", 2024, NameMatch.TRUNCATED),
        # the glossary's 社会保障和就业（类）行政事业单位离退休（款）事业单位离退休（项）
        ("208", "社会保障和就业", 2024, NameMatch.TRUNCATED),
        ("20805", "行政事业单位离退休", 2024, NameMatch.OLD_EDITION),
        ("2080502", "事业单位离退休", 2024, NameMatch.EXACT),
        # an old name is the right name in the editions that used it
        ("20805", "行政事业单位离退休", 2019, NameMatch.EXACT),
        # 住房保障（类）住房改革（款）: 住房改革支出 without 支出
        ("22102", "住房改革", 2024, NameMatch.TRUNCATED),
        ("2210201", "住房公积金", 2024, NameMatch.EXACT),
        ("2210201", "事业单位医疗", 2024, NameMatch.DIFFERENT),
        ("2089998", "其他社会保障和就业支出", 2024, NameMatch.UNKNOWN_CODE),
    ],
)
def test_name_matching(catalogue: Catalogue, code: str, printed: str, year: int, expected: NameMatch) -> None:
    assert catalogue.match_name(F, code, printed, year) == expected


def test_old_names_are_found_by_name(catalogue: Catalogue) -> None:
    assert [e.code for e in catalogue.by_name(F, "行政事业单位离退休")] == ["20805"]
    assert [e.code for e in catalogue.by_name(F, "行政事业单位养老支出")] == ["20805"]


@pytest.mark.parametrize(
    ("digits", "name", "full"),
    [
        ("3010", "基本工资", "30101"),
        ("3010", "机关事业单位基本养老保险", "30108"),  # name cut short: matched as a prefix
        ("3021", "维修（护）费", "30213"),
        ("3023", "其他交通费用", "30239"),
        ("3100", "办公设备购置", "31002"),
        ("3101", "公务用车购置", "31013"),
        ("3990", "对民间非营利组织和群众性自治组织", "39908"),
        ("3999", "其他支出", "39999"),
        ("3120", "其他资本性补助", None),  # no such 款 under 312: stays unresolved
        ("3020", "不存在的科目", None),
    ],
)
def test_resolving_codes_cut_to_four_digits(catalogue: Catalogue, digits: str, name: str, full: str | None) -> None:
    assert catalogue.resolve(E, digits, name) == full


def test_editions_and_unknown_codes() -> None:
    entry = CatalogueEntry(scheme=F, code="2059802", name="高等教育", level=CodeLevel.ITEM, parent="20598", since=2024)
    catalogue = Catalogue(entries=(entry,))
    assert entry.valid_in(2024) and entry.valid_in(None) and not entry.valid_in(2023)
    assert catalogue.get(F, "2059802") is entry
    assert catalogue.get(E, "2059802") is None
    assert catalogue.match_name(F, "2059801", "学前教育") == NameMatch.UNKNOWN_CODE
