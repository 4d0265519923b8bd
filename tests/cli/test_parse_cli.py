"""``juesuan parse`` on bad input: exit code 2, a Chinese message naming the file and the problem on
stderr, no traceback, and nothing written — no output file, no temporary file, an older output
left as it was. A document of which only a part cannot be read (a table cut off, a cell that is
not a number) is not bad input: the rest is written, the unread part is named on stderr and
recorded in the output, and the exit code is 1.

Most cases run in-process through typer's ``CliRunner`` (fast); a few run the installed command
in a subprocess, the way a user runs it.
"""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from juesuan.cli.app import app

runner = CliRunner()


def _cut(seed: str, title: str, marker: str, keep: int | None = None) -> str:
    start = seed.index(title)
    at = seed.index(marker, start)
    line_start = seed.rindex("\n", 0, at) + 1
    line_end = seed.find("\n", at)
    return seed[: line_start + keep] if keep is not None else seed[:line_end]


def _zip(path: Path) -> None:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")


# name, how to make it from the seed text (str or bytes, or a callable that makes the path), what stderr says
Maker = Callable[[str], "str | bytes"]
CASES: list[tuple[str, Maker | None, str]] = [
    ("empty.txt", lambda seed: b"", "文件是空的"),
    ("blank.txt", lambda seed: "\n \t\n\u3000\n", "只有空白"),
    ("noise.txt", lambda seed: bytes((i * 7919 + 13) % 256 for i in range(3000)), "二进制"),
    ("image.txt", lambda seed: b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG"),
    ("report.txt", lambda seed: b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n", "PDF"),
    ("tables.txt", None, "ZIP"),
    ("news.txt", lambda seed: "新华社北京电 国务院常务会议今天召开。\n会议研究部署设备更新工作。\n", "不像部门决算"),
    ("english.txt", lambda seed: "Quarterly report\n\nRevenue\t100\t200\n", "不像部门决算"),
    ("syntax.json", lambda seed: '{"schema_version": 1, "metadata": ', "不是有效的 JSON"),
    ("syntax.yaml", lambda seed: "metadata: [1, 2\n", "不是有效的 YAML"),
    ("other.json", lambda seed: '{"name": "张三"}', "不是 juesuan 报告"),
    ("shape.json", lambda seed: '{"schema_version": 1, "metadata": {"year": "去年"}}', "metadata.year"),
]


# documents of which a part cannot be read: name, how to make it from the seed, what stderr says
PARTIAL: list[tuple[str, Maker, str]] = [
    ("cut_01.txt", lambda seed: _cut(seed, "# 收入支出决算总表", "九、卫生健康支出"), "收入支出决算总表不完整"),
    ("cut_02.txt", lambda seed: _cut(seed, "# 收入决算表", "2080505\t", keep=18), "收入决算表不完整"),
    ("cut_06.txt", lambda seed: _cut(seed, "# 一般公共预算财政拨款基本支出决算表", "3011\t职工基本医疗保险缴费"), "基本支出决算表不完整"),
    ("cut_project.txt", lambda seed: _cut(seed, "## 预算项目(政策)绩效自评表", "社会保险发放准确率"), "绩效自评表"),
    ("word_cell.txt", lambda seed: seed.replace("1,968.11", "壹仟玖佰", 1), "不是金额"),
]


@pytest.fixture(scope="module")
def seed_text(seed_path: Path) -> str:
    return seed_path.read_text(encoding="utf-8")


def make(tmp_path: Path, seed_text: str, name: str, maker: Maker | None) -> Path:
    path = tmp_path / "in" / name
    path.parent.mkdir(exist_ok=True)
    if maker is None:
        _zip(path)
        return path
    content = maker(seed_text)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def assert_refused(code: int, stderr: str, stdout: str, path: Path, says: str, out_dir: Path) -> None:
    assert code == 2, stderr
    assert "Traceback" not in stderr and "Traceback" not in stdout
    assert "错误" in stderr
    assert str(path) in stderr, stderr
    assert says in stderr, stderr
    assert stdout == ""
    assert not out_dir.exists() or list(out_dir.iterdir()) == [], "nothing may be written, not even a temporary file"


@pytest.mark.parametrize(("name", "maker", "says"), CASES, ids=[c[0] for c in CASES])
def test_parse_refuses_bad_input(tmp_path: Path, seed_text: str, name: str, maker: Maker | None, says: str) -> None:
    path = make(tmp_path, seed_text, name, maker)
    out = tmp_path / "out" / "report.json"
    result = runner.invoke(app, ["parse", str(path), "-o", str(out)])
    assert_refused(result.exit_code, result.stderr, result.stdout, path, says, out.parent)


def test_missing_file_and_directory(tmp_path: Path) -> None:
    out = tmp_path / "out" / "report.json"
    for path, says in ((tmp_path / "nowhere.txt", "不存在"), (tmp_path, "目录")):
        result = runner.invoke(app, ["parse", str(path), "-o", str(out)])
        assert_refused(result.exit_code, result.stderr, result.stdout, path, says, out.parent)


@pytest.mark.parametrize(("name", "maker", "says"), PARTIAL, ids=[c[0] for c in PARTIAL])
def test_parse_writes_what_it_could_read(tmp_path: Path, seed_text: str, name: str, maker: Maker, says: str) -> None:
    path = make(tmp_path, seed_text, name, maker)
    out = tmp_path / "out" / "report.json"
    result = runner.invoke(app, ["parse", str(path), "-o", str(out)])
    assert result.exit_code == 1, result.stderr
    assert "Traceback" not in result.stderr and says in result.stderr and "未能读取" in result.stderr
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["unread"] and any(says in u["message"] for u in report["unread"])
    assert report["tables"], "the tables before the damage are written"


def test_errors_are_shown_even_when_quiet(tmp_path: Path, seed_text: str) -> None:
    path = make(tmp_path, seed_text, "cut.txt", lambda seed: _cut(seed, "# 收入决算表", "20805\t"))
    result = runner.invoke(app, ["parse", str(path), "-o", str(tmp_path / "out.json"), "--quiet"])
    assert result.exit_code == 1
    assert "RD05" in result.stderr and "收入决算表不完整" in result.stderr
    assert (tmp_path / "out.json").exists()


def test_a_failed_parse_leaves_the_previous_output_alone(tmp_path: Path, seed_text: str) -> None:
    out = tmp_path / "report.json"
    out.write_text("previous run\n", encoding="utf-8")
    path = make(tmp_path, seed_text, "news.txt", lambda seed: "新华社北京电 国务院常务会议今天召开。\n会议研究部署设备更新工作。\n")
    result = runner.invoke(app, ["parse", str(path), "-o", str(out)])
    assert result.exit_code == 2
    assert out.read_text(encoding="utf-8") == "previous run\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in", "report.json"]


def test_output_that_cannot_be_written(tmp_path: Path, seed_path: Path) -> None:
    target = tmp_path / "taken"
    target.mkdir()
    result = runner.invoke(app, ["parse", str(seed_path), "-o", str(target)])
    assert result.exit_code == 2
    assert "无法写出" in result.stderr and str(target) in result.stderr
    assert list(target.iterdir()) == [] and sorted(p.name for p in tmp_path.iterdir()) == ["taken"]


def test_markup_in_the_document_is_printed_as_text(tmp_path: Path) -> None:
    # a reading message quotes the document; brackets in it are not terminal markup
    text = "2024年度部门决算\n\n# 财政拨款“三公”经费支出决算表\n\n项 目\t预算数\t决算数\n[/bold] 其他\t1\t2\n合 计\t[red]\t\n"
    path = tmp_path / "markup.txt"
    path.write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["parse", str(path), "-o", str(tmp_path / "out.json")])
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "[/bold] 其他" in result.stderr and "“[red]”不是金额" in result.stderr
    assert result.exit_code == 1


