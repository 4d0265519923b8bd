"""The web app (layer 4): the pages finance offices and reviewers use, on the store.

- ``settings`` — where the store and the uploaded files live, and the limits (size, type, count, rate);
- ``security`` — argon2 password hashes, session and CSRF tokens, rate limits, what an uploaded file is;
- ``accounts`` — organisations, accounts and roles, signed-in sessions, who may see what;
- ``worker`` — uploads checked in the background (worker processes), never in a request;
- ``pages`` — a PDF's pages as pictures, and the boxes of each finding on them;
- ``app`` — the FastAPI application: the pages (Jinja2, Chinese) and their forms.

The app reads and checks documents through :mod:`juesuan.api` and keeps everything in the store
(:mod:`juesuan.store`), whose tables include its accounts, sessions and uploads; every action goes
into the store's audit log (``events``). ``juesuan serve`` runs it with Uvicorn.
"""

from __future__ import annotations

from juesuan.web.settings import Settings

__all__ = ["Settings", "create_app"]


def create_app(settings: Settings | None = None):  # type: ignore[no-untyped-def]  # FastAPI is imported lazily
    """The application for ``settings`` (the defaults: ``juesuan.db`` and ``juesuan-data/`` here)."""
    from juesuan.web.app import build_app

    return build_app(settings or Settings())
