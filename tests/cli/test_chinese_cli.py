"""The command line speaks Chinese: usage errors with the nearest valid name, help, settings mistakes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from juesuan.cli import app

runner = CliRunner()

#: English words of Click/Typer that must not reach a user
ENGLISH = re.compile(r"Usage:|Error:|Try '|No such|Missing|Show this message|Options:|Arguments:|Commands:|Did you mean|Possible options|\[default:|\[required\]")


def _run(*args: str, cwd: Path | None = None):  # type: ignore[no-untyped-def]
    if cwd is None:
        return runner.invoke(app, list(args))
    import os

    before = os.getcwd()
    os.chdir(cwd)
    try:
        return runner.invoke(app, list(args))
    finally:
        os.chdir(before)


def _said(result) -> str:  # type: ignore[no-untyped-def]
    return result.output + (result.stderr if result.stderr_bytes is not None else "")


@pytest.mark.parametrize(
    ("args", "wanted"),
    [
        (["chek"], "没有命令“chek”，您是不是要找“check”？"),
        (["rulez"], "没有命令“rulez”，您是不是要找“rules”？"),
        (["db", "lst"], "没有命令“lst”，您是不是要找“list”？"),
        (["zzzz"], "没有命令“zzzz”。可用的命令："),
        (["check", "--formt", "html", "x.txt"], "没有选项“--formt”，您是不是要找“--format”？"),
        (["parse", "--otput", "x.json", "x.txt"], "没有选项“--otput”，您是不是要找“--output”？"),
        (["check"], "缺少参数 FILES"),
        (["parse"], "缺少参数 FILE"),
        (["check", "--jobs", "abc", "x.txt"], "--jobs 的值无效：应为整数"),
        (["check", "x.txt", "--format"], "选项“--format”后面要给出一个值"),
        (["rules", "TB01", "TB02"], "多出了参数：TB02"),
    ],
)
def test_usage_errors_are_chinese_with_exit_2(args: list[str], wanted: str) -> None:
    result = _run(*args)
    said = _said(result)
    assert result.exit_code == 2, said
    assert wanted in said
    assert not ENGLISH.search(said), said
    assert "内部错误" not in said and "Traceback" not in said


@pytest.mark.parametrize("args", [["--help"], ["check", "--help"], ["db", "--help"], ["db", "export", "--help"], ["render", "--help"], ["rules", "--help"]])
def test_help_is_chinese(args: list[str]) -> None:
    result = _run(*args)
    assert result.exit_code == 0
    assert "显示帮助并退出" in result.output and "用法：" in result.output and "选项：" in result.output
    assert not ENGLISH.search(result.output), result.output


def test_usage_line_is_chinese_on_an_error() -> None:
    said = _said(_run("check", "--formt", "html", "x.txt"))
    assert "用法：" in said and "[选项]" in said and "查看帮助" in said


@pytest.mark.parametrize(
    ("option", "value", "wanted"),
    [
        ("--select", "TB,XX99", "没有编号、名称或类别为“XX99”的规则"),
        ("--select", "TB01,TX7", "“TX7”"),
        ("--ignore", "tabel", "您是不是要找“table”？"),
        ("--ignore", "narative", "您是不是要找“narrative”？"),
    ],
)
def test_unknown_rules_in_select_and_ignore(seed_path: Path, option: str, value: str, wanted: str) -> None:
    result = _run("check", str(seed_path), option, value)
    assert result.exit_code == 2
    assert wanted in _said(result)


def test_rule_selections_that_exist_pass(seed_path: Path) -> None:
    for value in ("TB", "TB01,XT02", "table", "narrative", "table.class-sum", "RD", "RD02", "km06"):
        assert _run("check", str(seed_path), "--select", value).exit_code in (0, 1), value


@pytest.mark.parametrize(
    ("toml", "wanted"),
    [
        ('scorng = "national"\n', "没有设置项“scorng”，您是不是要写“scoring”？"),
        ('[tolerence]\namount = "0.01"\n', "您是不是要写“tolerance”？"),
        ('[tolerance]\namout = "0.01"\n', "[tolerance] 中没有设置项“amout”，您是不是要写“amount”？"),
        ('[rules]\nignore = ["KM6"]\n', "“KM6”"),
        ('[rules]\nselect = ["TB", "XX99"]\n', "“XX99”"),
        ('[rules.TX99]\nseverity = "info"\n', "[rules.TX99]"),
        ('[rules.TX07]\nseverty = "info"\n', "您是不是要写“severity”？"),
        ('[rules]\nTX07 = "info"\n', "[rules.TX07]"),
        ('[[waivers]]\nrule = "JX11"\nreson = "x"\n', "您是不是要写“reason”？"),
        ('[[waivers]]\nrule = "JX1l"\nreason = "x"\n', "“JX1l”"),
    ],
)
def test_misspelt_settings_are_errors(seed_path: Path, tmp_path: Path, toml: str, wanted: str) -> None:
    (tmp_path / "juesuan.toml").write_text(toml, encoding="utf-8")
    result = _run("check", str(seed_path), cwd=tmp_path)
    said = _said(result)
    assert result.exit_code == 2, said
    assert "juesuan.toml" in said and wanted in said


def test_valid_settings_still_read(seed_path: Path, tmp_path: Path) -> None:
    (tmp_path / "juesuan.toml").write_text(
        'scoring = "liaoning"\n[tolerance]\namount = "0.00"\n[rules]\nignore = ["KM06"]\n'
        '[rules.TX07]\nseverity = "info"\n[rules."text.shares"]\nseverity = "warning"\n'
        '[[waivers]]\nrule = "JX11"\nlocation = "200"\nreason = "已说明"\n',
        encoding="utf-8",
    )
    assert _run("check", str(seed_path), cwd=tmp_path).exit_code in (0, 1)


def test_severity_words_are_chinese_only(seed_path: Path) -> None:
    out = _run("check", str(seed_path)).stdout
    assert "[警告]" in out and "[错误]" in out
    assert not re.search(r"\[(error|warning|info)", out)


def test_an_output_over_the_checked_file_needs_overwrite(seed_path: Path, tmp_path: Path) -> None:
    copy = tmp_path / "决算.txt"
    copy.write_bytes(seed_path.read_bytes())
    result = _run("check", str(copy), "-o", str(copy))
    assert result.exit_code == 2
    assert "文件已存在" in _said(result) and "--overwrite" in _said(result)
    assert copy.read_bytes() == seed_path.read_bytes()
    assert _run("check", str(copy), "-o", str(copy), "--overwrite").exit_code in (0, 1)
    assert copy.read_text(encoding="utf-8").startswith(str(copy))


def test_os_errors_are_explained(seed_path: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "文件"
    blocker.write_text("x", encoding="utf-8")
    result = _run("check", str(seed_path), "-o", str(blocker / "审核.txt"))
    assert result.exit_code == 2
    said = _said(result)
    assert "无法写出" in said and ("不是文件夹" in said or "已有同名的文件" in said)
    assert "File exists" not in said and "Not a directory" not in said


def test_every_command_group_speaks_chinese() -> None:
    """A group added later (``juesuan db``, …) must use ChineseGroup, or its errors would be English."""
    import typer.main

    from juesuan.cli.chinese import ChineseGroup

    def groups(command: object) -> list[object]:
        found = [command]
        for sub in getattr(command, "commands", {}).values():
            if hasattr(sub, "commands"):
                found += groups(sub)
        return found

    for group in groups(typer.main.get_command(app)):
        assert isinstance(group, ChineseGroup), group


def test_operating_system_errors_are_told_in_chinese() -> None:
    import errno

    from juesuan.diagnostics import os_problem

    assert os_problem(PermissionError(errno.EACCES, "Permission denied")) == "没有权限（请检查文件或文件夹的权限）"
    assert os_problem(IsADirectoryError(errno.EISDIR, "Is a directory")) == "这是一个文件夹，不是文件"
    assert "磁盘空间不足" in os_problem(OSError(errno.ENOSPC, "No space left on device"))
    assert os_problem(OSError(errno.EEXIST, "File exists")).startswith("已有同名的文件")
