"""What a file is before a library opens it: size limits, ZIP packages (XLSX, DOCX) checked for
bombs from their directory alone, and the old binary Office files (an encrypted XLSX or DOCX is one
of those too).

Every check reads at most the file's first bytes and the ZIP directory, so a hostile file is
refused in milliseconds, before any part of it is decompressed. The limits are documented in
``docs/formats.md``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from juesuan.diagnostics import ReadError, os_problem
from juesuan.record import Record

__all__ = [
    "CFB_MAGIC",
    "ZipLimits",
    "check_size",
    "check_zip",
    "is_cfb",
    "looks_like_text",
    "read_head",
    "sniff",
]

CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # OLE2 compound file: .xls, .doc, encrypted OOXML
ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")

MB = 1024 * 1024


@dataclass(frozen=True, repr=False)
class ZipLimits(Record):
    """How much a ZIP package may hold before it is refused unopened."""

    entries: int = 2000  # a workbook with 100 sheets has about 300 parts
    part: int = 64 * MB  # one part (a sheet, the document body) uncompressed
    total: int = 256 * MB  # all parts uncompressed
    ratio: int = 200  # uncompressed / compressed, for parts over 1 MB (XML compresses 10–50 times)


def read_head(path: Path, size: int = 8192) -> bytes:
    try:
        with path.open("rb") as fh:
            return fh.read(size)
    except OSError as exc:
        raise ReadError(str(path), f"无法打开文件：{os_problem(exc)}") from exc


def check_size(path: Path, limit: int, what: str) -> int:
    """The file's size; a :class:`ReadError` when it is empty or over ``limit`` bytes."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ReadError(str(path), f"无法打开文件：{os_problem(exc)}") from exc
    if size == 0:
        raise ReadError(str(path), "文件是空的")
    if size > limit:
        raise ReadError(str(path), f"文件过大（{size / MB:.1f} MB），{what}不应超过 {limit // MB} MB")
    return size


def is_cfb(head: bytes) -> bool:
    return head.startswith(CFB_MAGIC)


def looks_like_text(head: bytes) -> bool:
    """Bytes that decode as text with hardly any control characters."""
    if not head or b"\x00" in head:
        return False
    for encoding in ("utf-8", "gb18030"):
        try:
            text = head.decode(encoding)
        except UnicodeDecodeError:
            # the sample may end inside a character
            try:
                text = head[:-4].decode(encoding)
            except UnicodeDecodeError:
                continue
        controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\r\n\f")
        return controls <= len(text) // 100
    return False


def sniff(path: Path) -> str:
    """``zip``, ``cfb`` (old Office binary or an encrypted package), ``text`` or ``binary``."""
    head = read_head(path)
    if head.startswith(ZIP_MAGIC):
        return "zip"
    if is_cfb(head):
        return "cfb"
    if looks_like_text(head):
        return "text"
    return "binary"


def cfb_is_encrypted(path: Path) -> bool:
    """An OOXML package protected by a password is a compound file with an ``EncryptedPackage``
    stream; its directory names are UTF-16. The directory sits near the start of small files and
    anywhere in large ones, so the whole file (already size-checked) is searched."""
    try:
        data = path.read_bytes()
    except OSError:
        return False
    return "EncryptedPackage".encode("utf-16-le") in data or "EncryptionInfo".encode("utf-16-le") in data


def check_zip(path: Path, what: str, limits: ZipLimits | None = None) -> list[str]:
    """The names of a ZIP package's parts, after checking its directory against ``limits``.

    Raises a :class:`ReadError` naming the problem: not a ZIP file, a broken one, too many parts,
    parts too large or compressed too well (a zip bomb), or encrypted parts.
    """
    import zipfile  # here: a check of a PDF or a text file opens no ZIP package

    lim = limits or ZipLimits()
    name = str(path)
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
    except zipfile.BadZipFile as exc:
        raise ReadError(name, f"{what}已损坏，无法作为 ZIP 压缩包打开（{exc}）") from exc
    except (OSError, ValueError, EOFError, NotImplementedError, RuntimeError) as exc:
        raise ReadError(name, f"{what}已损坏（{exc}）") from exc
    if len(infos) > lim.entries:
        raise ReadError(name, f"{what}包含 {len(infos)} 个部件，超过上限 {lim.entries}，疑似恶意文件，未打开")
    total = 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise ReadError(name, f"{what}中的部件“{info.filename}”已加密，无法读取")
        if info.file_size > lim.part:
            raise ReadError(
                name, f"{what}中的部件“{info.filename}”解压后有 {info.file_size / MB:.0f} MB，超过上限 {lim.part // MB} MB，未打开"
            )
        if info.file_size > MB and info.file_size > lim.ratio * max(info.compress_size, 1):
            ratio = info.file_size // max(info.compress_size, 1)
            raise ReadError(name, f"{what}中的部件“{info.filename}”压缩比高达 {ratio} 倍，疑似压缩炸弹，未打开")
        total += info.file_size
    if total > lim.total:
        raise ReadError(name, f"{what}解压后共 {total / MB:.0f} MB，超过上限 {lim.total // MB} MB，疑似压缩炸弹，未打开")
    return [info.filename for info in infos]
