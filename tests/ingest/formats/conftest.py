"""Inputs for the Excel, Word and HTML readers: the writer's documents, rendered once per session.

The made-up department is rendered in full (charts included) to Markdown, XLSX, DOCX and HTML;
the seed is rendered through the same writers with its charts left out (drawing them is the
slow part of the Word writer, and a chart holds nothing a reader reads).
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
import yaml

from juesuan.api import render_document
from juesuan.ingest.template import read_sheets
from juesuan.render.build import build_document
from juesuan.render.derive import derive_input
from juesuan.render.profile import load_profile
from juesuan.render.view import Chart

MADE_UP = Path(__file__).resolve().parents[2] / "fixtures" / "render" / "made_up_department.yaml"
FORMATS = ("xlsx", "docx", "html")


@pytest.fixture(scope="session")
def made_up_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The made-up department as ``md``, ``xlsx``, ``docx`` and ``html`` files."""
    doc = read_sheets(yaml.safe_load(MADE_UP.read_text(encoding="utf-8")), str(MADE_UP))
    view = build_document(doc, load_profile("liaoning"))
    return _write_all(view, tmp_path_factory.mktemp("made_up"), "made_up")


@pytest.fixture(scope="session")
def made_up_shanghai_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The made-up department in the Shanghai layout (tables before the text, no 行次; charts left
    out) as ``md``, ``xlsx``, ``docx`` and ``html`` files."""
    doc = read_sheets(yaml.safe_load(MADE_UP.read_text(encoding="utf-8")), str(MADE_UP))
    view = build_document(doc, load_profile("shanghai"))
    view = dataclasses.replace(view, blocks=tuple(b for b in view.blocks if not isinstance(b, Chart)))
    return _write_all(view, tmp_path_factory.mktemp("made_up_shanghai"), "made_up")


@pytest.fixture(scope="session")
def seed_files(seed_report, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:  # type: ignore[no-untyped-def]
    """The seed written by the writer (without charts) as ``md``, ``xlsx``, ``docx`` and ``html``."""
    view = build_document(derive_input(seed_report), load_profile("liaoning"))
    view = dataclasses.replace(view, blocks=tuple(b for b in view.blocks if not isinstance(b, Chart)))
    return _write_all(view, tmp_path_factory.mktemp("seed"), "seed")


def _write_all(view, folder: Path, stem: str) -> dict[str, Path]:  # type: ignore[no-untyped-def]
    """``view`` written as ``md`` and every format the readers take, one file each."""
    out = {}
    for fmt in ("md", *FORMATS):
        path = folder / f"{stem}.{fmt}"
        path.write_bytes(render_document(view, fmt))
        out[fmt] = path
    return out
