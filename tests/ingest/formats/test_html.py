"""Web pages as government sites publish 部门决算: a site header and breadcrumbs, the title, tables
laid out with rowspan/colspan (the title and 单位 often inside the table), GBK pages, layout tables."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from juesuan.diagnostics import ReadError
from juesuan.ingest import read
from juesuan.ingest.common.stream import Block
from juesuan.ingest.html import html_items
from juesuan.model.tables import BalanceTable, ClassifiedTable, Side, TableKind, ThreePublicItem, ThreePublicTable

SITE = """<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}">
<title>某某市某某局2024年度部门决算_某某市人民政府</title>
<script>var tracker = "2024年度部门决算";</script></head>
<body>
<div class="top-nav"><a href="/">首页</a> <a href="/zwgk">政务公开</a></div>
<div class="location">当前位置：<a href="/">首页</a> &gt; <a href="/czzj">财政资金</a> &gt; 部门决算</div>
<h1>某某市某某局2024年度部门决算</h1>
<div class="info">发布时间：2025-09-01　来源：某某市某某局</div>
<p>第一部分 某某市某某局概况</p>
<p>一、主要职责</p>
<p>负责全市某某工作。</p>
<p>第二部分 2024年度部门决算表</p>
{tables}
<div class="footer">主办单位：某某市人民政府办公室 版权所有</div>
</body></html>
"""

SANGONG = """<table border="1">
<tr><td colspan="3" align="center"><b>财政拨款“三公”经费支出决算表</b></td></tr>
<tr><td colspan="2">单位：某某局</td><td>金额单位：万元</td></tr>
<tr><td>项目</td><td>预算数</td><td>决算数</td></tr>
<tr><td>合计</td><td>30.00</td><td>24.00</td></tr>
<tr><td>1、因公出国（境）费</td><td>10.00</td><td>8.00</td></tr>
<tr><td>2、公务接待费</td><td>5.00</td><td>4.00</td></tr>
<tr><td>3、公务用车购置及运行费</td><td>15.00</td><td>12.00</td></tr>
<tr><td>其中：（1）公务用车运行维护费</td><td>15.00</td><td>12.00</td></tr>
<tr><td>（2）公务用车购置费</td><td></td><td></td></tr>
</table>"""

# 公开05表 with codes in three columns under a 项目 header spanning four columns, 合计 at the bottom
GENERAL = """<p align="center"><strong>一般公共预算财政拨款支出决算表</strong></p>
<p>公开05表</p>
<p>单位：某某局&nbsp;&nbsp;&nbsp;&nbsp;2024年度&nbsp;&nbsp;&nbsp;&nbsp;金额单位：万元</p>
<table>
<thead>
<tr><th colspan="4">项目</th><th colspan="3">本年支出</th></tr>
<tr><th colspan="3">功能分类科目编码</th><th rowspan="2">科目名称</th><th rowspan="2">小计</th><th rowspan="2">基本支出</th><th rowspan="2">项目支出</th></tr>
<tr><th>类</th><th>款</th><th>项</th></tr>
</thead>
<tbody>
<tr><td>201</td><td></td><td></td><td>一般公共服务支出</td><td>1,150.50</td><td>1,100.25</td><td>50.25</td></tr>
<tr><td>201</td><td>03</td><td></td><td>政府办公厅（室）及相关机构事务</td><td>1,150.50</td><td>1,100.25</td><td>50.25</td></tr>
<tr><td>201</td><td>03</td><td>01</td><td>行政运行</td><td>1,100.25</td><td>1,100.25</td><td></td></tr>
<tr><td>201</td><td>03</td><td>02</td><td>一般行政管理
  事务</td><td>50.25</td><td></td><td>50.25</td></tr>
