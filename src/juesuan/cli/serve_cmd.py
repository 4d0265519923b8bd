"""``juesuan serve``: the web app (FastAPI on Uvicorn) on the store."""

import os
from pathlib import Path
from typing import Annotated

import typer

from juesuan.cli.common import err, fail

__all__ = ["register"]

DB_HELP = "文档库：文件名（SQLite，默认当前文件夹下的 juesuan.db，或环境变量 JUESUAN_DB）或数据库地址，如 postgresql://用户@主机/库"


def serve_command(
    host: Annotated[
        str, typer.Option("--host", help="监听的地址；默认只有本机可以访问，局域网使用时设为 0.0.0.0（请放在 HTTPS 代理之后）")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="端口")] = 8000,
    db: Annotated[str | None, typer.Option("--db", help=DB_HELP)] = None,
    data: Annotated[Path, typer.Option("--data", help="保存上传文件和页面图片的文件夹（按内容的哈希保存，不直接对外提供）")] = Path(
        "juesuan-data"
    ),
    workers: Annotated[int, typer.Option("--workers", help="在后台审核上传文件的进程数（默认为 CPU 核数减一，至少 1）")] = 0,
    max_upload_mb: Annotated[int, typer.Option("--max-upload-mb", help="单个上传文件的大小上限（MB）")] = 50,
    max_files: Annotated[int, typer.Option("--max-files", help="一次最多上传的文件数")] = 20,
    init_admin: Annotated[
        bool,
        typer.Option(
            "--init-admin", help="先创建管理员账户（询问用户名和密码；也可用环境变量 JUESUAN_ADMIN_USER、JUESUAN_ADMIN_PASSWORD），然后启动"
        ),
    ] = False,
    secure_cookies: Annotated[
        bool, typer.Option("--secure-cookies", help="只通过 HTTPS 发送登录 Cookie（在 HTTPS 代理之后运行时使用）")
    ] = False,
) -> None:
    """启动网页版：上传决算文档、在页面图片上查看每个问题、按部门和年度对比。默认打开 http://127.0.0.1:8000 。

    第一次打开时创建管理员账户（或用 --init-admin 在命令行创建）；管理员再为审核人员、填报人员开设账户。
    """
    from juesuan.store import StoreError
    from juesuan.web import Settings

    if not 1 <= port <= 65535:
        raise fail(f"端口应在 1–65535 之间，不是 {port}")
    if max_upload_mb < 1 or max_files < 1:
        raise fail("--max-upload-mb 和 --max-files 至少为 1")
    settings = Settings(
        db=db,
        data=data,
        workers=workers or max(1, (os.cpu_count() or 2) - 1),
        max_file_mb=max_upload_mb,
        max_files=max_files,
        secure_cookies=secure_cookies,
    )
    try:
        data.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise fail(f"{data}：无法创建数据文件夹（{exc.strerror}）") from None
    try:
        if init_admin:
            _init_admin(settings)
        from juesuan.web import create_app

        application = create_app(settings)
    except StoreError as exc:
        raise fail(str(exc)) from None
    import uvicorn

    err.print(
        f"juesuan 网页版：http://{host}:{port} （文档库 {application.state.store.where}，上传文件在 {data.resolve()}；按 Ctrl-C 停止）"
    )
    uvicorn.run(application, host=host, port=port, log_level="warning", access_log=False)


def _init_admin(settings: object) -> None:
    from sqlalchemy import select

    from juesuan import api
    from juesuan.store import schema as s
    from juesuan.web import accounts
    from juesuan.web.security import password_problem

    username = os.environ.get("JUESUAN_ADMIN_USER") or typer.prompt("管理员用户名")
    password = os.environ.get("JUESUAN_ADMIN_PASSWORD") or typer.prompt(
        "密码（至少 10 个字符）", hide_input=True, confirmation_prompt="再次输入密码"
    )
    problem = password_problem(password, username)
    if problem:
        raise fail(problem)
    store = api.open_store(getattr(settings, "db", None))
    try:
        with store.transaction() as session:
            if session.scalars(select(s.Account.id).where(s.Account.username == username)).first() is not None:
                raise fail(f"用户名“{username}”已被使用")
            accounts.create_account(
                session, username=username, password=password, role="admin", organisation_name="", region="", created_by="（命令行）"
            )
            accounts.log(session, username, "account_created", "account", None, role="admin", by="juesuan serve --init-admin")
    finally:
        store.close()
    err.print(f"已创建管理员账户“{username}”")


def register(app: typer.Typer) -> None:
    app.command("serve")(serve_command)
