"""The general rules behind the seed fixes, on small documents in the seed's text form."""

from __future__ import annotations

from juesuan.classification import default_catalogue
from juesuan.ingest.text.reader import parse_text


def read(text: str):  # type: ignore[no-untyped-def]
    return parse_text(text, "sample.txt", default_catalogue())


NARRATIVE = """辽宁省某某局
2024 年度部门决算

## 第二部分 2024 年度部门决算情况说明

### 二、财政拨款支出决算情况说明

2024 年度一般公共预算财政拨款支出 100.00 万元。按支出功能分类科目分，包括：

#### 1. 社会保障和就业支出 60.00 万元，具体包括：

（1）社会保障和就业支出（类）行政事业单位养老支出（款）事业单位离退休（项）60.00 万元。

2. 卫生健康支出 40.00 万元，具体包括：

(1) 卫生健康支出（类）行政事业单位医疗（款）事业单位医疗（项）40.00 万元。

### 三、财政拨款“三公”经费支出决算情况说明

1. 因公出国（境）费 0.00 万元，与上年相比增加 0.00 万元。

2. 公务接待费 0.00 万元。
"""


def test_next_number_after_a_heading_is_a_section_but_a_plain_list_is_not() -> None:
    report = read(NARRATIVE).report
    part = report.narrative.part("narrative")
    assert part is not None
    outline = [(s.number, s.title.split(" ")[0]) for s in part.walk()]
    assert outline == [("二、", "财政拨款支出决算情况说明"), ("1.", "社会保障和就业支出"), ("2.", "卫生健康支出"), ("三、", "财政拨款“三公”经费支出决算情况说明")]
    health = part.walk()[2]
    assert [f.text for f in health.facts] == ["40.00 万元"]
    assert len(health.paragraphs) == 1
    # the 三公 items have no numbered heading before them: they stay paragraphs
    three = part.walk()[3]
    assert [p.text[:2] for p in three.paragraphs] == ["1.", "2."]
    labels = [(f.text, f.label) for f in three.paragraphs[0].facts]
    assert labels[-1] == ("0.00 万元", "与上年相比增加")


FORM = """## 预算项目(政策)绩效自评表

(2024年度)

项目(政策)名称\t\t示例项目
项目预算金额(万元)\t\t10\t\t全年执行数(万元)\t\t10\t\t执行率\t\t100%
绩效指标\t一级指标\t二级指标\t三级指标\t年度目标值\t\t\t全年完成值\t完成程度\t分值\t得分
\t\t\t\t运算符号\t内容\t度量单位
数量指标\t发放人数\t>=\t10\t人\t10\t100%\t45\t45
社会效益指标\t受益人数\t>=\t10\t人\t10\t100%\t45\t45
指标自评得分小计\t\t90\t\t预算执行率得分\t\t10\t\t减分项\t\t0\t\t绩效自评总得分\t\t100
补充说明\t本行不属于任何栏目
-------\t-------
"""


def test_a_second_level_word_brings_its_first_level() -> None:
    result = read(FORM)
    project = result.report.projects[0]
    assert [(i.level1, i.level2, i.name) for i in project.indicators] == [
        ("产出指标", "数量指标", "发放人数"),
        ("效益指标", "社会效益指标", "受益人数"),
    ]
    assert project.total.text == "100"


def test_rows_after_the_closing_score_row_are_reported_and_rules_are_not() -> None:
    findings = read(FORM).findings
    unplaced = [f for f in findings if f.rule_id == "RD01"]
    assert len(unplaced) == 1
    assert "补充说明" in unplaced[0].message and unplaced[0].locations[0].line == 12
