"""Each protection of the web app, with a test that fails when the protection is taken away:
role isolation, CSRF tokens, rate limits, upload limits and the audit log. (Signing in itself:
argon2 hashes and hashed session tokens are checked here too.)"""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from juesuan.store import schema as s
from tests.conftest import SEED
from tests.web.conftest import PASSWORD, Web, login, token_of, upload, upload_id

SEED_BYTES = SEED.read_bytes()


@pytest.fixture
def two_offices(web: Web) -> tuple[Web, int]:
    """A filer of 朝阳市社保中心 has uploaded the seed; a filer of another office, reviewers of
    two regions and an admin look for it."""
    web.account("admin", "admin")
    web.account("filer_a", "filer", "辽宁省朝阳市社会保险事业服务中心", "辽宁省朝阳市")
    web.account("filer_b", "filer", "上海市普陀区财政局", "上海市普陀区")
    web.account("reviewer_ln", "reviewer", "辽宁省财政厅", "辽宁省")
    web.account("reviewer_sh", "reviewer", "上海市财政局", "上海市")
    owner = web.signed_in("filer_a")
    sent = upload(owner, ("朝阳社保2024.txt", SEED_BYTES))
    assert sent.status_code == 303
    uid = upload_id(sent)
    assert web.wait(uid).status == "done"
    return web, uid


# ---- role isolation -------------------------------------------------------------------------------


def test_a_filer_sees_nothing_of_another_office_by_page_or_url(two_offices: tuple[Web, int]) -> None:
    web, uid = two_offices
    other = web.signed_in("filer_b")
    assert "朝阳社保2024.txt" not in other.get("/").text
    for path in (
        f"/uploads/{uid}",
        f"/uploads/{uid}/findings.json",
        f"/uploads/{uid}/page/1",
        f"/uploads/{uid}/page/1/image.png",
        f"/uploads/{uid}/annotated.pdf",
    ):
        response = other.get(path)
        assert response.status_code == 404, path
        assert "社会保险事业服务中心" not in response.text
    department = web.upload_row(uid).version_id
    assert department is not None
    with web.store.reading() as session:
        dep_id = session.scalar(
            select(s.Document.department_id).join(s.Version, s.Version.document_id == s.Document.id).where(s.Version.id == department)
        )
    assert other.get(f"/departments/{dep_id}").status_code == 404
    assert "社会保险事业服务中心" not in other.get("/departments").text
    assert "社会保险事业服务中心" not in other.get("/ranking?year=2024").text


def test_the_owner_and_the_reviewer_of_the_region_see_it(two_offices: tuple[Web, int]) -> None:
    web, uid = two_offices
    for who in ("filer_a", "reviewer_ln", "admin"):
        client = web.signed_in(who)
        assert "YZ01" in client.get(f"/uploads/{uid}").text, who
        assert "朝阳社保2024.txt" in client.get("/").text, who
    outsider = web.signed_in("reviewer_sh")
    assert outsider.get(f"/uploads/{uid}").status_code == 404


def test_only_an_admin_manages_accounts_and_reads_the_audit_log(two_offices: tuple[Web, int]) -> None:
    web, _ = two_offices
    for who in ("filer_a", "reviewer_ln"):
        client = web.signed_in(who)
        assert client.get("/admin/accounts").status_code == 403
        assert client.get("/admin/audit").status_code == 403
        token = token_of(client.get("/").text)
        made = client.post("/admin/accounts", data={"csrf_token": token, "username": "x1", "password": "another-pass-99", "role": "admin"})
        assert made.status_code == 403
    with web.store.reading() as session:
        assert session.scalars(select(s.Account).where(s.Account.username == "x1")).first() is None


def test_pages_need_a_signed_in_session(web: Web) -> None:
    web.account("admin", "admin")
    anonymous = web.client()
    for path in ("/", "/departments", "/ranking", "/uploads/1", "/admin/audit"):
        response = anonymous.get(path, follow_redirects=False)
        assert response.status_code == 303 and response.headers["location"].startswith("/login"), path
    assert anonymous.post("/uploads", files=[("files", ("a.txt", SEED_BYTES))]).status_code == 401


def test_signing_out_ends_the_session_on_the_server(web: Web) -> None:
    web.account("admin", "admin")
    client = web.signed_in("admin")
    cookie = client.cookies.get("juesuan_session")
    assert client.post("/logout", data={"csrf_token": token_of(client.get("/").text)}, follow_redirects=False).status_code == 303
    replay = web.client()
    replay.cookies.set("juesuan_session", cookie or "")
    assert replay.get("/", follow_redirects=False).status_code == 303  # the old cookie signs nobody in


