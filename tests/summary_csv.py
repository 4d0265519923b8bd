"""Reading the CSV summary (Chinese headers and status words) back into the JSON keys and values."""

from __future__ import annotations

import csv
from pathlib import Path

from juesuan.batch.sinks import STATUS_WORDS, SUMMARY_HEADERS

_KEYS = {chinese: key for key, chinese in SUMMARY_HEADERS.items()}
_STATUS = {chinese: key for key, chinese in STATUS_WORDS.items()}


def summary_rows(path: Path) -> list[dict[str, str]]:
    rows = csv.DictReader(path.read_text(encoding="utf-8-sig").splitlines())
    return [{_KEYS[k]: (_STATUS.get(v, v) if _KEYS[k] == "status" else v) for k, v in row.items()} for row in rows]
