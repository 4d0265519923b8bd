"""How sure the recogniser is of a figure, and what a doubt about a digit means for the checks.

The one setting is :data:`DIGIT_CONFIDENCE`: a digit, decimal point or thousands separator read
with a lower probability is *doubtful*. A figure with a doubtful character is kept as read, but
its rounding interval is widened to cover every value the doubtful digits could stand for
(:func:`doubt_of`), so an identity through it can only come out equal or as a 尾差-level hint,
never as an error on its own; a reading finding (RD30) names the cell and the characters. A
figure whose shape is wrong for a printed amount (``1,23.45``: a digit lost) is doubtful as a
whole.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from juesuan.model.report import UNREADABLE
from juesuan.record import Record

__all__ = ["DIGIT_CONFIDENCE", "UNREADABLE", "WORD_CONFIDENCE", "Doubt", "doubt_of", "looks_numeric", "mark_unsure"]

#: below this probability a digit, point or separator read by OCR is not trusted. On the corpus
#: rasterised at 150 and 200 dpi (``benchmarks/ocr.py``, column RD30) every figure was read right
#: and one or two per document fell below it: a doubt costs a hint, a misread trusted digit a
#: false error, so the threshold leans to doubting.
DIGIT_CONFIDENCE = 0.9

#: below this probability a character of running text (a title, a name, a sentence — not a
#: figure, not a table cell) is not taken as read: it becomes :data:`UNREADABLE`, and what compares
#: the words holding it says it could not read them instead of calling them wrong. A large bold
#: cover title is where the recogniser fails (上海市 read as “-海门” at 0.49 and 0.26); characters
#: read right score above 0.8 on the corpus.
WORD_CONFIDENCE = 0.5

_NUMERIC = re.compile(r"^[-−(（]?\d[\d,.]*[)）%]?$")
_WELL_FORMED = re.compile(r"^[-−(（]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?[)）%]?$")


@dataclass(frozen=True, slots=True, repr=False)
class Doubt(Record):
    """A figure read with doubtful characters: how far its true value may lie from the reading."""

    text: str  # the figure as read
    characters: str  # the doubtful characters, in order (``?`` marks a figure of the wrong shape)
    lowest: float  # the lowest probability among them
    spread: Decimal  # the true value lies within ± this of the reading


def looks_numeric(text: str) -> bool:
    return bool(_NUMERIC.match(text))


def doubt_of(text: str, confidences: tuple[float, ...]) -> Doubt | None:
    """The doubt about a figure read as ``text`` with per-character ``confidences``, or ``None``."""
    if not looks_numeric(text):
        return None
    body = text.strip("-−(（)）%")
    integer = body.split(".", 1)[0].replace(",", "")
    whole = Decimal(10) ** (len(integer) + 1)  # any value of the same number of digits, and more
    if not _WELL_FORMED.match(text):
        low = min(confidences, default=0.0)
        return Doubt(text, "?", low, whole)
    if len(confidences) != len(text):
        return None
    doubtful = [(i, c, p) for i, (c, p) in enumerate(zip(text, confidences, strict=True)) if p < DIGIT_CONFIDENCE and (c.isdigit() or c in ",.")]
    if not doubtful:
        return None
    if any(c in ",." for _, c, _ in doubtful):
        spread = whole  # a point or separator in doubt: the magnitude itself is in doubt
    else:
        # the highest doubtful digit's place: ±10 of that place covers every digit it could be
        point = text.find(".")
        end = point if point >= 0 else len(text.rstrip(")）%"))
        places = []
        for i, _, _ in doubtful:
            digits_right = sum(1 for ch in text[i + 1 : end] if ch.isdigit()) if i < end else -sum(1 for ch in text[end + 1 : i + 1] if ch.isdigit())
            places.append(digits_right)
        spread = Decimal(10) ** (max(places) + 1)
    return Doubt(text, "".join(c for _, c, _ in doubtful), min(p for _, _, p in doubtful), spread)


def mark_unsure(text: str, confidences: tuple[float, ...]) -> str:
    """``text`` with every character read below :data:`WORD_CONFIDENCE` replaced by
    :data:`UNREADABLE` (unchanged when the probabilities are not one per character, and for
    figures: a figure's doubt is :func:`doubt_of`'s business)."""
    if len(confidences) != len(text) or looks_numeric(text.replace(" ", "")):
        return text
    return "".join(UNREADABLE if c < WORD_CONFIDENCE and not ch.isspace() else ch for ch, c in zip(text, confidences, strict=True))
