"""Nothing computed from the test part feeds a model: perturb it, re-run, predictions stay.

Each notebook that records test predictions is executed again with
``WORKSHOP_LEAK_TEST_SEED`` set, so :func:`helpers.data.load_movielens` hands it the leak
copy of the ratings (:func:`helpers.splits.leak_test_copy`), which changes the test part
in two ways at once, the training part untouched:

- the test rows swap their *ratings* at random. A model that learnt anything from test
  ratings (a mean, a bias, a target) would now predict differently for every row;
- half the test rows (seeded) rate *another movie*, one the user never rated, with user,
  rating and timestamp kept, so every movie's test count changes. A feature computed from
  which movies appear in the test part (a count, a popularity, a "seen" flag) would now
  differ, which shuffling the ratings alone cannot show.

The split looks at users and timestamps only, so it keeps the same rows. Every prediction
of a row the copy left on its movie must come out the same as in the normal run (within
1e-4), every top-10 list the same, and every (user, movie) pair both runs score the same
score. Checks are lenient in the re-run (its test figures are meaningless) and its results
go to a temporary folder.

The re-run leaves out the code cells tagged ``not-predicting``: work that feeds no recorded
prediction (a diagnosis sweep whose choice is already written down, its plots and table).
A tag on a cell that does feed one cannot hide a leak: the re-run then stops on a missing
name, or its predictions differ from the normal run's, and the test fails.
"""

from __future__ import annotations

import nbformat
import pandas as pd
import pytest
from nbclient import NotebookClient

from helpers.data import LEAK_TEST_VARIABLE
from helpers.paths import REPO_DIR

LEAK_TESTED = {
    # (folder, stem): the files of test predictions it records
    ("solutions", "03_mf_basic"): [".predictions.csv", ".top10.csv"],
    ("solutions", "04_mf_history"): [".predictions.csv", ".new_users.predictions.csv",
                                     ".new_users_k10.predictions.csv", ".top10.csv"],
    ("solutions", "05_mf_dnn"): [".predictions.csv", ".liked.predictions.csv", ".top10.csv"],
    ("solutions", "06_retrieval"): [".predictions.csv", ".top10.csv"],
    ("notebooks", "clinic_next_movie"): [".top10.csv"],
    ("notebooks", "clinic_implicit_auc"): [".pairs.csv"],
}
KEY = ["userId", "movieId"]

pytestmark = pytest.mark.reads_results


def _execute_on_leak_copy(folder: str, stem: str, results_dir, monkeypatch) -> None:
    monkeypatch.setenv(LEAK_TEST_VARIABLE, "7")
    monkeypatch.setenv("WORKSHOP_STRICT_CHECKS", "0")
    monkeypatch.setenv("WORKSHOP_RESULTS_DIR", str(results_dir))
    notebook = nbformat.read(REPO_DIR / folder / f"{stem}.ipynb", as_version=4)
    notebook.cells = [cell for cell in notebook.cells
                      if "not-predicting" not in cell.metadata.get("tags", [])]
    NotebookClient(notebook, timeout=300, kernel_name="python3",
                   resources={"metadata": {"path": str(REPO_DIR / folder)}}).execute()


def _assert_same_predictions(before: pd.DataFrame, after: pd.DataFrame) -> None:
    """Rating predictions (``rating``, ``prediction``, any ``prediction_<method>``):
    unmoved rows predict the same, every method."""
    assert len(after) == len(before)
    kept = before.merge(after, on=KEY, suffixes=("_before", "_after"))
    assert 0.4 < len(kept) / len(before) < 0.6, "half the test movies were not redrawn"
    assert (kept["rating_after"] != kept["rating_before"]).mean() > 0.5, \
        "the ratings were not shuffled"
    for column in [name for name in before if name.startswith("prediction")]:
        pd.testing.assert_series_equal(kept[f"{column}_after"], kept[f"{column}_before"],
                                       check_names=False, atol=1e-4)


def _assert_same_pair_scores(before: pd.DataFrame, after: pd.DataFrame) -> None:
    """Scored pairs (``label``, ``score``): positives moved, shared pairs score the same."""
    positives = [set(map(tuple, frame.loc[frame["label"] == 1, KEY].to_numpy()))
                 for frame in (before, after)]
    assert positives[0] != positives[1], "the liked test ratings did not move"
    # the negatives are drawn afresh around the moved positives: about 30 % of pairs recur
    shared = before.drop_duplicates(KEY).merge(after.drop_duplicates(KEY), on=KEY,
                                               suffixes=("_before", "_after"))
    assert len(shared) > 0.2 * len(before)
    pd.testing.assert_series_equal(shared["score_after"], shared["score_before"],
                                   check_names=False, atol=1e-5)


@pytest.mark.parametrize("folder, stem", sorted(LEAK_TESTED), ids=lambda part: part)
def test_predictions_do_not_move_when_the_test_part_changes(
    folder, stem, results_file, tmp_path, monkeypatch
):
    normal = {suffix: pd.read_csv(results_file(folder, stem, suffix))
              for suffix in LEAK_TESTED[folder, stem]}
    _execute_on_leak_copy(folder, stem, tmp_path, monkeypatch)
    for suffix, before in normal.items():
        after = pd.read_csv(tmp_path / folder / f"{stem}{suffix}")
        if "prediction" in before:
            _assert_same_predictions(before, after)
        elif "score" in before:
            _assert_same_pair_scores(before, after)
        else:  # top-N lists: every row the same
            pd.testing.assert_frame_equal(after, before)
