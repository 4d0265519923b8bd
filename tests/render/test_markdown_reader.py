"""The text reader reads Markdown pipe tables as well as the seed's tab-separated rows."""

from __future__ import annotations

from pathlib import Path

from juesuan.ingest import read
from juesuan.ingest.text.reader import pipe_rows
from juesuan.model.tables import ThreePublicItem, ThreePublicTable

TABLE = """\
某某测试单位
2024年度部门决算

# 财政拨款“三公”经费支出决算表

公开07表

单位：测试单位

2024年度

金额单位：万元

{rows}

注：本表反映部门本年度财政拨款“三公”经费支出预决算情况。
"""

PIPES = """\
| 项 目 | 预算数 | 决算数 |
| --- | ---: | ---: |
| 合计 | 3.00 | 2.50 |
| 1、因公出国（境）费 |  |  |
| 2、公务接待费 | 1.00 | 0.50 |
| 3、公务用车购置及运行费 | 2.00 | 2.00 |
| 其中：（1）公务用车运行维护费 | 2.00 | 2.00 |
| （2）公务用车购置费 |  |  |"""


def test_pipe_rows_become_tab_rows_and_rules_blank_lines():
    assert pipe_rows(["| a | b |", "|---|:--:|", "text | not a table", "| x |  |"]) == ["a\tb", "", "text | not a table", "x\t"]


def test_pipe_table_reads_like_tab_table(tmp_path: Path):
    tabs = "\n".join("\t".join(c.strip() for c in line.strip("|").split("|")) for line in PIPES.splitlines() if "---" not in line)
    results = []
    for name, rows in (("pipes.md", PIPES), ("tabs.txt", tabs)):
        path = tmp_path / name
        path.write_text(TABLE.format(rows=rows), encoding="utf-8")
        report = read(path).report
        table = report.table(report.tables[0].kind, ThreePublicTable)
        assert table is not None
        results.append({r.item: (r.budget.amount, r.actual.amount) for r in table.rows})
    assert results[0] == results[1]
    assert results[0][ThreePublicItem.RECEPTION][1] is not None
    assert results[0][ThreePublicItem.RECEPTION][1].value == 0.5
