"""What a process compiles from text at start-up, kept beside the bytecode: dataclass methods,
regular expressions and the type expressions of forward references (the installed program only).

A PDF check creates ~130 dataclasses (juesuan's, Pydantic's, annotated_types') and compiles ~300
regular expressions, each from text on every run: ``dataclasses`` writes every method as Python
source and executes it (~30 ms compiling that source), ``re`` parses every pattern into the
code of its matching engine (~30 ms). Neither result depends on anything but the text and the
interpreter, so they are kept, as Python keeps a module's bytecode:

- ``dataclasses`` calls ``exec(source, globals, locals)`` and finds ``exec`` among its module's
  globals before the builtins: :func:`install` sets ``dataclasses.exec`` to :func:`_exec`, which
  runs the code object compiled from the same source earlier — ``compile(source, "<string>",
  "exec")`` without inherited ``__future__`` flags is what ``exec`` does with a string called from
  a module that has none (checked, with the rest of what this relies on, by :func:`_dataclasses_as_expected`).
- ``re._compile`` calls ``re._compiler.compile(pattern, flags)``, which parses the pattern and ends
  in ``_sre.compile(pattern, flags, code, groups, groupindex, indexgroup)``: :func:`install` puts
  :func:`_compile` in its place, which calls ``_sre.compile`` with the arguments kept for ``(pattern,
  flags)`` (``re`` keeps the result in its own cache as before).
- ``typing.ForwardRef`` compiles its text with ``compile(text, "<string>", "eval")``, ``compile``
  again a global name of a module with no ``__future__`` import: ~750 of them a command that loads
  Pydantic (a check did, before its records became dataclasses), nearly all made by the
  ``TypedDict`` classes of ``pydantic_core.core_schema`` (~5 ms). :func:`install` sets
  ``typing.compile`` to :func:`_compile_expression`, which serves exactly that call from the kept
  code (checked by :func:`_typing_as_expected`) and passes any other on to ``compile``.

The file (``juesuan/__pycache__/compiled.<cache tag>.cache``, or ``JUESUAN_COMPILED_CACHE``) is
keyed by the interpreter — implementation and version, bytecode magic number, ``_sre.MAGIC``,
optimisation level — and carries a checksum: a file made by another interpreter, unreadable,
damaged or larger than :data:`MAX_BYTES` counts as empty, never as an error. Where one of the three
modules is not as expected (another Python version), its part is left alone. What a run compiled anew is
added to the file (whole, through a temporary file) when the program ends, and only where Python
writes bytecode — or by ``make bytecode`` (:func:`make_cache`), as ``compileall`` writes bytecode;
a directory that cannot be written is skipped in silence. A pattern whose parsing could warn (a
possible nested set or set operation, a conditional group, a named group in a bytes pattern with non-ASCII bytes),
``re.DEBUG`` and anything not exactly ``str`` or ``bytes`` are never kept, so that a kept entry
behaves exactly as a fresh compile; each kept pattern is also rebuilt from its arguments and
compared with the one ``re`` made before it is kept.

Only the installed program installs it (:func:`juesuan.cli.program.starting`, for a command that
:func:`~juesuan.cli.program.entry` runs; a batch's workers are forked after it): importing juesuan
as a library, or calling its commands in the same process, changes none of ``dataclasses``, ``re``
and ``typing``.
"""

from __future__ import annotations  # annotations only: _exec compiles with dont_inherit=True
import __future__

import _sre  # type: ignore[import-not-found]  # no stub: the engine behind re
import binascii
import builtins
import dataclasses
import importlib
import importlib.util
import marshal
import os
import re
import sys
import typing
from collections.abc import Iterable
from types import CodeType
from typing import Any

__all__ = ["ENV", "MAX_BYTES", "MAX_ENTRIES", "RECORDING", "counts", "install", "make_cache", "read", "save"]

ENV = "JUESUAN_COMPILED_CACHE"  # another file than the package's (the tests use their own)
FORMAT = 2  # of the file; a new layout gets a new number
# per kind: a check needs ~480 method sources and ~300 patterns; later runs add a few patterns made
# from one document's names (a unit's). A file that would hold more keeps only what the run that
# writes it used (served or compiled anew), so what an upgraded juesuan compiles is still kept after
# many documents; a process holds at most twice this many of each kind (a long batch or server)
MAX_ENTRIES = 1024
MAX_BYTES = 4 << 20  # a larger file is not read

