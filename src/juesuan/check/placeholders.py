"""Template placeholders (``XX``, ``××``, ``……``, ``增加（减少）``): what YZ06 reports.

Other rules use :func:`has_placeholder` to leave such text alone: a name printed as ``XX`` or
``高等教育……`` is an unfilled template, reported once as that, not again as a wrong name.
"""

from __future__ import annotations

import re

__all__ = ["PLACEHOLDERS", "STARTS", "has_placeholder"]

_PLACEHOLDER = (
    r"(?<![A-Za-z])X{2,}(?![A-Za-z])|×{2,}|某某|待补充|待填写|待定|TODO|\?\?|？？|【.*?】|\[\s*\]|…{2,}|_{3,}|＿{2,}"
    r"|[（(]\s*(?:单位|部门|机构|项目|学校)(?:名称|全称)\s*[)）]"
    r"|(?:增加|减少|增长|下降|降低|大于|小于|高于|低于)[（(](?:增加|减少|增长|下降|降低|大于|小于|高于|低于|持平)[)）]"
)
#: every character a placeholder can start with (tests/check/test_placeholders.py derives them from
#: the pattern): looked at first, the engine gives up at once on every other position of a text
#: instead of trying each alternative there (YZ06 reads the whole document: ~0.6 ms of a PDF check)
STARTS = "X×某待T?？【[…_＿（(增减下降大小高低"
PLACEHOLDERS = re.compile(rf"(?=[{re.escape(STARTS)}])(?:{_PLACEHOLDER})")


def has_placeholder(text: str | None) -> bool:
    return bool(text) and PLACEHOLDERS.search(text or "") is not None
