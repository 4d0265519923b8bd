"""The summary and findings writers: rows in input order whatever order documents finish in,
nothing at the target until the end, and an interrupted batch marked as such."""

from __future__ import annotations

import io
import json
from pathlib import Path

from juesuan.batch import Counts, DocumentOutcome, FindingsWriter, Status, SummaryWriter
from tests.summary_csv import summary_rows

CHAOYANG = Counts("辽宁省朝阳市社会保险事业服务中心", 2024, "liaoning", 5, 11, 29)


def checked(index: int, rendered: str = "") -> DocumentOutcome:
    return DocumentOutcome(
        index=index, path=f"region/{index}.txt", status=Status.CHECKED, counts=CHAOYANG, rendered=rendered or f"doc {index}\n"
    )


def unreadable(index: int) -> DocumentOutcome:
    return DocumentOutcome(index=index, path=f"region/{index}.pdf", status=Status.UNREADABLE, problem="PDF 没有任何页面")


def test_csv_rows_come_in_input_order_and_appear_only_at_the_end(tmp_path: Path) -> None:
    target = tmp_path / "汇总.csv"
    writer = SummaryWriter(target, "csv")
    writer.start(4)
    for outcome in (checked(2), unreadable(0), checked(3), checked(1)):
        writer.add(outcome)
        assert not target.exists()  # written beside it, renamed at the end
    writer.finish(True)
    rows = list(summary_rows(target))
    assert [r["file"] for r in rows] == ["region/0.pdf", "region/1.txt", "region/2.txt", "region/3.txt"]
    assert rows[0]["status"] == "unreadable" and rows[0]["problem"] == "PDF 没有任何页面" and rows[0]["errors"] == ""
    assert (rows[1]["department"], rows[1]["year"], rows[1]["errors"], rows[1]["warnings"]) == (
        "辽宁省朝阳市社会保险事业服务中心",
        "2024",
        "5",
        "11",
    )
    assert [p.name for p in tmp_path.iterdir()] == ["汇总.csv"]


def test_an_interrupted_csv_keeps_what_finished_and_says_so(tmp_path: Path) -> None:
    target = tmp_path / "s.csv"
    writer = SummaryWriter(target, "csv")
    writer.start(5)
    writer.add(checked(0))
    writer.add(checked(3))  # 1 and 2 never came
    writer.finish(False)
    rows = list(summary_rows(target))
    assert [r["status"] for r in rows] == ["checked", "checked", "incomplete"]
    assert rows[-1]["problem"] == "批量审核已中断：共 5 份，已有结果 2 份，其余未审核"


def test_json_has_totals_and_completeness(tmp_path: Path) -> None:
    target = tmp_path / "s.json"
    writer = SummaryWriter(target, "json")
    writer.start(3)
    for outcome in (checked(1), unreadable(0)):
        writer.add(outcome)
    writer.finish(False)
    data = json.loads(target.read_text(encoding="utf-8"))
    assert data["complete"] is False and data["expected"] == 3
    assert [d["file"] for d in data["documents"]] == ["region/0.pdf", "region/1.txt"]
    assert data["totals"]["documents"] == 2 and data["totals"]["unreadable"] == 1 and data["totals"]["errors"] == 5


def test_json_lines_come_as_documents_finish(tmp_path: Path) -> None:
    target = tmp_path / "s.jsonl"
    writer = SummaryWriter(target, "jsonl")
    writer.start(2)
    writer.add(checked(1))
    writer.add(unreadable(0))
    writer.finish(True)
    lines = [json.loads(x) for x in target.read_text(encoding="utf-8").splitlines()]
    assert [x["index"] for x in lines] == [1, 0]


def test_findings_stream_in_input_order_and_json_is_one_array() -> None:
    out = io.StringIO()
    writer = FindingsWriter("json", stream=out)
    writer.start(3)
    writer.add(checked(2, '{"source": "b"}'))
    writer.add(unreadable(1))
    assert out.getvalue() == ""  # document 0 is not in yet
    writer.add(checked(0, '{"source": "a"}'))
    writer.finish(True)
    assert [d["source"] for d in json.loads(out.getvalue())] == ["a", "b"]


def test_no_findings_file_when_nothing_was_checked(tmp_path: Path) -> None:
    writer = FindingsWriter("text", tmp_path / "f.txt")
    writer.start(1)
    writer.add(unreadable(0))
    writer.finish(True)
    assert list(tmp_path.iterdir()) == []
