"""Session-wide pytest set-up: a headless plot backend, a quiet TensorFlow, one worker a track.

The suite runs on every core (pytest-xdist, ``--dist loadgroup``). Every test item that
belongs to a track is put in that track's group, named by the notebook stem
(``03_mf_basic``): the cells of its tutorial, lab and solution (nbval runs a notebook one
cell per item, so its cells must share one worker and its kernel), and the tests marked
``reads_results`` that check what those notebooks recorded. A group runs on one worker, in
collection order, and the results tests are sorted after every notebook, so they read what
their own track wrote in this run. Unit tests carry no group and go wherever a core is free.

xdist hands the groups out in collection order (``--no-loadscope-reorder``: not by their
number of tests), so the tracks are collected long ones first (``LONGEST_FIRST``): the long
ones start at once, and the short ones and the unit tests fill the end of the run, when a
worker would otherwise wait idle for the other to finish a long track.

A ``reads_results`` test names its track in the marker (``reads_results("03_mf_basic")``)
or through a parameter that is a notebook (``source``) or a notebook stem (``stem``).
"""

import os
from pathlib import Path

import matplotlib
import pytest

# Headless plots in this process; the notebooks' kernels keep Jupyter's inline backend, so
# their figures are outputs (the slide decks show them).
matplotlib.use("Agg")
# TensorFlow's start-up notes stay out of every executed notebook (the kernels inherit this).
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "1")
# One thread per kernel: the suite already runs one notebook per core, and two kernels that
# each spread over every core slow each other down (measured: 04's solution 54 s -> 45 s
# beside 03's). The figures do not change (every printed figure of 03 and 04 identical).
for _variable in ("TF_NUM_INTRAOP_THREADS", "TF_NUM_INTEROP_THREADS", "OMP_NUM_THREADS",
                  "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")

# Long tracks first, in an order set from an earlier suite run's times. 04 has since grown the
# longest; with this order the two workers still end within about 15 s of each other (a run
# of 1,910 worker-seconds took 970 s), so it is kept.
LONGEST_FIRST = ("05_mf_dnn", "04_mf_history", "06_retrieval", "03_mf_basic",
                 "02_dnn_pokemon", "clinic_implicit_auc", "clinic_deep_mf",
                 "clinic_next_movie", "clinic_dense_vs_sparse", "01_ml_framework",
                 "00_environment_check")
NOTEBOOK_STEMS = {path.stem for folder in ("notebooks", "labs", "solutions")
                  for path in (Path(__file__).parent / folder).glob("*.ipynb")}


def track_of(item) -> str | None:
    """The notebook stem whose group ``item`` runs in, or None for a free-standing test."""
    if item.path.suffix == ".ipynb":
        return item.path.stem
    marker = item.get_closest_marker("reads_results")
    if marker is None:
        return None
    if marker.args:
        return marker.args[0]
    params = getattr(item, "callspec", None)
    for value in (params.params.values() if params else ()):
        if isinstance(value, (str, Path)) and Path(value).stem in NOTEBOOK_STEMS:
            return Path(value).stem
    raise pytest.UsageError(
        f"{item.nodeid} reads results but names no notebook: "
        "mark it reads_results('<notebook stem>')")


@pytest.hookimpl(tryfirst=True)  # before xdist reads the groups
def pytest_collection_modifyitems(session, config, items):
    for item in items:
        track = track_of(item)
        if track is not None:
            if track not in NOTEBOOK_STEMS:
                raise pytest.UsageError(f"{item.nodeid}: no notebook is named {track!r}")
            if track not in LONGEST_FIRST:
                raise pytest.UsageError(f"{track}: give it its place in LONGEST_FIRST")
            item.add_marker(pytest.mark.xdist_group(track))
    items.sort(key=_collection_rank)


def _collection_rank(item) -> tuple[int, bool]:
    """Tracks longest first, unit tests last; in a track, notebooks before results tests."""
    track = track_of(item)
    rank = LONGEST_FIRST.index(track) if track is not None else len(LONGEST_FIRST)
    return rank, item.get_closest_marker("reads_results") is not None


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
