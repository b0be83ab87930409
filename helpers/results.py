"""Record a notebook's headline figures (and test predictions) for tests and reviewers.

Files land in ``results/<folder>/<stem>.json`` at the top of the repository, where
``<folder>`` follows the role the notebook gave ``runtime.setup`` (``notebooks`` for a
tutorial, ``labs``, ``solutions``; ``scratch`` before any setup call). ``results/`` is
git-ignored: these are build products. ``WORKSHOP_RESULTS_DIR`` moves the whole tree
elsewhere (the leak test writes its shuffled run there).

Used by: every notebook that trains a model.
"""

from __future__ import annotations

import json
import numbers
import os
from pathlib import Path

import numpy as np
import pandas as pd

from helpers import runtime
from helpers.paths import NOTEBOOK_FOLDERS, RESULTS_DIR


def results_root() -> Path:
    """``results/`` at the top of the repository, or ``$WORKSHOP_RESULTS_DIR`` when set."""
    return Path(os.environ.get("WORKSHOP_RESULTS_DIR") or RESULTS_DIR)


def results_folder(role: str | None = None) -> Path:
    """``results/<folder>`` for ``role`` (by default the running notebook's role)."""
    role = role or runtime.current_role()
    return results_root() / NOTEBOOK_FOLDERS.get(role, "scratch")


def record(
    stem: str,
    figures: dict[str, float],
    test: pd.DataFrame | None = None,
    predictions: np.ndarray | None = None,
    variant: str | None = None,
) -> None:
    """Write ``figures`` to ``<stem>.json``; with ``test`` and ``predictions``, also the CSV.

    Args:
        stem: the notebook's name without ``.ipynb``, e.g. ``"03_mf_basic"``.
        figures: name -> number (accuracy, RMSE, seconds, epochs...).
        test: the test ratings (columns ``userId``, ``movieId``, ``rating``), one per row of
            ``predictions``; written as ``<stem>[.<variant>].predictions.csv``. Its columns
            named ``prediction_<name>`` (other methods' predictions of the same rows) are
            written too, after ``prediction``.
        predictions: the predicted rating per test row, shape ``(len(test),)``.
        variant: names a second protocol's predictions (``"seed2017"``); its figures are
            merged into the same JSON under keys prefixed ``<variant>_``. Record the main
            protocol first: a call without ``variant`` starts the JSON afresh.

    Prints the files it wrote and returns nothing, so a cell that ends with it shows no path.
    """
    bad = {name: value for name, value in figures.items() if not _is_number(value)}
    if bad:
        raise TypeError(f"figures must be numbers; these are not: {bad}")
    folder = results_folder()
    folder.mkdir(parents=True, exist_ok=True)
    json_path = folder / f"{stem}.json"
    prefix = f"{variant}_" if variant else ""
    stored = json.loads(json_path.read_text()) if variant and json_path.exists() else {}
    stored.update({prefix + name: float(value) for name, value in figures.items()})
    json_path.write_text(json.dumps(stored, indent=2, sort_keys=True) + "\n")
    written = [json_path]
    if test is not None or predictions is not None:
        written.append(_write_predictions(folder, stem, test, predictions, variant))
    print("Recorded", ", ".join(_relative(path) for path in written))


def _write_predictions(
    folder: Path,
    stem: str,
    test: pd.DataFrame | None,
    predictions: np.ndarray | None,
    variant: str | None,
) -> Path:
    if test is None or predictions is None:
        raise TypeError("pass both test (the test ratings) and predictions (one per test row)")
    predictions = np.asarray(predictions, dtype=float).reshape(-1)
    if len(predictions) != len(test):
        raise ValueError(
            f"expected {len(test)} predictions (one per test row), got {len(predictions)}"
        )
    others = [column for column in test.columns if column.startswith("prediction_")]
    frame = test[["userId", "movieId", "rating"]].assign(prediction=predictions)
    frame[others] = test[others].to_numpy(dtype=float)
    name = f"{stem}.{variant}.predictions.csv" if variant else f"{stem}.predictions.csv"
    frame.to_csv(folder / name, index=False, float_format="%.5f")
    return folder / name


def _is_number(value: object) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


def _relative(path: Path) -> str:
    root = results_root()
    return f"{root.name}/{path.relative_to(root).as_posix()}"


def record_rows(stem: str, name: str, rows: list[dict[str, float]]) -> None:
    """Add a table of figures to ``<stem>.json`` under ``name``: a list of ``{column: number}``.

    For results that are a series rather than one number each (a measurement at several
    sizes). :func:`record` starts the JSON afresh, so call it first and this afterwards; this
    keeps what the file holds and replaces only ``name``.

    Args:
        stem: the notebook's name without ``.ipynb``.
        name: the key of the table in the JSON, e.g. ``"sizes"``.
        rows: one dict per row, every value a number.

    Prints what it wrote and returns nothing, as :func:`record` does.

    Used by: ``clinic_dense_vs_sparse``.
    """
    if not isinstance(rows, list) or not all(isinstance(row, dict) for row in rows):
        raise TypeError(f"rows must be a list of dicts (column -> number), not {rows!r:.60}")
    bad = [row for row in rows if not all(_is_number(value) for value in row.values())]
    if bad:
        raise TypeError(f"every value of every row must be a number; these rows are not: {bad}")
    folder = results_folder()
    folder.mkdir(parents=True, exist_ok=True)
    json_path = folder / f"{stem}.json"
    stored = json.loads(json_path.read_text()) if json_path.exists() else {}
    stored[name] = [{column: float(value) for column, value in row.items()} for row in rows]
    json_path.write_text(json.dumps(stored, indent=2, sort_keys=True) + "\n")
    print("Recorded", f"{len(rows)} rows of {name!r} in", _relative(json_path))


def record_top10(stem: str, top: pd.DataFrame) -> None:
    """Write a model's catalogue lists to ``<stem>.top10.csv``: ``userId, movieId, rank``.

    Args:
        stem: the notebook's name without ``.ipynb``.
        top: one row per (user, rank), original ids, as
            :func:`helpers.metrics.catalogue_report` returns it.

    Prints what it wrote and returns nothing, as :func:`record` does.

    Used by: the solutions of ``03_mf_basic``, ``04_mf_history``, ``05_mf_dnn``;
    ``clinic_next_movie``.
    """
    columns = ["userId", "movieId", "rank"]
    if not isinstance(top, pd.DataFrame) or list(top.columns) != columns:
        raise TypeError(f"expected a DataFrame with the columns {columns}")
    folder = results_folder()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{stem}.top10.csv"
    top.to_csv(path, index=False)
    print("Recorded", _relative(path))
