"""Template placeholders (``XX``, ``××``, ``……``, ``增加（减少）``): what YZ06 reports.

Other rules use :func:`has_placeholder` to leave such text alone: a name printed as ``XX`` or
``高等教育……`` is an unfilled template, reported once as that, not again as a wrong name.
"""

from __future__ import annotations

import re

__all__ = ["PLACEHOLDERS", "has_placeholder"]

PLACEHOLDERS = re.compile(
    r"(?<![A-Za-z])X{2,}(?![A-Za-z])|×{2,}|某某|待补充|待填写|待定|TODO|\?\?|？？|【.*?】|\[\s*\]|…{2,}|_{3,}|＿{2,}"
    r"|[（(]\s*(?:单位|部门|机构|项目|学校)(?:名称|全称)\s*[)）]"
    r"|(?:增加|减少|增长|下降|降低|大于|小于|高于|低于)[（(](?:增加|减少|增长|下降|降低|大于|小于|高于|低于|持平)[)）]"
)


def has_placeholder(text: str | None) -> bool:
    return bool(text) and PLACEHOLDERS.search(text or "") is not None
