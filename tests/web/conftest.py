"""The web app under test: a store of its own per test, uploads checked by a thread (workers=0),
and small limits so that each can be reached in a few requests."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from juesuan.store import Store
from juesuan.store import schema as s
from juesuan.web import Settings, create_app
from juesuan.web.accounts import create_account

PASSWORD = "correct-horse-42"
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


@dataclass
class Web:
    settings: Settings
    store: Store
    app: object
    clients: list[TestClient] = field(default_factory=list)

    def client(self) -> TestClient:
        client = TestClient(self.app)  # type: ignore[arg-type]
        self.clients.append(client)
        return client

    def account(self, username: str, role: str, organisation: str = "", region: str = "") -> None:
        with self.store.transaction() as session:
            create_account(
                session, username=username, password=PASSWORD, role=role, organisation_name=organisation, region=region, created_by="test"
            )

    def signed_in(self, username: str) -> TestClient:
        client = self.client()
        response = login(client, username, PASSWORD)
        assert response.status_code == 303, response.text
        return client

    def upload_row(self, upload_id: int) -> s.Upload:
        with self.store.reading() as session:
            row = session.get(s.Upload, upload_id)
            assert row is not None
            return row

    def wait(self, upload_id: int, timeout: float = 120) -> s.Upload:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            row = self.upload_row(upload_id)
            if row.status in ("done", "failed"):
                return row
            time.sleep(0.1)
        raise AssertionError(f"upload {upload_id} not checked in {timeout} s")

    def events(self, action: str | None = None) -> list[s.Event]:
        with self.store.reading() as session:
            query = select(s.Event).order_by(s.Event.id)
            if action:
                query = query.where(s.Event.action == action)
            return list(session.scalars(query))

    def uploads(self) -> list[s.Upload]:
        with self.store.reading() as session:
            return list(session.scalars(select(s.Upload).order_by(s.Upload.id)))


def token_of(html: str) -> str:
    found = CSRF.search(html)
    assert found, "the page has no CSRF token"
    return found.group(1)


def login(client: TestClient, username: str, password: str) -> object:
    form = client.get("/login")
    return client.post(
        "/login", data={"username": username, "password": password, "csrf_token": token_of(form.text)}, follow_redirects=False
    )


def upload(client: TestClient, *files: tuple[str, bytes], token: str | None = None) -> object:
    if token is None:
        token = token_of(client.get("/").text)
    return client.post(
        "/uploads", data={"csrf_token": token}, files=[("files", (name, data)) for name, data in files], follow_redirects=False
    )


def upload_id(response: object) -> int:
    location = response.headers["location"]  # type: ignore[attr-defined]
    return int(location.rsplit("/", 1)[-1])


@pytest.fixture
def web(tmp_path: Path) -> Iterator[Web]:
    settings = Settings(
        db=str(tmp_path / "web.db"),
        data=tmp_path / "data",
        workers=0,
        max_file_mb=1,
        max_files=3,
        max_pending=10,
        login_rate="5/minute",
        upload_rate="6/minute",
    )
    app = create_app(settings)
    harness = Web(settings=settings, store=app.state.store, app=app)  # type: ignore[attr-defined]
    with TestClient(app):  # runs the lifespan: the checker starts and stops with it
        yield harness
    for client in harness.clients:
        client.close()
