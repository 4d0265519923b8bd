"""The narrative's claims as rows of the ``claims`` table.

The claims are collected by the narrative layer and handed in by ``api`` (the store does not run
the checker); this module only reads their attributes: an amount of a named figure, a share, a
change from last year, a rate of the budget, a 类/款/项 explanation.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from juesuan.model.narrative import Fact
from juesuan.model.provenance import Source
from juesuan.record import Record

__all__ = ["ClaimRow", "claim_rows"]

_SENTENCE_END = re.compile(r"[。；;！？]")


@dataclass(frozen=True, repr=False)
class ClaimRow(Record):
    kind: str  # amount / share / change / budget_rate / item
    scope: str
    subject: str
    figure_key: str
    value: Decimal | None
    word: str
    change: Decimal | None
    rate: Decimal | None
    budget: Decimal | None
    reason: str
    text: str
    source: Source


def _value(fact: Fact | None) -> Decimal | None:
    return fact.value if fact is not None else None


def _sentence(unit: Any, fact: Fact) -> str:
    """The sentence of the paragraph that holds ``fact``."""
    text: str = unit.paragraph.text
    start = 0
    for m in _SENTENCE_END.finditer(text):
        if m.end() <= fact.start:
            start = m.end()
        else:
            return text[start : m.end()].strip()
    return text[start:].strip()


def claim_rows(claims: Any) -> Iterator[ClaimRow]:
    """Rows from a ``Claims`` value (``amounts``, ``shares``, ``changes``, ``rates``, ``items``)."""
    for c in claims.amounts:
        yield ClaimRow("amount", c.unit.scope, c.subject, c.key, _value(c.fact), "", None, None, None, "", _sentence(c.unit, c.fact), c.fact.source)
    for c in claims.shares:
        subject = c.numerator.label if c.numerator is not None else ""
        yield ClaimRow(
            "share", c.unit.scope, subject, "", _value(c.numerator), "", None, _value(c.percent), None, c.denominator_word, _sentence(c.unit, c.percent), c.percent.source
        )
    for c in claims.changes:
        yield ClaimRow(
            "change", c.unit.scope, c.subject, "", None, c.word.word, _value(c.amount), _value(c.rate), None, "", _sentence(c.unit, c.word), c.word.source
        )
    for c in claims.rates:
        yield ClaimRow(
            "budget_rate",
            c.unit.scope,
            c.subject,
            "",
            _value(c.actual),
            c.direction,
            None,
            _value(c.rate),
            _value(c.budget),
            c.reason,
            _sentence(c.unit, c.rate),
            c.rate.source,
        )
    for c in claims.items:
        main = c.amount or (c.rate.rate if c.rate is not None else None)
        if main is None:
            continue
        yield ClaimRow(
            "item",
            c.unit.scope,
            "/".join(c.names),
            "",
            _value(c.amount),
            c.rate.direction if c.rate is not None else "",
            None,
            _value(c.rate.rate) if c.rate is not None else None,
            _value(c.budget),
            c.rate.reason if c.rate is not None else "",
            _sentence(c.unit, main),
            main.source,
        )
