"""The built-in profiles are read from a cache made by validating them; it must be what validating
gives today, and a stale one is never used."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

from juesuan.model.build import VALIDATE_ENV
from juesuan.profiles import ENV, registry
from juesuan.profiles.registry import _builtin_files, _cached_builtin, _registry, _validated_builtin, cache_is_fresh

registry_module = importlib.import_module("juesuan.profiles.registry")  # the package's ``registry`` is the function


@pytest.fixture
def cache_in_use(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """As outside the test suite: the cache is used when fresh (the suite validates every file)."""
    monkeypatch.setenv(VALIDATE_ENV, "0")
    monkeypatch.delenv(ENV, raising=False)
    _registry.cache_clear()
    yield
    _registry.cache_clear()


def test_the_cache_is_what_validating_the_builtin_files_gives() -> None:
    assert cache_is_fresh(), "src/juesuan/profiles/builtin.pickle is stale: run `python scripts/build_profile_cache.py` (make docs)"


def test_the_suite_validates_the_builtin_files() -> None:
    assert _cached_builtin(_builtin_files()) is None


def test_outside_the_suite_the_registry_is_the_cache(cache_in_use: None) -> None:
    files = _builtin_files()
    cached = _cached_builtin(files)
    assert cached is not None
    known = registry()
    assert [known.get(p.name) for p in cached.values()] == list(cached.values())
    assert list(known.profiles.values()) == list(_validated_builtin(files).values())


def test_a_builtin_file_edited_without_remaking_the_cache_is_validated(
    cache_in_use: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    edited = []
    for item in _builtin_files():
        copy = tmp_path / item.name
        copy.write_text(item.read_text(encoding="utf-8").replace('title = "', 'title = "改：', 1), encoding="utf-8")
        edited.append(copy)
    assert _cached_builtin(edited) is None  # type: ignore[arg-type]  # a list of Paths, each a Traversable
    monkeypatch.setattr(registry_module, "_builtin_files", lambda: edited)
    assert all(p.title.startswith("改：") for p in registry())


def test_a_users_profile_extends_a_cached_one(cache_in_use: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
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
