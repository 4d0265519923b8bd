"""What a user does in the web app: upload, wait for the background check, read the findings,
see them boxed on the page images, download, and follow a department across its versions."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from sqlalchemy import update

from juesuan.store import schema as s
from juesuan.web.pages import boxes_by_page
from juesuan.web.worker import Checker
from tests.conftest import CORPUS, SEED
from tests.web.conftest import Web, token_of, upload, upload_id

PDF = CORPUS / "sh-putuo-caizhengju-2024-dept-final.pdf"


@pytest.fixture
def admin(web: Web) -> Web:
    web.account("admin", "admin", "上海市普陀区财政局", "上海市普陀区")
    web.settings.max_file_mb = 10
    return web


def test_the_seed_is_checked_in_the_background_and_its_findings_listed(admin: Web) -> None:
    client = admin.signed_in("admin")
    sent = upload(client, ("种子.txt", SEED.read_bytes()))
    assert sent.status_code == 303
    uid = upload_id(sent)
    row = admin.wait(uid)
    assert (row.status, row.department, row.year) == ("done", "辽宁省朝阳市社会保险事业服务中心", 2024)
    assert row.errors == 5 and row.version_id is not None
    page = client.get(f"/uploads/{uid}").text
    assert "YZ01" in page and "已审核" in page
    errors_only = client.get(f"/uploads/{uid}?level=error").text
    assert errors_only.count('class="badge level-error"') == 5 and 'class="badge level-warning"' not in errors_only
    one_rule = client.get(f"/uploads/{uid}?rule=YZ01").text
    assert set(re.findall(r"<code>([A-Z]{2}\d\d)</code>", one_rule)) == {"YZ01"}
    data = json.loads(client.get(f"/uploads/{uid}/findings.json").text)
    assert data["summary"]["error"] == 5
    assert client.get(f"/uploads/{uid}/page/1").status_code == 404  # a text file has no page images


@pytest.mark.skipif(not PDF.exists(), reason=f"the corpus PDF is expected at {PDF}")
def test_a_pdf_s_findings_are_boxed_on_its_page_images(admin: Web) -> None:
    client = admin.signed_in("admin")
    uid = upload_id(upload(client, ("普陀区财政局2024.pdf", PDF.read_bytes())))
    row = admin.wait(uid)
    assert row.status == "done", row.problem
    report = admin.store.check_of(row.version_id or 0)
    assert report is not None
    boxed = boxes_by_page(report)
    assert boxed
    number, boxes = next(iter(sorted(boxed.items())))
    listing = client.get(f"/uploads/{uid}").text
    assert f'/uploads/{uid}/page/{number}"' in listing and "在页面上查看" in listing
    view = client.get(f"/uploads/{uid}/page/{number}?f={boxes[0].finding}")
    assert view.status_code == 200
    rects = re.findall(
        r'<rect id="box(\d+)" class="box level-(\w+)( selected)?" x="([\d.-]+)" y="([\d.-]+)" width="([\d.]+)" height="([\d.]+)"', view.text
    )
    assert len(rects) == len(boxes)
    assert any(sel for _i, _lvl, sel, *_ in rects)
    width, height = (float(v) for v in re.search(r'viewBox="0 0 ([\d.]+) ([\d.]+)"', view.text).groups())  # type: ignore[union-attr]
    for _i, _lvl, _sel, x, y, w, h in rects:  # every box lies on the page
        assert 0 <= float(x) + float(w) <= width + 2 and 0 <= float(y) + float(h) <= height + 2
    image = client.get(f"/uploads/{uid}/page/{number}/image.png")
    assert image.status_code == 200 and image.content.startswith(b"\x89PNG")
    assert (admin.settings.data / "pages" / row.sha256).is_dir()  # rendered once, then cached
    assert client.get(f"/uploads/{uid}/page/999").status_code == 404
    annotated = client.get(f"/uploads/{uid}/annotated.pdf")
    assert annotated.status_code == 200 and annotated.content.startswith(b"%PDF")


def test_an_unreadable_file_fails_with_a_chinese_reason(admin: Web) -> None:
    client = admin.signed_in("admin")
    uid = upload_id(upload(client, ("不是决算.txt", "这是一份会议通知，与决算无关。\n".encode() * 20)))
    row = admin.wait(uid)
    assert row.status == "failed" and row.problem and not row.problem.isascii()
    assert row.problem in client.get(f"/uploads/{uid}").text


def test_a_new_version_keeps_the_old_one_in_the_department_history(admin: Web) -> None:
    client = admin.signed_in("admin")
    text = SEED.read_text(encoding="utf-8")
    first = admin.wait(upload_id(upload(client, ("v1.txt", text.encode()))))
    second = admin.wait(upload_id(upload(client, ("v2.txt", (text + "\n").encode()))))
    again = admin.wait(upload_id(upload(client, ("v1-again.txt", text.encode()))))
    assert first.version_id and second.version_id and first.version_id != second.version_id
    assert again.version_id == first.version_id  # the same bytes: the store's version, nothing new
    listing = client.get("/departments").text
    department = re.search(r'href="/departments/(\d+)">辽宁省朝阳市社会保险事业服务中心', listing)
    assert department
    history = client.get(f"/departments/{department.group(1)}").text
    assert "第 1 版" in history and "第 2 版" in history and "已被取代" in history and "当前" in history
    assert "收入总计" in history
    ranking = client.get("/ranking?year=2024").text
    assert "辽宁省朝阳市社会保险事业服务中心" in ranking


def test_uploads_left_queued_or_half_checked_are_checked_after_a_restart(admin: Web) -> None:
    client = admin.signed_in("admin")
    uid = upload_id(upload(client, ("种子.txt", SEED.read_bytes())))
    admin.wait(uid)
    with admin.store.transaction() as session:  # as if the server had stopped while checking it
        session.execute(update(s.Upload).where(s.Upload.id == uid).values(status="checking", version_id=None, finished_at=None))
    checker = Checker(admin.store, admin.settings.data, workers=0)
    try:
        assert checker.start() == 1
        assert admin.wait(uid).status == "done"
    finally:
        checker.stop()


def test_the_first_run_creates_the_admin_and_signs_in(web: Web) -> None:
    client = web.client()
    assert client.get("/", follow_redirects=False).headers["location"] == "/setup"
    form = client.get("/setup")
    token = token_of(form.text)
    weak = client.post("/setup", data={"csrf_token": token, "username": "boss", "password": "short", "password2": "short"})
    assert weak.status_code == 400 and "至少 10 个字符" in weak.text
    made = client.post(
        "/setup",
        data={"csrf_token": token, "username": "boss", "password": "a-long-pass-7", "password2": "a-long-pass-7"},
        follow_redirects=False,
    )
    assert made.status_code == 303
    assert "boss（管理员" in client.get("/").text
    assert client.get("/setup", follow_redirects=False).headers["location"] == "/login"  # only once


def test_a_corrected_upload_shows_what_changed_since_the_last_version(admin: Web) -> None:
    client = admin.signed_in("admin")
    text = SEED.read_text(encoding="utf-8")
    assert text.count("2025年12月") == 1
    first = admin.wait(upload_id(upload(client, ("第一稿.txt", text.encode()))))
    fixed = admin.wait(upload_id(upload(client, ("第二稿.txt", text.replace("2025年12月", "2024年12月").encode()))))
    assert fixed.errors == (first.errors or 0) - 1
    page = client.get(f"/uploads/{fixed.id}").text
    assert "与第 1 版" in page
    gone = re.search(r'<ul class="gone">(.*?)</ul>', page, re.S)
    assert gone and "YZ01" in gone.group(1) and "2025年12月" in gone.group(1)
    assert '<ul class="added">' not in page
    assert "与第" not in client.get(f"/uploads/{first.id}").text  # the first version has nothing to compare with


def test_findings_download_as_excel_and_csv_without_formulas(admin: Web) -> None:
    from io import BytesIO

    from openpyxl import load_workbook

    client = admin.signed_in("admin")
    uid = upload_id(upload(client, ("种子.txt", SEED.read_bytes())))
    row = admin.wait(uid)
    csv_text = client.get(f"/uploads/{uid}/findings.csv").content.decode("utf-8-sig")
    lines = csv_text.strip().splitlines()
    assert lines[0].startswith("部门") and len(lines) == 1 + (row.errors or 0) + (row.warnings or 0) + (row.infos or 0)
    sheet = load_workbook(BytesIO(client.get(f"/uploads/{uid}/findings.xlsx").content)).active
    values = [c.value for r in sheet.iter_rows(min_row=2) for c in r]
    assert "YZ01" in values
    assert not any(isinstance(v, str) and v.startswith("=") for v in values)


CULPRITS = CORPUS / "sh-putuo-guihuaziyuanju-2024-dept-final.pdf"


@pytest.mark.skipif(not CULPRITS.exists(), reason=f"the corpus PDF is expected at {CULPRITS}")
def test_the_findings_a_wrong_figure_explains_are_listed_under_it(admin: Web) -> None:
    client = admin.signed_in("admin")
    row = admin.wait(upload_id(upload(client, ("规划资源局2024.pdf", CULPRITS.read_bytes()))))
    report = admin.store.check_of(row.version_id or 0)
    assert report is not None
    culprits = [f for f in report.findings if f.culprit is not None and f.consequences]
    assert culprits, "the corpus PDF has a figure that explains other findings"
    page = client.get(f"/uploads/{row.id}").text
    rows = re.findall(r'<tr id="f(\d+)" class="([^"]+)"', page)
    order = [int(i) for i, _ in rows]
    index = {f.id: i for i, f in enumerate(report.findings)}
    for culprit in culprits:
        at = order.index(index[culprit.id])
        children = [index[c] for c in culprit.consequences]
        assert order[at + 1 : at + 1 + len(children)] == children  # right under it
        assert all("consequence" in rows[order.index(c)][1] for c in children)
        assert sorted(order).count(children[0]) == 1  # not repeated among the others
    assert "错数定位" in page
    flat = client.get(f"/uploads/{row.id}?level=error").text
    assert "consequence" not in re.findall(r'<tr id="f\d+" class="([^"]+)"', flat).__str__()


RENDER_FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "render" / "made_up_department.yaml"


def test_generate_lists_the_cells_to_fix_and_blocks_until_fixed(admin: Web) -> None:
    import yaml

    client = admin.signed_in("admin")
    sheets = yaml.safe_load(RENDER_FIXTURE.read_text(encoding="utf-8"))
    sheets["sheets"]["基本支出明细"][2][2] = 99.0  # 公开06表 no longer matches 公开05表
    token = token_of(client.get("/generate").text)
    broken = client.post(
        "/generate",
        data={"csrf_token": token, "profile": "liaoning"},
        files={"file": ("模板.yaml", yaml.safe_dump(sheets, allow_unicode=True).encode())},
        follow_redirects=False,
    )
    assert broken.status_code == 303
    page = client.get(broken.headers["location"]).text
    assert 'id="problems"' in page and "模板「基本支出明细」C3" in page and "XT05" in page
    gid = broken.headers["location"].rsplit("/", 1)[-1]
    assert client.get(f"/generate/{gid}/document.docx").status_code == 409  # blocked until fixed
    fixed = client.post(
        "/generate",
        data={"csrf_token": token, "profile": "liaoning"},
        files={"file": ("模板.yaml", RENDER_FIXTURE.read_bytes())},
        follow_redirects=False,
    )
    ready = client.get(fixed.headers["location"]).text
    assert 'id="ready"' in ready and 'id="problems"' not in ready
    gid = fixed.headers["location"].rsplit("/", 1)[-1]
    preview = client.get(f"/generate/{gid}/preview.html")
    assert preview.status_code == 200 and "情况说明" in preview.text and "script-src" not in preview.headers["content-security-policy"]
    docx = client.get(f"/generate/{gid}/document.docx")
    assert docx.status_code == 200 and docx.content.startswith(b"PK")
    other = admin.client()
    admin.account("outsider", "filer", "别的单位", "别处")
    outsider = admin.signed_in("outsider")
    assert outsider.get(f"/generate/{gid}").status_code == 404 and outsider.get(f"/generate/{gid}/document.docx").status_code == 404
    other.close()
    template = client.get("/generate/template.xlsx")
    assert template.status_code == 200 and template.content.startswith(b"PK")


def _generated(client, data: bytes, name: str = "模板.yaml") -> str:  # type: ignore[no-untyped-def]
    """The generation page's path for ``data`` uploaded on the 生成 page."""
    token = token_of(client.get("/generate").text)
    sent = client.post("/generate", data={"csrf_token": token, "profile": "liaoning"}, files={"file": (name, data)}, follow_redirects=False)
    assert sent.status_code == 303, sent.text
    return str(sent.headers["location"])


