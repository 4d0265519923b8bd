"""The files of a batch: named files and the files under named folders, walked lazily in a stable order.

A folder is walked depth first with each directory's entries sorted by name, which is the order
of the sorted full paths, without ever holding the whole listing (a national run has 300,000
files). Hidden files and folders are left out. A file under a folder whose type juesuan does not
read is still an input — it becomes a *skipped* row, so the summary accounts for every file —
while a file named explicitly is always tried, so that an unsupported one is reported.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from juesuan.record import Record

__all__ = ["InputFile", "annotation_target", "count_inputs", "is_batch", "page_document", "walk_inputs"]


@dataclass(frozen=True, repr=False)
class InputFile(Record):
    """A file to check, named by the user or met in a folder."""

    path: Path
    in_folder: bool = False  # met while walking a folder (not named by the user)
    supported: bool = True  # a type juesuan reads (always True for a named file)


def _suffixes() -> frozenset[str]:
    from juesuan.ingest import supported_suffixes

    return frozenset(supported_suffixes())


def walk_inputs(paths: Iterable[Path]) -> Iterator[InputFile]:
    """Every input, in order: each named file, and the files under each named folder."""
    suffixes = _suffixes()
    for path in paths:
        if path.is_dir():
            yield from _walk(path, suffixes)
        else:
            yield InputFile(path)


def _walk(folder: Path, suffixes: frozenset[str]) -> Iterator[InputFile]:
    try:
        with os.scandir(folder) as it:
            entries = sorted((e for e in it if not e.name.startswith(".")), key=lambda e: e.name)
    except OSError:
        return
    for entry in entries:
        path = Path(entry.path)
        try:
            if entry.is_dir(follow_symlinks=False):
                yield from _walk(path, suffixes)
            elif entry.is_file():
                yield InputFile(path, in_folder=True, supported=path.suffix.lower() in suffixes)
        except OSError:
            continue


def count_inputs(paths: Iterable[Path]) -> int:
    return sum(1 for _ in walk_inputs(paths))


def is_batch(paths: list[Path]) -> bool:
    """Several inputs, or a folder: checked as a batch with a summary."""
    return len(paths) > 1 or any(p.is_dir() for p in paths)


def annotation_target(path: Path, folder: Path, used: set[str]) -> str:
    """Where a batch writes a PDF's annotated copy: ``<folder>/<name>.checked.pdf``, numbered when
    two inputs share a name (``used`` remembers the names given). Non-PDF inputs get ""."""
    if path.suffix.lower() != ".pdf":
        return ""
    name = f"{path.stem}.checked.pdf"
    n = 2
    while name in used:
        name = f"{path.stem}.{n}.checked.pdf"
        n += 1
    used.add(name)
    return str(folder / name)


def page_document(paths: Iterable[Path], as_pages: bool) -> tuple[Path, list[Path]] | None:
    """The pictures that make one document, and its name, or ``None``.

    Pictures named together on the command line (``第1页.jpg 第2页.jpg``) are the pages of one
    document, in the order given; with ``as_pages`` the pictures in a folder are too, in the order
    of the numbers in their names (``第2页`` before ``第10页``). Anything else is ``None``: each
    file is its own document."""
    from juesuan.ingest import image_suffixes

    images = set(image_suffixes())
    given = list(paths)
    files: list[Path] = []
    for path in given:
        if path.is_dir():
            if not as_pages:
                return None
            from juesuan.ingest.ocr.files import natural_key  # here: naming one file loads no OCR module

            files.extend(sorted((p for p in path.iterdir() if p.is_file() and p.suffix.lower() in images and not p.name.startswith(".")), key=natural_key))
        elif path.suffix.lower() in images:
            files.append(path)
        else:
            return None
    if not files or (len(files) < 2 and not as_pages):
        return None
    name = given[0] if len(given) == 1 else files[0]
    return name, files
