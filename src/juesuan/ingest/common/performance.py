"""From grids of printed cells to 绩效自评表 (project and whole-unit self-evaluations).

The printed forms are flattened from merged cells, so columns shift from row to row. Rows are
therefore read from their *right*: the last three numbers of an indicator row are 完成程度,
分值, 得分; 全年完成值 stands before them, then 度量单位, 指标值 and the operator. The 一级/二级
labels are the text cells left of the indicator name, recognised by their vocabulary; a label
printed alone on a row (the text of a merged cell that landed below its rows) applies to the
rows just above it that had none.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal
from functools import lru_cache

from juesuan.ingest.common.grid import GridCell, row_source
from juesuan.ingest.common.text import bounds_problem, clean, compact, number_or_none
from juesuan.ingest.problems import Sink, out_of_bounds, report
from juesuan.model.build import unchecked
from juesuan.model.performance import DEVIATION_CATEGORIES, Figure, Indicator, ProjectEvaluation, Task, WholeEvaluation
from juesuan.model.provenance import Source
from juesuan.model.report import UnreadScope

__all__ = ["LEVEL1_NAMES", "LEVEL2_NAMES", "LEVEL2_PARENTS", "parse_project", "parse_whole"]

LEVEL1_NAMES = {
    "产出指标",
    "效益指标",
    "满意度指标",
    "成本指标",
    "履职效能",
    "管理效率",
    "运行成本",
    "社会效应",
    "可持续性",
}
#: The 二级指标 whose 一级指标 is fixed by the frameworks (项目: 财预〔2020〕10号 and its 2021
#: cost indicators; 部门整体: 管理效率's five 二级). A row that prints only the 二级 (its 一级 text
#: sat in a merged cell printed on another row) still gets its 一级 from here.
LEVEL2_PARENTS = {
    "数量指标": "产出指标",
    "质量指标": "产出指标",
    "时效指标": "产出指标",
    "经济效益指标": "效益指标",
    "社会效益指标": "效益指标",
    "生态效益指标": "效益指标",
    "可持续影响指标": "效益指标",
    "服务对象满意度指标": "满意度指标",
    "社会公众满意度指标": "满意度指标",
    "经济成本指标": "成本指标",
    "社会成本指标": "成本指标",
    "生态环境成本指标": "成本指标",
    "预算执行": "管理效率",
    "预算管理": "管理效率",
    "财务管理": "管理效率",
    "资产管理": "管理效率",
    "业务管理": "管理效率",
}
LEVEL2_NAMES = {*LEVEL2_PARENTS, "成本指标"}
_OPERATORS = {">=", "<=", "=", ">", "<", "≥", "≤", "＝", "＞", "＜", "≧", "≦", "==", "定性"}
_OP_NORMAL = {"≥": ">=", "≤": "<=", "＝": "=", "＞": ">", "＜": "<", "≧": ">=", "≦": "<=", "==": "="}
_SKIP_ROWS = ("一级指标", "运算符号", "经费保障", "未完成原因分析", "偏差原因分析")
_PERCENT = re.compile(r"^[-−]?\d[\d,]*(?:\.\d+)?\s*[%％]$")


def figure(cell: GridCell | None, table: str, row: str, column: str) -> Figure:
    if cell is None:
        return unchecked(Figure)
    text, value, places, is_percent = _read_figure(cell.text)
    source = cell.source.at(table=table, row=row, column=column, text=text)
    return unchecked(Figure, value=value, text=text, places=places, percent=is_percent, source=source)


@lru_cache(maxsize=1 << 14)
def _read_figure(printed: str) -> tuple[str, Decimal | None, int, bool]:
    """(text, value, decimals, is a percentage) of a printed cell (indicator values repeat a lot)."""
    text = clean(printed)
    is_percent = bool(_PERCENT.match(text))
    value, places = number_or_none(text.rstrip("%％").strip() if is_percent else text)
    return text, value, places, is_percent


@lru_cache(maxsize=1 << 14)
def _is_numeric(text: str) -> bool:
    text = clean(text)
    if not text:
        return False
    if _PERCENT.match(text):
        return True
    return number_or_none(text)[0] is not None


def _unplaced(sink: Sink, row: list[GridCell], cells: list[str], table: str, part: str | None, place: str, what: str) -> None:
    """A row of a 自评表 that could not be read (RD01); one with numbers leaves the form short of a row."""
    text = " | ".join(cells)
    scope = UnreadScope.ROWS if any(_is_numeric(t) for t in cells) else None
    source = row[0].source.at(table=table, text=text)
    report(sink, "RD01", [source], scope=scope, unread_table=table, part=part, table=place, what=what, text=text)


def _unreadable_figures(sink: Sink, figures: Sequence[Figure], table: str, part: str | None) -> None:
    """Score and money cells of a 自评表 that print something other than a number (RD02)."""
    for fig in figures:
        if fig.value is None and not fig.blank and fig.text.strip() not in {"-", "—", "－", "/", "——"}:
            place = "/".join(x for x in (fig.source.row, fig.source.column) if x)
            why = bounds_problem(fig.text)
            if why is not None:
                out_of_bounds(sink, fig.source, table, place, fig.text, why, unread_table=table, part=part)
                continue
            report(sink, "RD02", [fig.source], unread_table=table, part=part, table=table, place=place, text=fig.text, expected="数字")


_Labelled = list[tuple[str, GridCell, GridCell | None]]


def _label_value(index: _Labelled, names: tuple[str, ...]) -> tuple[GridCell | None, GridCell | None]:
    """The cell after the first cell whose text starts with one of ``names``."""
    for label, cell, value in index:
        if label.startswith(names):
            return cell, value
    return None, None


def _labelled(rows: list[list[GridCell]]) -> _Labelled:
    """Every non-blank cell of the rows with its normalised text and the cell after it."""
    out = []
    for row in rows:
        cells = [c for c in row if clean(c.text)]
        for i, cell in enumerate(cells):
            label = compact(cell.text).replace("(", "（").replace(")", "）")
            out.append((label, cell, cells[i + 1] if i + 1 < len(cells) else None))
    return out


def _indicator_rows(rows: list[list[GridCell]], table: str, project: str, sink: Sink, part: str | None) -> list[Indicator]:
    """Parse the indicator rows of a 自评表 (project or whole-unit)."""
    indicators: list[Indicator] = []
    level1 = ""
    level2 = ""
    level3 = ""
    unlabelled_since = 0  # index in ``indicators`` of the first row without its own 二级 label
    for row in rows:
        texts = [clean(c.text) for c in row]
        nonblank = [t for t in texts if t]
        if not nonblank:
            continue
        joined = "".join(nonblank)
        if any(word in joined for word in _SKIP_ROWS) and not any(_is_numeric(t) for t in texts):
            continue
        # a lone label row (merged cell text) — applies to the rows above that had no label
        if len(nonblank) == 1 and compact(nonblank[0]) in LEVEL1_NAMES | LEVEL2_NAMES | {"绩效指标"}:
            word = compact(nonblank[0])
            if word == "绩效指标":
                continue
            if _is_level2(word, level1):
                for k in range(unlabelled_since, len(indicators)):
                    indicators[k] = indicators[k].model_copy(update={"level2": word, "level3": ""})
                level2, level3 = word, ""
                unlabelled_since = len(indicators)
            else:
                level1 = word
            continue
        # anchor: completion, weight, score = the last run of three numeric cells
        anchor = None
        numeric = [_is_numeric(t) for t in texts]
        for i in range(len(texts) - 3, -1, -1):
            if numeric[i] and numeric[i + 1] and numeric[i + 2]:
                anchor = i
                break
        if anchor is None or anchor < 2:
            _unplaced(sink, row, nonblank, table, part, f"{table}（{project}）", "未能识别的指标行")
            continue
        completion_j, weight_j, score_j = anchor, anchor + 1, anchor + 2
        actual_j = anchor - 1
        left = texts[:actual_j]
        # operator/target/unit just left of the actual value; the operator may be blank (定性)
        unit_j, target_j, op_j = actual_j - 1, actual_j - 2, actual_j - 3
        operator = texts[op_j] if op_j >= 0 else ""
        name_end = op_j
        if operator not in _OPERATORS:
            if operator and not _is_numeric(operator):
                # no operator column on this row: the name sits right before the target
                name_end = op_j + 1
            operator = "" if operator not in _OPERATORS else operator
        labels = [(j, t) for j, t in enumerate(left[: max(name_end, 0)]) if t]
        if not labels:
            _unplaced(sink, row, nonblank, table, part, f"{table}（{project}）", "指标行缺少指标名称")
            continue
        name = labels[-1][1]
        words = [compact(w) for _, w in labels[:-1] if compact(w) != "绩效指标"]
        level1, level2, level3 = _levels(words, level1, level2, level3)
        own_level2 = bool(words) and not (len(words) == 1 and _is_level1(words[0], level1))
        tail = texts[score_j + 1 :]
        marks = [k for k, t in enumerate(tail[:6]) if t in {"√", "✓", "✔", "是"}]
        texts_after = [t for t in tail if t and t not in {"√", "✓", "✔", "是"}]
        reason = texts_after[0] if texts_after else ""
        measures = texts_after[1] if len(texts_after) > 1 else ""
        deviation: list[str] = []
        for category in DEVIATION_CATEGORIES:
            if reason.startswith(category) or any(reason.startswith(category + sep) for sep in ":："):
                deviation.append(category)
        if marks and not deviation:
            deviation = [DEVIATION_CATEGORIES[min(k, 4)] for k in marks]
        row_name = f"{project}/{name}"
        source = row[0].source.at(table=table, row=row_name, text=" | ".join(nonblank))
        indicators.append(
            unchecked(
                Indicator,
                level1=level1,
                level2=level2,
                level3=level3,
                name=name,
                operator=_OP_NORMAL.get(operator, operator),
                target=figure(row[target_j] if target_j >= 0 else None, table, row_name, "年度目标值"),
                measure_unit=texts[unit_j] if unit_j >= 0 else "",
                actual=figure(row[actual_j], table, row_name, "全年完成值"),
                completion=figure(row[completion_j], table, row_name, "完成程度"),
                weight=figure(row[weight_j], table, row_name, "分值"),
                score=figure(row[score_j], table, row_name, "得分"),
                deviation=tuple(deviation),
                reason=reason,
                measures=measures,
                source=source,
            )
        )
        if own_level2:
            unlabelled_since = len(indicators)
    return indicators


def _is_level1(word: str, level1: str) -> bool:
    # 成本指标 is a 二级 under 产出指标 in the older project framework, a 一级 in the newer one
    return level1 != "产出指标" if word == "成本指标" else word in LEVEL1_NAMES


def _is_level2(word: str, level1: str) -> bool:
    return level1 == "产出指标" if word == "成本指标" else word in LEVEL2_NAMES


def _levels(words: list[str], level1: str, level2: str, level3: str) -> tuple[str, str, str]:
    """The 一级/二级/(三级) labels of an indicator row, from the label words printed before its
    name and the labels carried from the rows above (blank cells continue a merged cell).

    The flattened forms shift columns, so words are recognised by the frameworks' vocabulary
    first and by position second: a 二级 word standing where the 一级 belongs means the 一级 was
    printed on another row (it comes from :data:`LEVEL2_PARENTS`) and the next word is a further
    grouping; a label repeated at the top of a page continues the groups under it.
    """
    if not words:
        return level1, level2, level3
    if len(words) >= 3:
        return words[-3], words[-2], words[-1]
    if len(words) == 2:
        first, second = words
        if _is_level1(first, level1):
            continued = first == level1 and second == level2
            return first, second, level3 if continued else ""
        if _is_level2(first, level1):
            return LEVEL2_PARENTS.get(first, level1), first, second
        return first, second, ""
    word = words[0]
    if _is_level1(word, level1):
        return word, "", ""
    if _is_level2(word, level1):
        return LEVEL2_PARENTS.get(word, level1), word, ""
    if level3:
        return level1, level2, word
    return level1, word, ""


def parse_project(
    rows: list[list[GridCell]],
    title_source: Source,
    year: int | None,
    year_text: str,
    number: int,
    sink: Sink,
    header_lines: Sequence[Source] = (),
) -> ProjectEvaluation:
    """One 预算项目（政策）绩效自评表 from its rows; what could not be read goes to ``sink``."""
    table = "预算项目（政策）绩效自评表"
    index = _labelled(rows)
    _, name_cell = _label_value(index, ("项目（政策）名称", "项目名称"))
    name = clean(name_cell.text) if name_cell else ""
    if not name:
        name = f"项目{number}"
        report(sink, "RD04", [title_source.at(table=table, row=name)], table=f"第{number}张{table}", what="没有项目名称")
    _, dept = _label_value(index, ("主管部门",))
    _, impl = _label_value(index, ("实施单位",))
    _, budget = _label_value(index, ("项目预算金额", "全年预算数", "预算金额", "年度预算数"))
    _, spent = _label_value(index, ("全年执行数", "执行数"))
    _, rate = _label_value(index, ("执行率", "预算执行率"))
    goal, achieved, goal_source = _goals(rows, ("年度总体目标", "年度目标"))
    _, subtotal = _label_value(index, ("指标自评得分小计", "指标得分小计", "小计"))
    _, rate_score = _label_value(index, ("预算执行率得分",))
    _, deduction = _label_value(index, ("减分项",))
    _, total = _label_value(index, ("绩效自评总得分", "总得分", "自评得分"))
    body_start = next((i for i, r in enumerate(rows) if any("一级指标" in compact(c.text) for c in r)), None)
    body_end = next(
        (i for i, r in enumerate(rows) if any("指标自评得分小计" in compact(c.text) or "总得分" in compact(c.text) for c in r)), len(rows)
    )
    indicator_rows = rows[body_start + 1 : body_end] if body_start is not None else []
    _report_trailing(rows[body_end + 1 :], table, name, sink)
    if body_start is None:
        report(
            sink,
            "RD04",
            [title_source.at(table=table, row=name)],
            scope=UnreadScope.TABLE,
            unread_table=table,
            part=name,
            table=f"{table}（{name}）",
            what="找不到绩效指标表头，指标未能读取",
        )
    indicators = _indicator_rows(indicator_rows, table, name, sink, name)
    row = name
    project = unchecked(
        ProjectEvaluation,
        year=year,
        year_text=year_text,
        name=name,
        department=clean(dept.text) if dept else "",
        implementer=clean(impl.text) if impl else "",
        budget=figure(budget, table, row, "项目预算金额"),
        spent=figure(spent, table, row, "全年执行数"),
        rate=figure(rate, table, row, "执行率"),
        goal=goal,
        achieved=achieved,
        indicators=tuple(indicators),
        subtotal=figure(subtotal, table, row, "指标自评得分小计"),
        rate_score=figure(rate_score, table, row, "预算执行率得分"),
        deduction=figure(deduction, table, row, "减分项"),
        total=figure(total, table, row, "绩效自评总得分"),
        source=title_source.at(table=table, row=name),
        goal_source=goal_source,
        lines=_form_lines(header_lines, rows, _used_rows(indicators), table),
    )
    _unreadable_figures(
        sink,
        (project.budget, project.spent, project.rate, project.subtotal, project.rate_score, project.deduction, project.total),
        table,
        name,
    )
    return project


_Place = tuple[int | None, int | None, tuple[float, float, float, float] | None, str | None, str | None]


def _place(source: Source) -> _Place:
    # sheet and cell tell apart the rows of a workbook (no line numbers) and of a web page printed
    # on one source line
    return (source.line, source.page, source.bbox, source.sheet, source.cell)


def _used_rows(indicators: list[Indicator]) -> set[_Place]:
    return {_place(i.source) for i in indicators}


def _form_lines(header_lines: Sequence[Source], rows: list[list[GridCell]], used: set[_Place], table: str) -> tuple[Source, ...]:
    """Where the form's other rows were printed (everything but the indicator and task rows)."""
    out = [s.at(table=table) for s in header_lines]
    for row in rows:
        if not row or not any(clean(c.text) for c in row):
            continue
        if any(_place(c.source) in used for c in row):
            continue
        out.append(row_source(row, table=table))
    return tuple(out)


