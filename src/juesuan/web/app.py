"""The FastAPI application: server-rendered Chinese pages (Jinja2) over the store.

Every page but the sign-in and first-run pages needs a signed-in session (a random cookie whose
SHA-256 is in ``web_sessions``); every form carries the session's CSRF token (before signing in,
a token in a cookie of its own); sign-ins and uploads are rate-limited; an upload is refused
beyond its size, type and count limits before anything reads it; what a user may not see is
"not found"; and every action is written to the audit log. No page needs JavaScript.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import shutil
import tempfile
import threading
from collections import Counter, OrderedDict
from collections.abc import Awaitable, Callable, Iterable
from contextlib import asynccontextmanager
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import quote

import jinja2
from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.routing import APIRoute
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from sqlalchemy import func, select
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from juesuan import api
from juesuan.diagnostics import CheckReport, Finding
from juesuan.store import Store
from juesuan.store import schema as s
from juesuan.store.export import finding_rows, write_findings
from juesuan.store.types import utcnow
from juesuan.web import accounts, pages
from juesuan.web.accounts import ROLES, Viewer
from juesuan.web.security import RateLimits, file_problem, new_token, password_problem, same_token
from juesuan.web.settings import Settings
from juesuan.web.worker import Checker

__all__ = ["build_app"]

HERE = Path(__file__).resolve().parent
SESSION_COOKIE = "juesuan_session"
FORM_COOKIE = "juesuan_form"  # the CSRF token of forms shown before signing in
BEIJING = timezone(timedelta(hours=8))
LEVELS = {"error": "错误", "warning": "警告", "rounding": "尾差", "info": "提示"}
_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
GENERATE_SUFFIXES = (".xlsx", ".json", ".yaml", ".yml")
GENERATE_FORMATS = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": _XLSX,
    "html": "text/html; charset=utf-8",
    "md": "text/markdown; charset=utf-8",
}
#: the problem a file that cannot be read is listed as: no document, not even a draft, can be written from it
UNREADABLE = "无法读取"
_LEVEL_ORDER = {"error": 0, "warning": 1, "info": 2, "rounding": 3}
STATUS = {"queued": "排队中", "checking": "审核中", "done": "已审核", "failed": "未能审核"}


class Refused(Exception):
    """A request answered with a Chinese page: ``status`` and ``message``."""

    def __init__(self, status: int, message: str, *, title: str = "") -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.title = title


class NeedsSignIn(Exception):
    pass


# ---- request body limit ---------------------------------------------------------------------------


class BodyLimit:
    """Refuses (413) a request body larger than ``limit`` bytes while it arrives: by its
    Content-Length before reading anything, and by counting for a body sent in chunks."""

    def __init__(self, app: ASGIApp, limit: Callable[[str], int]) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in ("POST", "PUT", "PATCH"):
            await self.app(scope, receive, send)
            return
        limit = self.limit(scope["path"])
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            await _too_large(send, limit)
            return
        seen = 0
        started = False

        async def counting() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise _BodyTooLarge
            return message

        async def tracking(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counting, tracking)
        except _BodyTooLarge:
            if not started:
                await _too_large(send, limit)


class _BodyTooLarge(Exception):
    pass


async def _too_large(send: Send, limit: int) -> None:
    body = f"上传的内容超过上限（{limit // (1024 * 1024)} MB）".encode()
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [(b"content-type", b"text/plain; charset=utf-8"), (b"content-length", str(len(body)).encode())],
        }
    )
    await send({"type": "http.response.body", "body": body})


# ---- the application ------------------------------------------------------------------------------


class Reports:
    """The current check of a version, rebuilt from the store once per check run: a later run (a
    re-check when another document arrives) is a new key, so nothing stale is ever shown."""

    SIZE = 64

    def __init__(self, store: Store) -> None:
        self.store = store
        self._lock = threading.Lock()
        self._cache: OrderedDict[int, CheckReport] = OrderedDict()

    def current(self, version_id: int) -> CheckReport | None:
        with self.store.reading() as session:
            run = session.scalar(select(s.CheckRun.id).where(s.CheckRun.version_id == version_id, s.CheckRun.superseded_at.is_(None)))
        if run is None:
            return None
        with self._lock:
            if run in self._cache:
                self._cache.move_to_end(run)
                return self._cache[run]
        report = self.store.check_of(version_id)
        if report is not None:
            with self._lock:
                self._cache[run] = report
                while len(self._cache) > self.SIZE:
                    self._cache.popitem(last=False)
        return report


def build_app(settings: Settings) -> FastAPI:
    settings.data.mkdir(parents=True, exist_ok=True)
    store = api.open_store(settings.db)
    checker = Checker(store, settings.data.resolve(), settings.workers)
    limits = RateLimits(settings.login_rate, settings.upload_rate)
    reports = Reports(store)
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(HERE / "templates"), autoescape=True, trim_blocks=True, lstrip_blocks=True)
    env.filters["when"] = _when
    env.filters["money"] = lambda v: "" if v is None else f"{v:,}"
    env.globals.update(ROLES=ROLES, LEVELS=LEVELS, STATUS=STATUS)
    templates = Jinja2Templates(env=env)

    @asynccontextmanager
    async def lifespan(_app: FastAPI):  # type: ignore[no-untyped-def]
        checker.start()
        yield
        checker.stop()
        store.close()

    app = FastAPI(
        title="juesuan 网页版 API",
        description="上传部门决算并取得审核结果、查询部门的历史。认证：请求头 Authorization: Bearer 令牌（在网页“我的账户”中生成）。",
        version="1",
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
        openapi_url="/openapi.json",
    )
    app.state.settings = settings
    app.state.store = store
    app.state.checker = checker
    app.state.limits = limits
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.add_middleware(BodyLimit, limit=lambda path: settings.max_body_bytes if path == "/uploads" else 64 * 1024)

    @app.middleware("http")
    async def headers(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        response = await call_next(request)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault(
            "Content-Security-Policy", "default-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'"
        )
        return response

    # ---- helpers over the request ----

    def address(request: Request) -> str:
        return request.client.host if request.client else ""

    def viewer_of(request: Request) -> Viewer | None:
        with store.reading() as session:
            return accounts.signed_in(session, request.cookies.get(SESSION_COOKIE))

    def need(request: Request, *roles: str) -> Viewer:
        viewer = viewer_of(request)
        if viewer is None:
            raise NeedsSignIn
        if roles and viewer.role not in roles:
            raise Refused(403, "您的角色不能使用这个页面")
        return viewer

    def audit(actor: str, action: str, object_type: str = "", object_id: int | None = None, **detail: Any) -> None:
        with store.transaction() as session:
            accounts.log(session, actor, action, object_type, object_id, **detail)

    def page(request: Request, name: str, viewer: Viewer | None, status: int = 200, **context: Any) -> HTMLResponse:
        return templates.TemplateResponse(request, name, {"viewer": viewer, **context}, status_code=status)

    def anonymous_form(request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
        token = request.cookies.get(FORM_COOKIE) or new_token()
        response = page(request, name, None, status, csrf=token, **context)
        response.set_cookie(FORM_COOKIE, token, httponly=True, samesite="strict", secure=settings.secure_cookies, path="/")
        return response

    def check_form(form: Any, expected: str | None, viewer: Viewer | None, request: Request) -> None:
        if not same_token(form.get("csrf_token") if form is not None else None, expected):
            audit(viewer.username if viewer else "", "csrf_refused", "request", None, path=request.url.path, address=address(request))
            raise Refused(403, "表单已过期或来源不明（CSRF 校验未通过），请刷新页面后重试")

    def has_accounts() -> bool:
        with store.reading() as session:
            return bool(session.scalar(select(func.count()).select_from(s.Account)))

    def signed_in_response(token: str, target: str = "/") -> RedirectResponse:
        response = RedirectResponse(target, status_code=303)
        response.set_cookie(
            SESSION_COOKIE,
            token,
            httponly=True,
            samesite="lax",
            secure=settings.secure_cookies,
            max_age=settings.session_hours * 3600,
            path="/",
        )
        response.delete_cookie(FORM_COOKIE, path="/")
        return response

    def visible_upload(viewer: Viewer, upload_id: int) -> s.Upload:
        with store.reading() as session:
            upload = session.scalars(select(s.Upload).where(s.Upload.id == upload_id, accounts.upload_scope(viewer))).first()
        if upload is None:
            raise Refused(404, "没有这份上传的文件（或您无权查看）")
        return upload

    def source_of(upload: s.Upload) -> Path:
        return pages.page_source(settings.data / upload.stored, settings.data / "pages" / upload.sha256)

    def check_of(upload: s.Upload) -> CheckReport | None:
        return reports.current(upload.version_id) if upload.version_id is not None else None

    # ---- errors ----

    @app.exception_handler(NeedsSignIn)
    async def to_sign_in(request: Request, _exc: NeedsSignIn) -> Response:
        if request.method == "GET":
            return RedirectResponse("/login?next=" + quote(request.url.path), status_code=303)
        return HTMLResponse("请先登录", status_code=401)

    @app.exception_handler(Refused)
    async def refused(request: Request, exc: Refused) -> Response:
        if request.url.path.startswith("/api/"):
            return JSONResponse({"detail": exc.message}, status_code=exc.status)
        return page(request, "message.jinja", None, exc.status, title=exc.title or _status_title(exc.status), message=exc.message)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        return page(
            request, "message.jinja", None, exc.status_code, title=_status_title(exc.status_code), message=_status_title(exc.status_code)
        )

    # ---- first run, signing in and out ----

    @app.get("/setup", response_class=HTMLResponse)
    def setup_form(request: Request) -> Response:
        if has_accounts():
            return RedirectResponse("/login", status_code=303)
        return anonymous_form(request, "setup.jinja")

    @app.post("/setup")
    async def setup(request: Request) -> Response:
        form = await request.form()
        check_form(form, request.cookies.get(FORM_COOKIE), None, request)
        fields = {k: str(form.get(k) or "").strip() for k in ("username", "password", "organisation", "region", "display_name")}
        fields["password"] = str(form.get("password") or "")
        problem = _account_problem(fields["username"], fields["password"], str(form.get("password2") or ""))
        if problem:
            return anonymous_form(request, "setup.jinja", 400, error=problem, form=fields)

        def create() -> str | None:
            with store.transaction() as session:
                if session.scalar(select(func.count()).select_from(s.Account)):
                    return None  # someone was first
                accounts.create_account(
                    session, username=fields["username"], password=fields["password"], role="admin", organisation_name=fields["organisation"],
                    region=fields["region"], display_name=fields["display_name"], created_by="（首次运行）",
                )  # fmt: skip
                accounts.log(session, fields["username"], "setup", "account", None, address=address(request))
                return accounts.sign_in(session, fields["username"], fields["password"], address(request), settings.session_hours)

        token = await run_in_threadpool(create)
        if token is None:
            raise Refused(409, "已有账户，请登录")
        return signed_in_response(token)

    @app.get("/login", response_class=HTMLResponse)
    def login_form(request: Request, next: str = "/") -> Response:
        if not has_accounts():
            return RedirectResponse("/setup", status_code=303)
        return anonymous_form(request, "login.jinja", next=_local(next))

    @app.post("/login")
    async def login(request: Request) -> Response:
        form = await request.form()
        check_form(form, request.cookies.get(FORM_COOKIE), None, request)
        username = str(form.get("username") or "").strip()
        password = str(form.get("password") or "")
        target = _local(str(form.get("next") or "/"))
        if not limits.allow_login(address(request), username):
            await run_in_threadpool(audit, username, "login_limited", "account", None, address=address(request))
            return anonymous_form(request, "login.jinja", 429, error="登录尝试过于频繁，请稍后再试", username=username, next=target)

        def attempt() -> str | None:
            with store.transaction() as session:
                token = accounts.sign_in(session, username, password, address(request), settings.session_hours)
                accounts.log(session, username, "login" if token else "login_failed", "account", None, address=address(request))
                return token

        token = await run_in_threadpool(attempt)
        if token is None:
            return anonymous_form(request, "login.jinja", 401, error="用户名或密码不正确", username=username, next=target)
        return signed_in_response(token, target)

    @app.post("/logout")
    async def logout(request: Request) -> Response:
        viewer = need(request)
        form = await request.form()
        check_form(form, viewer.csrf, viewer, request)
        token = request.cookies.get(SESSION_COOKIE, "")

        def end() -> None:
            with store.transaction() as session:
                accounts.end_session(session, token)
                accounts.log(session, viewer.username, "logout", "account", viewer.account_id, address=address(request))

        await run_in_threadpool(end)
        response = RedirectResponse("/login", status_code=303)
        response.delete_cookie(SESSION_COOKIE, path="/")
        return response

    # ---- uploads ----

    @app.get("/", response_class=HTMLResponse)
    def home(request: Request) -> Response:
        if not has_accounts():
            return RedirectResponse("/setup", status_code=303)
        viewer = need(request)
        return page(request, "home.jinja", viewer, uploads=_uploads(store, viewer), settings=settings)

    async def read_upload_form(request: Request) -> Any:
        try:
            return await request.form(max_files=settings.max_files, max_fields=5)
        except HTTPException as exc:
            raise Refused(413, f"一次最多上传 {settings.max_files} 个文件") from exc

    async def receive(request: Request, viewer: Viewer, form: Any) -> tuple[list[int], list[tuple[str, str]]]:
        """Take the files of an upload form (the page's or the API's): the limits first, then each
        file saved by hash and queued. Returns the new uploads' ids and the refused files' reasons."""
        files = [f for f in form.getlist("files") if isinstance(f, UploadFile) and f.filename]
        if not files:
            raise Refused(400, "请选择要上传的文件")
        if not limits.allow_upload(viewer.account_id, len(files)):
            await run_in_threadpool(audit, viewer.username, "upload_limited", "upload", None, files=len(files), address=address(request))
            raise Refused(429, "上传过于频繁，请稍后再试")
        pending = await run_in_threadpool(_pending, store, viewer.account_id)
        if pending + len(files) > settings.max_pending:
            raise Refused(429, f"您还有 {pending} 个文件在排队审核，最多 {settings.max_pending} 个，请稍后再上传")
        accepted: list[tuple[str, str, int, str]] = []
        refused_files: list[tuple[str, str]] = []
        for item in files:
            name = _safe_name(item.filename or "")
            saved = await run_in_threadpool(_save, item, name, settings)
            if isinstance(saved, str):
                refused_files.append((name, saved))
            else:
                accepted.append((name, *saved))
        where = address(request)

        def record() -> list[int]:
            ids = []
            with store.transaction() as session:
                for name, sha256, size, stored in accepted:
                    row = s.Upload(
                        account_id=viewer.account_id, organisation_id=viewer.organisation_id, filename=name, sha256=sha256, size=size,
                        stored=stored, status="queued", department="",
                    )  # fmt: skip
                    session.add(row)
                    session.flush()
                    ids.append(row.id)
                    accounts.log(
                        session, viewer.username, "upload", "upload", row.id, filename=name, sha256=sha256, size=size, address=where
                    )
                for name, problem in refused_files:
                    accounts.log(session, viewer.username, "upload_refused", "upload", None, filename=name, problem=problem, address=where)
            return ids

        ids = await run_in_threadpool(record)
        for upload_id in ids:
            checker.submit(upload_id)
        return ids, refused_files

    @app.post("/uploads")
    async def upload(request: Request) -> Response:
        viewer = need(request)
        form = await read_upload_form(request)
        check_form(form, viewer.csrf, viewer, request)
        ids, refused_files = await receive(request, viewer, form)
        if refused_files:
            status = 400 if not ids else 200
            listing = await run_in_threadpool(_uploads, store, viewer)
            return page(request, "home.jinja", viewer, status, uploads=listing, settings=settings, refused=refused_files, accepted=len(ids))
        return RedirectResponse(f"/uploads/{ids[0]}" if len(ids) == 1 else "/", status_code=303)

    @app.get("/uploads/{upload_id}", response_class=HTMLResponse)
    def upload_page(request: Request, upload_id: int, level: str = "", rule: str = "") -> Response:
        viewer = need(request)
        upload = visible_upload(viewer, upload_id)
        report = check_of(upload)
        context: dict[str, Any] = {"upload": upload, "report": report, "level": level, "rule": rule}
        if report is not None:
            audit(viewer.username, "view", "upload", upload.id, version_id=upload.version_id)
            chosen = [
                (i, f) for i, f in enumerate(report.findings) if (not level or pages.level(f) == level) and (not rule or f.rule_id == rule)
            ]
            chosen.sort(key=lambda pair: (_LEVEL_ORDER[pages.level(pair[1])], pair[0]))  # errors first, then in the document's order
            context.update(
                findings=_listed(report, chosen, grouped=not level and not rule),
                levels=Counter(pages.level(f) for f in report.findings),
                rules=sorted(Counter(f.rule_id for f in report.findings).items()),
                by_table=sorted(
                    Counter(f.locations[0].table or "（文字部分或全文）" for f in report.findings if f.locations).items(),
                    key=lambda kv: -kv[1],
                ),
                boxed_pages=sorted(pages.boxes_by_page(report)) if _paged(upload) else [],
                changes=_changes(store, reports, upload.version_id, report),
                paged=_paged(upload),
                summary=report.summary,
            )
        return page(request, "upload.jinja", viewer, **context)

    @app.get("/uploads/{upload_id}/page/{number}", response_class=HTMLResponse)
    def page_view(request: Request, upload_id: int, number: int, f: int | None = None) -> Response:
        viewer = need(request)
        upload = visible_upload(viewer, upload_id)
        report = check_of(upload)
        if report is None or not _paged(upload):
            raise Refused(404, "这份文件没有页面图片")
        geometry = pages.page_geometry(source_of(upload))
        if not 1 <= number <= geometry.count:
            raise Refused(404, f"没有第 {number} 页（共 {geometry.count} 页）")
        boxes = pages.boxes_by_page(report)
        width, height = geometry.sizes[number - 1]
        here = boxes.get(number, [])
        listed = sorted({b.finding for b in here})
        return page(
            request, "page.jinja", viewer, upload=upload, number=number, count=geometry.count, width=width, height=height, boxes=here,
            findings=[(i, report.findings[i]) for i in listed], selected=f, boxed_pages=sorted(boxes),
        )  # fmt: skip

    @app.get("/uploads/{upload_id}/page/{number}/image.png")
    def page_image(request: Request, upload_id: int, number: int) -> Response:
        viewer = need(request)
        upload = visible_upload(viewer, upload_id)
        if not _paged(upload):
            raise Refused(404, "这份文件没有页面图片")
        try:
            png = pages.render_page(source_of(upload), number, settings.data / "pages" / upload.sha256, settings.page_dpi)
        except IndexError:
            raise Refused(404, f"没有第 {number} 页") from None
        return Response(png, media_type="image/png", headers={"Cache-Control": "private, max-age=3600"})

    @app.get("/uploads/{upload_id}/findings.json")
    def findings_json(request: Request, upload_id: int) -> Response:
        viewer = need(request)
        upload = visible_upload(viewer, upload_id)
        report = check_of(upload)
        if report is None:
            raise Refused(404, "这份文件还没有审核结果")
        audit(viewer.username, "download", "upload", upload.id, what="findings.json")
        return Response(
            api.render_check_reports([report], "json"),
            media_type="application/json",
            headers=_attachment(f"{Path(upload.filename).stem}-审核结果.json"),
        )

    def findings_table(request: Request, upload_id: int, fmt: str) -> Response:
        viewer = need(request)
        upload = visible_upload(viewer, upload_id)
        report = check_of(upload)
        if report is None:
            raise Refused(404, "这份文件还没有审核结果")
        with tempfile.TemporaryDirectory(dir=settings.data) as folder:
            target = Path(folder) / f"findings.{fmt}"
            write_findings(_finding_rows(upload, report), target, fmt)
            data = target.read_bytes()
        audit(viewer.username, "download", "upload", upload.id, what=f"findings.{fmt}")
        media = "text/csv; charset=utf-8" if fmt == "csv" else _XLSX
        return Response(data, media_type=media, headers=_attachment(f"{Path(upload.filename).stem}-审核问题.{fmt}"))

    @app.get("/uploads/{upload_id}/findings.xlsx")
    def findings_xlsx(request: Request, upload_id: int) -> Response:
        return findings_table(request, upload_id, "xlsx")

    @app.get("/uploads/{upload_id}/findings.csv")
    def findings_csv(request: Request, upload_id: int) -> Response:
        return findings_table(request, upload_id, "csv")

    @app.get("/uploads/{upload_id}/annotated.pdf")
    def annotated(request: Request, upload_id: int) -> Response:
        viewer = need(request)
        upload = visible_upload(viewer, upload_id)
        report = check_of(upload)
        if report is None or not _paged(upload):
            raise Refused(404, "只有已审核的 PDF 或扫描图片才有标注版")
        with tempfile.TemporaryDirectory(dir=settings.data) as folder:
            target = Path(folder) / "annotated.pdf"
            api.annotate_pdf(source_of(upload), report, target)
            data = target.read_bytes()
        audit(viewer.username, "download", "upload", upload.id, what="annotated.pdf")
        return Response(data, media_type="application/pdf", headers=_attachment(f"{Path(upload.filename).stem}-已审核.pdf"))

    # ---- history and comparison from the store ----

    @app.get("/departments", response_class=HTMLResponse)
    def departments(request: Request, region: str = "") -> Response:
        viewer = need(request)
        with store.reading() as session:
            allowed = accounts.visible_departments(session, viewer)
        rows = [r for r in store.departments(region or None) if allowed is None or r.id in allowed]
        return page(request, "departments.jinja", viewer, rows=rows, region=region)

    @app.get("/departments/{department_id}", response_class=HTMLResponse)
    def department(request: Request, department_id: int, kind: str = "部门决算") -> Response:
        viewer = need(request)
        with store.reading() as session:
            allowed = accounts.visible_departments(session, viewer)
            seen = dict(
                session.execute(
                    select(s.Upload.version_id, s.Upload.id).where(accounts.upload_scope(viewer), s.Upload.version_id.is_not(None))
                ).all()
            )
        if allowed is not None and department_id not in allowed:
            raise Refused(404, "没有这个部门（或您无权查看）")
        try:
            detail = store.detail(department_id)
        except Exception:
            raise Refused(404, "没有这个部门") from None
        kind = kind if kind in ("部门决算", "单位决算") else "部门决算"
        years = store.years(department_id, kind)
        audit(viewer.username, "view", "department", department_id)
        return page(request, "department.jinja", viewer, detail=detail, years=years, kind=kind, uploads_by_version=seen)

    @app.get("/ranking", response_class=HTMLResponse)
    def ranking(request: Request, year: int | None = None, region: str = "") -> Response:
        viewer = need(request)
        with store.reading() as session:
            allowed = accounts.visible_departments(session, viewer)
            years = sorted(set(session.scalars(select(s.Document.year).where(s.Document.year > 0))), reverse=True)
        chosen = year or (years[0] if years else None)
        rows = list(store.ranking(chosen, region=region or None)) if chosen else []
        rows = [r for r in rows if allowed is None or r.department_id in allowed]
        return page(request, "ranking.jinja", viewer, rows=rows, year=chosen, years=years, region=region)

    # ---- administration ----

    @app.get("/admin/accounts", response_class=HTMLResponse)
    def accounts_page(request: Request) -> Response:
        viewer = need(request, "admin")
        return page(request, "accounts.jinja", viewer, people=_people(store))

    @app.post("/admin/accounts")
    async def add_account(request: Request) -> Response:
        viewer = need(request, "admin")
        form = await request.form()
        check_form(form, viewer.csrf, viewer, request)
        fields = {k: str(form.get(k) or "").strip() for k in ("username", "display_name", "role", "organisation", "region")}
        password = str(form.get("password") or "")
        problem = _account_problem(fields["username"], password, password) or (None if fields["role"] in ROLES else "请选择角色")
        if not problem and fields["role"] != "admin" and not fields["organisation"]:
            problem = "审核人员和填报人员须属于一个单位"

        def create() -> str | None:
            with store.transaction() as session:
                if session.scalars(select(s.Account.id).where(s.Account.username == fields["username"])).first() is not None:
                    return "用户名已被使用"
                account = accounts.create_account(
                    session, username=fields["username"], password=password, role=fields["role"], organisation_name=fields["organisation"],
                    region=fields["region"], display_name=fields["display_name"], created_by=viewer.username,
                )  # fmt: skip
                accounts.log(
                    session,
                    viewer.username,
                    "account_created",
                    "account",
                    account.id,
                    username=account.username,
                    role=account.role,
                    organisation=fields["organisation"],
                )
            return None

        problem = problem or await run_in_threadpool(create)
        if problem:
            return page(request, "accounts.jinja", viewer, 400, people=_people(store), error=problem, form=fields)
        return RedirectResponse("/admin/accounts", status_code=303)

    @app.post("/admin/accounts/{account_id}/disable")
    async def disable_account(request: Request, account_id: int) -> Response:
        viewer = need(request, "admin")
        form = await request.form()
        check_form(form, viewer.csrf, viewer, request)
        if account_id == viewer.account_id:
            raise Refused(400, "不能停用自己的账户")

        def disable() -> None:
            with store.transaction() as session:
                account = session.get(s.Account, account_id)
                if account is None:
                    raise Refused(404, "没有这个账户")
                if account.disabled_at is None:
                    account.disabled_at = utcnow()
                    accounts.log(session, viewer.username, "account_disabled", "account", account.id, username=account.username)

        await run_in_threadpool(disable)
        return RedirectResponse("/admin/accounts", status_code=303)

    @app.get("/admin/audit", response_class=HTMLResponse)
    def audit_page(request: Request, actor: str = "", action: str = "") -> Response:
        viewer = need(request, "admin")
        with store.reading() as session:
            query = select(s.Event).order_by(s.Event.id.desc()).limit(300)
            if actor:
                query = query.where(s.Event.actor == actor)
            if action:
                query = query.where(s.Event.action == action)
            events = list(session.scalars(query))
        return page(request, "audit.jinja", viewer, events=events, actor=actor, action=action)

    # ---- writing the document from data (生成) ----

    def visible_generation(viewer: Viewer, generation_id: int) -> s.Generation:
        with store.reading() as session:
            found = session.scalars(
                select(s.Generation).where(s.Generation.id == generation_id, accounts.upload_scope(viewer, s.Generation))
            ).first()
        if found is None:
            raise Refused(404, "没有这份生成记录（或您无权查看）")
        return found

    def generations_of(viewer: Viewer) -> list[s.Generation]:
        with store.reading() as session:
            return list(
                session.scalars(
                    select(s.Generation).where(accounts.upload_scope(viewer, s.Generation)).order_by(s.Generation.id.desc()).limit(50)
                )
            )

    @app.get("/generate", response_class=HTMLResponse)
    def generate_page(request: Request) -> Response:
        viewer = need(request)
        return page(
            request, "generate.jinja", viewer, profiles=api.render_profiles(), generations=generations_of(viewer), settings=settings
        )

    @app.get("/generate/template.xlsx")
    def template(request: Request, profile: str = "liaoning") -> Response:
        viewer = need(request)
        if profile not in api.render_profiles():
            raise Refused(404, f"没有名为“{profile}”的可生成版式")
        with tempfile.TemporaryDirectory(dir=settings.data) as folder:
            data = api.write_template(Path(folder) / "template.xlsx", profile).read_bytes()
        audit(viewer.username, "download", "template", None, profile=profile)
        return Response(data, media_type=_XLSX, headers=_attachment("部门决算填报模板.xlsx"))

    @app.post("/generate")
    async def generate(request: Request) -> Response:
        viewer = need(request)
        form = await request.form(max_files=1, max_fields=5)
        check_form(form, viewer.csrf, viewer, request)
        item = form.get("file")
        profile = str(form.get("profile") or "liaoning")
        if not isinstance(item, UploadFile) or not item.filename:
            raise Refused(400, "请选择填好的填报模板")
        if profile not in api.render_profiles():
            raise Refused(400, f"没有名为“{profile}”的可生成版式")
        if not limits.allow_upload(viewer.account_id, 1):
            raise Refused(429, "上传过于频繁，请稍后再试")
        name = _safe_name(item.filename)
        saved = await run_in_threadpool(_save, item, name, settings, GENERATE_SUFFIXES)
        if isinstance(saved, str):
            await run_in_threadpool(audit, viewer.username, "upload_refused", "generation", None, filename=name, problem=saved)
            return page(
                request,
                "generate.jinja",
                viewer,
                400,
                profiles=api.render_profiles(),
                generations=generations_of(viewer),
                settings=settings,
                error=f"{name}：{saved}",
            )
        sha256, _size, stored = saved

        def validate() -> int:
            department, year, problems = _validate(settings.data / stored, profile)
            with store.transaction() as session:
                row = s.Generation(
                    account_id=viewer.account_id, organisation_id=viewer.organisation_id, filename=name, sha256=sha256, stored=stored,
                    profile=profile, department=department[:300], year=year, problems=problems,
                )  # fmt: skip
                session.add(row)
                session.flush()
                accounts.log(
                    session,
                    viewer.username,
                    "generate",
                    "generation",
                    row.id,
                    filename=name,
                    sha256=sha256,
                    problems=len(problems),
                    address=address(request),
                )
                return row.id

        generation_id = await run_in_threadpool(validate)
        return RedirectResponse(f"/generate/{generation_id}", status_code=303)

    def written_or_refused(generation: s.Generation, fmt: str, draft: bool) -> bytes:
        """The document, or with ``draft`` the 草稿 written past the problems (as ``render --force``);
        data with problems has no document and a clean one no draft."""
        if draft and not generation.problems:
            raise Refused(404, "数据完整、核对通过，没有草稿：请下载生成的文档")
        if draft and not _draftable(generation):
            raise Refused(409, "数据无法读取，不能生成草稿；请改正后重新上传")
        if generation.problems and not draft:
            raise Refused(409, "数据有问题，改正后再生成（问题和要改的模板单元格列在生成页面上；也可以先生成草稿）")
        try:
            return _written(settings, generation, fmt, draft=draft)
        except api.FontMissing as exc:  # the server lacks what PDF needs: said, with what to install
            raise Refused(503, str(exc), title="无法生成 PDF") from None

    @app.get("/generate/{generation_id}", response_class=HTMLResponse)
    def generation_page(request: Request, generation_id: int, draft: bool = False) -> Response:
        viewer = need(request)
        generation = visible_generation(viewer, generation_id)
        draftable = _draftable(generation)  # offered on the refusal; shown only when asked for (?draft=1)
        return page(
            request,
            "generation.jinja",
            viewer,
            generation=generation,
            formats=GENERATE_FORMATS,
            draft=draft and draftable,
            draftable=draftable,
        )

    @app.get("/generate/{generation_id}/preview.html")
    def preview(request: Request, generation_id: int, draft: bool = False) -> Response:
        viewer = need(request)
        generation = visible_generation(viewer, generation_id)
        html = written_or_refused(generation, "html", draft)
        # the written document styles itself inline; shown in a frame of this site, it may do nothing else
        headers = {
            "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'",
            "X-Frame-Options": "SAMEORIGIN",
        }
        return Response(html, media_type="text/html; charset=utf-8", headers=headers)

    @app.get("/generate/{generation_id}/document.{fmt}")
    def generated(request: Request, generation_id: int, fmt: str, draft: bool = False) -> Response:
        viewer = need(request)
        generation = visible_generation(viewer, generation_id)
        if fmt not in GENERATE_FORMATS:
            raise Refused(404, f"不支持的格式“{fmt}”")
        data = written_or_refused(generation, fmt, draft)
        audit(viewer.username, "download", "generation", generation.id, what=f"{'draft' if draft else 'document'}.{fmt}")
        name = f"{generation.department or '部门决算'}{generation.year or ''}{'（草稿）' if draft else ''}.{fmt}"
        return Response(data, media_type=GENERATE_FORMATS[fmt], headers=_attachment(name))

    # ---- personal API tokens ----

    @app.get("/account", response_class=HTMLResponse)
    def account_page(request: Request) -> Response:
        viewer = need(request)
        return page(request, "account.jinja", viewer, tokens=_tokens(store, viewer.account_id))

    @app.post("/account/tokens")
    async def new_api_token(request: Request) -> Response:
        viewer = need(request)
        form = await request.form()
        check_form(form, viewer.csrf, viewer, request)
        name = str(form.get("name") or "").strip() or "API"

        def create() -> str:
            with store.transaction() as session:
                token_id, token = accounts.create_token(session, viewer.account_id, name)
                accounts.log(session, viewer.username, "token_created", "api_token", token_id, name=name, address=address(request))
            return token

        token = await run_in_threadpool(create)
        return page(request, "account.jinja", viewer, tokens=_tokens(store, viewer.account_id), new_token=token)

    @app.post("/account/tokens/{token_id}/revoke")
    async def revoke_api_token(request: Request, token_id: int) -> Response:
        viewer = need(request)
        form = await request.form()
        check_form(form, viewer.csrf, viewer, request)

        def revoke() -> None:
            with store.transaction() as session:
                row = session.get(s.ApiToken, token_id)
                if row is None or (row.account_id != viewer.account_id and not viewer.is_admin):
                    raise Refused(404, "没有这个令牌")
                if row.revoked_at is None:
                    row.revoked_at = utcnow()
                    accounts.log(session, viewer.username, "token_revoked", "api_token", token_id, address=address(request))

        await run_in_threadpool(revoke)
        return RedirectResponse("/account", status_code=303)

    # ---- the REST API: JSON in and out, a personal token in the Authorization header ----

    def api_viewer(request: Request) -> Viewer:
        scheme, _, token = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise Refused(401, "需要 API 令牌（请求头 Authorization: Bearer 令牌；在“我的账户”页面生成）")
        with store.transaction() as session:
            viewer = accounts.token_viewer(session, token.strip())
            if viewer is None:
                accounts.log(session, "", "token_refused", "api_token", None, address=address(request), path=request.url.path)
        if viewer is None:
            raise Refused(401, "API 令牌无效或已被撤销")
        return viewer

    @app.get("/api/v1/uploads", tags=["上传与审核"], summary="列出可以看到的上传")
    def api_uploads(request: Request) -> list[dict[str, Any]]:
        """本人可以看到的上传（最近 200 个）：状态、部门、年度、问题数。"""
        viewer = api_viewer(request)
        return [_upload_json(u) | {"uploaded_by": who, "organisation": org} for u, who, org in _uploads(store, viewer)]

    @app.post("/api/v1/uploads", tags=["上传与审核"], summary="上传文件并在后台审核", status_code=202)
    async def api_upload(request: Request) -> Response:
        """multipart/form-data，字段 ``files``（可多个）。与网页上传相同的类型、大小、数量和频率限制。
        返回接收的上传编号（用 GET /api/v1/uploads/{id} 查询审核结果）和未被接收的文件及原因。"""
        viewer = await run_in_threadpool(api_viewer, request)
        form = await read_upload_form(request)
        ids, refused_files = await receive(request, viewer, form)
        body = {"accepted": ids, "refused": [{"filename": name, "problem": problem} for name, problem in refused_files]}
        return JSONResponse(body, status_code=202 if ids else 400)

    @app.get("/api/v1/uploads/{upload_id}", tags=["上传与审核"], summary="一个上传的状态和审核结果")
    def api_upload_detail(request: Request, upload_id: int) -> dict[str, Any]:
        """状态为 done 时，``check`` 是审核结果（与 ``juesuan check --format json`` 相同的结构）。"""
        viewer = api_viewer(request)
        upload = visible_upload(viewer, upload_id)
        report = check_of(upload)
        audit(viewer.username, "view", "upload", upload.id, via="api")
        body = _upload_json(upload)
        body["check"] = json.loads(api.render_check_reports([report], "json")) if report is not None else None
        return body

    @app.get("/api/v1/departments", tags=["历史与对比"], summary="可以看到的部门")
    def api_departments(request: Request, region: str = "") -> list[dict[str, Any]]:
        viewer = api_viewer(request)
        with store.reading() as session:
            allowed = accounts.visible_departments(session, viewer)
        return [_plain(r) for r in store.departments(region or None) if allowed is None or r.id in allowed]

    @app.get("/api/v1/departments/{department_id}", tags=["历史与对比"], summary="一个部门：名称沿革、各版本、逐年主要数字")
    def api_department(request: Request, department_id: int, kind: str = "部门决算") -> dict[str, Any]:
        """金额为十进制文字（万元），不经过二进制浮点。"""
        viewer = api_viewer(request)
        with store.reading() as session:
            allowed = accounts.visible_departments(session, viewer)
        if allowed is not None and department_id not in allowed:
            raise Refused(404, "没有这个部门（或您无权查看）")
        try:
            detail = store.detail(department_id)
        except Exception:
            raise Refused(404, "没有这个部门") from None
        years = store.years(department_id, kind if kind in ("部门决算", "单位决算") else "部门决算")
        return {"department": _plain(detail), "years": _plain(years)}

    @app.get("/docs", response_class=HTMLResponse, include_in_schema=False)
    def api_docs(request: Request) -> Response:
        schema = app.openapi()
        operations = [
            (method.upper(), path, op.get("summary", ""), op.get("description", ""))
            for path, methods in schema.get("paths", {}).items()
            for method, op in methods.items()
        ]
        return page(request, "docs.jinja", viewer_of(request), operations=operations)

    for route in app.routes:  # the pages are not part of the API's description
        if isinstance(route, APIRoute) and not route.path.startswith("/api/"):
            route.include_in_schema = False

    return app


# ---- helpers --------------------------------------------------------------------------------------


def _status_title(status: int) -> str:
    return {
        400: "无法处理",
        401: "请先登录",
        403: "不允许",
        404: "找不到",
        405: "不允许",
        409: "冲突",
        413: "文件过大或过多",
        429: "过于频繁",
    }.get(status, "出错了")


def _when(value: datetime | None) -> str:
    return "" if value is None else value.astimezone(BEIJING).strftime("%Y-%m-%d %H:%M")


def _local(target: str) -> str:
    """A redirect target inside this site only (``/…`` but not ``//host``)."""
    return target if target.startswith("/") and not target.startswith(("//", "/\\")) else "/"


def _attachment(name: str) -> dict[str, str]:
    return {"Content-Disposition": f"attachment; filename*=UTF-8''{quote(name)}"}


def _safe_name(name: str) -> str:
    base = name.replace("\\", "/").rsplit("/", 1)[-1].strip()
    return "".join(ch for ch in base if ch.isprintable())[:300] or "未命名"


def _account_problem(username: str, password: str, again: str) -> str | None:
    if not username or len(username) > 100 or any(ch.isspace() for ch in username):
        return "用户名不能为空，不能含空格，最多 100 个字符"
    if password != again:
        return "两次输入的密码不一致"
    return password_problem(password, username)


def _paged(upload: s.Upload) -> bool:
    return upload.stored.lower().endswith(pages.PAGED_SUFFIXES)


def _save(item: UploadFile, name: str, settings: Settings, suffixes: tuple[str, ...] | None = None) -> tuple[str, int, str] | str:
    """Copy an uploaded file into the data folder under its hash: (sha256, size, stored path),
    or the reason it is refused (``suffixes``: the only ones taken here). Nothing is kept of a
    refused file."""
    item.file.seek(0)
    head = item.file.read(4096)
    problem = file_problem(name, head)
    if not problem and suffixes is not None and Path(name).suffix.lower() not in suffixes:
        problem = "这里只接受 " + "、".join(x.lstrip(".") for x in suffixes) + " 文件"
    if problem:
        return problem
    suffix = Path(name).suffix.lower()
    incoming = settings.data / "incoming"
    incoming.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    size = 0
    fd, tmp = tempfile.mkstemp(dir=incoming, prefix=".upload-")
    try:
        with os.fdopen(fd, "wb") as out:
            chunk = head
            while chunk:
                size += len(chunk)
                if size > settings.max_file_bytes:
                    return f"文件超过 {settings.max_file_mb} MB 的上限"
                digest.update(chunk)
                out.write(chunk)
                chunk = item.file.read(1024 * 1024)
        sha256 = digest.hexdigest()
        stored = f"files/{sha256[:2]}/{sha256}{suffix}"
        target = settings.data / stored
        if not target.is_file():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(tmp, target)
        return sha256, size, stored
    finally:
        Path(tmp).unlink(missing_ok=True)


def _pending(store: Store, account_id: int) -> int:
    with store.reading() as session:
        return int(
            session.scalar(
                select(func.count())
                .select_from(s.Upload)
                .where(s.Upload.account_id == account_id, s.Upload.status.in_(("queued", "checking")))
            )
            or 0
        )


def _uploads(store: Store, viewer: Viewer) -> list[tuple[s.Upload, str, str]]:
    with store.reading() as session:
        rows = session.execute(
            select(s.Upload, s.Account.username, s.Organisation.name)
            .join(s.Account, s.Account.id == s.Upload.account_id)
            .outerjoin(s.Organisation, s.Organisation.id == s.Upload.organisation_id)
            .where(accounts.upload_scope(viewer))
            .order_by(s.Upload.id.desc())
            .limit(200)
        ).all()
    return [(u, name, org or "") for u, name, org in rows]


def _people(store: Store) -> list[tuple[s.Account, str, str]]:
    with store.reading() as session:
        rows = session.execute(
            select(s.Account, s.Organisation.name, s.Organisation.region)
            .outerjoin(s.Organisation, s.Organisation.id == s.Account.organisation_id)
            .order_by(s.Account.id)
        ).all()
    return [(a, org or "", region or "") for a, org, region in rows]


def _places(finding: Finding) -> list[str]:
    out = []
    for loc in finding.locations:
        where = loc.place()
        if loc.page:
            where = f"第 {loc.page} 页 {where}".strip()
        elif loc.sheet:
            where = f"{loc.sheet}!{loc.cell or ''} {where}".strip()
        elif loc.line:
            where = f"第 {loc.line} 行 {where}".strip()
        if where and where not in out:
            out.append(where)
    return out


def _first_page(finding: Finding) -> int | None:
    located: Iterable[int] = (loc.page for loc in finding.locations if loc.page is not None and loc.bbox is not None)
    return next(iter(located), None)


def _tokens(store: Store, account_id: int) -> list[s.ApiToken]:
    with store.reading() as session:
        return list(session.scalars(select(s.ApiToken).where(s.ApiToken.account_id == account_id).order_by(s.ApiToken.id)))


def _upload_json(upload: s.Upload) -> dict[str, Any]:
    return {
        "id": upload.id,
        "filename": upload.filename,
        "sha256": upload.sha256,
        "size": upload.size,
        "status": upload.status,
        "problem": upload.problem,
        "department": upload.department,
        "year": upload.year,
        "errors": upload.errors,
        "warnings": upload.warnings,
        "infos": upload.infos,
        "uploaded_at": upload.created_at.isoformat(),
        "checked_at": upload.finished_at.isoformat() if upload.finished_at else None,
    }


def _plain(value: Any) -> Any:
    """A query result as JSON values: decimals as their exact text, times in ISO 8601."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime):
        return value.isoformat()
    return value


def _finding_key(finding: Finding) -> tuple[str, str, str]:
    """What makes two versions' findings the same one: the rule, the first place, the message."""
    first = finding.locations[0] if finding.locations else None
    return finding.rule_id, first.place() if first else "", finding.message


def _changes(store: Store, reports: Reports, version_id: int | None, report: CheckReport) -> dict[str, Any] | None:
    """Against the previous version of the same document: the findings that are new in this one
    and those that are gone (fixed). None for a document's first version."""
    if version_id is None:
        return None
    with store.reading() as session:
        version = session.get(s.Version, version_id)
        if version is None or version.number <= 1:
            return None
        previous = session.scalars(
            select(s.Version).where(s.Version.document_id == version.document_id, s.Version.number == version.number - 1)
        ).first()
        if previous is None:
            return None
        number, imported_at = previous.number, previous.imported_at
        previous_id = previous.id
    before = reports.current(previous_id)
    if before is None:
        return None
    old = {_finding_key(f): f for f in before.findings}
    new = {_finding_key(f): f for f in report.findings}
    return {
        "number": number,
        "at": imported_at,
        "added": [f for k, f in new.items() if k not in old],
        "gone": [f for k, f in old.items() if k not in new],
        "kept": sum(1 for k in new if k in old),
    }


def _finding_rows(upload: s.Upload, report: CheckReport) -> Iterable[dict[str, object]]:
    """The findings in the store's export columns (one row each, its first place and the others)."""
    return finding_rows(report, upload.filename, upload.finished_at, lambda f: "；".join(_places(f)[1:]))


def _listed(
    report: CheckReport, chosen: list[tuple[int, Finding]], *, grouped: bool
) -> list[tuple[int, Finding, list[str], int | None, bool]]:
    """The rows of the findings table: (index, finding, places, page to show, is a consequence).
    Unfiltered, each culprit (the wrong figure, rule CU01) has the findings it explains under it,
    not repeated among the others; filtered, the findings stand alone."""
    index = {f.id: i for i, f in enumerate(report.findings) if f.id}
    rows: list[tuple[int, Finding, list[str], int | None, bool]] = []
    for i, f in chosen:
        if grouped and f.consequence_of is not None and f.consequence_of in index:
            continue
        rows.append((i, f, _places(f), _first_page(f), False))
        if grouped:
            for ref in f.consequences:
                if ref in index:
                    child = report.findings[index[ref]]
                    rows.append((index[ref], child, _places(child), _first_page(child), True))
    return rows


def _validate(path: Path, profile: str) -> tuple[str, int | None, list[dict[str, object]]]:
    """(department, year, what blocks writing) for the data at ``path``: a file that cannot be
    read, missing reasons or figures (with the template place), and the generated document's
    failing identities and the 绩效 policy (with the template cells to fix)."""
    from juesuan.render.validate import template_place

    try:
        doc = api.load_input(path)
    except api.ReadError as exc:
        return "", None, [{"what": exc.problem, "cells": [], "rule": UNREADABLE}]
    department, year = doc.department, doc.year
    try:
        view = api.build_view(doc, profile)
    except api.MissingData as exc:  # one problem per missing item, at the template place where it is filled in
        from juesuan.render.build import missing_text
        from juesuan.render.build import template_place as input_place

        missing: list[dict[str, object]] = []
        for item in exc.items:
            place = input_place(item.key)
            missing.append({"what": missing_text(item), "cells": [f"填报模板{place}"] if place else [], "rule": "缺少必需内容"})
        return department, year, missing
    problems = api.render_problems(doc, view, profile)
    return department, year, [{"what": p.what, "cells": [template_place(c) for c in p.cells], "rule": p.rule} for p in problems]


def _draftable(generation: s.Generation) -> bool:
    """Whether a 草稿 can be written past the generation's problems: there are some, and the data was read."""
    return bool(generation.problems) and not any(p.get("rule") == UNREADABLE for p in generation.problems)


def _written(settings: Settings, generation: s.Generation, fmt: str, *, draft: bool = False) -> bytes:
    """The document written from a generation's data in ``fmt``, kept once written. A ``draft`` is
    what ``juesuan render --force`` writes (the same :func:`api.render_outputs`): 草稿 on every page,
    each missing item a 【待补充：…】 naming the template cell, never a zero."""
    target = settings.data / "generated" / f"{generation.sha256}-{generation.profile}{'-draft' if draft else ''}.{fmt}"
    if target.is_file():
        return target.read_bytes()
    if draft:
        api.render_outputs(settings.data / generation.stored, [fmt], target, generation.profile, force=True)
        return target.read_bytes()
    view = api.build_view(api.load_input(settings.data / generation.stored), generation.profile)
    data = api.render_document(view, fmt)
    api.write_atomic_bytes(target, data)
    return data
