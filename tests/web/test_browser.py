"""A new user in a real browser: `juesuan serve` started with nothing set up, the first account
created, a corpus PDF uploaded, its findings listed, and one of them shown boxed on its page image.

Playwright drives Debian's Chromium (``/usr/bin/chromium``; `make test` installs it with apt when
missing) — Playwright's own browsers are never downloaded. The test is skipped, saying why, only
where no Chromium can be had. ``JUESUAN_SCREENSHOTS=docs/images`` keeps its screenshots there
(they are the README's pictures); otherwise they go to the test's temporary folder.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import CORPUS, ROOT

CHROMIUM = Path("/usr/bin/chromium")
PDF = CORPUS / "sh-putuo-caizhengju-2024-dept-final.pdf"
PASSWORD = "browser-pass-2024"

pytestmark = [
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"没有 {CHROMIUM}（make test 会用 apt 安装 Debian 的 chromium），浏览器测试跳过"),
    pytest.mark.skipif(not PDF.exists(), reason=f"the corpus PDF is expected at {PDF}"),
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    """`juesuan serve` in an empty folder, as a new user starts it."""
    port = _free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src") + os.pathsep + os.environ.get("PYTHONPATH", "")}
    env.pop("JUESUAN_DB", None)
    log = (tmp_path / "serve.log").open("w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "juesuan", "serve", "--port", str(port), "--workers", "1"],
        cwd=tmp_path,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                pytest.fail(f"juesuan serve exited: {(tmp_path / 'serve.log').read_text()}")
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                time.sleep(0.2)
        else:
            pytest.fail("juesuan serve did not start in 60 s")
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()
    assert (tmp_path / "juesuan.db").is_file() and (tmp_path / "juesuan-data").is_dir()


def _first_run(page, server: str) -> None:  # type: ignore[no-untyped-def]
    """The first run: the administrator created, and signed in at once."""
    page.goto(server)
    assert page.url.endswith("/setup")
    page.fill("input[name=username]", "caizheng")
    page.fill("input[name=display_name]", "王会计")
    page.fill("input[name=organisation]", "上海市普陀区财政局")
    page.fill("input[name=region]", "上海市普陀区")
    page.fill("input[name=password]", PASSWORD)
    page.fill("input[name=password2]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(server + "/")
    assert "王会计（管理员" in page.inner_text("header")


@contextmanager
def _signed_in_page(server: str) -> Iterator[Any]:
    """A Chromium page in which the first run is done: the administrator created and signed in."""
    sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed (pip install -e '.[dev]')")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"]
        )
        try:
            page = browser.new_page(viewport={"width": 1360, "height": 900}, locale="zh-CN")
            _first_run(page, server)
            yield page
        finally:
            browser.close()


def _shots(tmp_path: Path) -> Path:
    """Where screenshots go: ``JUESUAN_SCREENSHOTS`` (the README's pictures), else the test's folder."""
    shots = Path(os.environ.get("JUESUAN_SCREENSHOTS") or tmp_path)
    shots.mkdir(parents=True, exist_ok=True)
    return shots


def test_a_new_user_uploads_a_pdf_and_sees_its_findings_boxed_on_the_page(server: str, tmp_path: Path) -> None:
    shots = _shots(tmp_path)
    with _signed_in_page(server) as page:
        # upload the PDF; the check runs in the background and the page refreshes itself
        page.set_input_files("input[name=files]", str(PDF))
        page.click("form.upload button[type=submit]")
        page.wait_for_url("**/uploads/*")
        page.wait_for_selector("a.show", timeout=180_000)
        assert "已审核" in page.inner_text("#status")
        assert page.locator("table.findings tbody tr").count() > 0
        page.screenshot(path=str(shots / "web-findings.png"), full_page=False)
        # one finding, shown on its page: the picture is there and the boxes lie on it
        first = page.locator("table.findings tbody tr").first.get_attribute("class")
        assert first == "level-error"  # the errors come first (the corpus PDF has two)
        page.locator("a.show").first.click()
        page.wait_for_url("**/page/*")
        page.wait_for_function(
            "() => { const i = document.querySelector('img.page-image'); return i && i.complete && i.naturalWidth > 0; }"
        )
        boxes = page.locator("svg.boxes rect.box")
        assert boxes.count() > 0
        assert page.locator("rect.box.selected").count() >= 1
        picture = page.locator("img.page-image").bounding_box()
        chosen = page.locator("rect.box.selected").first.bounding_box()
        assert picture and chosen
        assert picture["x"] <= chosen["x"] and chosen["x"] + chosen["width"] <= picture["x"] + picture["width"] + 1
        assert picture["y"] <= chosen["y"] and chosen["y"] + chosen["height"] <= picture["y"] + picture["height"] + 1
        assert chosen["width"] > 5 and chosen["height"] > 3
        page.screenshot(path=str(shots / "web-page.png"), full_page=True)


def test_a_finance_officer_asks_for_a_draft_of_data_that_lacks_an_item(server: str, tmp_path: Path) -> None:
    """Data without last year's 收入总计: the refusal lists it; 仍然生成草稿 shows the 草稿 in the
    frame, the missing item a 【待补充：…】 naming the template cell."""
    import yaml

    shots = _shots(tmp_path)
    sheets = yaml.safe_load((ROOT / "tests" / "fixtures" / "render" / "made_up_department.yaml").read_text(encoding="utf-8"))
    sheets["sheets"]["基本信息"] = [row for row in sheets["sheets"]["基本信息"] if row[0] != "上年收入总计"]
    data = tmp_path / "填报模板.yaml"
    data.write_text(yaml.safe_dump(sheets, allow_unicode=True), encoding="utf-8")
    with _signed_in_page(server) as page:
        page.goto(server + "/generate")
        page.set_input_files("input[name=file]", str(data))
        page.click("form.upload button[type=submit]")
        page.wait_for_selector("#problems")
        assert "“上年收入总计”" in page.inner_text("#problems") and page.locator("#draft").count() == 0
        page.click("#offer-draft a")
        page.wait_for_selector("#draft")
        frame = page.frame_locator("iframe.preview")
        frame.locator("body").wait_for()
        text = frame.locator("body").inner_text()
        assert "草稿" in text and "【待补充：上年决算数（收入总计）（填报模板「基本信息」“上年收入总计”）】" in text
        page.screenshot(path=str(shots / "web-draft.png"), full_page=False)
