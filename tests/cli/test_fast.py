"""The installed program's fast way (juesuan.cli.fast) against typer's, which it must not differ from.

In this process: for many command lines, the values the fast parser would pass equal those typer
passes to the same function (or the fast parser gives the command line up to typer). In fresh
processes: the installed program prints the same, writes the same files and ends with the same code
whether the fast way is taken or not.
"""

from __future__ import annotations

import copy
import inspect
import os
import random
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import typer.main
from typer._click import exceptions as click_errors

from juesuan.cli import app, fast, fast_gen
from juesuan.cli.fast_table import COMMANDS
from tests.conftest import CORPUS, SEED

PDF = CORPUS / "sh-putuo-guihuaziyuanju-2024-dept-final.pdf"


def test_the_table_is_what_typer_builds() -> None:
    """fast_table.py is generated from the typer commands: regenerate it (python -m juesuan.cli.fast_gen)
    after changing an option of parse, check, profiles, rules or schema."""
    assert fast_gen.TABLE.read_text(encoding="utf-8") == fast_gen.source()


def test_the_table_names_every_one_document_command_and_only_those() -> None:
    from juesuan.cli.commands import ONE_DOCUMENT_COMMANDS

    assert set(COMMANDS) == ONE_DOCUMENT_COMMANDS


def test_the_generator_refuses_what_the_fast_parser_cannot_read() -> None:
    """An option the fast parser would read differently from Click stops the generation with the reason."""
    group: Any = typer.main.get_command(app)
    jobs = next(p for p in group.commands["check"].params if p.name == "jobs")
    for change, reason in (
        ({"envvar": "JOBS"}, "environment variable"),
        ({"multiple": True}, "several values"),
        ({"is_eager": True}, "eager"),
        ({"min": 1}, "bounds"),
    ):
        changed = copy.copy(jobs)
        for key, value in change.items():
            setattr(changed, key, value)
        assert reason in fast_gen._unsupported(changed)
    assert fast_gen._unsupported(jobs) == ""


# --- in this process: the same values as typer's ---------------------------------------------------


def _recording() -> tuple[Any, list[tuple[str, dict[str, Any]]]]:
    """The click group typer builds from ``app``, whose one-document commands record the values
    typer passes them instead of running."""
    calls: list[tuple[str, dict[str, Any]]] = []
    recording = copy.copy(app)
    recording.registered_commands = []
    for info in app.registered_commands:
        info = copy.copy(info)
        if info.name in COMMANDS:
            info.callback = _recorder(info.name, info.callback, calls)
        recording.registered_commands.append(info)
    return typer.main.get_command(recording), calls


def _recorder(name: str, function: Callable[..., Any], calls: list[tuple[str, dict[str, Any]]]) -> Callable[..., Any]:
    def record(**values: Any) -> None:
        calls.append((name, values))

    record.__wrapped__ = function  # type: ignore[attr-defined]  # typer reads the parameters through it
    record.__annotations__ = function.__annotations__
    record.__name__ = function.__name__
    record.__module__ = function.__module__
    return record


def _typer_values(group: Any, calls: list[tuple[str, dict[str, Any]]], argv: list[str]) -> dict[str, Any] | None:
    """What typer passes the command for ``argv``, or None when it refuses the command line."""
    calls.clear()
    try:
        group.main(argv, prog_name="juesuan", standalone_mode=False)
    except (click_errors.ClickException, click_errors.Abort, click_errors.Exit):
        return None
    ((name, values),) = calls
    assert name == argv[0]
    return values


def _fast_values(argv: list[str]) -> dict[str, Any] | None:
    call = fast.parse(argv)
    if call is None:
        return None
    function = getattr(__import__(call.module, fromlist=["_"]), call.function)
    defaults = {name: p.default for name, p in inspect.signature(function).parameters.items()}
    assert set(call.values) <= set(defaults)
    return defaults | call.values


def _same(fast_values: dict[str, Any], typer_values: dict[str, Any]) -> bool:
    """Equal values of equal types (5 is not 5.0, a str is not a Path)."""
    return {k: repr(v) for k, v in fast_values.items()} == {k: repr(v) for k, v in typer_values.items()}


@pytest.fixture(scope="module")
def recording() -> tuple[Any, list[tuple[str, dict[str, Any]]]]:
    return _recording()


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    where = tmp_path_factory.mktemp("fast")
    (where / "报告.txt").write_text("x", encoding="utf-8")
    (where / "folder").mkdir()
    return {"file": str(where / "报告.txt"), "folder": str(where / "folder"), "missing": str(where / "missing.pdf")}


