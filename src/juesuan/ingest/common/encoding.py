"""Bytes to text for the text and web-page readers: which encoding, and where the bytes are damaged.

Chinese documents come in UTF-8 or GB18030 (and its subsets GBK/GB2312). GB18030 decodes nearly
any byte sequence, so "try UTF-8 strictly, else GB18030" turns a UTF-8 file with one damaged byte
into a page of nonsense. Here the encoding is decided by the *proportion* of the text that decodes:
strict UTF-8 first; then the charset the page declares; then GB18030 — and a candidate that
decodes all but a few bytes (:data:`DAMAGE_SHARE` of the non-ASCII bytes) is taken with those
bytes replaced by U+FFFD. The places replaced are returned (line numbers) and the reader reports
them as a located reading hint (RD21), so one bad byte costs one character, not the document.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass, field

from juesuan.diagnostics import Finding
from juesuan.ingest.problems import Found, report
from juesuan.model.provenance import Source
from juesuan.record import Record

__all__ = ["DAMAGE_SHARE", "Decoded", "decode_bytes", "report_damage"]

#: The share of a text's non-ASCII bytes that may be damaged for its encoding still to be taken;
#: a GBK file read as UTF-8 fails on nearly every other non-ASCII byte, so the two are far apart.
DAMAGE_SHARE = 0.02
#: Damaged lines named one by one in the findings; the rest are counted.
NAMED_LINES = 10

_GB_ALIASES = {"gb2312": "gb18030", "gbk": "gb18030", "gb_2312-80": "gb18030", "x-gbk": "gb18030", "cp936": "gb18030", "utf8": "utf-8"}


@dataclass(frozen=True, repr=False)
class Decoded(Record):
    """A decoded text, the encoding it was read in, and the lines (1-based) where bytes that did
    not decode were replaced, with how many on each."""

    text: str
    encoding: str
    damaged: dict[int, int] = field(default_factory=dict)

    @property
    def damage(self) -> int:
        return sum(self.damaged.values())


def _normal(name: str | None) -> str | None:
    if not name:
        return None
    name = _GB_ALIASES.get(name.lower(), name.lower())
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _attempt(data: bytes, encoding: str) -> tuple[str, int]:
    """The text decoded with replacement, and how many replacements decoding made."""
    text = data.decode(encoding, errors="replace")
    already = data.count("\ufffd".encode(encoding)) if encoding.startswith("utf") else 0
    return text, max(0, text.count("\ufffd") - already)


def _damaged_lines(text: str, limit: int = 10_000) -> dict[int, int]:
    lines: dict[int, int] = {}
    at = text.find("\ufffd")
    line, scanned = 1, 0
    while at >= 0 and len(lines) < limit:
        line += text.count("\n", scanned, at)
        scanned = at
        lines[line] = lines.get(line, 0) + 1
        at = text.find("\ufffd", at + 1)
    return lines


def decode_bytes(data: bytes, declared: str | None = None) -> Decoded | None:
    """Decode ``data`` (no byte-order mark handling beyond UTF-8/UTF-16's own); ``None`` when no
    candidate decodes well enough (the caller says the encoding is not recognised)."""
    if data.startswith(codecs.BOM_UTF8):
        text, bad = _attempt(data[3:], "utf-8")
        return Decoded(text, "utf-8", _damaged_lines(text) if bad else {})
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text, bad = _attempt(data, "utf-16")
        return Decoded(text, "utf-16", _damaged_lines(text) if bad else {})
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    high = sum(1 for b in data if b >= 0x80) or 1
    candidates = [c for c in dict.fromkeys(("utf-8", _normal(declared), "gb18030")) if c]
    best: tuple[float, str, str, int] | None = None
    for encoding in candidates:
        try:
            text, bad = _attempt(data, encoding)
        except (LookupError, UnicodeError):
            continue
        share = bad / high
        if share <= DAMAGE_SHARE:  # the first candidate (in order of preference) that reads nearly all
            return Decoded(text, encoding, _damaged_lines(text) if bad else {})
        if best is None or share < best[0]:
            best = (share, text, encoding, bad)
    if best is None or best[0] > 0.25:
        return None
    _, text, encoding, _ = best
    return Decoded(text, encoding, _damaged_lines(text))


def report_damage(decoded: Decoded, file: str) -> list[Finding]:
    """The damaged places of a decoded text as reading hints (RD21): one per line, for the first
    :data:`NAMED_LINES` lines, then one counting the rest."""
    sink = Found()
    if not decoded.damaged:
        return sink.findings
    lines = sorted(decoded.damaged)
    shown_lines = lines[:NAMED_LINES]
    for line in shown_lines:
        report(
            sink,
            "RD21",
            [Source.quick(file=file, line=line)],
            encoding=decoded.encoding.upper(),
            where=f"第{line}行",
            count=decoded.damaged[line],
        )
    rest = lines[NAMED_LINES:]
    if rest:
        count = sum(decoded.damaged[line] for line in rest)
        report(
            sink,
            "RD21",
            [Source.quick(file=file, line=rest[0])],
            encoding=decoded.encoding.upper(),
            where=f"另有 {len(rest)} 行（自第{rest[0]}行起）",
            count=count,
        )
    return sink.findings