#: the installed program, keeping what it compiles anew whatever ``PYTHONDONTWRITEBYTECODE`` says
RECORDING = "from juesuan import compiled; compiled.install(record=True); from juesuan.cli import entry; entry()"

#: what one-document commands load: make_cache imports them before it checks its documents
CHECK_MODULES = ("juesuan.cli.fast", "juesuan.cli.commands", "juesuan.api", "juesuan.check.rules", "juesuan.ingest.pdf.reader", "juesuan.ingest.text.reader", "juesuan.render.findings")

# kept: a dataclass method's source -> its code; (pattern, flags) -> _sre.compile's other arguments
_codes: dict[str, CodeType] = {}
_expressions: dict[str, CodeType] = {}  # a forward reference's text -> its code (eval mode)
_patterns: dict[tuple[str | bytes, int], tuple[int, list[int], int, dict[str, int], tuple[str | None, ...]]] = {}
_state: dict[str, Any] = {"path": None, "record": False, "added": 0, "hits": 0, "misses": 0}
# what this process used of each kind (served from the file or recorded): kept first when the file is full
_used_codes: set[str] = set()
_used_expressions: set[str] = set()
_used_patterns: set[tuple[str | bytes, int]] = set()
_original_compile: Any = None  # re._compiler.compile as it was


def install(path: str | None = None, *, record: bool | None = None, fresh: bool = False) -> bool:
    """Use the kept compiles from now on (the file at ``path``, or ``JUESUAN_COMPILED_CACHE``, or
    the package's), and keep new ones when ``record`` (by default: where Python writes bytecode).
    ``fresh`` starts empty. False where none of the three modules is as expected (nothing installed)."""
    global _original_compile
    if _state["path"] is not None:
        return True
    compiler = _re_compiler()
    with_dataclasses = _dataclasses_as_expected()
    with_typing = _typing_as_expected()
    if compiler is None and not with_dataclasses and not with_typing:
        return False
    where = _state["path"] = path or os.environ.get(ENV) or _default_path() or ""
    _state["record"] = not sys.dont_write_bytecode if record is None else record
    kept = None if fresh else read(where)
    if kept is not None:
        _codes.update(kept[0])
        _patterns.update(kept[1])
        _expressions.update(kept[2])
    if with_dataclasses:
        dataclasses.exec = _exec  # type: ignore[attr-defined]  # found before builtins.exec
    if compiler is not None:
        _original_compile = compiler.compile
        compiler.compile = _compile
    if with_typing:
        typing.compile = _compile_expression  # type: ignore[attr-defined]  # found before builtins.compile
    return True


def save() -> bool:
    """Write what was kept (what the file held and what this run compiled anew) where anything was
    added while recording; False where nothing was written."""
    path = _state["path"]
    if not path or not _state["record"] or not _state["added"]:
        return False
    kinds = ((_codes, _used_codes), (_patterns, _used_patterns), (_expressions, _used_expressions))
    payload = marshal.dumps(tuple(_within_limit(kept, used) for kept, used in kinds))
    blob = marshal.dumps((_header(), binascii.crc32(payload), payload))
    from pathlib import Path

    from juesuan.files import keep_bytes  # here: the program loads it only when it writes

    if not keep_bytes(Path(path), blob):  # a read-only install
        return False
    _state["added"] = 0
    return True


def _within_limit(kept: dict[Any, Any], used: set[Any]) -> dict[Any, Any]:
    """What the file keeps of one kind: all of it within :data:`MAX_ENTRIES`, else what this run used."""
    if len(kept) <= MAX_ENTRIES:
        return kept
    return dict(list({key: kept[key] for key in kept if key in used}.items())[:MAX_ENTRIES])


def counts() -> dict[str, int]:
    """Kept entries, and the compiles of this process served from them (hits) or not (misses)."""
    return {"codes": len(_codes), "patterns": len(_patterns), "expressions": len(_expressions), "hits": _state["hits"], "misses": _state["misses"]}


