"""The placeholder pattern looks first at the characters a placeholder can start with (STARTS):
they must be every character any of its alternatives can start with, or a placeholder would be missed."""

from __future__ import annotations

import re
from re import _constants as C  # type: ignore[attr-defined]  # the parsed form of a pattern
from re import _parser  # type: ignore[attr-defined]

from juesuan.check import placeholders
from juesuan.check.placeholders import PLACEHOLDERS, STARTS, has_placeholder


def _first_chars(items: list[tuple[object, object]]) -> set[str]:
    """The characters a parsed sequence can start with (literals and sets of literals only)."""
    for op, av in items:
        if op in (C.ASSERT, C.ASSERT_NOT, C.AT):
            continue  # zero-width: the next item starts the match
        if op is C.LITERAL:
            return {chr(av)}  # type: ignore[arg-type]
        if op is C.IN:
            chars = set()
            for kind, value in av:  # type: ignore[attr-defined]
                assert kind is C.LITERAL, f"a set of more than literals: {av!r}"
                chars.add(chr(value))
            return chars
        if op is C.BRANCH:
            return set().union(*(_first_chars(list(alt)) for alt in av[1]))  # type: ignore[index]
        if op is C.SUBPATTERN:
            return _first_chars(list(av[-1]))  # type: ignore[index]
        if op in (C.MAX_REPEAT, C.MIN_REPEAT):
            low, _, body = av  # type: ignore[misc]
            assert low >= 1, "an optional start: the next item could start the match too"
            return _first_chars(list(body))
        raise AssertionError(f"unexpected start {op!r}")
    raise AssertionError("an alternative that can match nothing")


def test_starts_are_every_first_character_of_the_pattern() -> None:
    assert _first_chars(list(_parser.parse(placeholders._PLACEHOLDER))) == set(STARTS)


def test_same_matches_as_the_pattern_alone() -> None:
    plain = re.compile(placeholders._PLACEHOLDER)
    texts = ["上海市XX局2024年度", "××单位", "某某项目待补充", "TODO ??？？", "【单位名称】[ ]……___＿＿", "（单位名称）", "增加（减少）", "XXL 尺码", "没有占位符的句子。"]
    for text in texts:
        assert [m.span() for m in PLACEHOLDERS.finditer(text)] == [m.span() for m in plain.finditer(text)]
    assert has_placeholder("上海市XX局") and not has_placeholder("上海市普陀区财政局")
