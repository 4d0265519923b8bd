"""A figure's sentence (claims._sentence_bounds): bisected from the paragraph's sentence ends, the
same bounds as scanning the paragraph's sentence marks from its start."""

from __future__ import annotations

import random

from juesuan.narrative import claims


def _scanned(text: str, position: int) -> tuple[int, int]:
    start = 0
    for m in claims._SENTENCE_END.finditer(text):
        if m.end() <= position:
            start = m.end()
        else:
            return start, m.end()
    return start, len(text)


def test_same_bounds_as_a_scan_at_every_position() -> None:
    rng = random.Random(7)
    texts = ["", "。", "收入总计 2,079.31 万元。比上年增加 10 万元；主要原因是人员增加！", "没有句号的一句话"]
    texts += ["".join(rng.choice("ab。；;！？c") for _ in range(rng.randint(0, 16))) for _ in range(3000)]
    for text in texts:
        for position in range(-1, len(text) + 2):
            assert claims._sentence_bounds(text, position) == _scanned(text, position), (text, position)
