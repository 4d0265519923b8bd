"""Start fast: what each command loads (module lists, not timings — `benchmarks/startup.py` times them)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import CORPUS, SEED

PROBE = """
import json, sys
from juesuan.cli.app import app
try:
    app(sys.argv[1:])
except SystemExit:
    pass
print(json.dumps(sorted(sys.modules)), file=sys.stderr)
"""

WRITERS = ("jinja2", "openpyxl", "docx", "typst", "juesuan.render.build", "juesuan.render.writers", "juesuan.ingest.canonical")
# nothing a check of one file does not use: the store, the web app, and rich (a check prints through
# it only to say something went wrong)
ELSEWHERE = ("sqlalchemy", "alembic", "fastapi", "juesuan.store", "juesuan.web", "rich")
ADD_ONS = ("pymupdf4llm", "pymupdf.layout", "onnxruntime", "numpy")
# juesuan's own modules that checking one file does not use, loaded on first use: the batch's executor
# and sinks (and the escaping of their CSV/HTML), the other documents of a cross-document check (the
# history, the cells they are compared by), the sniffs of a file whose suffix names no format, the
# OCR of pictures, and every other format's reader
ONE_FILE = ("juesuan.batch.run", "juesuan.batch.sinks", "juesuan.escape", "juesuan.check.history", "juesuan.model.cells", "juesuan.ingest.common.container", "juesuan.ingest.ocr")
READERS = ("juesuan.ingest.pdf", "juesuan.ingest.text", "juesuan.ingest.excel", "juesuan.ingest.docx", "juesuan.ingest.html", "juesuan.ingest.canonical", "juesuan.ingest.template")


def loaded(*args: str) -> set[str]:
    proc = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True, check=False)
    return set(json.loads(proc.stderr.strip().splitlines()[-1]))


def test_help_loads_neither_the_model_nor_pydantic() -> None:
    """(A command module may hold `juesuan.api` as a lazy module, executed when a command runs.)"""
    modules = loaded("--help")
    assert not {m for m in modules if m.startswith(("juesuan.model", "juesuan.check", "juesuan.ingest", "pydantic"))}


def test_a_text_check_loads_no_writer_and_no_pdf_library() -> None:
    modules = loaded("check", str(SEED))
    assert "juesuan.check.rules" in modules  # it did check
    assert not {m for m in modules if m.startswith((*WRITERS, *ELSEWHERE, "pymupdf"))}


def test_a_pdf_check_loads_pymupdf_without_its_add_ons() -> None:
    modules = loaded("check", str(CORPUS / "sh-putuo-caizhengju-2024-dept-final.pdf"))
    assert "pymupdf" in modules
    assert not {m for m in modules if m.startswith((*WRITERS, *ADD_ONS, *ELSEWHERE))}


def test_a_check_of_one_file_loads_only_its_own_reader_and_no_batch_machinery() -> None:
    """A text and a PDF (one without 绩效自评表, as most published 决算 are) each load their
    reader and none of what one file does not need (``ONE_FILE``); the same document checked in a
    folder, or with ``--summary``, loads the batch's modules."""
    text = loaded("check", str(SEED))
    assert "juesuan.ingest.text.reader" in text and "juesuan.batch.jobs" in text  # it was read and checked as a job
    assert not {m for m in text if m.startswith((*ONE_FILE, *(r for r in READERS if r != "juesuan.ingest.text")))}
    pdf = loaded("check", str(CORPUS / "sh-putuo-guihuaziyuanju-2024-dept-final.pdf"))
    assert "juesuan.ingest.pdf.reader" in pdf and "juesuan.batch.jobs" in pdf
    assert not {m for m in pdf if m.startswith((*ONE_FILE, *(r for r in READERS if r != "juesuan.ingest.pdf"), "juesuan.ingest.common.performance"))}


def test_the_lazy_modules_load_when_they_are_needed(tmp_path: Path) -> None:
    """What a one-file check leaves out loads when asked for: the sinks for --summary, the
    绩效 reader for a text with 绩效自评表, the sniffs for a file without a suffix."""
    summary = loaded("check", str(SEED), "--summary", str(tmp_path / "summary.csv"))
    assert {"juesuan.batch.sinks", "juesuan.escape", "juesuan.ingest.common.performance"} <= summary
    bare = tmp_path / "seed"  # no suffix: its format is told by its content
    bare.write_bytes(SEED.read_bytes())
    assert "juesuan.ingest.common.container" in loaded("check", str(bare))


def test_the_add_ons_stay_importable_afterwards() -> None:
    """The reader hides them from PyMuPDF's start-up only: a program that wants them still gets them."""
    code = (
        "import importlib.util, sys\n"
        "from juesuan.ingest.pdf.document import pymupdf_module\n"
        "pymupdf_module()\n"
        "print(all(name not in sys.modules or sys.modules[name] is not None for name in ('pymupdf.layout', 'pymupdf4llm')))\n"
    )
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip() == "True"


GC_PROBE = """
import gc, json, os, sys
import juesuan.cli
from juesuan.cli import program
program.installed = True  # as entry() does, without its os._exit
states = {}
for args in json.loads(sys.argv[1]):
    gc.disable()
    os.environ.pop("PYDANTIC_DISABLE_PLUGINS", None)
    try:
        juesuan.cli.app(args)
    except SystemExit:
        pass
    states[args[0] + (" batch" if len(args) > 2 else "")] = [gc.isenabled(), os.environ.get("PYDANTIC_DISABLE_PLUGINS")]
print(json.dumps(states))
"""


