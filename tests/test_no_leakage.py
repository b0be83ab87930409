"""No test rating feeds a model: shuffle them, re-run the solution, the predictions stay.

For each recommender solution, the notebook is executed again with
``WORKSHOP_SHUFFLE_TEST_RATINGS`` set, so :func:`helpers.data.load_movielens` hands it
ratings whose chronological test rows swapped their ratings at random (the training part
untouched). Every recorded test prediction must come out the same as in the normal run.
Checks are lenient in the shuffled run (its test figures are meaningless) and its results
go to a temporary folder.
"""

from __future__ import annotations

import nbformat
import pandas as pd
import pytest
from nbclient import NotebookClient

from helpers.data import SHUFFLE_VARIABLE
from helpers.paths import REPO_DIR

LEAK_TESTED = {
    # stem: the predictions files of the chronological protocol it records
    "03_mf_basic": [".predictions.csv"],
    "04_mf_history": [".predictions.csv", ".new_users.predictions.csv"],
    "05_mf_dnn": [".predictions.csv", ".liked.predictions.csv"],
}
KEY = ["userId", "movieId"]

pytestmark = pytest.mark.reads_results


def _execute_shuffled(stem: str, results_dir, monkeypatch) -> None:
    monkeypatch.setenv(SHUFFLE_VARIABLE, "7")
    monkeypatch.setenv("WORKSHOP_STRICT_CHECKS", "0")
    monkeypatch.setenv("WORKSHOP_RESULTS_DIR", str(results_dir))
    folder = REPO_DIR / "solutions"
    notebook = nbformat.read(folder / f"{stem}.ipynb", as_version=4)
    NotebookClient(notebook, timeout=300, kernel_name="python3",
                   resources={"metadata": {"path": str(folder)}}).execute()


@pytest.mark.parametrize("stem", sorted(LEAK_TESTED))
def test_predictions_do_not_move_when_test_ratings_are_shuffled(
    stem, results_file, tmp_path, monkeypatch
):
    normal = {suffix: pd.read_csv(results_file("solutions", stem, suffix))
              for suffix in LEAK_TESTED[stem]}
    _execute_shuffled(stem, tmp_path, monkeypatch)
    for suffix, before in normal.items():
        after = pd.read_csv(tmp_path / "solutions" / f"{stem}{suffix}")
        pd.testing.assert_frame_equal(after[KEY], before[KEY])
        assert (after["rating"] != before["rating"]).mean() > 0.5, "the ratings were not shuffled"
        pd.testing.assert_series_equal(after["prediction"], before["prediction"], atol=1e-4)
