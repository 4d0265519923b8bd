"""Fixtures for the writer's tests: the seed's derived input, the made-up department, and each
output rendered once per session (PDF rendering is the slow one)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from juesuan.ingest.template import read_sheets
from juesuan.model.inputs import DocumentInput
from juesuan.render.build import build_document
from juesuan.render.derive import derive_input
from juesuan.render.profile import load_profile
from juesuan.render.view import Document

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "render"
MADE_UP = FIXTURES / "made_up_department.yaml"
GOLDEN = Path(__file__).resolve().parent / "golden"


def made_up_sheets() -> dict:  # type: ignore[type-arg]
    return yaml.safe_load(MADE_UP.read_text(encoding="utf-8"))


def pdf_or_skip(view: Document) -> bytes:
    """The view as PDF; the test is skipped where no Chinese font is installed."""
    from juesuan.render.writers.pdf import FontMissing, write_pdf

    try:
        return write_pdf(view)
    except FontMissing as exc:  # `make test` installs the fonts; a bare pytest may lack them
        pytest.skip(str(exc))


@pytest.fixture(scope="session")
def seed_input(seed_report) -> DocumentInput:  # type: ignore[no-untyped-def]
    return derive_input(seed_report)


@pytest.fixture(scope="session")
def seed_view(seed_input: DocumentInput) -> Document:
    return build_document(seed_input, load_profile("liaoning"))


@pytest.fixture(scope="session")
def made_up_input() -> DocumentInput:
    return read_sheets(made_up_sheets(), str(MADE_UP))


@pytest.fixture(scope="session")
def made_up_view(made_up_input: DocumentInput) -> Document:
    return build_document(made_up_input, load_profile("liaoning"))


@pytest.fixture(scope="session")
def made_up_view_shanghai(made_up_input: DocumentInput) -> Document:
    return build_document(made_up_input, load_profile("shanghai"))


@pytest.fixture(scope="session")
def seed_markdown(seed_view: Document, tmp_path_factory: pytest.TempPathFactory) -> Path:
    from juesuan.render.writers.markdown import write_markdown

    path = tmp_path_factory.mktemp("md") / "seed.md"
    path.write_text(write_markdown(seed_view), encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def made_up_pdf(made_up_view: Document) -> bytes:
    return pdf_or_skip(made_up_view)


@pytest.fixture(scope="session")
def made_up_pdf_shanghai(made_up_view_shanghai: Document) -> bytes:
    return pdf_or_skip(made_up_view_shanghai)


@pytest.fixture(scope="session")
def seed_pdf(seed_view: Document) -> bytes:
    return pdf_or_skip(seed_view)


@pytest.fixture(scope="session")
def made_up_docx(made_up_view: Document) -> bytes:
    from juesuan.render.writers.docx import write_docx

    return write_docx(made_up_view)