_CLOSING_WORDS = ("得分", "减分", "小计", "总分", "等级", "评价")


def _report_trailing(rows: list[list[GridCell]], table: str, name: str, sink: Sink) -> None:
    """Rows after the closing score row are not read; say so unless they are more score lines."""
    for row in rows:
        cells = [clean(c.text) for c in row if clean(c.text)]
        if not cells or any(word in "".join(cells) for word in _CLOSING_WORDS):
            continue
        text = " | ".join(cells)
        # after the scores nothing is summed: the row is told, not counted as missing
        report(
            sink,
            "RD01",
            [row[0].source.at(table=table, text=text)],
            scope=None,
            table=f"{table}（{name}）",
            what="得分行之后未能归位的一行",
            text=text,
        )


def _goals(rows: list[list[GridCell]], labels: tuple[str, ...]) -> tuple[str, str, Source]:
    """The 年初目标 and 全年完成情况 texts: the row after the one labelled ``labels``."""
    for i, row in enumerate(rows):
        first = next((compact(c.text) for c in row if clean(c.text)), "")
        if any(first.startswith(label) for label in labels) and i + 1 < len(rows):
            cells = [c for c in rows[i + 1] if clean(c.text)]
            goal = clean(cells[0].text) if cells else ""
            achieved = clean(cells[1].text) if len(cells) > 1 else ""
            source = cells[0].source if cells else row[0].source
            return goal, achieved, source
    return "", "", Source.quick()