<tr><td colspan="4">合计</td><td>1,150.50</td><td>1,100.25</td><td>50.25</td></tr>
</tbody></table>
<p>注：本表反映部门本年度一般公共预算财政拨款实际支出情况。</p>"""


def page(tmp_path: Path, tables: str, charset: str = "utf-8", name: str = "page.html") -> Path:
    path = tmp_path / name
    path.write_bytes(SITE.format(charset=charset, tables=tables).encode("gb18030" if charset.lower() in ("gbk", "gb2312") else charset))
    return path


def test_a_government_page_with_tables(tmp_path: Path) -> None:
    result = read(page(tmp_path, SANGONG + GENERAL))
    assert not result.errors, [f.message for f in result.errors]
    report = result.report
    assert report.metadata.department == "某某市某某局"
    assert report.metadata.year == 2024
    assert [p.title for p in report.narrative.parts] == ["某某市某某局概况", "2024年度部门决算表"]
    body = " ".join(p.text for part in report.narrative.parts for p in part.all_paragraphs())
    assert "首页" not in body and "版权所有" not in body and "tracker" not in body
    three = next(t for t in report.tables if isinstance(t, ThreePublicTable))
    total = three.get(ThreePublicItem.TOTAL)
    assert total is not None and total.actual is not None and total.actual.text == "24.00"
    assert three.header.unit_name == "某某局"
    general = next(t for t in report.tables if t.kind == TableKind.GENERAL_EXPENDITURE)
    assert isinstance(general, ClassifiedTable)
    assert general.header.number == "公开05表" and general.header.year == 2024
    assert general.columns == ("合计", "基本支出", "项目支出")
    row = general.row("2010302")
    assert row is not None and row.label == "一般行政管理事务"  # a line break inside a Chinese name is no gap
    assert row.code is not None and row.code.printed == "201 03 02"
    total_row = general.total
    assert total_row is not None and total_row is general.rows[-1]
    amount = total_row.cells["合计"].amount
    assert amount is not None and amount.value == Decimal("1150.50")


def test_rowspan_and_colspan_are_expanded(tmp_path: Path) -> None:
    items = html_items(SITE.format(charset="utf-8", tables=GENERAL), "page.html")
    block = next(it for it in items if isinstance(it, Block))
    assert [[c.text for c in row] for row in block.rows[:3]] == [
        ["项目", "", "", "", "本年支出", "", ""],
        ["功能分类科目编码", "", "", "科目名称", "小计", "基本支出", "项目支出"],
        ["类", "款", "项", "", "", "", ""],
    ]
    last = block.rows[-1]
    assert [c.text for c in last] == ["合计", "", "", "", "1,150.50", "1,100.25", "50.25"]
    assert last[4].source.cell == "T1R8C5"
    lines = SITE.format(charset="utf-8", tables=GENERAL).splitlines()
    assert last[4].source.line is not None and "合计" in lines[last[4].source.line - 1]


def test_a_gbk_page(tmp_path: Path) -> None:
    result = read(page(tmp_path, SANGONG, charset="gb2312", name="gbk.htm"))
    three = next(t for t in result.report.tables if isinstance(t, ThreePublicTable))
    row = three.get(ThreePublicItem.RECEPTION)
    assert row is not None and row.actual is not None and row.actual.text == "4.00"


def test_a_two_sided_table_with_a_spanning_header(tmp_path: Path) -> None:
    summary = """<table>
<tr><td colspan="6">收入支出决算总表</td></tr>
<tr><td colspan="3">收入</td><td colspan="3">支出</td></tr>
<tr><td>项目</td><td>行次</td><td>金额</td><td>项目</td><td>行次</td><td>金额</td></tr>
<tr><td>一、一般公共预算财政拨款收入</td><td>1</td><td>100.00</td><td>一、一般公共服务支出</td><td>32</td><td>100.00</td></tr>
<tr><td>本年收入合计</td><td>2</td><td>100.00</td><td>本年支出合计</td><td>33</td><td>100.00</td></tr>
<tr><td>总计</td><td>3</td><td>100.00</td><td>总计</td><td>34</td><td>100.00</td></tr>
</table>"""
    table = next(t for t in read(page(tmp_path, summary)).report.tables if isinstance(t, BalanceTable))
    income = table.line(Side.INCOME, "总计")
    spending = table.line(Side.EXPENDITURE, "总计")
    assert income is not None and spending is not None
    assert income.line_no == 3 and spending.line_no == 34


def test_a_layout_table_is_read_as_lines_and_its_tables_as_tables(tmp_path: Path) -> None:
    layout = f'<table width="100%"><tr><td><p>财政拨款“三公”经费支出决算情况说明</p></td></tr><tr><td>{SANGONG}</td></tr></table>'
    result = read(page(tmp_path, layout))
    three = next(t for t in result.report.tables if isinstance(t, ThreePublicTable))
    assert three.header.source.cell == "T2R1C1"  # the layout table is the first table of the page


def test_a_page_without_tables_says_where_the_tables_may_be(tmp_path: Path) -> None:
    path = tmp_path / "notables.html"
    path.write_text("<html><body><h1>某某局2024年度部门决算</h1><p>详见附件。</p></body></html>", encoding="utf-8")
    with pytest.raises(ReadError) as caught:
        read(path)
    assert "没有任何表格" in caught.value.problem and "附件" in caught.value.problem


def test_a_unit_line_in_brackets(tmp_path: Path) -> None:
    """（单位：元） under the title: the table is in 元."""
    table_html = SANGONG.replace('<tr><td colspan="2">单位：某某局</td><td>金额单位：万元</td></tr>', '<tr><td colspan="3">（单位：元）</td></tr>')
    three = next(t for t in read(page(tmp_path, table_html)).report.tables if isinstance(t, ThreePublicTable))
    assert three.header.money_unit.value == "元"
    total = three.get(ThreePublicItem.TOTAL)
    assert total is not None and total.actual is not None and total.actual.amount is not None
    assert total.actual.amount.unit.value == "元"
