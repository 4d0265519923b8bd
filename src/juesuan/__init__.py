"""juesuan（决算）: read, check and write Chinese departmental final accounts (部门决算).

Layers (imports point down, enforced by import-linter):

- ``model`` (L0): the typed report — money, codes, tables, narrative, 绩效, provenance.
- ``diagnostics``, ``classification`` (L1): findings; the classification catalogue.
- ``ingest``, ``check``, ``render`` (L2): readers, the checker, the writers — independent.
- ``api`` (L3): orchestration.  ``cli`` (L4): the command line.
"""

__version__ = "0.1.0"
