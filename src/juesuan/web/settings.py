"""What the web app is run with: the store, the folder of uploaded files, the background workers
and the limits. Every limit has a default that suits one finance office; ``juesuan serve`` sets
the common ones from its options."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from juesuan.record import Record

__all__ = ["ALLOWED_SUFFIXES", "Settings"]

#: the file types the web app takes (what juesuan reads), by suffix
ALLOWED_SUFFIXES = (
    ".pdf",
    ".xlsx",
    ".xls",
    ".docx",
    ".html",
    ".htm",
    ".txt",
    ".md",
    ".json",
    ".yaml",
    ".yml",
    ".png",
    ".jpg",
    ".jpeg",
    ".tif",
    ".tiff",
    ".bmp",
)


@dataclass(repr=False)
class Settings(Record):
    """``db``: the store (a file or URL; None: ``JUESUAN_DB`` or ``juesuan.db``). ``data``: the
    folder where uploaded files are kept by their hash (outside anything the app serves as is).
    ``workers``: background processes that check uploads (0: a thread in the server process, for tests)."""

    db: str | None = None
    data: Path = field(default_factory=lambda: Path("juesuan-data"))
    workers: int = 1
    max_file_mb: int = 50  # one uploaded file
    max_files: int = 20  # files in one upload
    max_pending: int = 40  # uploads of one account waiting or being checked
    login_rate: str = "5/minute"  # sign-in attempts per address and per user name
    upload_rate: str = "30/minute"  # files uploaded per account
    session_hours: int = 12
    page_dpi: int = 110
    secure_cookies: bool = False  # send the cookies over HTTPS only (behind a TLS proxy)

    @property
    def max_file_bytes(self) -> int:
        return self.max_file_mb * 1024 * 1024

    @property
    def max_body_bytes(self) -> int:
        """The most an upload request may carry: every file at its limit, plus the form around them."""
        return self.max_files * self.max_file_bytes + 1024 * 1024
