"""Orchestration (layer 3): the few calls the front ends need.

``load`` reads any supported file, ``parse_outputs`` turns a report into the canonical files and
the cells view. The checker and the writers are added here as they arrive.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from juesuan.diagnostics import Finding, ReadError
from juesuan.ingest import ReadResult, read
from juesuan.ingest.canonical import dump_canonical
from juesuan.model.report import Report
from juesuan.render.cells import cells_csv

__all__ = ["FORMATS", "ReadError", "load", "report_schema", "serialize", "write_atomic"]

FORMATS = ("json", "yaml", "cells")


def load(path: str | Path) -> ReadResult:
    """Read a 部门决算 document (text form, or a canonical JSON/YAML file)."""
    return read(path)


def serialize(report: Report, fmt: str) -> str:
    """The report as ``json``/``yaml`` (canonical, loads back equal) or ``cells`` (CSV)."""
    if fmt == "cells":
        return cells_csv(report)
    if fmt in ("json", "yaml"):
        return dump_canonical(report, fmt)
    raise ValueError(f"unknown format {fmt!r}")


def report_schema() -> str:
    """The JSON Schema of the canonical report files."""
    schema = Report.model_json_schema(mode="serialization")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "juesuan 部门决算报告 (canonical report file)"
    return json.dumps(schema, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def write_atomic(path: str | Path, text: str) -> None:
    """Write ``text`` to ``path`` all at once: a half-written file is never left behind."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".juesuan-", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def reading_errors(result: ReadResult) -> list[Finding]:
    return result.errors


__all__ += ["reading_errors"]
