"""Where profiles come from: the built-in files, and the user's own without editing the package.

The registry holds, in this order (a later file with the same ``name`` replaces an earlier one):

1. the built-in profiles (``profiles/builtin/*.toml``);
2. the files and folders named in ``JUESUAN_PROFILES`` (separated like ``PATH``);
3. the files and folders of the current call (:func:`using`: ``juesuan.toml``'s ``profiles = [...]``
   and ``--profile path/to/region.toml``).

A folder contributes every ``*.toml`` in it. A profile may ``extends = "name"`` another one
already known; its keys then change that profile's (tables of settings are merged key by key,
lists replaced whole). A broken file is a :class:`~juesuan.diagnostics.ReadError` naming it.

Every file a user names is validated, with Chinese messages. The built-in profiles are validated
once and kept, validated, beside the package's bytecode (``profiles/__pycache__/builtin.<cache
tag>.pickle``, written by ``make bytecode`` as it compiles the modules, or by the first run where
Python writes bytecode) — a check would otherwise import Pydantic and validate ~54 KB of TOML
on every run (~15 ms). The kept profiles are plain records, read without Pydantic. The copy
carries a digest of the built-in files' text and of the profile records' fields; when either
differs (a file edited, a field changed), when it cannot be read, or under
``JUESUAN_VALIDATE_BUILDS=1`` (the test suite), the files are validated as a user's would be (and
the copy made again where allowed).
"""

from __future__ import annotations

import contextvars
import dataclasses
import os
import sys
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

try:  # pickle's own C accelerator: importing pickle.py (its pure-Python twin, unused here) costs ~0.7 ms
    from _pickle import dumps, loads
except ImportError:  # an interpreter without it
    from pickle import dumps, loads

from juesuan.diagnostics import ReadError, os_problem
from juesuan.files import digest, keep, kept_path, package_files
from juesuan.model.build import validating
from juesuan.model.tables import TABLE_SPECS, TableKind
from juesuan.profiles.parsed import parse_toml
from juesuan.profiles.profile import Clue, Detect, Profile, TableEntry, Writer, WriterPart, WriterTerm
from juesuan.record import Record

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

    from pydantic import ValidationError

__all__ = ["ENV", "Registry", "TitleSet", "load_profile", "profile_names", "registry", "using"]

ENV = "JUESUAN_PROFILES"

#: inside :func:`using`: the extra paths and the registry they make (the environment read on entry)
_ACTIVE: contextvars.ContextVar[tuple[tuple[str, ...], Registry] | None] = contextvars.ContextVar("juesuan_profiles", default=None)


@dataclass(frozen=True, eq=False, repr=False)
class TitleSet(Record):
    """Every table title the reader should know, with its kind: the canonical titles, the
    variants every layout may print (``TABLE_SPECS``) and each profile's own titles. Compared and
    hashed by identity, so that callers can cache what they derive from it."""

    pairs: tuple[tuple[str, TableKind], ...]


@dataclass(frozen=True, eq=False, repr=False)
class Registry(Record):
    """The profiles known to one call, by name, in the order they were found."""

    profiles: dict[str, Profile] = field(default_factory=dict)

    def names(self) -> list[str]:
        return list(self.profiles)

    def get(self, name: str) -> Profile:
        try:
            return self.profiles[name]
        except KeyError:
            raise ValueError(f"没有名为“{name}”的版式（可选：{'、'.join(self.profiles)}）") from None

    def __contains__(self, name: object) -> bool:
        return name in self.profiles

    def __iter__(self) -> Iterator[Profile]:
        return iter(self.profiles.values())

    @cached_property
    def titles(self) -> TitleSet:
        pairs: list[tuple[str, TableKind]] = []
        for spec in TABLE_SPECS:
            pairs.extend((title, spec.kind) for title in (spec.kind.value, *spec.aliases))
        for profile in self:
            for entry in profile.tables:
                pairs.extend((title, entry.kind) for title in (entry.printed_title, *entry.aliases))
        return TitleSet(tuple(dict.fromkeys(pairs)))


def registry() -> Registry:
    """The profiles of this call: built-in, ``JUESUAN_PROFILES``, then those given to :func:`using`.

    Inside :func:`using` the registry is the one made on entry (the reader asks for it at every
    title line, so it is not rebuilt or looked up each time); outside, the environment is read."""
    active = _ACTIVE.get()
    if active is not None:
        return active[1]
    return _registry(os.environ.get(ENV, ""), ())


