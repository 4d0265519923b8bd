"""The built-in TOML files are parsed once per edit: the kept copy is used only for the very text
it was parsed from, and where nothing may be written the file is parsed as before."""

from __future__ import annotations

import os
import sys
import tomllib
from importlib import resources
from pathlib import Path

import pytest

from juesuan.files import kept_path
from juesuan.profiles.parsed import keep_all, parse_toml

PROFILE = 'name = "demo"\ntitle = "示例"\n[numbers]\nfirst = 1\nshare = 0.5\nlist = ["一", "二"]\n'


@pytest.fixture
def writing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "dont_write_bytecode", False)


def _file(tmp_path: Path, text: str = PROFILE) -> Path:
    path = tmp_path / "demo.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.usefixtures("writing")
def test_the_copy_is_kept_and_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _file(tmp_path)
    expected = tomllib.loads(PROFILE)
    assert parse_toml(path) == expected
    kept = kept_path(path, "marshal")
    assert kept is not None and kept.exists()

    def no_parsing(_: str) -> None:
        raise AssertionError("parsed again")

    monkeypatch.setattr(tomllib, "loads", no_parsing)
    assert parse_toml(path) == expected
    assert parse_toml(path) is not parse_toml(path)  # a fresh copy each time, as tomllib gives


@pytest.mark.usefixtures("writing")
def test_an_edit_is_noticed_whatever_the_file_time(tmp_path: Path) -> None:
    path = _file(tmp_path)
    parse_toml(path)
    stat = path.stat()
    edited = PROFILE.replace("first = 1", "first = 2")  # the same size
    path.write_text(edited, encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # and the same time
    assert parse_toml(path)["numbers"]["first"] == 2
    assert parse_toml(path) == tomllib.loads(edited)


@pytest.mark.usefixtures("writing")
def test_a_damaged_copy_is_parsed_again(tmp_path: Path) -> None:
    path = _file(tmp_path)
    parse_toml(path)
    kept = kept_path(path, "marshal")
    assert kept is not None
    for damage in (b"", b"\x00garbage", kept.read_bytes()[:20]):
        kept.write_bytes(damage)
        assert parse_toml(path) == tomllib.loads(PROFILE)


@pytest.mark.usefixtures("writing")
def test_what_marshal_cannot_hold_is_not_kept(tmp_path: Path) -> None:
    text = PROFILE + "day = 2024-12-31\n"
    path = _file(tmp_path, text)
    assert parse_toml(path) == tomllib.loads(text)
    kept = kept_path(path, "marshal")
    assert kept is not None and not kept.exists()


def test_nothing_is_written_where_python_writes_no_bytecode(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    path = _file(tmp_path)
    assert parse_toml(path) == tomllib.loads(PROFILE)
    assert not (tmp_path / "__pycache__").exists()


def test_a_broken_file_is_still_an_error(tmp_path: Path) -> None:
    with pytest.raises(tomllib.TOMLDecodeError):
        parse_toml(_file(tmp_path, "name = \n"))


def test_the_built_in_files_read_as_toml() -> None:
    package = resources.files("juesuan.profiles")
    files = [package.joinpath("kinds.toml"), *(f for f in package.joinpath("builtin").iterdir() if f.name.endswith(".toml"))]
    assert len(files) >= 5
    for source in files:
        assert parse_toml(source) == tomllib.loads(source.read_text(encoding="utf-8"))


def test_keep_all_writes_every_copy_even_without_bytecode(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    package = resources.files("juesuan.profiles")
    if not isinstance(package, Path) or not os.access(package, os.W_OK):
        pytest.skip("the package is not a writable folder")
    assert keep_all() >= 5
    for source in (package / "kinds.toml", *(package / "builtin").glob("*.toml")):
        kept = kept_path(source, "marshal")
        assert kept is not None and kept.exists()
        assert parse_toml(source) == tomllib.loads(source.read_text(encoding="utf-8"))