def test_passwords_and_session_tokens_are_kept_hashed(web: Web) -> None:
    web.account("admin", "admin")
    client = web.signed_in("admin")
    with web.store.reading() as session:
        stored = session.scalars(select(s.Account.password_hash)).one()
        tokens = list(session.scalars(select(s.WebSession.token_hash)))
    assert stored.startswith("$argon2id$") and PASSWORD not in stored
    assert client.cookies.get("juesuan_session") not in tokens and len(tokens) == 1


def test_a_disabled_account_cannot_sign_in(web: Web) -> None:
    web.account("admin", "admin")
    web.account("leaver", "filer", "某单位", "某地")
    admin = web.signed_in("admin")
    with web.store.reading() as session:
        leaver = session.scalars(select(s.Account.id).where(s.Account.username == "leaver")).one()
    token = token_of(admin.get("/admin/accounts").text)
    assert admin.post(f"/admin/accounts/{leaver}/disable", data={"csrf_token": token}, follow_redirects=False).status_code == 303
    assert login(web.client(), "leaver", PASSWORD).status_code == 401  # type: ignore[attr-defined]


# ---- CSRF -----------------------------------------------------------------------------------------


def test_an_upload_without_the_session_token_is_refused(web: Web) -> None:
    web.account("admin", "admin")
    client = web.signed_in("admin")
    assert upload(client, ("a.txt", SEED_BYTES), token="").status_code == 403
    assert upload(client, ("a.txt", SEED_BYTES), token="forged-token").status_code == 403
    assert web.uploads() == []
    assert upload(client, ("a.txt", SEED_BYTES)).status_code == 303  # the page's own token is accepted


def test_another_session_token_is_not_this_sessions(web: Web) -> None:
    web.account("admin", "admin")
    web.account("other", "admin")
    first, second = web.signed_in("admin"), web.signed_in("other")
    foreign = token_of(second.get("/").text)
    assert upload(first, ("a.txt", SEED_BYTES), token=foreign).status_code == 403
    made = first.post("/admin/accounts", data={"csrf_token": foreign, "username": "x2", "password": "another-pass-99", "role": "admin"})
    assert made.status_code == 403
    assert first.post("/logout", data={"csrf_token": foreign}).status_code == 403
    assert first.get("/", follow_redirects=False).status_code == 200  # still signed in


def test_sign_in_and_first_run_forms_need_their_token(web: Web) -> None:
    client = web.client()
    first_run = {"username": "boss", "password": PASSWORD, "password2": PASSWORD, "organisation": "", "region": ""}
    assert client.post("/setup", data=first_run, follow_redirects=False).status_code == 403
    with web.store.reading() as session:
        assert session.scalars(select(s.Account)).first() is None
    web.account("admin", "admin")
    assert client.post("/login", data={"username": "admin", "password": PASSWORD}, follow_redirects=False).status_code == 403
    assert web.events("csrf_refused")


# ---- rate limits ----------------------------------------------------------------------------------


def test_sign_in_is_rate_limited_even_with_the_right_password(web: Web) -> None:
    web.account("admin", "admin")
    client = web.client()
    for _ in range(5):  # settings: 5/minute
        assert login(client, "admin", "wrong-password-1").status_code == 401  # type: ignore[attr-defined]
    limited = login(client, "admin", PASSWORD)
    assert limited.status_code == 429  # type: ignore[attr-defined]
    assert "过于频繁" in limited.text  # type: ignore[attr-defined]
    assert "juesuan_session" not in client.cookies
    assert web.events("login_limited")


def test_uploads_are_rate_limited_per_account(web: Web) -> None:
    web.account("admin", "admin")
    client = web.signed_in("admin")
    for i in range(2):  # settings: 6 files a minute, 3 per upload
        assert upload(client, *[(f"{i}-{j}.txt", SEED_BYTES) for j in range(3)]).status_code == 303
    refused = upload(client, ("late.txt", SEED_BYTES))
    assert refused.status_code == 429
    assert len(web.uploads()) == 6


# ---- upload limits --------------------------------------------------------------------------------