@contextmanager
def using(paths: Iterable[str | Path]) -> Iterator[Registry]:
    """Within the block, the registry also holds the profiles in ``paths`` (files or folders)."""
    active = _ACTIVE.get()
    extra = (active[0] if active is not None else ()) + tuple(str(p) for p in paths)
    made = _registry(os.environ.get(ENV, ""), extra)
    token = _ACTIVE.set((extra, made))
    try:
        yield made
    finally:
        _ACTIVE.reset(token)


def profile_names() -> list[str]:
    return registry().names()


def load_profile(name_or_path: str | Path) -> Profile:
    """A profile by name (from the registry), or read from a ``.toml`` file."""
    text = str(name_or_path)
    if is_path(text):
        with using([text]) as known:
            return known.get(_read_file(Path(text))["name"])
    return registry().get(text)


def is_path(text: str) -> bool:
    """``--profile`` names a file rather than a profile."""
    return text.endswith(".toml") or "/" in text or os.sep in text


@lru_cache(maxsize=16)
def _registry(env: str, extra: tuple[str, ...]) -> Registry:
    raw: dict[str, tuple[dict[str, Any] | Traversable, str]] = {}
    profiles: dict[str, Profile] = {}
    files = _builtin_files()
    cached = _cached_builtin(files)
    if cached is None:
        cached = _validated_and_kept(files)
    for item in files:  # validated when kept; a file's TOML is read again only if a user's profile extends it
        known = cached[item.name]
        profiles.pop(known.name, None)
        raw[known.name] = (item, "")
        profiles[known.name] = known
    for path in _files([p for p in env.split(os.pathsep) if p] + list(extra)):
        _add(_read_file(path), str(path), raw, profiles, str(path))
    return Registry(profiles)


def _builtin_files() -> list[Traversable]:
    """The built-in profile files, in the order they are read."""
    folder = package_files("juesuan.profiles").joinpath("builtin")
    return sorted((p for p in folder.iterdir() if p.name.endswith(".toml")), key=lambda p: p.name)


def _digest(files: list[Traversable]) -> str | None:
    """What kept profiles are made from: the files (by name: the kept profiles are) and the
    profile records' fields."""
    fields = (repr([(f.name, str(f.type), _default(f)) for f in dataclasses.fields(model)]) for model in (Profile, Detect, Clue, TableEntry, Writer, WriterPart, WriterTerm))
    return digest(files, *(item.name for item in files), *fields)


def _default(f: dataclasses.Field[Any]) -> str:
    """A field's default as the digest holds it: the same text in every process (a default
    factory or a required field is named, not shown with its address)."""
    if f.default is not dataclasses.MISSING:
        return repr(f.default)
    return "(factory)" if f.default_factory is not dataclasses.MISSING else "(required)"


def _validated_builtin(files: list[Traversable]) -> dict[str, Profile]:
    """The built-in profiles validated like a user's files, by file name."""
    raw: dict[str, tuple[dict[str, Any] | Traversable, str]] = {}
    profiles: dict[str, Profile] = {}
    return {item.name: _add(parse_toml(item), "", raw, profiles, item.name) for item in files}


def cache_path() -> Path | None:
    """Where the validated built-in profiles are kept (None inside a zipped install)."""
    return kept_path(package_files("juesuan.profiles").joinpath("builtin"), "pickle")


def _load_cache(path: Path | None) -> tuple[str, dict[str, Profile]] | None:
    if path is None:
        return None
    try:
        digest, profiles = loads(path.read_bytes())  # written by this package, beside its bytecode
    except Exception:  # missing, or written by another version
        return None
    if not isinstance(digest, str) or not isinstance(profiles, dict) or not all(isinstance(p, Profile) for p in profiles.values()):
        return None
    return digest, profiles


def _cached_builtin(files: list[Traversable]) -> dict[str, Profile] | None:
    """The built-in profiles as validated when they were kept, by file name; None when no current
    copy is kept, and in the test suite."""
    if validating():  # the test suite validates the built-in files like any file
        return None
    loaded = _load_cache(cache_path())
    if loaded is None or loaded[0] != _digest(files):
        return None
    return loaded[1]


def _keep(path: Path, files: list[Traversable], validated: dict[str, Profile]) -> bool:
    key = _digest(files)
    return key is not None and keep(path, key, validated, _pickled)


def _pickled(data: object) -> bytes:
    return dumps(data, protocol=5)


def _validated_and_kept(files: list[Traversable]) -> dict[str, Profile]:
    """The built-in profiles validated, and kept for the next run where Python would write bytecode."""
    validated = _validated_builtin(files)
    path = cache_path()
    if path is not None and not sys.dont_write_bytecode and not validating():
        _keep(path, files, validated)
    return validated


