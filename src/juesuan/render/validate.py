"""What stops the writer before it writes: data that breaks the document's own rules.

Two kinds of problems, both reported with the place to fix — the fill-in workbook's cell
(``模板「绩效指标」J5``) when the data came from a template, the source document's place otherwise:

- the 绩效 scoring policy of the chosen layout (``[scoring]`` of the profile, :mod:`juesuan.scoring`):
  a project's indicator weights must add up to the policy's indicator total (90 when 执行率 is
  worth 10), an indicator's weight can be neither negative nor more than that total, and a 整体
  自评表's tasks and indicators together carry the policy's full marks. A document printing
  "自评得分106.46分" is never written.
- the checker's errors on the document the data would make (found by the API layer, which runs
  the checker on the generated text and passes the findings in here as :class:`Problem`).

:class:`InvalidData` lists every problem at once; ``render --force`` writes the document marked
草稿 instead.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from juesuan.model.inputs import DocumentInput, IndicatorInput
from juesuan.record import Record
from juesuan.scoring import ScoringPolicy

__all__ = ["InvalidData", "Problem", "cells_text", "policy_problems", "template_place"]

ZERO = Decimal(0)
#: how many cells one problem lists before "等N个单元格"
_SHOWN = 8


@dataclass(frozen=True, repr=False)
class Problem(Record):
    """One reason the document may not be written."""

    what: str  # the problem, in Chinese
    cells: tuple[str, ...] = ()  # places to fix: template cells "工作表!D12", or a document's places
    rule: str = ""  # the rule broken: the policy's wording, or "TB01 表内合计" for a check
    subject: str = ""  # the 绩效 form it is about (a project's name, 整体绩效), for the policy's problems


class InvalidData(Exception):
    """Raised when the data breaks the document's rules; ``problems`` lists every one."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__(self.message())

    def message(self) -> str:
        lines = [f"无法生成文档：数据有 {len(self.problems)} 处错误，写出的文档会自相矛盾（改正后再生成；加 --force 可写出每页标明“草稿”的文档）："]
        for i, p in enumerate(self.problems, start=1):
            line = f"{i}. {p.what}"
            if p.cells:
                line += f"\n   请改：{cells_text(p.cells)}"
            if p.rule:
                line += f"\n   规则：{p.rule}"
            lines.append(line)
        return "\n".join(lines)


def template_place(cell: str) -> str:
    """``绩效指标!J5`` → ``模板「绩效指标」J5``; any other place is returned as it is."""
    sheet, bang, ref = cell.partition("!")
    return f"模板「{sheet}」{ref}" if bang and sheet and ref else cell


def cells_text(cells: Iterable[str]) -> str:
    places = list(dict.fromkeys(cells))
    shown = "、".join(template_place(c) for c in places[:_SHOWN])
    return shown + (f" 等 {len(places)} 个单元格" if len(places) > _SHOWN else "")


def _points(value: Decimal) -> str:
    return f"{value.normalize():f}"


def _weights(indicators: Iterable[IndicatorInput]) -> tuple[Decimal, tuple[str, ...]]:
    items = list(indicators)
    return sum((i.weight for i in items), ZERO), tuple(i.weight_cell for i in items if i.weight_cell)


def policy_problems(doc: DocumentInput, policy: ScoringPolicy) -> list[Problem]:
    """The 绩效 data that the scoring policy does not allow (weights, full marks)."""
    out: list[Problem] = []
    limit = policy.indicator_total
    for project in doc.projects:
        for ind in project.indicators:
            if ind.weight < 0 or ind.weight > limit:
                out.append(
                    Problem(
                        f"项目“{project.name}”的指标“{ind.name}”分值为{_points(ind.weight)}分，超出0～{_points(limit)}分",
                        (ind.weight_cell,) if ind.weight_cell else (),
                        policy.weight_rule(),
                        project.name,
                    )
                )
        if not project.indicators:
            continue
        total, cells = _weights(project.indicators)
        if total != limit:
            out.append(
                Problem(
                    f"项目“{project.name}”的三级指标分值合计为{_points(total)}分，应为{_points(limit)}分"
                    f"（加上执行率{_points(policy.rate_weight)}分，自评总分将{'超过' if total > limit else '不足'}{_points(policy.total)}分）",
                    cells,
                    policy.weight_rule(),
                    project.name,
                )
            )
    whole = doc.whole
    if whole is not None and (whole.tasks or whole.indicators):
        task_total = sum((t.weight for t in whole.tasks), ZERO)
        indicator_total, cells = _weights(whole.indicators)
        if task_total + indicator_total != policy.total:
            out.append(
                Problem(
                    f"整体绩效自评表的任务分值（{_points(task_total)}分）与指标分值（{_points(indicator_total)}分）合计为"
                    f"{_points(task_total + indicator_total)}分，应为{_points(policy.total)}分",
                    tuple(t.weight_cell for t in whole.tasks if t.weight_cell) + cells,
                    policy.whole_rule(),
                    "整体绩效",
                )
            )
    return out