def test_a_file_over_the_size_limit_is_refused_and_not_kept(web: Web) -> None:
    web.account("admin", "admin")
    client = web.signed_in("admin")
    big = b"%PDF-1.7\n" + b"0" * (1024 * 1024 + 10)  # settings: 1 MB a file
    response = upload(client, ("big.pdf", big))
    assert response.status_code == 400 and "1 MB" in response.text
    assert web.uploads() == []
    assert not list((web.settings.data / "files").rglob("*.pdf")) if (web.settings.data / "files").exists() else True


def test_a_body_beyond_every_file_limit_is_refused_before_it_is_read(web: Web) -> None:
    web.account("admin", "admin")
    client = web.signed_in("admin")
    token = token_of(client.get("/").text)
    huge = b"0" * (web.settings.max_body_bytes + 1)
    response = client.post("/uploads", data={"csrf_token": token}, files=[("files", ("huge.txt", huge))])
    assert response.status_code == 413
    assert web.uploads() == []


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("program.exe", b"MZ\x90\x00" + b"\x00" * 100),
        ("renamed.pdf", b"MZ\x90\x00" + b"\x00" * 100),
        ("sheet.xlsx", b"%PDF-1.4 not a workbook"),
        ("picture.png", b"GIF89a"),
        ("binary.txt", b"\x00\x01\x02\x03" * 50),
        ("noextension", b"%PDF-1.4"),
        ("empty.pdf", b""),
    ],
)
def test_a_file_of_the_wrong_type_is_refused(web: Web, name: str, data: bytes) -> None:
    web.account("admin", "admin")
    client = web.signed_in("admin")
    response = upload(client, (name, data))
    assert response.status_code == 400
    assert web.uploads() == []
    assert [e.detail["filename"] for e in web.events("upload_refused")] == [name]


def test_more_files_than_allowed_in_one_upload_are_refused(web: Web) -> None:
    web.account("admin", "admin")
    client = web.signed_in("admin")
    response = upload(client, *[(f"{i}.txt", SEED_BYTES) for i in range(4)])  # settings: 3
    assert response.status_code == 413
    assert web.uploads() == []


def test_uploaded_files_are_kept_by_hash_outside_the_served_folder(web: Web) -> None:
    web.account("admin", "admin")
    client = web.signed_in("admin")
    uid = upload_id(upload(client, ("../../etc/朝阳.txt", SEED_BYTES)))
    row = web.upload_row(uid)
    assert row.filename == "朝阳.txt"
    assert row.stored.startswith("files/") and row.sha256 in row.stored
    assert (web.settings.data / row.stored).read_bytes() == SEED_BYTES
    assert client.get(f"/static/../data/{row.stored}").status_code == 404
    assert client.get(f"/{row.stored}").status_code == 404


# ---- audit log ------------------------------------------------------------------------------------


def test_every_action_is_in_the_audit_log(two_offices: tuple[Web, int]) -> None:
    web, uid = two_offices
    admin = web.signed_in("admin")
    login(web.client(), "filer_b", "not-the-password")
    admin.get(f"/uploads/{uid}")
    admin.get(f"/uploads/{uid}/findings.json")
    token = token_of(admin.get("/admin/accounts").text)
    admin.post(
        "/admin/accounts",
        data={
            "csrf_token": token,
            "username": "new_filer",
            "display_name": "新人",
            "password": "fresh-pass-2024",
            "role": "filer",
            "organisation": "某局",
            "region": "上海市",
        },
    )
    admin.post("/logout", data={"csrf_token": token})
    seen = {(e.actor, e.action) for e in web.events()}
    expected = {
        ("filer_a", "login"),
        ("filer_a", "upload"),
        ("filer_a", "upload_checked"),
        ("filer_b", "login_failed"),
        ("admin", "login"),
        ("admin", "view"),
        ("admin", "download"),
        ("admin", "account_created"),
        ("admin", "logout"),
    }
    assert expected <= seen, expected - seen
    uploaded = web.events("upload")[0]
    assert uploaded.object_id == uid and uploaded.detail["filename"] == "朝阳社保2024.txt" and len(uploaded.detail["sha256"]) == 64
    assert "address" in uploaded.detail
    page = admin.get("/admin/audit")
    assert page.status_code in (200, 303)


def test_the_audit_page_lists_the_log(two_offices: tuple[Web, int]) -> None:
    web, _ = two_offices
    admin = web.signed_in("admin")
    text = admin.get("/admin/audit?actor=filer_a").text
    assert "upload_checked" in text and "filer_b" not in text


