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
# names the observed data has wrong, corrected as the template prints them (code → fields replaced)
CORRECTIONS = {
    "20799": {
        "name": "其他文化旅游体育与传媒支出",
        "source": "shared/data/observed_function_codes.csv (1 doc, cut there by a PDF line break to 体育与传媒支); name as the template prints it",
    },
}
ECONOMIC_CLASSES = {"301", "302", "303", "307", "309", "310", "311", "312", "313", "399"}
FIELDS = ["scheme", "code", "level", "name", "parent", "since", "until", "old_names", "source"]
LEVELS = {3: "类", 5: "款", 7: "项"}


def rows(filename: str) -> list[dict[str, str]]:
    with open(SHARED / filename, encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def entry(scheme: str, code: str, name: str, parent: str, source: str) -> dict[str, str]:
    """One catalogue line; the columns not given (since, until, old_names) are written empty."""
    return {"scheme": scheme, "code": code, "level": LEVELS[len(code)], "name": name, "parent": parent, "source": source}


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    function: dict[str, dict[str, str]] = {}
    for row in rows("gongkai01_expenditure_class_rows.csv"):
        function[row["code"]] = entry("function", row["code"], row["name"], "", "shared/data/gongkai01_expenditure_class_rows.csv:" + row["code_status"])
    for row in rows("observed_function_codes.csv"):
        code = row["code"].strip()
        if code.isdigit() and len(code) in (3, 5, 7) and code not in function:
            source = f"shared/data/observed_function_codes.csv ({row['n_source_docs']} docs)"
            function[code] = entry("function", code, row["name"].strip(), row["parent_code"].strip(), source)
    economic: dict[str, dict[str, str]] = {}
    for row in rows("gongkai06_basic_expenditure_rows.csv"):
        code = row["code"].strip()
        if code.isdigit():
            source = "shared/data/gongkai06_basic_expenditure_rows.csv:" + row["code_status"]
            economic[code] = entry("economic", code, row["name"].strip(), code[:3] if len(code) == 5 else "", source)
    for row in rows("observed_dept_economic_codes.csv"):
        code = row["code"].strip()
        if code.isdigit() and len(code) in (3, 5) and code[:3] in ECONOMIC_CLASSES and code not in economic:
            source = f"shared/data/observed_dept_economic_codes.csv ({row['n_source_docs']} docs)"
            economic[code] = entry("economic", code, row["name"].strip(), row["parent_code"].strip(), source)
    for code, fields in CORRECTIONS.items():
        function[code].update(fields)
    for code, olds in OLD_NAMES.items():
        if code in function:
            function[code]["old_names"] = ";".join(f"{name}@{year}" for name, year in olds)
    with open(OUT / "class_lines.csv", "w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["order", "code", "name", "in_shanghai_layout"])
        for row in rows("gongkai01_expenditure_class_rows.csv"):
            order = int(row["row_no_in_liaoning_2024_gongkai01"]) - 31
            writer.writerow([order, row["code"], row["name"], "yes" if row["order_in_shanghai_2024_2025_template"] else "no"])
    for name, entries in (("function_codes.csv", function), ("economic_codes.csv", economic)):
        with open(OUT / name, "w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=FIELDS, restval="")
            writer.writeheader()
            for code in sorted(entries):
                writer.writerow(entries[code])
        print(f"{name}: {len(entries)} codes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
