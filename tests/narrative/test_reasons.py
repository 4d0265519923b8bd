"""The reason a sentence gives ("主要原因是…", "主要原因：…", "主要是…") is found wherever a line or
page break falls, inside the phrase or inside the reason, and is returned without the breaks."""

from __future__ import annotations

import pytest

from juesuan.narrative.claims import reason_in


@pytest.mark.parametrize(
    "text",
    [
        "收入增加 100.00 万元，主要原因是人员增加。其他",
        "收入增加 100.00 万元，主要原因：人员增加。其他",
        "收入增加 100.00 万元，主要原\n因是人员增加。其他",
        "收入增加 100.00 万元，主\n要原因：人员增\n加。其他",
        "收入增加 100.00 万元，主要原因：\n人员增加。其他",
        "收入增加 100.00 万元，主要\n是人员增加。其他",
    ],
)
def test_the_reason_is_read_across_line_breaks(text: str) -> None:
    assert reason_in(text) == "人员增加"


def test_no_reason_is_no_reason() -> None:
    assert reason_in("收入增加 100.00 万元，增长 5.00%。") == ""
    assert reason_in("收入增加 100.00 万元。主要原因是人员增加。", 0, 12) == ""  # only before ``end``
