"""The canonical files: a :class:`Report` as JSON or YAML, written by ``juesuan parse``."""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from pydantic import ValidationError

from juesuan.diagnostics import ReadError
from juesuan.model.report import Report

__all__ = ["dump_canonical", "load_canonical"]

# libyaml's C implementation when PyYAML was built with it (same output, several times faster)
_YAML_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def dump_canonical(report: Report, fmt: str) -> str:
    """The report as JSON (``fmt="json"``) or YAML text; both load back into an equal report."""
    data = report.model_dump(mode="json", exclude_none=True)
    if fmt == "json":
        return json.dumps(data, ensure_ascii=False, indent=1) + "\n"
    return yaml.dump(data, Dumper=_YAML_DUMPER, allow_unicode=True, sort_keys=False, width=1000)


def load_canonical(path: Path) -> Report:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ReadError(str(path), f"无法读取（{exc}）") from exc
    try:
        data = json.loads(text) if path.suffix.lower() == ".json" else yaml.load(text, Loader=_YAML_LOADER)
    except (json.JSONDecodeError, yaml.YAMLError) as exc:
        raise ReadError(str(path), f"不是有效的 {path.suffix.lstrip('.').upper()} 文件（{str(exc).splitlines()[0]}）") from exc
    if not isinstance(data, dict):
        raise ReadError(str(path), "内容不是 juesuan 报告（顶层应是对象）")
    try:
        return Report.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise ReadError(str(path), f"不是有效的 juesuan 报告：{where}：{first['msg']}（共 {exc.error_count()} 处）") from exc
