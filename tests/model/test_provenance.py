"""Where a value came from, in every kind of source."""

from __future__ import annotations

from juesuan.model import Source


def test_short_locations() -> None:
    assert Source(file="/data/seed/000_47ca208ed1e3cbfe.txt", line=287).short() == "000_47ca208ed1e3cbfe.txt:287"
    assert Source(file="corpus/x.pdf", page=3, bbox=(10.0, 20.0, 30.0, 40.0)).short() == "x.pdf#p3"
    assert Source(file="b.xlsx", sheet="公开01表", cell="C8").short() == "b.xlsx!公开01表!C8"
    assert Source(file="plain.txt").short() == "plain.txt"


def test_at_fills_the_logical_place_without_touching_the_original() -> None:
    printed = Source(file="seed.txt", line=338, text="1,968.11")
    placed = printed.at(table="收入决算表", row="208", column="本年收入合计")
    assert (placed.line, placed.text, placed.table, placed.row, placed.column) == (338, "1,968.11", "收入决算表", "208", "本年收入合计")
    assert printed.table is None
