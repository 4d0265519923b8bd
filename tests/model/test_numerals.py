"""Chinese numerals of section and item numbers, both ways."""

from __future__ import annotations

import pytest

from juesuan.model.numerals import cn_to_int, int_to_cn


@pytest.mark.parametrize(("n", "text"), [(1, "一"), (9, "九"), (10, "十"), (13, "十三"), (20, "二十"), (26, "二十六"), (99, "九十九")])
def test_as_printed(n: int, text: str) -> None:
    assert int_to_cn(n) == text
    assert cn_to_int(text) == n


def test_every_number_reads_back() -> None:
    assert [cn_to_int(int_to_cn(n)) for n in range(1, 100)] == list(range(1, 100))


@pytest.mark.parametrize("n", [0, 100, -1])
def test_out_of_range(n: int) -> None:
    with pytest.raises(ValueError):
        int_to_cn(n)