def parse_whole(
    rows: list[list[GridCell]],
    title_source: Source,
    year: int | None,
    year_text: str,
    name_line: str,
    sink: Sink,
    header_lines: Sequence[Source] = (),
) -> WholeEvaluation:
    """The 部门（单位）整体绩效自评表; what could not be read goes to ``sink``."""
    table = "部门（单位）整体绩效自评表"
    index = _labelled(rows)
    _, name_cell = _label_value(index, ("部门（单位）名称", "单位名称", "部门名称"))
    name = clean(name_cell.text) if name_cell else name_line
    _, income = _label_value(index, ("部门年初预算收入金额", "年初预算收入"))
    _, expenditure = _label_value(index, ("部门年初预算支出金额", "年初预算支出"))
    _, total = _label_value(index, ("总评价得分", "总得分", "自评总得分"))
    tasks: list[Task] = []
    goal, achieved, goal_source = _goals(rows, ("年度目标",))
    in_tasks = False
    body_start = None
    for i, row in enumerate(rows):
        texts = [clean(c.text) for c in row]
        first = next((compact(t) for t in texts if t), "")
        if "项目下达金额" in "".join(texts) or (first == "年度主要任务" and "对应项目" in "".join(texts)):
            in_tasks = True
            continue
        if first in {"年度目标", "年初总体目标"} or "一级指标" in "".join(texts):
            in_tasks = False
            if "一级指标" in "".join(texts) and body_start is None:
                body_start = i
            continue
        if in_tasks:
            cells = [c for c in row if clean(c.text)]
            numeric = [c for c in cells if _is_numeric(c.text)]
            names = [clean(c.text) for c in cells if not _is_numeric(c.text) and compact(c.text) != "年度主要任务"]
            if len(numeric) >= 5 and names:
                task_name = names[0]
                allotted, spent, rate, weight, score = numeric[-5:]
                source = cells[0].source.at(table=table, row=task_name, text=task_name)
                tasks.append(
                    unchecked(
                        Task,
                        name=task_name,
                        allotted=figure(allotted, table, task_name, "项目下达金额"),
                        spent=figure(spent, table, task_name, "项目执行金额"),
                        rate=figure(rate, table, task_name, "项目执行率"),
                        weight=figure(weight, table, task_name, "分值"),
                        score=figure(score, table, task_name, "得分"),
                        source=source,
                    )
                )
            elif cells:
                _unplaced(sink, cells, [clean(c.text) for c in cells], table, None, table, "未能识别的年度主要任务行")
    end = next((i for i, r in enumerate(rows) if any("总评价得分" in compact(c.text) for c in r)), len(rows))
    indicator_rows = rows[body_start + 1 : end] if body_start is not None else []
    _report_trailing(rows[end + 1 :], table, name or "整体", sink)
    indicators = _indicator_rows(indicator_rows, table, name or "整体", sink, None)
    label = name or "整体"
    evaluation = unchecked(
        WholeEvaluation,
        year=year,
        year_text=year_text,
        name=name,
        budget_income=figure(income, table, label, "部门年初预算收入金额"),
        budget_expenditure=figure(expenditure, table, label, "部门年初预算支出金额"),
        tasks=tuple(tasks),
        goal=goal,
        achieved=achieved,
        indicators=tuple(indicators),
        total=figure(total, table, label, "总评价得分"),
        source=title_source.at(table=table, row=label),
        goal_source=goal_source,
        lines=_form_lines(header_lines, rows, _used_rows(indicators) | {_place(t.source) for t in tasks}, table),
    )
    _unreadable_figures(sink, (evaluation.budget_income, evaluation.budget_expenditure, evaluation.total), table, None)
    return evaluation