def make_cache(documents: Iterable[str] = (), path: str | None = None) -> str | None:
    """Make the file afresh (``make bytecode``, whatever ``PYTHONDONTWRITEBYTECODE`` says; in a
    process that has not installed it yet): import what a one-document command loads, then check
    each of ``documents`` with the installed program, recording (:data:`RECORDING`: each run adds
    what it compiled). The file written, None where it could not be."""
    import subprocess

    install(path, record=True, fresh=True)
    for name in CHECK_MODULES:
        importlib.import_module(name)
    target = _state["path"]
    _state["added"] += 1  # written even if nothing was compiled (an empty file is a valid file)
    if not save():
        return None
    for document in documents:
        program = [sys.executable, "-c", RECORDING, "check", str(document)]
        subprocess.run(program, env={**os.environ, ENV: target}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return target


# ---- dataclasses ------------------------------------------------------------------------------


def _exec(source: Any, globals: Any = None, locals: Any = None, /) -> None:
    """``exec`` for :mod:`dataclasses`: a source string runs as the code kept for it."""
    if globals is None:  # exec's defaults are its caller's namespaces (dataclasses always passes them)
        caller = sys._getframe(1)
        globals, locals = caller.f_globals, caller.f_locals if locals is None else locals
    if type(source) is not str:
        return builtins.exec(source, globals, locals)
    return builtins.exec(_code(source, "exec", _codes, _used_codes), globals, locals)  # what exec(source) compiles


def _dataclasses_as_expected() -> bool:
    """dataclasses compiles its methods in ``_create_fn`` by calling ``exec`` as a global name, from a
    module with no ``__future__`` import, and nobody has put an ``exec`` there yet (3.10–3.12; 3.13
    builds them elsewhere: not installed)."""
    create = getattr(dataclasses, "_create_fn", None)
    code = getattr(create, "__code__", None)
    return isinstance(code, CodeType) and "exec" in code.co_names and not code.co_flags & _future_flags() and "exec" not in vars(dataclasses)


# ---- typing ------------------------------------------------------------------------------------


def _compile_expression(source: Any, filename: Any, mode: Any, flags: int = 0, dont_inherit: bool = False, optimize: int = -1, **more: Any) -> Any:
    """``compile`` for :mod:`typing`: ``ForwardRef``'s call (a string, ``"<string>"``, ``"eval"``)
    is served from the code kept for that text; any other goes to ``compile`` as it is. Either way
    nothing is inherited: called here, ``compile`` would take this module's ``annotations`` flag,
    where typing's caller has none (:func:`_typing_as_expected`)."""
    if type(source) is not str or filename != "<string>" or mode != "eval" or flags or dont_inherit or optimize != -1 or more:
        return builtins.compile(source, filename, mode, flags, True, optimize, **more)
    return _code(source, "eval", _expressions, _used_expressions)  # a SyntaxError as ever


def _code(source: str, mode: str, kept: dict[str, CodeType], used: set[str]) -> CodeType:
    """The code kept for ``source`` (compiled in ``mode``, nothing inherited), else compiled now
    and kept while recording."""
    code = kept.get(source)
    if code is None:
        _state["misses"] += 1
        code = builtins.compile(source, "<string>", mode, dont_inherit=True)
        if _state["record"] and len(kept) < 2 * MAX_ENTRIES:
            kept[source] = code
            used.add(source)
            _state["added"] += 1
    else:
        _state["hits"] += 1
        if _state["record"]:
            used.add(source)
    return code


def _typing_as_expected() -> bool:
    """``ForwardRef.__init__`` compiles by calling ``compile`` as a global name of :mod:`typing`, a
    module with no ``__future__`` import, and nobody has put a ``compile`` there yet (3.10–3.13)."""
    init = getattr(getattr(typing, "ForwardRef", None), "__init__", None)
    code = getattr(init, "__code__", None)
    return isinstance(code, CodeType) and "compile" in code.co_names and not code.co_flags & _future_flags() and "compile" not in vars(typing)


def _future_flags() -> int:
    future = 0
    for name in __future__.all_feature_names:
        future |= getattr(__future__, name).compiler_flag
    return future


# ---- re ----------------------------------------------------------------------------------------


def _compile(pattern: Any, flags: int = 0) -> Any:
    """``re._compiler.compile``: a kept pattern is made by ``_sre.compile`` at once."""
    kind = type(pattern)
    kept = _patterns.get((pattern, flags)) if kind is str or kind is bytes else None
    if kept is not None:
        _state["hits"] += 1
        if _state["record"]:
            _used_patterns.add((pattern, flags))
        final_flags, code, groups, groupindex, indexgroup = kept
        return _sre.compile(pattern, final_flags, code, groups, dict(groupindex), indexgroup)
    _state["misses"] += 1
    compiled = _original_compile(pattern, flags)  # warnings, errors and DEBUG output as ever
    if _state["record"] and len(_patterns) < 2 * MAX_ENTRIES and type(flags) is int and not flags & re.DEBUG and not _may_warn(pattern):
        arguments = _arguments(pattern, flags)
        rebuilt = _sre.compile(pattern, *arguments)
        if rebuilt == compiled and rebuilt.groups == compiled.groups and rebuilt.groupindex == compiled.groupindex:
            _patterns[pattern, flags] = arguments
            _used_patterns.add((pattern, flags))
            _state["added"] += 1
    return compiled


def _arguments(pattern: str | bytes, flags: int) -> tuple[int, list[int], int, dict[str, int], tuple[str | None, ...]]:
    """What ``re._compiler.compile(pattern, flags)`` passes to ``_sre.compile`` after the pattern
    (checked by the caller against the pattern it made)."""
    compiler = sys.modules["re._compiler"]
    parsed = compiler._parser.parse(pattern, flags)
    state = parsed.state
    indexgroup: list[str | None] = [None] * state.groups
    for name, index in state.groupdict.items():
        indexgroup[index] = name
    code = [int(op) for op in compiler._code(parsed, flags)]  # plain ints (opcodes are an int subclass)
    return int(flags | state.flags), code, state.groups - 1, dict(state.groupdict), tuple(indexgroup)


def _may_warn(pattern: str | bytes) -> bool:
    """The parser (3.11–3.13) could warn on this text (a kept entry would not): a possible nested set
    ``[[``, set operations ``-- && ~~ ||``, a conditional group's name ``(?(``, a non-ASCII group
    name in a bytes pattern."""
    if isinstance(pattern, bytes):
        return any(s in pattern for s in (b"[[", b"--", b"&&", b"~~", b"||", b"(?(")) or (b"(?P" in pattern and not pattern.isascii())
    return any(s in pattern for s in ("[[", "--", "&&", "~~", "||", "(?("))


def _re_compiler() -> Any:
    """``re._compiler`` where ``re._compile`` calls its ``compile``, which parses with ``_parser``,
    makes the code with ``_code`` and ends in ``_sre.compile`` (3.11–3.13); None otherwise."""
    compiler = sys.modules.get("re._compiler")
    function = getattr(compiler, "compile", None)
    code = getattr(function, "__code__", None)
    caller = getattr(getattr(re, "_compile", None), "__code__", None)
    if compiler is None or not isinstance(code, CodeType) or not isinstance(caller, CodeType):
        return None
    expected = {"_parser", "parse", "_code", "_sre", "compile"} <= set(code.co_names) and getattr(function, "__module__", "") == "re._compiler"
    called = {"_compiler", "compile"} <= set(caller.co_names)
    return compiler if expected and called and hasattr(_sre, "MAGIC") and hasattr(compiler, "_code") else None


# ---- the file ----------------------------------------------------------------------------------


def _header() -> tuple[Any, ...]:
    return (FORMAT, sys.implementation.name, sys.version, importlib.util.MAGIC_NUMBER, _sre.MAGIC, sys.flags.optimize)


def _default_path() -> str | None:
    tag = sys.implementation.cache_tag
    return None if tag is None else os.path.join(os.path.dirname(__file__), "__pycache__", f"compiled.{tag}.cache")


def read(path: str) -> tuple[dict[str, CodeType], dict[Any, Any], dict[str, CodeType]] | None:
    """The entries kept in the file at ``path`` (method sources to code, ``(pattern, flags)`` to
    ``_sre.compile``'s other arguments, forward references' texts to code); None when it is missing,
    foreign, damaged or too large."""
    try:
        with open(path, "rb") as fh:
            blob = fh.read(MAX_BYTES + 1)
        if len(blob) > MAX_BYTES:
            return None
        header, checksum, payload = marshal.loads(blob)
        if header != _header() or not isinstance(payload, bytes) or binascii.crc32(payload) != checksum:
            return None
        codes, patterns, expressions = marshal.loads(payload)
    except Exception:  # missing, unreadable, or not this format
        return None
    kinds = (codes, patterns, expressions)
    if not all(isinstance(kind, dict) and len(kind) <= MAX_ENTRIES for kind in kinds):
        return None
    if not all(type(k) is str and type(v) is CodeType for k, v in (*codes.items(), *expressions.items())):
        return None
    if not all(_well_formed(k, v) for k, v in patterns.items()):
        return None
    return codes, patterns, expressions


def _well_formed(key: object, value: object) -> bool:
    if not (type(key) is tuple and len(key) == 2 and type(key[0]) in (str, bytes) and type(key[1]) is int):
        return False
    if not (type(value) is tuple and len(value) == 5):
        return False
    return type(value[0]) is int and type(value[1]) is list and type(value[2]) is int and type(value[3]) is dict and type(value[4]) is tuple