def test_the_seed_still_parses(tmp_path: Path, seed_path: Path) -> None:
    out = tmp_path / "out" / "report.json"
    result = runner.invoke(app, ["parse", str(seed_path), "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    assert out.exists() and [p.name for p in out.parent.iterdir()] == ["report.json"]


def test_a_defect_is_one_line_not_a_traceback(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], seed_path: Path) -> None:
    from juesuan import api
    from juesuan.cli import main

    def broken(path: object) -> object:
        raise RuntimeError("模拟的缺陷")

    monkeypatch.setattr(api, "load", broken)
    monkeypatch.setattr(sys, "argv", ["juesuan", "parse", str(seed_path)])
    monkeypatch.delenv("JUESUAN_DEBUG", raising=False)
    with pytest.raises(SystemExit) as exited:
        main()
    assert exited.value.code == 3
    err = capsys.readouterr().err
    assert "内部错误" in err and "模拟的缺陷" in err and "Traceback" not in err


# ---- the real command, in a subprocess -------------------------------------------------------------

REAL = ["empty.txt", "noise.txt", "news.txt", "syntax.json"]


@pytest.mark.parametrize("name", REAL)
def test_real_command_refuses_bad_input(tmp_path: Path, seed_text: str, name: str) -> None:
    _, maker, says = next(c for c in CASES if c[0] == name)
    path = make(tmp_path, seed_text, name, maker)
    out = tmp_path / "out" / "report.json"
    done = subprocess.run(
        [sys.executable, "-m", "juesuan", "parse", str(path), "-o", str(out)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )
    assert_refused(done.returncode, done.stderr, done.stdout, path, says, out.parent)