ORDINARY = [
    ["check", "{file}"],
    ["check", "{file}", "-f", "json"],
    ["check", "-f", "json", "{file}"],
    ["check", "--format=json", "{file}", "--no-info"],
    ["check", "{file}", "-fjson", "-o", "out.json"],
    ["check", "-v", "{file}", "--profile", "shanghai", "-c", "{missing}", "--select", "TB,XT02", "--ignore=ZX"],
    ["check", "{file}", "{missing}", "{folder}", "-j", "2", "--timeout", "30", "--max-memory", "512"],
    ["check", "{folder}", "--pages", "--summary", "s.csv", "--findings", "f.xlsx", "--overwrite"],
    ["check", "{file}", "--annotate", "a.pdf", "--catalogue", "{missing}", "--scheduler", "tcp://127.0.0.1:1"],
    ["check", "{file}", "-vj3", "--timeout=1.5", "-j", "-1", "--jobs", "4"],
    ["check", "{file}", "-o", "--help"],  # Click takes what follows -o as its value
    ["check", "-", "{file}"],
    ["parse", "{file}"],
    ["parse", "{file}", "-o", "out.yaml", "-q"],
    ["parse", "-qfcells", "{file}"],
    ["profiles"],
    ["profiles", "--config", "{missing}"],
    ["rules"],
    ["rules", "TB01"],
    ["rules", "--markdown", "-o", "rules.md"],
    ["schema"],
    ["schema", "-o", "schema.json"],
]

FOR_TYPER = [
    [],
    ["check"],
    ["check", "--help"],
    ["check", "{file}", "-h"],
    ["check", "{file}", "--nope"],
    ["check", "{file}", "--jobs", "x"],
    ["check", "{file}", "--jobs", "1_0"],
    ["check", "{file}", "--timeout", "1e3"],
    ["check", "{file}", "-f"],
    ["check", "{file}", "--no-info=1"],
    ["check", "{file}", "-f=json"],
    ["check", "--", "{file}"],
    ["check", "{file}", ""],
    ["parse"],
    ["parse", "{file}", "{file}"],
    ["rules", "TB01", "TB02"],
    ["schema", "extra"],
    ["render", "{file}"],
    ["--help"],
]


def _fill(argv: list[str], files: dict[str, str]) -> list[str]:
    return [arg.format(**files) for arg in argv]


@pytest.mark.parametrize("argv", ORDINARY, ids=" ".join)
def test_an_ordinary_command_line_is_read_as_typer_reads_it(argv: list[str], files: dict[str, str], recording: Any) -> None:
    argv = _fill(argv, files)
    fast_values = _fast_values(argv)
    assert fast_values is not None, "the fast parser gave it up to typer"
    typer_values = _typer_values(*recording, argv)
    assert typer_values is not None
    assert _same(fast_values, typer_values), (fast_values, typer_values)


@pytest.mark.parametrize("argv", FOR_TYPER, ids=" ".join)
def test_help_and_doubtful_command_lines_go_to_typer(argv: list[str], files: dict[str, str]) -> None:
    assert fast.parse(_fill(argv, files)) is None


