"""TX13 on the seed: the items a 基本支出 explanation lists, cut the way they are printed."""

from __future__ import annotations

from juesuan.check import check


def test_names_with_brackets_stay_whole_and_the_first_item_is_checked(seed_report) -> None:  # type: ignore[no-untyped-def]
    report = check(seed_report, "liaoning")
    listed = [f.message for f in report.findings if f.rule_id == "TX13"]
    public = next(m for m in listed if "日常公用经费" in m)
    # "因公出国（境）费用" is one item of the 公用经费 list (公开06表 30212 is blank in the seed)
    assert "因公出国（境）费用" in public and "因公出国费用" not in public
    assert public.count("、") + 1 == int(public.split("列举了")[1].split("个")[0])
