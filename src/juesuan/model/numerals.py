"""Chinese numerals as printed in section numbers and table line labels (一、 … 二十六、)."""

from __future__ import annotations

__all__ = ["CN_NUMERALS", "cn_to_int", "int_to_cn"]

CN_NUMERALS = {"零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def cn_to_int(text: str) -> int | None:
    """``二十六`` → 26, ``十`` → 10, ``九`` → 9; ``None`` if not a Chinese numeral up to 99."""
    if not text or any(ch not in CN_NUMERALS and ch != "十" for ch in text):
        return None
    if "十" not in text:
        return CN_NUMERALS[text] if len(text) == 1 else None
    tens, _, units = text.partition("十")
    if len(tens) > 1 or len(units) > 1:
        return None
    value = (CN_NUMERALS[tens] if tens else 1) * 10
    return value + (CN_NUMERALS[units] if units else 0)


_DIGITS = "一二三四五六七八九"


def int_to_cn(n: int) -> str:
    """26 → ``二十六``, 10 → ``十``, 13 → ``十三`` (1 to 99, as section and item numbers are written)."""
    if not 1 <= n <= 99:
        raise ValueError(f"int_to_cn takes 1 to 99, not {n}")
    tens, units = divmod(n, 10)
    head = "" if tens == 0 else "十" if tens == 1 else _DIGITS[tens - 1] + "十"
    return head + (_DIGITS[units - 1] if units else "")
