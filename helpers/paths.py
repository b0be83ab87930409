"""Where the workshop's folders are: the one place that knows the repository's layout.

``REPO_DIR`` is the repository root (the folder of ``README.md``); every other module and
the tests take their paths from here.

Used by: ``helpers.data``, ``helpers.results``, ``helpers.runtime``, ``helpers.labs`` and the
tests.
"""

from __future__ import annotations

from pathlib import Path

REPO_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = REPO_DIR / "data"
RESULTS_DIR = REPO_DIR / "results"
NOTEBOOK_FOLDERS = {"tutorial": "notebooks", "lab": "labs", "solution": "solutions"}
"""Each notebook role and the folder its notebooks live in (and its results are written to)."""
