"""``juesuan import`` and ``juesuan db`` as a person uses them: the default store in the current
folder, lists, rankings, a department's years side by side, a figure across departments, and
exports that a spreadsheet opens without ever evaluating a formula."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from typer.testing import CliRunner

from juesuan import api
from juesuan.cli.app import app
from tests.documents import renamed

runner = CliRunner()


def _run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), env={"COLUMNS": "200"})
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def region(tmp_path: Path, seed_text: str, seed_years: dict[str, Path]) -> Path:
    """A region's documents: the seed's two years and a second department with a wrong total."""
    folder = seed_years["2024"].parent
    other = renamed(seed_text, "辽宁省朝阳市医疗保障事务服务中心").replace("#### (一) 收入总计 2079.31 万元", "#### (一) 收入总计 2097.31 万元")
    (folder / "yibao-2024.txt").write_text(other, encoding="utf-8")
    seed_years["unit"].unlink()
    return folder


def test_zero_setup_store_in_the_current_folder(region: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("JUESUAN_DB", raising=False)
    code, _out, err = _run("import", str(region))
    assert code == 0, err
    assert (tmp_path / "juesuan.db").is_file()
    assert "新增 3 份" in err
    code, out, _ = _run("db", "list")
    assert code == 0 and "辽宁省朝阳市医疗保障事务服务中心" in out and "2023、2024" in out


def test_ranking_and_years_side_by_side(region: Path, db_url: str) -> None:
    assert _run("import", str(region), "--db", db_url, "--quiet")[0] == 0
    result = runner.invoke(app, ["db", "list", "--year", "2024", "--region", "朝阳市", "--db", db_url], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.stderr
    lines = [line for line in result.stdout.splitlines() if "服务中心" in line]
    assert "医疗保障事务服务中心" in lines[0] and "社会保险事业服务中心" in lines[1]  # one more error (TX01) ranks it first
    result = runner.invoke(app, ["db", "compare", "社会保险", "--db", db_url], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.stderr
    row = next(line for line in result.stdout.splitlines() if "收入总计" in line)
    assert "2,356.29" in row and "2,079.31" in row and "−276.98（−11.75%）" in row
    result = runner.invoke(app, ["db", "compare", "--item", "收入决算表/合计/本年收入合计", "--region", "辽宁省", "--db", db_url], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.stderr
    assert any("医疗保障" in line and "2,079.31" in line for line in result.stdout.splitlines())
    result = runner.invoke(app, ["db", "show", "服务中心", "--db", db_url])
    assert result.exit_code == 2 and "有 2 个部门（单位）符合" in result.stderr
    result = runner.invoke(app, ["db", "show", "医疗保障", "--year", "2024", "--db", db_url])
    assert result.exit_code == 0 and "TX01" in result.stdout and "2097.31" in result.stdout


def test_findings_export_never_makes_a_formula(db_url: str, seed_years: dict[str, Path], tmp_path: Path) -> None:
    report = api.load(seed_years["2024"]).report
    hostile = report.model_copy(update={"metadata": report.metadata.model_copy(update={"department": '=HYPERLINK("http://example.invalid","点我")'})})
    (tmp_path / "hostile.json").write_text(api.serialize(hostile, "json"), encoding="utf-8")
    assert _run("import", str(tmp_path / "hostile.json"), "--db", db_url, "--quiet")[0] == 0
    code, _, err = _run("db", "export", "findings", "-o", str(tmp_path / "问题.csv"), "--db", db_url)
    assert code == 0, err
    with (tmp_path / "问题.csv").open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert rows and all(r["部门（单位）"] == "'=HYPERLINK(\"http://example.invalid\",\"点我\")" for r in rows)
    assert all(not value.startswith(("=", "+", "@")) for r in rows for value in r.values())
    assert {r["级别"] for r in rows} <= {"错误", "警告", "提示"}
    assert any(r["差额"].startswith("-") for r in rows)  # a negative difference stays a number
    code, _, err = _run("db", "export", "findings", "-o", str(tmp_path / "问题.xlsx"), "--db", db_url)
    assert code == 0, err
    from openpyxl import load_workbook

    sheet = load_workbook(tmp_path / "问题.xlsx").active
    assert sheet is not None
    cells = [cell for row in sheet.iter_rows(min_row=2) for cell in row]
    assert all(cell.data_type != "f" for cell in cells)
    names = {cell.value for cell in cells if cell.column == 1}
    assert names == {'=HYPERLINK("http://example.invalid","点我")'}


def test_cells_export_csv_and_parquet(region: Path, db_url: str, tmp_path: Path) -> None:
    assert _run("import", str(region), "--db", db_url, "--quiet")[0] == 0
    code, _, err = _run("db", "export", "cells", "-o", str(tmp_path / "cells.parquet"), "--year", "2024", "--db", db_url)
    assert code == 0, err
    import pyarrow.parquet as pq

    table = pq.read_table(tmp_path / "cells.parquet").to_pylist()
    total = [r for r in table if r["table"] == "收入支出决算总表" and r["row_label"] == "总计" and r["column"] == "收入/金额"]
    assert sorted((r["department"], str(r["value"].normalize())) for r in total) == [
        ("辽宁省朝阳市医疗保障事务服务中心", "2079.31"),
        ("辽宁省朝阳市社会保险事业服务中心", "2079.31"),
    ]
    code, _, err = _run("db", "export", "cells", "-o", str(tmp_path / "cells.csv"), "--department", "社会保险", "--db", db_url)
    assert code == 0, err
    with (tmp_path / "cells.csv").open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert {r["year"] for r in rows} == {"2023", "2024"}
    assert next(r for r in rows if r["year"] == "2023" and r["row_label"] == "总计")["value"] == "2356.29"


def test_bad_arguments_are_explained(tmp_path: Path) -> None:
    db = str(tmp_path / "x.db")
    code, _, err = _run("import", str(tmp_path / "没有这个文件夹"), "--db", db)
    assert code == 2 and "文件或文件夹不存在" in err
    code, _, err = _run("db", "export", "findings", "-o", str(tmp_path / "a.parquet"), "--db", db)
    assert code == 2 and ".xlsx 或 .csv" in err
    code, _, err = _run("db", "list", "--db", str(tmp_path / "no" / "such" / "x.db"))
    assert code == 2 and "所在文件夹不存在" in err
    code, _, err = _run("db", "compare", "--db", db)
    assert code == 2 and "二者选一" in err
    code, _, err = _run("db", "compare", "--item", "不存在的数", "--db", db)
    assert code == 2 and "表/行/列" in err


def test_help_is_chinese_and_lists_the_subcommands() -> None:
    result = runner.invoke(app, ["db", "--help"])
    assert result.exit_code == 0
    assert all(word in result.stdout for word in ("list", "show", "compare", "export", "查询文档库"))
    result = runner.invoke(app, ["import", "--help"])
    assert result.exit_code == 0 and "从中断处继续" in result.stdout
