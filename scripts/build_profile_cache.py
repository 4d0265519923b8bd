"""Validate the built-in profiles and write them to ``src/juesuan/profiles/builtin.pickle``.

Run after changing a built-in profile (``src/juesuan/profiles/builtin/*.toml``), the profile
models or the Pydantic version: ``python scripts/build_profile_cache.py`` (``make docs`` does it).
The output is committed; ``tests/profiles/test_cache.py`` fails while it is stale, and until it is
remade juesuan validates the built-in files on every run instead (correct, ~15 ms slower).
"""

from __future__ import annotations

import sys

from juesuan.profiles.registry import make_cache

if __name__ == "__main__":
    print(f"已写入 {make_cache()}", file=sys.stderr)
