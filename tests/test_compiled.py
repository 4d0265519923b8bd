"""The compile cache of the installed program (juesuan.compiled): every kept entry is what a fresh
compile makes, a file that is not this interpreter's is ignored, and a check prints the same with
and without it. The suite's own processes never install it; the files are made under tmp_path.

No ``from __future__ import annotations`` here: ``compile(source, "<string>", "exec")`` in this module
is then exactly what ``exec(source)`` compiles when dataclasses calls it.
"""

import binascii
import dataclasses
import json
import marshal
import os
import re
import subprocess
import sys
import warnings
from pathlib import Path

import pytest

from juesuan import compiled
from tests.conftest import CORPUS, SEED

PDF = CORPUS / "sh-putuo-guihuaziyuanju-2024-dept-final.pdf"
PROGRAM = "from juesuan.cli import entry; entry()"
# the installed program, writing the compile counts of its process to the file named by COUNTS_TO
COUNTING = """
import json, os, sys
from juesuan import compiled
real_exit = os._exit
def counted_exit(code):
    with open(os.environ["COUNTS_TO"], "w") as fh:
        json.dump(compiled.counts(), fh)
    real_exit(code)
os._exit = counted_exit
from juesuan.cli import entry
entry()
"""


def run(code: str, *args: str, cache: Path, **env: str) -> subprocess.CompletedProcess[bytes]:
    environ = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", compiled.ENV: str(cache), **env}
    return subprocess.run([sys.executable, "-c", code, *args], env=environ, capture_output=True, check=False)


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A file made as ``make bytecode`` makes it, from a check of the seed and of a corpus PDF."""
    path = tmp_path_factory.mktemp("compiled") / "compiled.cache"
    code = "import sys; from juesuan.compiled import make_cache; print(make_cache(sys.argv[2:], sys.argv[1]))"
    proc = run(code, str(path), str(SEED), str(PDF), cache=path)
    assert proc.returncode == 0, proc.stderr.decode()
    assert proc.stdout.decode().strip() == str(path)
    return path


def test_every_kept_pattern_is_a_fresh_compile(made: Path) -> None:
    kept = compiled.read(str(made))
    assert kept is not None
    patterns = kept[1]
    assert len(patterns) > 250  # the check's own patterns were kept (~300)
    fresh_compile = sys.modules["re._compiler"].compile
    assert fresh_compile.__module__ == "re._compiler"  # not installed in this process
    import _sre

    for (pattern, flags), arguments in patterns.items():
        rebuilt = _sre.compile(pattern, *arguments)
        fresh = fresh_compile(pattern, flags)  # parsed again: re's own cache is not asked
        assert rebuilt == fresh, pattern  # flags, pattern and the engine's code
        assert (rebuilt.groups, rebuilt.groupindex) == (fresh.groups, fresh.groupindex), pattern
        assert rebuilt == re.compile(pattern, flags)


def test_every_kept_code_is_what_exec_compiles(made: Path) -> None:
    kept = compiled.read(str(made))
    assert kept is not None
    codes = kept[0]
    assert len(codes) > 300  # the methods of ~130 dataclasses
    for source, code in codes.items():
        assert code == compile(source, "<string>", "exec"), source


def test_every_kept_expression_is_what_a_forward_reference_compiles(made: Path) -> None:
    kept = compiled.read(str(made))
    assert kept is not None
    expressions = kept[2]
    assert len(expressions) > 150  # pydantic_core's TypedDicts: ~210 texts, ~750 forward references
    for source, code in expressions.items():
        assert code == compile(source, "<string>", "eval"), source


def test_a_forward_reference_made_from_kept_code_is_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    """typing.ForwardRef through the hook: the same code, the same value, the same SyntaxError; any
    other call of typing's compile passes through without this module's future flags."""
    import typing

    monkeypatch.setattr(compiled, "_expressions", {})
    monkeypatch.setitem(compiled._state, "record", True)
    monkeypatch.setitem(compiled._state, "added", 0)
    monkeypatch.setattr(typing, "compile", compiled._compile_expression, raising=False)
    texts = ("int", "dict[str, list[int]]", "Optional[Decimal]", "*Ts")
    missed = [typing.ForwardRef(text) for text in texts]
    assert set(compiled._expressions) == {"int", "dict[str, list[int]]", "Optional[Decimal]", "(*Ts,)[0]"}
    hits = compiled.counts()["hits"]
    hooked = [typing.ForwardRef(text) for text in texts]
    assert compiled.counts()["hits"] - hits == len(texts)
    monkeypatch.delattr(typing, "compile")
    plain = [typing.ForwardRef(text) for text in texts]
    for one, other, third in zip(plain, missed, hooked, strict=True):
        assert one == other == third and one.__forward_code__ == other.__forward_code__ == third.__forward_code__
    assert typing.ForwardRef("dict[str, int]")._evaluate(globals(), None, frozenset()) == dict[str, int]
    monkeypatch.setattr(typing, "compile", compiled._compile_expression, raising=False)
    with pytest.raises(SyntaxError, match="Forward reference must be an expression"):
        typing.ForwardRef("x = 1")
    with_annotations = compiled._compile_expression("def f(a: int): pass", "<string>", "exec")
    scope: dict[str, object] = {}
    exec(with_annotations, scope)
    assert scope["f"].__annotations__ == {"a": int}  # type: ignore[attr-defined]  # not the string 'int'


def test_a_dataclass_made_from_kept_code_is_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    """Through the hook with its source kept (the future flags of juesuan.compiled not inherited:
    its annotations would be strings)."""

    def make() -> type:
        @dataclasses.dataclass(frozen=True, order=True)
        class Item:
            name: str
            amount: int = 0
            tags: tuple[str, ...] = dataclasses.field(default_factory=tuple)

        return Item

    sources: list[str] = []
    monkeypatch.setattr(dataclasses, "exec", lambda s, g, n: (sources.append(s), exec(s, g, n))[1], raising=False)
    plain = make()
    monkeypatch.setattr(compiled, "_codes", {})
    monkeypatch.setitem(compiled._state, "record", True)
    monkeypatch.setitem(compiled._state, "added", 0)
    monkeypatch.setattr(dataclasses, "exec", compiled._exec)
    missed = make()  # compiled by the hook, and kept
    assert compiled._codes == {source: compile(source, "<string>", "exec") for source in sources}
    hits = compiled.counts()["hits"]
    hooked = make()  # from the kept code
    assert compiled.counts()["hits"] - hits == len(sources) >= 5
    for made_class in (missed, hooked):
        for name in ("__init__", "__repr__", "__eq__", "__lt__", "__hash__", "__setattr__"):
            one, other = getattr(plain, name), getattr(made_class, name)
            assert one.__code__ == other.__code__, name
            assert one.__annotations__ == other.__annotations__, name
        assert made_class.__init__.__annotations__["amount"] is int
        assert repr(made_class("a", 2)) == repr(plain("a", 2))
        assert made_class("a", 2) < made_class("b", 1) and hash(made_class("a", 2)) == hash(plain("a", 2))


def test_a_stale_foreign_or_damaged_file_is_ignored(made: Path, tmp_path: Path) -> None:
    blob = made.read_bytes()
    header, checksum, payload = marshal.loads(blob)
    codes, patterns, expressions = marshal.loads(payload)
    assert compiled.read(str(made)) is not None

    def written(name: str, data: bytes) -> str:
        path = tmp_path / name
        path.write_bytes(data)
        return str(path)

    other_python = (header[0], header[1], "3.10.0 (other)", *header[3:])
    other_engine = (*header[:4], header[4] + 1, header[5])
    wrong_entry = marshal.dumps((codes, {**patterns, ("a", 0): "not arguments"}, expressions))
    wrong_expression = marshal.dumps((codes, patterns, {**expressions, "int": "not code"}))
    files = {
        "another Python": marshal.dumps((other_python, checksum, payload)),
        "another _sre": marshal.dumps((other_engine, checksum, payload)),
        "another format": marshal.dumps(((header[0] + 1, *header[1:]), checksum, payload)),
        "a byte changed": blob[:-100] + bytes([blob[-100] ^ 1]) + blob[-99:],
        "cut short": blob[: len(blob) // 2],
        "empty": b"",
        "not marshal": b"\x00garbage" * 10,
        "a wrong entry": marshal.dumps((header, binascii.crc32(wrong_entry), wrong_entry)),
        "a wrong expression": marshal.dumps((header, binascii.crc32(wrong_expression), wrong_expression)),
        "the first format": marshal.dumps(((1, *header[1:]), checksum, marshal.dumps((codes, patterns)))),
    }
    for what, data in files.items():
        assert compiled.read(written(what, data)) is None, what
    assert compiled.read(str(tmp_path / "missing")) is None
    # and installed from such a file, the program runs as without one
    proc = run(COUNTING, "check", str(SEED), cache=Path(written("damaged", files["a byte changed"])), COUNTS_TO=str(tmp_path / "counts.json"))
    assert proc.returncode == 1, proc.stderr.decode()
    assert json.loads((tmp_path / "counts.json").read_text())["hits"] == 0


@pytest.mark.parametrize("document", [SEED, PDF], ids=["seed", "pdf"])
def test_a_check_prints_the_same_with_and_without_the_cache(document: Path, tmp_path: Path) -> None:
    cache = tmp_path / "compiled.cache"
    without = run(COUNTING, "check", str(document), cache=cache, COUNTS_TO=str(tmp_path / "without.json"))
    assert not cache.exists()  # where Python writes no bytecode, nothing is written
    assert json.loads((tmp_path / "without.json").read_text())["hits"] == 0
    recording = run(compiled.RECORDING, "check", str(document), cache=cache)
    kept = compiled.read(str(cache))
    assert kept is not None and len(kept[0]) > 300 and len(kept[1]) > 150
    cached = run(COUNTING, "check", str(document), cache=cache, COUNTS_TO=str(tmp_path / "cached.json"))
    counts = json.loads((tmp_path / "cached.json").read_text())
    assert counts["hits"] > 1400 and counts["misses"] <= 5  # (a few patterns are never kept: see _may_warn)
    for other in (recording, cached):
        assert (other.returncode, other.stdout, other.stderr) == (without.returncode, without.stdout, without.stderr)
    assert without.returncode == 1 and without.stdout  # the check ran and found errors


def test_importing_juesuan_installs_nothing() -> None:
    code = (
        "import dataclasses, re, sys\n"
        "import juesuan, juesuan.cli, juesuan.api, juesuan.compiled\n"
        "import typing\n"
        "print('exec' in vars(dataclasses), sys.modules['re._compiler'].compile.__module__, 'compile' in vars(typing))"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert proc.stdout.split() == ["False", "re._compiler", "False"]
    assert "exec" not in vars(dataclasses)  # nor in the suite's own process


def test_what_could_warn_or_print_is_never_kept(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(compiled, "_patterns", {})
    monkeypatch.setattr(compiled, "_original_compile", sys.modules["re._compiler"].compile)
    monkeypatch.setitem(compiled._state, "record", True)
    monkeypatch.setitem(compiled._state, "added", 0)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        compiled._compile("[[a]", 0)  # FutureWarning: possible nested set
        compiled._compile("[a&&b]", 0)  # FutureWarning: possible set intersection
        compiled._compile(b"(?P<\xe9>a)", 0)  # DeprecationWarning: a non-ASCII group name
    assert {w.category for w in caught} == {FutureWarning, DeprecationWarning}
    compiled._compile("(a)(?(1)b|c)", 0)
    compiled._compile("ab", re.DEBUG)  # prints its parse tree
    assert "LITERAL" in capsys.readouterr().out
    compiled._compile("(?P<n>[一-龥]+)年", 0)
    assert list(compiled._patterns) == [("(?P<n>[一-龥]+)年", 0)]
    monkeypatch.setattr(compiled, "MAX_ENTRIES", 2)
    for n in range(9):
        compiled._compile(f"x{n}", 0)
    assert len(compiled._patterns) == 4  # bounded: twice the file's limit in a process


def test_a_full_file_keeps_what_the_run_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Many documents (each adds a pattern made from its unit's name) fill the file; the run that
    would overfill it keeps what it used, so an upgrade's new patterns are kept again."""
    path = tmp_path / "compiled.cache"
    monkeypatch.setattr(compiled, "MAX_ENTRIES", 3)
    monkeypatch.setattr(compiled, "_codes", {})
    monkeypatch.setattr(compiled, "_patterns", {})
    monkeypatch.setattr(compiled, "_used_codes", set())
    monkeypatch.setattr(compiled, "_used_patterns", set())
    monkeypatch.setattr(compiled, "_original_compile", sys.modules["re._compiler"].compile)
    monkeypatch.setitem(compiled._state, "path", str(path))
    monkeypatch.setitem(compiled._state, "record", True)
    monkeypatch.setitem(compiled._state, "added", 0)
    for name in ("财政局", "规划局", "教育局"):  # earlier runs, each its own document
        compiled._compile(name, 0)
    assert compiled.save() and set(compiled._patterns) == {("财政局", 0), ("规划局", 0), ("教育局", 0)}
    compiled._used_patterns.clear()
    compiled._compile("规划局", 0)  # served from the file
    compiled._compile("新的", 0)  # compiled anew: four entries, one over
    assert compiled._compile("新的", 0) is not None and compiled.save()
    kept = compiled.read(str(path))
    assert kept is not None and set(kept[1]) == {("规划局", 0), ("新的", 0)}
    assert compiled._compile("规划局", 0) == re.compile("规划局")


def test_an_unwritable_place_is_skipped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "a file").write_text("")
    monkeypatch.setitem(compiled._state, "path", str(tmp_path / "a file" / "compiled.cache"))
    monkeypatch.setitem(compiled._state, "record", True)
    monkeypatch.setitem(compiled._state, "added", 1)
    assert compiled.save() is False
    monkeypatch.setitem(compiled._state, "path", str(tmp_path / "compiled.cache"))
    assert compiled.save() is True and compiled.read(str(tmp_path / "compiled.cache")) is not None
