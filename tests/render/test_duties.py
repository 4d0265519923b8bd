"""主要职责 as the department wrote them: items without numbers are numbered in the layout's style;
items that carry their own ("第一条…", "（一）…", "1．…"), often on more than one level, are printed
as written and never numbered again ("4. （一）…")."""

from __future__ import annotations

import pytest

from juesuan.model.inputs import DocumentInput
from juesuan.render.build import build_document
from juesuan.render.profile import load_profile
from juesuan.render.writers.markdown import write_markdown


def _duties_md(doc: DocumentInput, duties: tuple[str, ...], layout: str) -> list[str]:
    md = write_markdown(build_document(doc.model_copy(update={"duties": duties}), load_profile(layout)))
    lines = md.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("#") and "主要职" in line)
    end = next(i for i in range(start + 1, len(lines)) if lines[i].startswith("#"))
    return [line for line in lines[start + 1 : end] if line.strip()]


@pytest.mark.parametrize("layout", ["liaoning", "shanghai"])
def test_duties_with_their_own_numbers_are_not_numbered_again(made_up_input: DocumentInput, layout: str) -> None:
    duties = ("第一条 根据机构改革方案，制定本规定。", "第二条 本局的主要职责是：", "（一）拟订本区财政政策。", "（二）管理财政资金")
    assert _duties_md(made_up_input, duties, layout) == [*duties[:3], "（二）管理财政资金。"]


@pytest.mark.parametrize(("layout", "mark"), [("liaoning", "、"), ("shanghai", ". ")])
def test_duties_without_numbers_are_numbered(made_up_input: DocumentInput, layout: str, mark: str) -> None:
    duties = ("拟订本区财政政策", "管理财政资金。")
    assert _duties_md(made_up_input, duties, layout) == [f"1{mark}拟订本区财政政策。", f"2{mark}管理财政资金。"]
