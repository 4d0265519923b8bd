"""The web app's protections, each a small function the routes call: password hashes (argon2id,
argon2-cffi), random tokens for sessions and forms, rate limits (the ``limits`` library, a moving
window in memory), and what an uploaded file really is (its first bytes must agree with its suffix).
"""

from __future__ import annotations

import codecs
import hashlib
import hmac
import secrets
from functools import cache

from limits import RateLimitItem, parse
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter

from juesuan.web.settings import ALLOWED_SUFFIXES

__all__ = [
    "RateLimits",
    "file_problem",
    "hash_password",
    "dummy_hash",
    "new_token",
    "password_problem",
    "same_token",
    "token_hash",
    "verify_password",
]

MIN_PASSWORD = 10


@cache
def _hasher():  # type: ignore[no-untyped-def]
    from argon2 import PasswordHasher

    return PasswordHasher()  # argon2id with the library's current recommended parameters


def hash_password(password: str) -> str:
    return str(_hasher().hash(password))


def verify_password(stored: str, password: str) -> bool:
    """Whether ``password`` matches the stored hash (False for a malformed hash, never an exception)."""
    from argon2.exceptions import InvalidHashError, VerificationError

    try:
        return bool(_hasher().verify(stored, password))
    except (VerificationError, InvalidHashError):
        return False


@cache
def dummy_hash() -> str:
    """A hash to verify against when the user name is unknown, so that both cases take the same time."""
    return hash_password(secrets.token_urlsafe(16))


def password_problem(password: str, username: str = "") -> str | None:
    """Why a new password will not do (Chinese), or None."""
    if len(password) < MIN_PASSWORD:
        return f"密码至少 {MIN_PASSWORD} 个字符"
    if username and username.lower() in password.lower():
        return "密码不能包含用户名"
    if len(set(password)) < 4:
        return "密码过于简单"
    return None


def new_token() -> str:
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def same_token(given: str | None, expected: str | None) -> bool:
    """Constant-time comparison of a form's token with the one expected (both must be present)."""
    if not given or not expected:
        return False
    return hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))


class RateLimits:
    """Moving-window limits kept in memory (one server process): sign-ins per address and per
    user name, and uploaded files per account."""

    def __init__(self, login: str, upload: str) -> None:
        self._limiter = MovingWindowRateLimiter(MemoryStorage())
        self.login: RateLimitItem = parse(login)
        self.upload: RateLimitItem = parse(upload)

    def allow_login(self, address: str, username: str) -> bool:
        by_address = self._limiter.hit(self.login, "login-address", address)
        by_name = self._limiter.hit(self.login, "login-user", username.strip().lower())
        return by_address and by_name

    def allow_upload(self, account_id: int, files: int) -> bool:
        return self._limiter.hit(self.upload, "upload", str(account_id), cost=max(files, 1))


# ---- what an uploaded file is ---------------------------------------------------------------------

_ZIP = (b"PK\x03\x04",)
_OLE = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",)
_MAGIC: dict[str, tuple[bytes, ...]] = {
    ".xlsx": _ZIP,
    ".docx": _ZIP,
    ".xls": _OLE,
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".tif": (b"II*\x00", b"MM\x00*"),
    ".tiff": (b"II*\x00", b"MM\x00*"),
    ".bmp": (b"BM",),
}
_TEXT = (".html", ".htm", ".txt", ".md", ".json", ".yaml", ".yml")


def file_problem(filename: str, head: bytes) -> str | None:
    """Why a file named ``filename`` whose first bytes are ``head`` is refused (Chinese), or None.
    The suffix must be one juesuan reads, and the bytes must be of that type: a program renamed
    to ``.pdf`` is refused here, before anything reads it."""
    suffix = "." + filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if suffix not in ALLOWED_SUFFIXES:
        return f"不支持的文件类型“{suffix or '（无扩展名）'}”，可上传 " + "、".join(s.lstrip(".") for s in ALLOWED_SUFFIXES)
    if not head:
        return "文件是空的"
    if suffix == ".pdf":
        return None if b"%PDF-" in head[:1024] else "扩展名是 .pdf，内容却不是 PDF"
    if suffix in _MAGIC:
        return None if head.startswith(_MAGIC[suffix]) else f"扩展名是 {suffix}，内容却不是该类型的文件"
    if suffix in _TEXT:
        if b"\x00" in head:
            return f"扩展名是 {suffix}，内容却不是文字"
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                codecs.getincrementaldecoder(encoding)().decode(head, final=False)  # the head may end inside a character
                return None
            except UnicodeDecodeError:
                continue
        return f"扩展名是 {suffix}，内容却不是 UTF-8 或 GBK 文字"
    return None  # pragma: no cover - every allowed suffix is handled above