def test_one_document_runs_without_the_garbage_collector_and_everything_else_with_it(tmp_path: Path) -> None:
    """entry() turns the cyclic collector off; a command on one document leaves it off (and skips
    Pydantic's plugin search), a batch and every other command turn it back on (here through typer;
    the fast way below)."""
    seed = str(SEED)
    runs = [["check", seed], ["rules", "TB01"], ["db", "--help"], ["check", "-o", str(tmp_path / "out.txt"), seed, seed]]
    proc = subprocess.run([sys.executable, "-c", GC_PROBE, json.dumps(runs)], capture_output=True, text=True, check=True)
    states = json.loads(proc.stdout.strip().splitlines()[-1])
    assert states["check"] == [False, "1"]
    assert states["rules"] == [False, "1"]
    assert states["db"] == [True, None]
    assert states["check batch"][0] is True


ENTRY_PROBE = """
import gc, os, sys
sys.argv[0] = "juesuan"
from juesuan.cli import program
end = program._end
def probe(code):
    state = {"gc": gc.isenabled(), "plugins": os.environ.get("PYDANTIC_DISABLE_PLUGINS"), "modules": sorted(sys.modules)}
    import json  # after the modules are listed
    print(json.dumps(state), file=sys.stderr)
    end(code)
program._end = probe
program.entry()
"""


def entry_state(*args: str, env: dict[str, str] | None = None) -> dict[str, object]:
    """What the installed program had loaded and set when the command ended."""
    proc = subprocess.run([sys.executable, "-c", ENTRY_PROBE, *args], capture_output=True, text=True, check=False, env=env)
    state: dict[str, object] = json.loads(proc.stderr.strip().splitlines()[-1])
    return state


def test_the_installed_program_checks_a_pdf_without_typer() -> None:
    """An ordinary command line of a one-document command is read without typer (juesuan.cli.fast),
    with the collector off and no plugin search, as through typer."""
    state = entry_state("check", str(CORPUS / "sh-putuo-caizhengju-2024-dept-final.pdf"), "-f", "json", "--no-info")
    modules = state["modules"]
    assert isinstance(modules, list) and "juesuan.check.rules" in modules
    assert not [m for m in modules if m.split(".")[0] in ("typer", "click")]
    assert state["gc"] is False and state["plugins"] == "1"


# standard modules a check to the screen has no use for: JSON (output in another format), temporary
# files and signal handlers (writing a file, a batch), importlib.resources (juesuan.files finds the
# packaged files), difflib (pairing per-project summaries, which a PDF without them never does), the
# batch's sinks, and pickle.py (the kept built-in profiles are read by its C half, _pickle). (What a
# check still loads beyond a plain PyMuPDF text extraction is needed: _pickle reads the kept
# built-in profiles, unicodedata normalizes names, heapq comes with Counter.most_common, hashlib
# comes with the standard library's own modules, encodings.gbk undoes a font name read as Latin-1,
# zipfile comes with PyMuPDF.) csv reads the bundled catalogue only when no current copy is kept.
UNUSED = ("json", "tempfile", "signal", "importlib.resources", "juesuan.batch.sinks", "pickle", "csv")


def _among(modules: object, names: tuple[str, ...]) -> list[str]:
    assert isinstance(modules, list)
    return [m for m in modules if any(m == name or m.startswith(name + ".") for name in names)]


def test_a_check_to_the_screen_loads_no_module_it_does_not_use() -> None:
    """Through the installed program (typer would load json, difflib … itself), outside the suite's
    switch (validating every build loads more), the catalogue kept as `make bytecode` keeps it."""
    from juesuan.check.typos import keep_index
    from juesuan.classification import keep_bundled
    from juesuan.profiles.registry import make_cache

    assert keep_bundled() is not None and keep_index() is not None and make_cache() is not None  # as `make bytecode` keeps them
    env = {**os.environ, "JUESUAN_VALIDATE_BUILDS": "0"}
    pdf = entry_state("check", str(CORPUS / "sh-putuo-guihuaziyuanju-2024-dept-final.pdf"), env=env)["modules"]
    assert "juesuan.check.rules" in pdf  # type: ignore[operator]
    assert _among(pdf, (*UNUSED, "difflib")) == []
    text = entry_state("check", str(SEED), env=env)["modules"]
    assert "juesuan.check.rules" in text  # type: ignore[operator]
    assert _among(text, (*UNUSED, "zipfile", "shutil")) == []  # no ZIP package (PyMuPDF loads zipfile for a PDF)


def test_the_installed_program_takes_typer_for_help_and_other_commands() -> None:
    for args in (["check", "--help"], ["db", "--help"]):
        modules = entry_state(*args)["modules"]
        assert isinstance(modules, list) and "typer.main" in modules


def test_a_check_never_imports_pydantic() -> None:
    """Through the installed program (typer itself imports Pydantic), outside the test suite (no
    JUESUAN_VALIDATE_BUILDS), checking a document and printing its findings needs no Pydantic: the model's records are plain dataclasses built unchecked, and the
    built-in profiles come from the validated copy kept beside the bytecode. Pydantic is for the
    boundaries (a JSON report read or written, a user's profile, the schema)."""
    from juesuan.profiles.registry import make_cache

    assert make_cache() is not None  # as `make bytecode` keeps it at install
    env = {**os.environ, "JUESUAN_VALIDATE_BUILDS": "0"}
    for document in (SEED, CORPUS / "sh-putuo-guihuaziyuanju-2024-dept-final.pdf"):
        modules = entry_state("check", str(document), env=env)["modules"]
        assert isinstance(modules, list) and "juesuan.check.rules" in modules, document.name  # it did check
        assert not {m for m in modules if m.startswith(("pydantic", "annotated_types"))}, document.name