def test_missing_data_is_refused_and_written_as_a_draft_only_when_asked(admin: Web, tmp_path: Path) -> None:
    """The refusal stays the default: the missing item with its template place, nothing to
    download. Asked for, the 草稿 is what ``juesuan render --force`` writes from the same data (草稿
    on every page, the missing item a 【待补充：…】 naming the template cell, never a zero)."""
    import yaml
    from typer.testing import CliRunner

    from juesuan.cli import app
    from juesuan.render.view import DRAFT_MARK
    from tests.render.test_draft import SEED_PLACEHOLDER, _docx_text

    sheets = yaml.safe_load(RENDER_FIXTURE.read_text(encoding="utf-8"))
    sheets["sheets"]["基本信息"] = [row for row in sheets["sheets"]["基本信息"] if row[0] != "上年收入总计"]
    data = yaml.safe_dump(sheets, allow_unicode=True).encode()
    client = admin.signed_in("admin")
    at = _generated(client, data)
    refusal = client.get(at).text
    assert 'id="problems"' in refusal and 'id="draft"' not in refusal
    assert "数据有 1 处问题" in refusal and "请改：填报模板「基本信息」“上年收入总计”" in refusal  # one item, where it is filled in
    assert f'href="{at}?draft=1"' in refusal  # offered, not made
    assert client.get(f"{at}/document.md").status_code == 409 and client.get(f"{at}/preview.html").status_code == 409
    page = client.get(f"{at}?draft=1").text
    assert 'id="draft"' in page and 'id="problems"' in page and 'id="offer-draft"' not in page
    assert f'src="{at}/preview.html?draft=1"' in page and f'href="{at}/document.pdf?draft=1"' in page
    md = client.get(f"{at}/document.md?draft=1")
    assert md.status_code == 200 and "%EF%BC%88%E8%8D%89%E7%A8%BF%EF%BC%89.md" in md.headers["content-disposition"]  # “（草稿）.md”
    text = md.content.decode("utf-8")
    assert text.splitlines()[0].startswith(DRAFT_MARK) and text.count(SEED_PLACEHOLDER) == 1
    assert "与上年相比，今年收入总计" not in text  # no sentence against an invented figure
    source, written = tmp_path / "模板.yaml", tmp_path / "cli.md"
    source.write_bytes(data)
    forced = CliRunner().invoke(app, ["render", str(source), "--to", "md", "-o", str(written), "--profile", "liaoning", "--force"])
    assert forced.exit_code == 0, forced.output
    assert md.content == written.read_bytes()  # the command line's draft, byte for byte
    docx = client.get(f"{at}/document.docx?draft=1")
    (tmp_path / "draft.docx").write_bytes(docx.content)
    body, header = _docx_text(tmp_path / "draft.docx")
    assert DRAFT_MARK in header and SEED_PLACEHOLDER in body
    preview = client.get(f"{at}/preview.html?draft=1")
    assert preview.status_code == 200 and "待补充" in preview.text and "script-src" not in preview.headers["content-security-policy"]
    assert [e.detail["what"] for e in admin.events("download")] == ["draft.md", "draft.docx"]
    admin.account("outsider", "filer", "别的单位", "别处")
    assert admin.signed_in("outsider").get(f"{at}/document.md?draft=1").status_code == 404
    # complete data has its document and no draft; unreadable data has neither
    ready = _generated(client, RENDER_FIXTURE.read_bytes())
    assert 'id="offer-draft"' not in client.get(ready).text and client.get(f"{ready}/document.md?draft=1").status_code == 404
    unreadable = _generated(client, b"sheets: [unclosed", "坏.yaml")
    assert 'id="offer-draft"' not in client.get(unreadable).text and client.get(f"{unreadable}/document.md?draft=1").status_code == 409


