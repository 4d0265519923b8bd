"""A package's names given from a module imported on first use (juesuan.lazy)."""

from __future__ import annotations

import pytest

import juesuan.api
import juesuan.batch
import juesuan.check


def test_a_lazy_name_is_the_module_s_own_object() -> None:
    from juesuan.batch.sinks import SummaryWriter
    from juesuan.check.history import History
    from juesuan.render.build import MissingData

    assert juesuan.batch.SummaryWriter is SummaryWriter and juesuan.check.History is History and juesuan.api.MissingData is MissingData


def test_another_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match=r"module 'juesuan\.batch' has no attribute 'nothing'"):
        juesuan.batch.nothing  # type: ignore[attr-defined]  # noqa: B018
    assert not hasattr(juesuan.check, "nothing")
