"""Inputs for the profile tests: the seed edited line by line (line numbers stay the seed's)."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import SEED

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "profiles"


def edited_seed(replace: dict[int, tuple[str, str]]) -> str:
    """The seed with ``{line: (old, new)}`` applied; ``old`` must occur on that line exactly once."""
    lines = SEED.read_text(encoding="utf-8").split("\n")
    for number, (old, new) in replace.items():
        assert lines[number - 1].count(old) == 1, (number, lines[number - 1])
        lines[number - 1] = lines[number - 1].replace(old, new)
    return "\n".join(lines)
