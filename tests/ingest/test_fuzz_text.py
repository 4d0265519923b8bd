"""Fuzzing the text reader: whatever the bytes, ``read`` returns a report or raises ``ReadError``.

The property for every input: :func:`juesuan.ingest.read` either returns a :class:`ReadResult` or
raises :class:`juesuan.diagnostics.ReadError` — never any other exception — and a report it
returns is written as canonical JSON (and, for the small inputs, YAML) and loads back equal.

Inputs are built from the domain: arbitrary text; the seed document with lines deleted,
duplicated, swapped, characters substituted or inserted (digits, tabs, ``#``, full-width
punctuation, ``<b>``) and cut off anywhere; random tab-separated rows under a real table title.

The runs are derandomised so that CI is stable. ``JUESUAN_FUZZ_EXAMPLES=2000`` (and
``JUESUAN_FUZZ_RANDOM=1`` for fresh random inputs) runs a deeper search locally.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from juesuan.api import serialize
from juesuan.diagnostics import ReadError
from juesuan.ingest import ReadResult, read
from juesuan.ingest.canonical import load_canonical
from juesuan.ingest.common.titles import PROJECT_EVAL_TITLES, WHOLE_EVAL_TITLES
from juesuan.model.report import Report
from juesuan.model.tables import TABLE_SPECS
from tests.conftest import SEED

_DEEP = int(os.environ.get("JUESUAN_FUZZ_EXAMPLES", "0"))
_RANDOM = os.environ.get("JUESUAN_FUZZ_RANDOM", "") == "1"


def fuzz_settings(examples: int) -> settings:
    """Derandomised, no deadline (a seed read takes a tenth of a second), a budget per test.

    ``too_slow`` is suppressed because every example reads a whole document on purpose.
    """
    return settings(
        max_examples=_DEEP or examples,
        deadline=None,
        derandomize=not _RANDOM,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
        print_blob=True,
    )


SEED_LINES = SEED.read_text(encoding="utf-8").split("\n")
SEED_TEXT = "\n".join(SEED_LINES)
# hypothesis draws small integers far more often than large ones; a line drawn from the list
# (uniformly) spreads cuts and windows over the whole document, tables included
LINE_STARTS = [0]
for _line in SEED_LINES[:-1]:
    LINE_STARTS.append(LINE_STARTS[-1] + len(_line) + 1)

# ---- the pieces inputs are made of ---------------------------------------------------------------

TITLES = [spec.kind.value for spec in TABLE_SPECS] + [a for spec in TABLE_SPECS for a in spec.aliases]
TITLES += list(PROJECT_EVAL_TITLES) + list(WHOLE_EVAL_TITLES)

WORDS = [
    "合计", "总计", "小计", "栏次", "项目", "行次", "金额", "决算数", "预算数", "科目编码", "科目名称",
    "功能分类科目编码", "本年收入合计", "本年支出合计", "基本支出", "项目支出", "财政拨款收入", "其他收入",
    "一般公共预算财政拨款", "政府性基金预算财政拨款", "国有资本经营预算财政拨款", "年初结转和结余",
    "年末结转和结余", "人员经费合计", "公用经费合计", "人员经费", "公用经费", "工资福利支出", "基本工资",
    "社会保障和就业支出", "住房保障支出", "卫生健康支出", "合 计", "1、因公出国（境）费", "2、公务接待费",
    "3、公务用车购置及运行费", "其中：（1）公务用车运行维护费", "（2）公务用车购置费", "收入", "支出",
    "项目(政策)名称", "主管部门", "实施单位", "项目预算金额(万元)", "全年执行数(万元)", "执行率",
    "年度总体目标", "绩效指标", "一级指标", "二级指标", "三级指标", "产出指标", "数量指标", "效益指标",
    "满意度指标", "指标自评得分小计", "预算执行率得分", "减分项", "绩效自评总得分", "总评价得分",
    "部门（单位）名称", "年度主要任务", "对应项目", "项目下达金额", ">=", "<=", "=", "%", "万元", "人",
    "√", "其他:原因", "公开 01 表", "公开 06 表", "表1", "单位：某某中心", "金额单位：万元", "单位：元",
    "2024 年度", "(2024年度)", "注：本表反映部门本年度的总收支。", "如本表为空，则我部门本年度无此类资金收支余。",
    "# 第一部分 概况", "## 第四部分 2024 年度部门决算表", "一、收入支出决算总体情况说明", "（一）总体情况。",
    "目录", "目 录", "名词解释", "-------",
]

NUMBERS = st.one_of(
    st.decimals(min_value=-10**9, max_value=10**9, places=2, allow_nan=False, allow_infinity=False).map(lambda d: f"{d:,}"),
    st.integers(min_value=0, max_value=10**12).map(str),
    st.sampled_from(["0.00", "2,079.31", "1,968.10", "100%", "91.85%", "-", "—", "0", "3010", "208", "20805", "2080505", "1E+5", "NaN", "12.", ".5", "１２.５"]),
)
CELL = st.one_of(st.just(""), st.just(""), NUMBERS, st.sampled_from(WORDS), st.text(max_size=8))
ROW = st.lists(CELL, min_size=1, max_size=18).map("\t".join)
INSERTS = st.one_of(
    st.sampled_from(["\t", "#", "# ", "<b>", "</b>", "**", "，", "。", "：", "（", "）", "、", "“", "\u3000", "\r", "\x0c", "\ufeff"]),
    st.text(alphabet="0123456789.,-%", min_size=1, max_size=4),
    st.sampled_from(WORDS),
    st.characters(),
)


def check(path: Path, *, yaml_too: bool) -> None:
    """The property itself."""
    try:
        result = read(path)
    except ReadError as exc:
        assert exc.path, "a ReadError names the file"
        assert exc.problem, "a ReadError says what is wrong"
        return
    assert isinstance(result, ReadResult)
    for finding in result.findings:  # every finding points into the file that was read
        assert finding.locations and all(loc.file == str(path) for loc in finding.locations), finding
    text = serialize(result.report, "json")
    assert Report.model_validate_json(text) == result.report
    if yaml_too:
        target = path.with_suffix(".yaml")
        target.write_text(serialize(result.report, "yaml"), encoding="utf-8")
        assert load_canonical(target) == result.report


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


def _write(workdir: Path, name: str, content: str | bytes) -> Path:
    path = workdir / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8", errors="surrogatepass")
    return path


# ---- 1. arbitrary text ------------------------------------------------------------------------


@fuzz_settings(120)
@given(lines=st.lists(st.one_of(st.text(max_size=40), ROW, st.sampled_from(WORDS + TITLES)), max_size=30))
def test_arbitrary_text_never_crashes(workdir: Path, lines: list[str]) -> None:
    check(_write(workdir, "arbitrary.txt", "\n".join(lines)), yaml_too=True)


@fuzz_settings(60)
@given(data=st.binary(max_size=600))
def test_arbitrary_bytes_never_crash(workdir: Path, data: bytes) -> None:
    check(_write(workdir, "bytes.txt", data), yaml_too=True)


# ---- 2. the seed, damaged -----------------------------------------------------------------------


@st.composite
def damaged_seed(draw: st.DrawFn, *, window: bool) -> str:
    lines = list(SEED_LINES)
    if window:
        start = draw(st.sampled_from(range(len(lines))))
        lines = lines[start : start + draw(st.integers(1, 160))]
    for _ in range(draw(st.integers(1, 8))):
        if not lines:
            break
        op = draw(st.sampled_from(["delete", "duplicate", "swap", "substitute", "insert", "replace_row"]))
        i = draw(st.sampled_from(range(len(lines))))
        if op == "delete":
            del lines[i]
        elif op == "duplicate":
            lines.insert(i, lines[i])
        elif op == "swap":
            j = draw(st.sampled_from(range(len(lines))))
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "replace_row":
            lines[i] = draw(ROW)
        else:
            line = lines[i]
            k = draw(st.integers(0, len(line)))
            piece = draw(INSERTS)
            lines[i] = line[:k] + piece + (line[k + 1 :] if op == "substitute" else line[k:])
    text = "\n".join(lines)
    if draw(st.booleans()):
        text = text[: draw(st.sampled_from(range(len(text) + 1)))]
    return text


@fuzz_settings(20)
@given(text=damaged_seed(window=False))
def test_damaged_seed_never_crashes(workdir: Path, text: str) -> None:
    check(_write(workdir, "damaged.txt", text), yaml_too=False)


@fuzz_settings(40)
@given(text=damaged_seed(window=True))
def test_damaged_seed_window_never_crashes(workdir: Path, text: str) -> None:
    check(_write(workdir, "window.txt", text), yaml_too=True)


@fuzz_settings(30)
@given(line=st.sampled_from(LINE_STARTS), within=st.integers(0, 80))
def test_seed_cut_anywhere_never_crashes(workdir: Path, line: int, within: int) -> None:
    check(_write(workdir, "cut.txt", SEED_TEXT[: line + within]), yaml_too=False)


# ---- 3. random rows under a real table title -------------------------------------------------------


@st.composite
def random_table(draw: st.DrawFn) -> str:
    lines = [draw(st.sampled_from(["", "# ", "## "])) + draw(st.sampled_from(TITLES))]
    for _ in range(draw(st.integers(0, 4))):
        lines.append(draw(st.sampled_from(["公开 01 表", "公开 06 表", "单位：某某中心", "2024 年度", "金额单位：万元", "单位：元", "(2024年度)", ""])))
    lines += draw(st.lists(ROW, max_size=25))
    if draw(st.booleans()):
        lines.append(draw(st.sampled_from(["注：本表反映部门本年度的总收支。", "# " + draw(st.sampled_from(TITLES))])))
    return "\n".join(lines)


@fuzz_settings(100)
@given(tables=st.lists(random_table(), min_size=1, max_size=3))
def test_random_rows_under_a_table_title_never_crash(workdir: Path, tables: list[str]) -> None:
    check(_write(workdir, "table.txt", "\n\n".join(tables)), yaml_too=True)


# ---- what fuzzing found, kept as plain examples ---------------------------------------------------


def test_unicode_line_break_in_a_cell_survives_yaml(workdir: Path) -> None:
    """U+0085 (NEL) in a label was folded into a space by a YAML round trip (found by fuzzing)."""
    text = "2024年度部门决算\n\n# 财政拨款“三公”经费支出决算表\n\n项 目\t预算数\t决算数\n合 计\t1.00\t2.00\n1、因公出国\x85（境）费\t1.00\t2.00\n"
    path = _write(workdir, "nel.txt", text)
    check(path, yaml_too=True)
    assert any("\x85" in row.label for table in read(path).report.tables for row in getattr(table, "rows", ()))
