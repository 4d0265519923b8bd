"""Word's number formats as Chinese documents use them."""

from __future__ import annotations

import pytest

from juesuan.ingest.docx.numbering import format_number


@pytest.mark.parametrize(
    ("n", "fmt", "printed"),
    [
        (1, "decimal", "1"),
        (3, "chineseCounting", "三"),
        (10, "chineseCounting", "十"),
        (12, "chineseCountingThousand", "十二"),
        (20, "chineseCounting", "二十"),
        (26, "chineseCounting", "二十六"),
        (105, "chineseCountingThousand", "一百零五"),
        (2, "ideographTraditional", "乙"),
        (3, "decimalEnclosedCircle", "③"),
        (4, "upperRoman", "IV"),
        (28, "lowerLetter", "bb"),
        (5, "decimalFullWidth", "５"),
        (1, "bullet", None),
    ],
)
def test_number_formats(n: int, fmt: str, printed: str | None) -> None:
    assert format_number(n, fmt) == printed
