"""The built-in profile files: what each layout says about itself, read from its one file."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from juesuan import profiles
from juesuan.model.tables import TableKind
from juesuan.profiles import FEATURES, load_profile, registry
from juesuan.scoring import NATIONAL

BUILTIN = ("central", "liaoning", "shanghai", "university")


def test_the_four_families_are_one_file_each() -> None:
    known = registry()
    assert set(BUILTIN) <= set(known.names())
    for name in BUILTIN:
        profile = known.get(name)
        assert profile.source == ""  # read from the package
        assert profile.detect.clues, f"{name} has no detection clues"
        assert all(f in FEATURES for f in profile.features)
    # exactly one profile is chosen when a document shows no sign of any layout
    assert [p.name for p in known if p.detect.fallback] == ["liaoning"]


def test_numbering_differs_by_family() -> None:
    liaoning, central, shanghai, university = (load_profile(n) for n in ("liaoning", "central", "shanghai", "university"))
    # Liaoning: 07 = 三公, 08 = 政府性基金, 09 = 国有资本经营; central: 07 = 政府性基金, 08 = 国有资本经营, 09 = 三公
    assert liaoning.table_number(TableKind.THREE_PUBLIC) == 7
    assert central.table_number(TableKind.THREE_PUBLIC) == 9
    assert central.table_number(TableKind.GOV_FUND) == 7
    assert central.table_number(TableKind.STATE_CAPITAL) == 8
    # Shanghai prints no table numbers
    assert not shanghai.numbered and shanghai.table_number(TableKind.STATE_CAPITAL) is None
    # the university family has four tables, 财政拨款支出决算表 among them, and no 公开06表
    assert [t.number for t in university.tables] == [1, 2, 3, 4]
    assert university.has_table(TableKind.FISCAL_EXPENDITURE) and not university.has_table(TableKind.GENERAL_BASIC)


def test_titles_each_layout_prints() -> None:
    assert load_profile("liaoning").table_title(TableKind.STATE_CAPITAL) == "国有资本经营预算财政拨款收入支出决算表"  # the seed's 09
    assert load_profile("central").table_title(TableKind.GENERAL_BASIC) == "一般公共预算财政拨款基本支出决算明细表"
    assert load_profile("university").table_title(TableKind.INCOME_EXPENDITURE_SUMMARY) == "高等学校收支决算总表"
    # the reader knows every profile's titles
    titles = dict(registry().titles.pairs)
    assert titles["高等学校财政拨款支出决算表"] == TableKind.FISCAL_EXPENDITURE
    assert titles["一般公共预算财政拨款基本支出决算明细表"] == TableKind.GENERAL_BASIC


def test_what_rules_ask() -> None:
    liaoning, shanghai, university = (load_profile(n) for n in ("liaoning", "shanghai", "university"))
    assert liaoning.denominator("收入合计") == "本年收入合计" and shanghai.denominator("收入合计") is None
    assert university.denominator("收入总额") == "本年收入合计"
    assert liaoning.requires_section("预算绩效") and not university.requires_section("预算绩效")
    assert shanghai.has("three_public_zero_statement") and not liaoning.has("three_public_zero_statement")
    assert liaoning.has("performance_tables") and not shanghai.has("performance_tables")
    assert not university.has("item_explanations") and not university.has("overview")
    with pytest.raises(KeyError):
        liaoning.has("no-such-feature")


def test_scoring_policies_live_in_the_profiles() -> None:
    liaoning, shanghai = load_profile("liaoning").scoring, load_profile("shanghai").scoring
    assert liaoning.name == "liaoning" and liaoning.completion_places == 2 and liaoning.task_rate_places == 0
    assert liaoning.caps == ((D(60), D(59)), (D(80), D(79)))
    assert liaoning.cap_for(D("68.69")) == D(79) and liaoning.cap_for(D("91.14")) is None
    assert [g for _, g in shanghai.grades] == ["优", "良", "合格", "不合格"]
    assert load_profile("central").scoring == NATIONAL == load_profile("university").scoring
    # juesuan.toml's scoring = "…" names a profile's policy (or national)
    assert profiles.scoring_policy("shanghai") is shanghai and profiles.scoring_policy("national") is NATIONAL
    with pytest.raises(ValueError, match="没有名为"):
        profiles.scoring_policy("hainan")


def test_only_the_layouts_with_a_writer_part_can_be_written() -> None:
    from juesuan.render.profile import load_profile as writer_profile
    from juesuan.render.profile import writable

    assert set(writable()) >= {"liaoning", "shanghai", "university"} and "central" not in writable()
    seed_layout = writer_profile("liaoning")
    # the writer's table order and numbers are the profile's tables
    assert seed_layout.table_order[6] == (TableKind.THREE_PUBLIC, 7)
    assert seed_layout.tables["titles"][TableKind.STATE_CAPITAL.value] == "国有资本经营预算财政拨款收入支出决算表"
    with pytest.raises(ValueError, match="没有写作部分"):
        writer_profile("central")


def test_rules_that_apply_to_some_layouts_name_a_feature_the_profiles_declare() -> None:
    from juesuan.check import all_rules

    required = {rule.id: rule.requires for rule in all_rules() if rule.requires}
    assert required == {"CP06": "overview", "TX09": "item_explanations", "SG05": "three_public_zero_statement", "YZ14": "section_order"}
    for feature in required.values():
        having = {p.name for p in registry() if p.has(feature)}
        assert having and having != set(registry().names()), f"{feature}: every layout or none has it"