@pytest.mark.parametrize("variable", ["JUESUAN_DEBUG", "_JUESUAN_COMPLETE"], ids=["debug", "completion"])
def test_debugging_and_shell_completion_go_to_typer(variable: str, files: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(variable, "1")
    assert fast.parse(["check", files["file"]]) is None


VALUES = [
    "json", "text", "yaml", "", "0", "7", "007", "-1", "-0", "+3", "1_0", " 5", "5 ", "1.5", "1.", ".5", "-2.25",
    "1e3", "nan", "inf", "9" * 19, "２", "x=y", "-", "--", "--help", "-o", "-vq", "a b", "中文.txt", "{file}", "{folder}",
    "{missing}", "TB01",
]  # fmt: skip


def _random_command_lines(count: int) -> list[list[str]]:
    """Command lines made of each command's own options (long, short, grouped, with =), values that
    convert plainly or not, files and stray tokens, at random (a fixed seed)."""
    draw = random.Random(20261206)
    lines = []
    for _ in range(count):
        command = draw.choice(sorted(COMMANDS))
        options = sorted(COMMANDS[command][2])
        shorts = [o[1] for o in options if len(o) == 2]
        argv = [command]
        for _ in range(draw.randrange(0, 6)):
            roll = draw.random()
            if roll < 0.45 and options:
                argv += [draw.choice(options), draw.choice(VALUES)]
            elif roll < 0.6 and options:
                argv.append(f"{draw.choice([o for o in options if o.startswith('--')])}={draw.choice(VALUES)}")
            elif roll < 0.7 and shorts:
                argv.append("-" + "".join(draw.choice(shorts) for _ in range(draw.randrange(1, 4))) + draw.choice(["", "json", "2"]))
            elif roll < 0.75 and options:
                argv.append(draw.choice(options))
            else:
                argv.append(draw.choice(VALUES))
        lines.append(argv)
    return lines


def test_random_command_lines_are_read_as_typer_reads_them_or_given_to_typer(files: dict[str, str], recording: Any) -> None:
    taken = 0
    for argv in _random_command_lines(600):
        argv = _fill(argv, files)
        fast_values = _fast_values(argv)
        if fast_values is None:
            continue
        taken += 1
        typer_values = _typer_values(*recording, argv)
        assert typer_values is not None, f"typer refuses {argv}, the fast parser took it"
        assert _same(fast_values, typer_values), (argv, fast_values, typer_values)
    assert taken > 150  # the draw does exercise the fast parser


# --- fresh processes: the same output, files and exit code ------------------------------------------

RUN = """
import sys
sys.argv[0] = "juesuan"
from juesuan.cli import fast, program
if sys.argv.pop(1) == "typer":
    fast.parse = lambda argv: None
program.entry()
"""

PROCESSES = [
    ["check", "{seed}"],
    ["check", "-f", "json", "{seed}", "--no-info"],
    ["check", "{seed}", "--format=markdown", "-o", "out.md", "--summary", "s.json", "--findings", "f.csv"],
    ["check", "{seed}", "-vfhtml"],
    ["check", "{pdf}", "-f", "json"],
    ["check", "{seed}", "-f", "xml"],
    ["check", "{seed}", "--select", "NOPE"],
    ["check", "{missing}"],
    ["check", "{seed}", "{folder}", "-j", "1", "--summary", "batch.json"],
    ["check", "{seed}", "--nope"],
    ["parse", "{seed}", "-o", "out.yaml"],
    ["parse", "-qfcells", "{seed}"],
    ["rules", "TB01"],
    ["rules", "no-such-rule"],
    ["rules", "--markdown", "-o", "rules.md"],
    ["schema"],
    ["profiles"],
]


#: what differs from run to run: the time of the check (findings), its seconds (summary), the time
#: the batch took (progress bar)
TIMES = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d|(?<=\"seconds\": )[0-9.]+|\b\d+:\d\d:\d\d\b")


def _run(way: str, argv: list[str], where: Path) -> tuple[int, str, str, dict[str, str]]:
    """The installed program's exit code, stdout, stderr and the files it wrote (run in ``where``),
    the fast way or typer's, with the times left out."""
    where.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("JUESUAN_DEBUG", "COLUMNS", "LINES")}
    env["PYTHONPATH"] = os.pathsep.join([str(Path(__file__).resolve().parents[2] / "src"), env.get("PYTHONPATH", "")])
    proc = subprocess.run(
        [sys.executable, "-c", RUN, way, *argv], cwd=where, env=env, capture_output=True, text=True, timeout=300, check=False
    )
    written = {p.name: TIMES.sub("T", p.read_bytes().decode("utf-8", "replace")) for p in sorted(where.iterdir())}
    return proc.returncode, proc.stdout, TIMES.sub("T", proc.stderr), written


@pytest.mark.parametrize("argv", PROCESSES, ids=" ".join)
def test_the_installed_program_prints_and_writes_the_same_either_way(argv: list[str], tmp_path: Path) -> None:
    folder = tmp_path / "folder"
    folder.mkdir()
    shutil.copy(SEED, folder / "seed.txt")
    names = {"seed": str(SEED), "pdf": str(PDF), "folder": str(folder), "missing": str(tmp_path / "missing.txt")}
    argv = [arg.format(**names) for arg in argv]
    fast_run = _run("fast", argv, tmp_path / "fast")
    typer_run = _run("typer", argv, tmp_path / "typer")
    assert fast_run == typer_run
    assert fast_run[0] in (0, 1, 2), fast_run[2]  # no defect, no crash
