"""The canonical files: a :class:`Report` as JSON or YAML, written by ``juesuan parse``."""

from __future__ import annotations

import json
import re
from pathlib import Path

import yaml
from pydantic import ValidationError

from juesuan.diagnostics import ReadError, os_problem
from juesuan.ingest.common.container import MB, check_size
from juesuan.ingest.common.mapping import input_error, load_mapping
from juesuan.ingest.problems import finding_of
from juesuan.ingest.result import ReadResult
from juesuan.model.build import field_names
from juesuan.model.codes import Catalogue
from juesuan.model.report import SCHEMA_VERSION, Report

__all__ = ["dump_canonical", "load_canonical", "read_canonical"]

# libyaml's C implementation when PyYAML was built with it (same output, several times faster)
_YAML_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Dumper(_YAML_DUMPER):  # type: ignore[misc,valid-type]
    """PyYAML's safe dumper, except that a string holding a Unicode line break is double-quoted.

    In a single-quoted scalar PyYAML writes U+0085 (NEL) as it is, and reading folds it into a
    space, so such text would not load back equal; in double quotes it is escaped.
    """


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    if any(ch in value for ch in _LINE_BREAKS):
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style='"')
    return dumper.represent_str(value)


_LINE_BREAKS = "\x85\u2028\u2029"
_Dumper.add_representer(str, _represent_str)


def dump_canonical(report: Report, fmt: str) -> str:
    """The report as JSON (``fmt="json"``) or YAML text; both load back into an equal report."""
    data = report.model_dump(mode="json", exclude_none=True)
    if fmt == "json":
        return json.dumps(data, ensure_ascii=False, indent=1) + "\n"
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1000)


def read_canonical(path: Path, catalogue: Catalogue | None = None) -> ReadResult:
    """A canonical file as a reading result: the report, and the reading findings of the parts it
    records as unread (the file keeps the records, so a report checked from JSON says the same)."""
    report = load_canonical(path)
    return ReadResult(report=report, findings=[finding_of(u) for u in report.unread])


def load_canonical(path: Path) -> Report:
    """A canonical JSON/YAML file back into a :class:`Report`; a :class:`ReadError` for anything else."""
    kind = "JSON" if path.suffix.lower() == ".json" else "YAML"
    check_size(path, MAX_BYTES, f"{kind} 报告")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ReadError(str(path), f"无法读取文件：{os_problem(exc)}") from exc
    if not data.strip():
        raise ReadError(str(path), "文件是空的")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ReadError(str(path), f"不是 UTF-8 编码的 {kind} 文本（第 {exc.start + 1} 个字节无法解码）") from exc
    # bounded: aliases, nesting and the number of values are limited before anything is built
    content = load_mapping(text, kind, str(path))
    if not isinstance(content, dict):
        raise ReadError(str(path), "内容不是 juesuan 报告（顶层应是对象）")
    unknown = sorted(str(key) for key in content if key not in field_names(Report))
    if unknown or "schema_version" not in content or "metadata" not in content:
        problem = f"有不属于报告的字段 {'、'.join(unknown[:5])}" if unknown else "缺少 schema_version 或 metadata"
        raise ReadError(str(path), f"内容不是 juesuan 报告（{problem}）")
    if content["schema_version"] != SCHEMA_VERSION:
        raise ReadError(str(path), f"报告格式版本“{content['schema_version']}”不受支持（本版本读取版本 {SCHEMA_VERSION}）")
    try:
        report = Report.model_validate(content)
    except ValidationError as exc:
        raise input_error(str(path), exc, " juesuan 报告") from exc
    except RecursionError as exc:
        raise ReadError(str(path), f"{kind} 嵌套层数过深，不是 juesuan 报告") from exc
    if _SURROGATE_ESCAPE.search(text):
        # an escape such as \ud800 gives a lone surrogate, which no UTF-8 file can hold
        try:
            dump_canonical(report, "json").encode("utf-8")
        except UnicodeEncodeError as exc:
            raise ReadError(str(path), "含有无效的 Unicode 字符（孤立的代理项），无法再写出") from exc
    return report


#: A canonical report of a 500-page document is a few megabytes.
MAX_BYTES = 50 * MB

_SURROGATE_ESCAPE = re.compile(r"\\[uU](?:0000)?[dD][89a-fA-F]")