def test_a_pdf_on_a_server_without_a_chinese_font_is_refused_naming_what_to_install(admin: Web, monkeypatch: pytest.MonkeyPatch) -> None:
    from juesuan.render.writers import pdf

    client = admin.signed_in("admin")
    token = token_of(client.get("/generate").text)
    made = client.post(
        "/generate",
        data={"csrf_token": token, "profile": "liaoning"},
        files={"file": ("模板.yaml", RENDER_FIXTURE.read_bytes())},
        follow_redirects=False,
    )
    gid = made.headers["location"].rsplit("/", 1)[-1]
    monkeypatch.setattr(pdf, "cjk_font_dirs", lambda: ((), ()))
    refused = client.get(f"/generate/{gid}/document.pdf")
    assert refused.status_code == 503 and "没有找到中文字体" in refused.text and "fonts-noto-cjk" in refused.text


@pytest.mark.skipif(not PDF.exists(), reason=f"the corpus PDF is expected at {PDF}")
def test_a_scanned_picture_s_findings_are_boxed_on_it(admin: Web, tmp_path: Path) -> None:
    import pymupdf

    with pymupdf.open(str(PDF)) as doc:
        picture = doc[5].get_pixmap(dpi=150).tobytes("png")  # a table page, photographed
    client = admin.signed_in("admin")
    row = admin.wait(upload_id(upload(client, ("扫描第6页.png", picture))))
    assert row.status == "done", row.problem
    report = admin.store.check_of(row.version_id or 0)
    assert report is not None
    boxes = boxes_by_page(report).get(1, [])
    assert boxes, "the OCR reader locates the picture's findings"
    view = client.get(f"/uploads/{row.id}/page/1")
    assert view.status_code == 200 and view.text.count('class="box level-') == len(boxes)
    image = client.get(f"/uploads/{row.id}/page/1/image.png")
    assert image.status_code == 200 and image.content.startswith(b"\x89PNG")
    assert client.get(f"/uploads/{row.id}/annotated.pdf").content.startswith(b"%PDF")
