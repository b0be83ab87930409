"""Session-wide pytest set-up: a headless plot backend, a quiet TensorFlow, results checks last.

Tests marked ``reads_results`` read what the notebooks wrote to ``results/``, so they are
moved after every notebook of the session (pytest collects tests/ first).
"""

import os

os.environ.setdefault("MPLBACKEND", "Agg")
# TensorFlow's start-up notes stay out of every executed notebook (the kernels inherit this).
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "1")


def pytest_collection_modifyitems(session, config, items):
    items.sort(key=lambda item: item.get_closest_marker("reads_results") is not None)
