"""Checking many documents (layer 3, above :mod:`juesuan.api`, below the CLI): any number, on all
cores or a Dask cluster, in constant memory, surviving whatever one file does.

- ``jobs``: one document's work (:func:`run_job`: read, check, render, annotate) and its
  :class:`DocumentOutcome` (checked, unreadable, failed, skipped, interrupted — never an exception).
- ``inputs``: the files of a batch, walked lazily in a stable order.
- ``sinks``: where outcomes go as they arrive — the :class:`Sink` protocol, the summary table
  (CSV/JSON/JSON Lines) and the findings output, written incrementally and renamed into place.
- ``local``: worker processes with a private pipe each: a dead worker costs one file (retried once),
  per-document time and memory limits, Ctrl-C ends every process within a second.
- ``cluster``: the same jobs on Dask distributed (``--scheduler``).
- ``run``: :func:`run_batch`, which ties them together and counts the outcomes.

Nothing here holds every report: each outcome is handed to the sinks and dropped.
"""

from typing import TYPE_CHECKING

from juesuan.batch.inputs import InputFile, count_inputs, is_batch, page_document, walk_inputs
from juesuan.batch.jobs import CheckOptions, Counts, DocumentOutcome, Job, Limits, Status, run_job
from juesuan.lazy import lazy_names

# the executor (run_batch) and the sinks (and the csv, json and tempfile modules they write with,
# and their CSV/HTML escaping) load on first use: a check of one file runs as one job in this
# process and writes through none of them
if TYPE_CHECKING:
    from juesuan.batch.run import BatchResult, run_batch
    from juesuan.batch.sinks import (
        FINDINGS_FORMATS,
        SUMMARY_COLUMNS,
        SUMMARY_FORMATS,
        FindingRowsWriter,
        FindingsWriter,
        Sink,
        SummaryWriter,
        summary_row,
    )

_RUN = ("BatchResult", "run_batch")
_SINKS = ("FINDINGS_FORMATS", "SUMMARY_COLUMNS", "SUMMARY_FORMATS", "FindingRowsWriter", "FindingsWriter", "Sink", "SummaryWriter", "summary_row")

__all__ = [
    "FINDINGS_FORMATS",
    "SUMMARY_COLUMNS",
    "SUMMARY_FORMATS",
    "BatchResult",
    "CheckOptions",
    "Counts",
    "DocumentOutcome",
    "FindingRowsWriter",
    "FindingsWriter",
    "InputFile",
    "Job",
    "Limits",
    "Sink",
    "Status",
    "SummaryWriter",
    "count_inputs",
    "is_batch",
    "page_document",
    "run_batch",
    "run_job",
    "summary_row",
    "walk_inputs",
]


__getattr__ = lazy_names(__name__, {**dict.fromkeys(_RUN, "juesuan.batch.run"), **dict.fromkeys(_SINKS, "juesuan.batch.sinks")})