# ---- the REST API ---------------------------------------------------------------------------------


def _token(web: Web, username: str) -> str:
    client = web.signed_in(username)
    made = client.post("/account/tokens", data={"csrf_token": token_of(client.get("/account").text), "name": "测试"})
    found = re.search(r'<code id="new-token">([^<]+)</code>', made.text)
    assert found
    return found.group(1)


def test_the_api_needs_a_valid_token_and_never_a_cookie(two_offices: tuple[Web, int]) -> None:
    web, uid = two_offices
    owner = web.signed_in("filer_a")  # signed in by cookie: not enough for the API (no CSRF there)
    assert owner.get("/api/v1/uploads").status_code == 401
    assert owner.get(f"/api/v1/uploads/{uid}").status_code == 401
    anonymous = web.client()
    assert anonymous.get("/api/v1/uploads", headers={"Authorization": "Bearer js_made_up"}).status_code == 401
    assert web.events("token_refused")


def test_a_filer_s_token_sees_nothing_of_another_office(two_offices: tuple[Web, int]) -> None:
    web, uid = two_offices
    headers = {"Authorization": f"Bearer {_token(web, 'filer_b')}"}
    client = web.client()
    assert client.get(f"/api/v1/uploads/{uid}", headers=headers).status_code == 404
    assert all(u["id"] != uid for u in client.get("/api/v1/uploads", headers=headers).json())
    assert all("社会保险" not in d["name"] for d in client.get("/api/v1/departments", headers=headers).json())


def test_a_revoked_token_is_refused(two_offices: tuple[Web, int]) -> None:
    web, uid = two_offices
    token = _token(web, "filer_a")
    headers = {"Authorization": f"Bearer {token}"}
    client = web.client()
    detail = client.get(f"/api/v1/uploads/{uid}", headers=headers)
    assert detail.status_code == 200 and detail.json()["check"]["summary"]["error"] == 5
    owner = web.signed_in("filer_a")
    with web.store.reading() as session:
        token_id = session.scalars(select(s.ApiToken.id)).one()
    assert (
        owner.post(
            f"/account/tokens/{token_id}/revoke", data={"csrf_token": token_of(owner.get("/account").text)}, follow_redirects=False
        ).status_code
        == 303
    )
    assert client.get(f"/api/v1/uploads/{uid}", headers=headers).status_code == 401
    with web.store.reading() as session:
        stored = session.scalars(select(s.ApiToken.token_hash)).one()
    assert token not in stored  # kept as its hash only


def test_api_uploads_keep_the_same_limits(web: Web) -> None:
    web.account("admin", "admin")
    headers = {"Authorization": f"Bearer {_token(web, 'admin')}"}
    client = web.client()
    refused = client.post("/api/v1/uploads", headers=headers, files=[("files", ("x.exe", b"MZ\x90\x00"))])
    assert refused.status_code == 400 and refused.json()["refused"][0]["filename"] == "x.exe"
    too_many = client.post("/api/v1/uploads", headers=headers, files=[("files", (f"{i}.txt", SEED_BYTES)) for i in range(4)])
    assert too_many.status_code == 413
    accepted = client.post("/api/v1/uploads", headers=headers, files=[("files", ("seed.txt", SEED_BYTES))])
    assert accepted.status_code == 202
    (uid,) = accepted.json()["accepted"]
    assert web.wait(uid).status == "done"
    body = client.get(f"/api/v1/uploads/{uid}", headers=headers).json()
    assert body["status"] == "done" and any(f["rule_id"] == "YZ01" for f in body["check"]["findings"])
    departments = client.get("/api/v1/departments", headers=headers).json()
    history = client.get(f"/api/v1/departments/{departments[0]['id']}", headers=headers).json()
    figures = dict(history["years"]["figures"])
    assert all(v is None or isinstance(v, str) for v in figures["收入总计"])  # exact decimal text, never a float
    assert ("admin", "upload") in {(e.actor, e.action) for e in web.events()}


def test_the_api_is_described(web: Web) -> None:
    client = web.client()
    schema = client.get("/openapi.json").json()
    assert set(schema["paths"]) == {
        "/api/v1/uploads",
        "/api/v1/uploads/{upload_id}",
        "/api/v1/departments",
        "/api/v1/departments/{department_id}",
    }
    assert "/api/v1/uploads" in client.get("/docs").text
