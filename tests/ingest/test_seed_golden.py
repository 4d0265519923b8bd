"""The seed's cells view against the golden file that was checked by hand against the seed.

``tests/golden/seed.cells.csv`` is the output of ``juesuan parse SEED --format cells``, verified
table by table against ``../shared/seed/000_47ca208ed1e3cbfe.txt`` (see docs/testing.md). When a
change to the reader or the cells view is intended, regenerate it with ``pytest --update-golden``
and review the diff before committing.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from decimal import Decimal
from pathlib import Path

from juesuan.render.cells import CELLS_HEADER, cells_csv
from tests.conftest import GOLDEN, SEED

GOLDEN_CELLS = GOLDEN / "seed.cells.csv"


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_seed_cells_match_the_golden_file(seed_report, golden) -> None:
    golden.check(GOLDEN_CELLS, cells_csv(seed_report))


def test_cli_writes_the_same_cells(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from juesuan.cli.app import app

    out = tmp_path / "seed.cells.csv"
    result = CliRunner().invoke(app, ["parse", str(SEED), "--format", "cells", "-o", str(out), "--quiet"])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8") == GOLDEN_CELLS.read_text(encoding="utf-8")


# ---- the golden file itself, independently of the code that wrote it ---------------------------


def _seed_lines() -> list[str]:
    return SEED.read_text(encoding="utf-8").split("\n")


def _printed_forms(value: str) -> set[str]:
    """How a plain decimal can appear in the seed: 2079.31 → 2,079.31; 92.0 → 92.0%."""
    number = Decimal(value)
    forms = {value, f"{value}%"}
    if "." in value:
        whole, frac = value.split(".")
        forms.add(f"{int(whole):,}.{frac}")
    else:
        forms.add(f"{int(number):,}")
    return forms


def test_golden_header_and_tables() -> None:
    text = GOLDEN_CELLS.read_text(encoding="utf-8")
    assert text.splitlines()[0] == ",".join(CELLS_HEADER)
    counts = Counter(row["table"] for row in _rows(text))
    # 公开07/08/09表 are blank in the seed: no rows; the others by the number of printed figures
    assert counts == {
        "收入支出决算总表": 8,
        "收入决算表": 44,
        "支出决算表": 49,
        "财政拨款收入支出决算总表": 13,
        "一般公共预算财政拨款支出决算表": 66,
        "一般公共预算财政拨款基本支出决算表": 26,
        "预算项目（政策）绩效自评表": 431,
        "部门（单位）整体绩效自评表": 122,
    }


def test_every_golden_value_is_printed_on_its_source_line() -> None:
    lines = _seed_lines()
    for row in _rows(GOLDEN_CELLS.read_text(encoding="utf-8")):
        name, _, number = row["source"].rpartition(":")
        assert name == SEED.name
        printed = lines[int(number) - 1].split("\t")
        cells = {cell.replace("<b>", "").replace("</b>", "").strip() for cell in printed}
        assert cells & _printed_forms(row["value"]), f"{row} not printed on line {number}: {printed}"


def test_golden_economic_codes_are_full_five_digit_codes() -> None:
    rows = [r for r in _rows(GOLDEN_CELLS.read_text(encoding="utf-8")) if r["table"] == "一般公共预算财政拨款基本支出决算表"]
    codes = [r["row_code"] for r in rows if r["row_code"]]
    assert all(len(code) in (3, 5) and code.isdigit() for code in codes), codes
    by_name = {r["row_label"]: r["row_code"] for r in rows}
    # the seed prints 3010 / 3020 / 3023 / 3029; the names decide the full codes
    assert by_name["基本工资"] == "30101"
    assert by_name["绩效工资"] == "30107"
    assert by_name["机关事业单位基本养老保险"] == "30108"
    assert by_name["劳务费"] == "30226"
    assert by_name["其他交通费用"] == "30239"
    assert by_name["其他商品和服务支出"] == "30299"
    assert by_name["人员经费合计"] == "" and by_name["公用经费合计"] == ""
