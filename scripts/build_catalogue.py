"""Build the classification catalogue that ships in the package from ../shared/data.

Run once when ../shared/data changes: ``python scripts/build_catalogue.py``. The output
(``src/juesuan/classification/data/*.csv``) is committed; the package never reads ../shared.

Sources (see ../shared/data/SOURCES.md): codes observed in published tables, the 公开06表 row
list, the 公开01表 类 list. Old-edition names are added from the renames documented in
../shared/DOMAIN.md §1.2 (each marked with the last edition year that used the old name).
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "data"
OUT = ROOT / "src" / "juesuan" / "classification" / "data"

# (code, old name, last edition year that printed the old name)
OLD_NAMES = {
    "210": [("医疗卫生与计划生育支出", 2018)],
    "207": [("文化体育与传媒支出", 2018)],
    "220": [("国土海洋气象等支出", 2018)],
    "20805": [("行政事业单位离退休", 2020)],
}
ECONOMIC_CLASSES = {"301", "302", "303", "307", "309", "310", "311", "312", "313", "399"}
FIELDS = ["scheme", "code", "level", "name", "parent", "since", "until", "old_names", "source"]


def level_of(code: str, scheme: str) -> str:
    return {3: "类", 5: "款", 7: "项"}[len(code)]


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    function: dict[str, dict[str, str]] = {}
    with open(SHARED / "gongkai01_expenditure_class_rows.csv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            function[row["code"]] = {
                "scheme": "function",
                "code": row["code"],
                "level": "类",
                "name": row["name"],
                "parent": "",
                "since": "",
                "until": "",
                "old_names": "",
                "source": "shared/data/gongkai01_expenditure_class_rows.csv:" + row["code_status"],
            }
    with open(SHARED / "observed_function_codes.csv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            code = row["code"].strip()
            if not code.isdigit() or len(code) not in (3, 5, 7):
                continue
            if code in function:
                continue
            function[code] = {
                "scheme": "function",
                "code": code,
                "level": level_of(code, "function"),
                "name": row["name"].strip(),
                "parent": row["parent_code"].strip(),
                "since": "",
                "until": "",
                "old_names": "",
                "source": f"shared/data/observed_function_codes.csv ({row['n_source_docs']} docs)",
            }
    economic: dict[str, dict[str, str]] = {}
    with open(SHARED / "gongkai06_basic_expenditure_rows.csv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            code = row["code"].strip()
            if not code.isdigit():
                continue
            economic[code] = {
                "scheme": "economic",
                "code": code,
                "level": level_of(code, "economic"),
                "name": row["name"].strip(),
                "parent": code[:3] if len(code) == 5 else "",
                "since": "",
                "until": "",
                "old_names": "",
                "source": "shared/data/gongkai06_basic_expenditure_rows.csv:" + row["code_status"],
            }
    with open(SHARED / "observed_dept_economic_codes.csv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            code = row["code"].strip()
            if not code.isdigit() or len(code) not in (3, 5) or code[:3] not in ECONOMIC_CLASSES:
                continue
            if code in economic:
                continue
            economic[code] = {
                "scheme": "economic",
                "code": code,
                "level": level_of(code, "economic"),
                "name": row["name"].strip(),
                "parent": row["parent_code"].strip(),
                "since": "",
                "until": "",
                "old_names": "",
                "source": f"shared/data/observed_dept_economic_codes.csv ({row['n_source_docs']} docs)",
            }
    for code, olds in OLD_NAMES.items():
        if code in function:
            function[code]["old_names"] = ";".join(f"{name}@{year}" for name, year in olds)
    with open(SHARED / "gongkai01_expenditure_class_rows.csv", encoding="utf-8") as fh, open(OUT / "class_lines.csv", "w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["order", "code", "name", "in_shanghai_layout"])
        for row in csv.DictReader(fh):
            order = int(row["row_no_in_liaoning_2024_gongkai01"]) - 31
            writer.writerow([order, row["code"], row["name"], "yes" if row["order_in_shanghai_2024_2025_template"] else "no"])
    for name, rows in (("function_codes.csv", function), ("economic_codes.csv", economic)):
        with open(OUT / name, "w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=FIELDS)
            writer.writeheader()
            for code in sorted(rows):
                writer.writerow(rows[code])
        print(f"{name}: {len(rows)} codes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
