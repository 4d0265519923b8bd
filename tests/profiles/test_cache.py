"""The built-in profiles are kept validated beside the package's bytecode: what is kept is what
validating gives, a stale or broken copy is never used, and a run makes it where Python writes
bytecode."""

from __future__ import annotations

import importlib
import pickle
from pathlib import Path

import pytest

from juesuan.model.build import VALIDATE_ENV
from juesuan.profiles import ENV, registry
from juesuan.profiles.registry import _builtin_files, _cached_builtin, _digest, _load_cache, _registry, _validated_builtin, make_cache

registry_module = importlib.import_module("juesuan.profiles.registry")  # the package's ``registry`` is the function


@pytest.fixture
def kept(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """As outside the test suite (which validates every file), with the copy kept under tmp_path."""
    path = tmp_path / "__pycache__" / "builtin.test.pickle"
    monkeypatch.setenv(VALIDATE_ENV, "0")
    monkeypatch.delenv(ENV, raising=False)
    monkeypatch.setattr(registry_module, "cache_path", lambda: path)
    _registry.cache_clear()
    yield path
    _registry.cache_clear()


def test_what_is_kept_is_what_validating_the_builtin_files_gives(kept: Path) -> None:
    assert make_cache() == kept
    files = _builtin_files()
    loaded = _load_cache(kept)
    assert loaded is not None and loaded[0] == _digest(files)
    validated = _validated_builtin(files)
    assert loaded[1] == validated and list(loaded[1]) == list(validated)


def test_the_suite_validates_the_builtin_files(kept: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    make_cache()
    monkeypatch.setenv(VALIDATE_ENV, "1")
    assert _cached_builtin(_builtin_files()) is None


def test_outside_the_suite_the_registry_is_the_kept_copy(kept: Path) -> None:
    make_cache()
    files = _builtin_files()
    cached = _cached_builtin(files)
    assert cached is not None
    known = registry()
    assert [known.get(p.name) for p in cached.values()] == list(cached.values())
    assert list(known.profiles.values()) == list(_validated_builtin(files).values())


def test_a_run_keeps_the_copy_where_python_writes_bytecode(kept: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.dont_write_bytecode", True)
    registry()
    assert not kept.exists()  # PYTHONDONTWRITEBYTECODE: nothing written (make bytecode does it)
    monkeypatch.setattr("sys.dont_write_bytecode", False)
    _registry.cache_clear()
    first = registry()
    assert kept.exists() and _cached_builtin(_builtin_files()) is not None
    _registry.cache_clear()
    assert list(registry().profiles.values()) == list(first.profiles.values())


@pytest.mark.parametrize("damage", [b"", b"not a pickle", pickle.dumps(("0" * 32, {}))])
def test_a_broken_or_stale_copy_is_not_used(kept: Path, damage: bytes) -> None:
    kept.parent.mkdir(parents=True, exist_ok=True)
    kept.write_bytes(damage)
    assert _cached_builtin(_builtin_files()) is None
    assert [p.name for p in registry()] == [p.name for p in _validated_builtin(_builtin_files()).values()]


def test_a_builtin_file_edited_after_the_copy_was_kept_is_validated(kept: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    make_cache()
    edited = []
    for item in _builtin_files():
        copy = tmp_path / item.name
        copy.write_text(item.read_text(encoding="utf-8").replace('title = "', 'title = "改：', 1), encoding="utf-8")
        edited.append(copy)
    assert _cached_builtin(edited) is None  # type: ignore[arg-type]  # a list of Paths, each a Traversable
    monkeypatch.setattr(registry_module, "_builtin_files", lambda: edited)
    assert all(p.title.startswith("改：") for p in registry())


def test_a_users_profile_extends_a_kept_one(kept: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    make_cache()
    region = tmp_path / "detail.toml"
    region.write_text('name = "detail"\ntitle = "明细"\nextends = "liaoning"\n', encoding="utf-8")
    monkeypatch.setenv(ENV, str(region))
    cached = registry().get("detail")
    monkeypatch.setenv(VALIDATE_ENV, "1")
    _registry.cache_clear()
    validated = registry().get("detail")
    assert cached == validated and cached.source == str(region)
    liaoning = registry().get("liaoning")
    assert (cached.tables, cached.detect, cached.writer) == (liaoning.tables, liaoning.detect, liaoning.writer)


DIGEST = "import importlib; r = importlib.import_module('juesuan.profiles.registry'); print(r._digest(r._builtin_files()))"


def test_the_key_of_the_kept_profiles_is_the_same_in_every_process() -> None:
    """A key that changed from run to run (an address in a default's repr) would make every run
    validate the built-in files again, and import Pydantic to do it."""
    import subprocess
    import sys

    keys = {subprocess.run([sys.executable, "-c", DIGEST], capture_output=True, text=True, check=True).stdout.strip() for _ in range(2)}
    assert keys == {_digest(_builtin_files())}