def make_cache(path: Path | None = None) -> Path | None:
    """Validate the built-in profiles and keep them (``make bytecode``, whatever
    ``PYTHONDONTWRITEBYTECODE`` says); the file written, None where nothing can be."""
    files = _builtin_files()
    target = path or cache_path()
    if target is None or not _keep(target, files, _validated_builtin(files)):
        return None
    return target


def _files(paths: Sequence[str]) -> list[Path]:
    out: list[Path] = []
    for text in paths:
        path = Path(text).expanduser()
        if path.is_dir():
            out.extend(sorted(path.glob("*.toml")))
        elif path.is_file():
            out.append(path)
        else:
            raise ReadError(str(path), "版式文件或文件夹不存在")
    return list(dict.fromkeys(out))


@lru_cache(maxsize=64)
def _read_cached(path: str, mtime: float) -> dict[str, Any]:
    import tomllib  # here: the built-in profiles are read without it (see profiles.parsed)

    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ReadError(path, f"版式文件不是有效的 TOML（{exc}）") from exc
    except OSError as exc:
        raise ReadError(path, f"无法读取版式文件：{os_problem(exc)}") from exc
    if not isinstance(data.get("name"), str):
        raise ReadError(path, "版式文件要写明 name（版式的英文名，如 name = \"jiangsu\"）")
    return data


def _read_file(path: Path) -> dict[str, Any]:
    try:
        mtime = path.stat().st_mtime
    except OSError as exc:
        raise ReadError(str(path), f"无法读取版式文件：{os_problem(exc)}") from exc
    return _read_cached(str(path), mtime)


def _add(
    data: dict[str, Any], source: str, raw: dict[str, tuple[dict[str, Any] | Traversable, str]], profiles: dict[str, Profile], shown: str
) -> Profile:
    merged = dict(data)
    base_name = merged.get("extends", "")
    if base_name:
        if base_name not in raw:
            raise ReadError(shown, f"extends = “{base_name}”，但没有这个版式（已知：{'、'.join(raw) or '无'}）")
        merged = _merge(_raw_data(base_name, raw), {k: v for k, v in data.items() if k != "extends"})
        merged["extends"] = base_name
    from pydantic import ValidationError  # the boundary: a profile file is what a user writes

    try:
        profile = Profile.model_validate({**merged, "source": source})
    except ValidationError as exc:
        raise ReadError(shown, f"版式文件有误：{_explain(exc)}") from None
    name = profile.name
    profiles.pop(name, None)  # a later file of the same name replaces the earlier one, and comes last
    raw[name] = (merged, source)
    profiles[name] = profile
    return profile


def _raw_data(name: str, raw: dict[str, tuple[dict[str, Any] | Traversable, str]]) -> dict[str, Any]:
    """A known profile's merged data (a cached built-in one is kept as its TOML until extended)."""
    data, source = raw[name]
    if not isinstance(data, dict):
        data = parse_toml(data)
        base = data.get("extends", "")
        if base:
            data = {**_merge(_raw_data(base, raw), {k: v for k, v in data.items() if k != "extends"}), "extends": base}
        raw[name] = (data, source)
    return data


def _merge(base: dict[str, Any], change: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in change.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


_MESSAGES = {
    "unexpected_keyword_argument": "不认识这个键",  # Pydantic's words for an unknown key of a record (a dataclass)
    "missing": "缺少这个键",
    "bool_type": "应为 true 或 false",
    "bool_parsing": "应为 true 或 false",
    "int_type": "应为整数",
    "int_parsing": "应为整数",
    "string_type": "应为字符串",
    "list_type": "应为数组",
    "tuple_type": "应为数组",
    "dict_type": "应为表（键 = 值）",
    "dataclass_type": "应为表（键 = 值）",
    "string_pattern_mismatch": "只能用小写英文字母、数字、- 和 _，以字母开头",
}


def _explain(exc: ValidationError) -> str:
    parts = []
    for error in exc.errors()[:3]:
        where = ".".join(str(x) for x in error["loc"]) or "（顶层）"
        if error["type"] == "enum":
            what = f"“{error.get('input')}”不是已知的表名（可选：{'、'.join(k.value for k in TableKind if k != TableKind.OTHER)}）"
        elif error["type"] in ("value_error", "assertion_error"):
            what = str(error.get("ctx", {}).get("error", error["msg"]))
        else:
            what = _MESSAGES.get(error["type"], error["msg"])
        parts.append(f"{where}：{what}")
    more = exc.error_count() - len(parts)
    return "；".join(parts) + (f"（另有 {more} 处）" if more > 0 else "")
