"""The bundled catalogue, its 类 lines and KM09's index of its names are kept beside the bytecode:
what is kept is what reading the CSV files gives, an edited file is read again, a damaged or stale
copy is never used, and a check says the same with the kept copy as with the files."""

from __future__ import annotations

import importlib
import json
import marshal
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from juesuan.model.build import VALIDATE_ENV
from juesuan.model.codes import Catalogue
from tests.conftest import SEED

classification = importlib.import_module("juesuan.classification")
typos = importlib.import_module("juesuan.check.typos")
DATA = Path(classification.__file__).parent / "data"


def _clear() -> None:
    classification._bundled.cache_clear()
    classification.bundled_digest.cache_clear()
    typos._BY_CATALOGUE.clear()


@pytest.fixture
def package(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Path]:
    """As outside the test suite (which reads the files every time), with the package's data copied
    under tmp_path and the copies kept there."""
    root = tmp_path / "classification"
    shutil.copytree(DATA, root / "data")
    monkeypatch.setenv(VALIDATE_ENV, "0")
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    monkeypatch.setattr(classification, "package_files", lambda _: root)
    monkeypatch.setattr(typos, "_kept_path", lambda: tmp_path / "__pycache__" / "typos.test.index")
    _clear()
    yield root
    _clear()


def _strict(catalogue: Catalogue) -> list[Any]:
    """Everything a catalogue holds, with the type of every field (an enum kept as its value would
    still compare equal)."""
    entries = [[(k, type(v), v) for k, v in e.__dict__.items()] for e in catalogue.entries]
    return [entries, catalogue.__dict__]


def _kept_files(package: Path) -> tuple[Path, Path]:
    catalogue = classification._kept_path()
    assert catalogue is not None and catalogue.parent == package / "__pycache__"
    return catalogue, typos._kept_path()


def test_what_is_kept_is_what_reading_the_files_gives(package: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert typos.keep_index() == typos._kept_path()
    _clear()
    fresh, lines = classification._read_bundled()
    fresh_index = typos._indexed(fresh)

    def no_reading(*_: object) -> None:
        raise AssertionError("read from the files")

    monkeypatch.setattr(classification, "_read_bundled", no_reading)
    monkeypatch.setattr(typos, "_indexed", no_reading)
    kept = classification.bundled_catalogue()
    assert kept is not fresh and _strict(kept) == _strict(fresh) and kept == fresh
    assert classification.class_lines() == lines
    index = typos._catalogue_index(kept)
    assert index is not fresh_index and index.parts() == fresh_index.parts()
    entry = fresh.entries[-1]
    assert kept.get(entry.scheme, entry.code) == entry and kept.by_name(entry.scheme, entry.name) == fresh.by_name(entry.scheme, entry.name)


def test_a_run_keeps_the_copies_where_python_writes_bytecode(package: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    catalogue, index = _kept_files(package)
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    typos._catalogue_index(classification.bundled_catalogue())
    assert not catalogue.exists() and not index.exists()
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    _clear()
    typos._catalogue_index(classification.bundled_catalogue())
    assert catalogue.exists() and index.exists()


def test_the_suite_reads_the_files(package: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    typos.keep_index()
    monkeypatch.setenv(VALIDATE_ENV, "1")
    _clear()

    def no_kept(_: object) -> None:
        raise AssertionError("the kept copy used")

    monkeypatch.setattr(classification, "_restored", no_kept)
    monkeypatch.setattr(typos._Index, "restored", no_kept)
    typos._catalogue_index(classification.bundled_catalogue())


def test_an_edited_data_file_is_read_again(package: Path) -> None:
    typos.keep_index()
    function_codes = package / "data" / "function_codes.csv"
    text = function_codes.read_text(encoding="utf-8")
    assert ",住房保障支出," in text
    function_codes.write_text(text.replace(",住房保障支出,", ",住房保障改支出,", 1), encoding="utf-8")
    _clear()
    catalogue = classification.bundled_catalogue()
    assert "住房保障改支出" in {e.name for e in catalogue.entries}
    index = typos._catalogue_index(catalogue)
    assert "住房保障改支出" in index.names
    assert index.parts() == typos._indexed(classification._read_bundled()[0]).parts()
    _clear()  # and the copies made again are of the edited file
    assert _strict(classification.bundled_catalogue()) == _strict(catalogue)
    assert "住房保障改支出" in typos._catalogue_index(classification.bundled_catalogue()).names


def test_an_edited_line_file_is_read_again(package: Path) -> None:
    typos.keep_index()
    lines = package / "data" / "class_lines.csv"
    lines.write_text(lines.read_text(encoding="utf-8").replace("一般公共服务支出", "一般公共服务改支出", 1), encoding="utf-8")
    _clear()
    assert ("201", "一般公共服务改支出") in classification.class_lines()
    assert "一般公共服务改支出" in typos._catalogue_index(classification.bundled_catalogue()).names


def _damaged(kind: str, kept: Path) -> bytes:
    blob = kept.read_bytes()
    key, data = marshal.loads(blob)
    return {
        "empty": b"",
        "garbage": b"not marshal at all",
        "truncated": blob[: len(blob) // 2],
        "other key": marshal.dumps(("0" * 32, data)),
        "other layout": marshal.dumps((key, ("one", 2))),
        "not a pair": marshal.dumps([1, 2, 3]),
    }[kind]


@pytest.mark.parametrize("kind", ["empty", "garbage", "truncated", "other key", "other layout", "not a pair"])
def test_a_damaged_or_stale_copy_is_not_used(package: Path, kind: str) -> None:
    typos.keep_index()
    catalogue, index = _kept_files(package)
    catalogue.write_bytes(_damaged(kind, catalogue))
    index.write_bytes(_damaged(kind, index))
    _clear()
    fresh = classification._read_bundled()[0]
    made = classification.bundled_catalogue()
    assert _strict(made) == _strict(fresh)
    assert typos._catalogue_index(made).parts() == typos._indexed(fresh).parts()
    _clear()  # made again, whole
    assert _strict(classification.bundled_catalogue()) == _strict(fresh)


def test_a_check_says_the_same_with_the_kept_copy() -> None:
    """The installed program's output of the seed, the catalogue and index kept (outside the suite's
    switch) and read from the files (the suite's switch), byte for byte."""
    assert typos.keep_index() is not None  # as `make bytecode` keeps them at install
    program = [sys.executable, "-c", "from juesuan.cli import entry; entry()", "check", str(SEED), "-f", "json"]
    outputs = []
    for validating in ("0", "1"):
        env = {**os.environ, VALIDATE_ENV: validating, "PYTHONDONTWRITEBYTECODE": "1"}
        proc = subprocess.run(program, capture_output=True, check=False, env=env)
        assert proc.returncode == 1, proc.stderr
        outputs.append(proc.stdout)
    assert outputs[0] == outputs[1] and json.loads(outputs[0])
