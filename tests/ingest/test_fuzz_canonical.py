"""Fuzzing the canonical loader: a ``.json``/``.yaml`` file is either a report or a ``ReadError``.

The property: :func:`juesuan.ingest.canonical.load_canonical` returns a :class:`Report` or raises
:class:`ReadError` — never anything else — and a report it returns is written again and loads
back equal. Inputs: arbitrary JSON values and text; and real reports (parts of the seed's) with
one place changed: a value replaced by another JSON value, a key dropped, a list emptied or
wrapped, a number turned into text.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from juesuan.api import serialize
from juesuan.diagnostics import ReadError
from juesuan.ingest.canonical import load_canonical
from juesuan.model.build import field_names
from juesuan.model.report import Report
from tests.ingest.test_fuzz_text import fuzz_settings

JSON_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12),
    st.sampled_from(["", "0", "2,079.31", "万元", "元", "收入支出决算总表", "liaoning", "income", "2024", "1E+3", "NaN"]),
)
JSON_VALUES = st.recursive(
    JSON_SCALARS,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4),
    max_leaves=20,
)
FIELDS = list(field_names(Report))


def check(path: Path) -> None:
    try:
        report = load_canonical(path)
    except ReadError as exc:
        assert exc.path == str(path) and exc.problem
        return
    assert isinstance(report, Report)
    fmt = path.suffix.lstrip(".")
    again = path.with_name(f"again.{fmt}")
    again.write_text(serialize(report, fmt), encoding="utf-8")
    assert load_canonical(again) == report


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz_canonical")


def _trim(node: Any) -> Any:
    """Every list of records cut to its first record, all the way down: each shape kept, the size small."""
    if isinstance(node, dict):
        return {key: _trim(value) for key, value in node.items()}
    if isinstance(node, list):
        records = bool(node) and all(isinstance(item, dict) for item in node)
        return [_trim(item) for item in (node[:1] if records else node)]
    return node


@pytest.fixture(scope="module")
def small_report(seed_report: Report) -> dict[str, Any]:
    """The seed's report with every list trimmed to one item: every shape of the model, quick to load."""
    small = seed_report.model_copy(update={"tables": (seed_report.tables[0], seed_report.tables[1], seed_report.tables[5], seed_report.tables[6])})
    data: dict[str, Any] = _trim(json.loads(serialize(small, "json")))
    Report.model_validate(data)  # still a report
    return data


def _dump(data: object, suffix: str) -> str:
    if suffix == ".json":
        return json.dumps(data, ensure_ascii=False)
    return yaml.safe_dump(data, allow_unicode=True)


@fuzz_settings(150)
@given(
    top=st.one_of(JSON_VALUES, st.dictionaries(st.sampled_from([*FIELDS, "extra"]), JSON_VALUES, max_size=5)),
    suffix=st.sampled_from([".json", ".yaml"]),
)
def test_random_json_shapes_never_crash(workdir: Path, top: object, suffix: str) -> None:
    path = workdir / f"shape{suffix}"
    path.write_text(_dump(top, suffix), encoding="utf-8")
    check(path)


@fuzz_settings(100)
@given(text=st.text(max_size=200), suffix=st.sampled_from([".json", ".yaml"]))
def test_random_text_never_crashes(workdir: Path, text: str, suffix: str) -> None:
    path = workdir / f"text{suffix}"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    check(path)


# pieces of JSON/YAML that parsers treat specially: deep nesting, digits past Python's int
# conversion limit, impossible timestamps, escapes of lone surrogates, tags, anchors, BOMs
FRAGMENTS = st.sampled_from(
    [
        "[" * 1500, "]" * 1500, "{\"a\":" * 1500, "9" * 5000, "2024-13-45", "2024-02-30 25:61:00", "\"\\ud800\"",
        "\"\\udfff\\ud800\"", "!!python/object:os.system", "!!binary", "&a [*a]", "*a", "\ufeff", "NaN", "-Infinity",
        "1e999999", ".nan", "0x1F", "0o17", "~", "? [a, b]", "---", "...", "%YAML 1.1", '"schema_version": 1',
        '"metadata": {}', "schema_version: 1", "metadata: {}", "{", "}", "[", "]", ",", ":", " ", "\n", "\t",
    ]
)


@fuzz_settings(80)
@given(pieces=st.lists(st.one_of(FRAGMENTS, st.text(max_size=6)), min_size=1, max_size=8), suffix=st.sampled_from([".json", ".yaml"]))
def test_tricky_fragments_never_crash(workdir: Path, pieces: list[str], suffix: str) -> None:
    path = workdir / f"fragments{suffix}"
    path.write_text("".join(pieces), encoding="utf-8", errors="surrogatepass")
    check(path)


@st.composite
def damaged_report(draw: st.DrawFn, base: dict[str, Any]) -> object:
    data: Any = json.loads(json.dumps(base))
    for _ in range(draw(st.integers(1, 3))):
        # walk down to a random place
        parent: Any = None
        key: Any = None
        node = data
        while isinstance(node, dict | list) and node and draw(st.integers(0, 9)) < 8:
            keys = list(node) if isinstance(node, dict) else list(range(len(node)))
            parent, key = node, draw(st.sampled_from(keys))
            node = node[key]
        if parent is None:
            continue
        op = draw(st.sampled_from(["replace", "delete", "empty", "wrap", "stringify", "negate"]))
        if op == "replace":
            parent[key] = draw(JSON_VALUES)
        elif op == "delete":
            if isinstance(parent, dict):
                del parent[key]
            else:
                parent.pop(key)
        elif op == "empty":
            parent[key] = type(node)() if isinstance(node, dict | list | str) else None
        elif op == "wrap":
            parent[key] = [node]
        elif op == "stringify":
            parent[key] = json.dumps(node, ensure_ascii=False)
        elif isinstance(node, int | float) and not isinstance(node, bool):
            parent[key] = -node
    return data


@fuzz_settings(40)
@given(data=st.data(), suffix=st.sampled_from([".json", ".yaml"]))
def test_damaged_real_report_never_crashes(workdir: Path, small_report: dict[str, Any], data: st.DataObject, suffix: str) -> None:
    damaged = data.draw(damaged_report(small_report))
    path = workdir / f"damaged{suffix}"
    path.write_text(_dump(damaged, suffix), encoding="utf-8")
    check(path)
