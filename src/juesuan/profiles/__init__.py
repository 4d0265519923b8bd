"""Region and family profiles (layer 1½): everything a layout implies, one data file per region.

Detection clues, table numbers and titles, required tables and sections, share denominators,
the 绩效 scoring policy, and the writer's layout and sentences all live in one profile file
(``builtin/<name>.toml``, or a user's own file: see :mod:`juesuan.profiles.registry`). Readers, the
checker and the writer ask the profile; none tests a family name.

- :mod:`~juesuan.profiles.profile` — the :class:`Profile` (the file's schema and what rules ask);
- :mod:`~juesuan.profiles.registry` — built-in and user profiles, by name;
- :mod:`~juesuan.profiles.detection` — which layout a document is in, by scored clues;
- :mod:`~juesuan.profiles.kinds` — which kind of document it is (决算, 预算, 绩效报告), by scored clues.
"""

from __future__ import annotations

from juesuan.profiles.detection import Detection, Layout, detect, layout_of
from juesuan.profiles.profile import FEATURES, Clue, Profile, TableEntry
from juesuan.profiles.registry import ENV, Registry, TitleSet, is_path, load_profile, profile_names, registry, using
from juesuan.scoring import NATIONAL, ScoringPolicy

__all__ = [
    "ENV",
    "FEATURES",
    "Clue",
    "Detection",
    "Layout",
    "Profile",
    "Registry",
    "TableEntry",
    "TitleSet",
    "detect",
    "is_path",
    "layout_of",
    "load_profile",
    "profile_names",
    "registry",
    "scoring_policy",
    "using",
]


def scoring_policy(name: str) -> ScoringPolicy:
    """A 绩效 scoring policy by name: ``national`` (财预〔2020〕10号), or the policy of the profile
    of that name (``liaoning``, ``shanghai`` …)."""
    if name == NATIONAL.name:
        return NATIONAL
    known = registry()
    if name in known:
        return known.get(name).scoring
    for profile in known:
        if profile.scoring.name == name:
            return profile.scoring
    raise ValueError(f"没有名为“{name}”的绩效评分办法（可选：national、{'、'.join(known.names())}）")
