"""Session-wide pytest set-up: a headless plot backend, a quiet TensorFlow, results checks last.

Tests marked ``reads_results`` read what the notebooks wrote to ``results/`` (or, for the
slide decks, the tutorials the session ran), so they are moved after every notebook of the
session (pytest collects tests/ first).
"""

import os

import matplotlib

# Headless plots in this process; the notebooks' kernels keep Jupyter's inline backend, so
# their figures are outputs (the slide decks show them).
matplotlib.use("Agg")
# TensorFlow's start-up notes stay out of every executed notebook (the kernels inherit this).
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "1")


def pytest_collection_modifyitems(session, config, items):
    items.sort(key=lambda item: item.get_closest_marker("reads_results") is not None)


def pytest_runtest_teardown(item, nextitem):
    """Keep each tutorial the suite runs, with its outputs, for its slide deck.

    nbval runs a notebook one cell per test item; once the last cell of a notebook in
    ``notebooks/`` has run, the notebook is saved to ``build/executed/``.
    """
    if not hasattr(item, "test_outputs") or item.path.parent.name != "notebooks":
        return
    item.cell.outputs = item.test_outputs or []
    if nextitem is None or nextitem.parent is not item.parent:
        from helpers.slides import keep_executed

        keep_executed(item.parent.nb, item.path.stem)
