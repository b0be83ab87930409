"""What notebook 02 (DNN on Pokémon Go sightings) recorded in results/: keys and targets.

The tutorial compares every model on the split by day (train days 2-5, valid day 6, refit on
days 2-6, test days 7-8; issue 22) and pins the readings its prose makes; the solution must
reach the targets of issue 3; the lab, run untouched, must still show the weak 2017 starting
point. Each test skips when its notebook has not been executed yet (see the
``results_file`` fixture).
"""

from __future__ import annotations

import pytest

STEM = "02_dnn_pokemon"
KEYS = {"test_accuracy", "valid_accuracy", "epochs", "train_seconds", "baseline_test_accuracy"}
TUTORIAL_KEYS = KEYS | {
    "split_by_day", "test_accuracy_mean", "test_accuracy_sd", "forest_test_accuracy",
    "gbt_test_accuracy", "logistic_grid_test_accuracy", "majority_test_accuracy",
    "random_split_forest_valid_accuracy", "day_split_forest_valid_accuracy",
}
TEST_TARGET = 0.75          # issue 3: test accuracy of the final model (random split)
MAX_EPOCHS = 40             # NUM_EPOCHS_LONG in the solution
TUTORIAL_MAX_EPOCHS = 40    # NUM_EPOCHS_LONG in the tutorial
MAX_TRAIN_SECONDS = 20.0    # budget of one training cell on a 2-core CPU

pytestmark = pytest.mark.reads_results("02_dnn_pokemon")


def test_solution_reaches_the_target(recorded_figures):
    figures = recorded_figures("solutions", STEM, KEYS)
    assert figures["test_accuracy"] >= TEST_TARGET, figures
    assert figures["valid_accuracy"] >= TEST_TARGET, figures
    assert 1 <= figures["epochs"] <= MAX_EPOCHS, figures
    assert 0 < figures["train_seconds"] < MAX_TRAIN_SECONDS, figures


def test_solution_forest_baseline_is_the_reference_figure(recorded_figures):
    forest = recorded_figures("solutions", STEM, KEYS)["baseline_test_accuracy"]
    # about 0.78 in 5-fold cross-validation on the whole file (data/PROVENANCE.md)
    assert 0.72 <= forest <= 0.82, forest


def test_tutorial_random_split_flatters_the_forest(recorded_figures):
    """Section 1.1: the same forest scores clearly higher on a random split."""
    figures = recorded_figures("notebooks", STEM, TUTORIAL_KEYS)
    assert figures["split_by_day"] == 1.0
    gap = figures["random_split_forest_valid_accuracy"] - figures[
        "day_split_forest_valid_accuracy"]
    assert gap >= 0.08, figures


def test_tutorial_final_dnn_on_the_split_by_day(recorded_figures):
    """Section 4: 3 seeds, refit on days 2-6, tested once on days 7-8 (281 rows)."""
    figures = recorded_figures("notebooks", STEM, TUTORIAL_KEYS)
    assert figures["test_accuracy"] == figures["test_accuracy_mean"]
    assert 0 < figures["test_accuracy_sd"] < 0.03, figures
    assert figures["test_accuracy_mean"] >= figures["majority_test_accuracy"] + 0.07, figures
    assert 0.62 <= figures["valid_accuracy"] <= 0.75, figures
    assert 1 <= figures["epochs"] <= TUTORIAL_MAX_EPOCHS, figures
    assert 0 < figures["train_seconds"] < MAX_TRAIN_SECONDS, figures
    # the controls, given the same rows (and the grid cells where named)
    for key in ("forest_test_accuracy", "gbt_test_accuracy", "logistic_grid_test_accuracy"):
        assert 0.65 <= figures[key] <= 0.80, (key, figures)


@pytest.mark.xfail(strict=True, reason="issue 22's target is not met yet: on the split by "
                   "day the DNN (3 seeds) stays below the forest with grid cells")
def test_tutorial_dnn_reaches_the_best_tree(recorded_figures):
    figures = recorded_figures("notebooks", STEM, TUTORIAL_KEYS)
    best_tree = max(figures["forest_test_accuracy"], figures["gbt_test_accuracy"])
    assert figures["test_accuracy_mean"] >= best_tree - figures["test_accuracy_sd"], figures
    assert figures["test_accuracy_mean"] > figures["logistic_grid_test_accuracy"], figures


def test_untouched_lab_shows_the_weak_starting_point(recorded_figures):
    figures = recorded_figures("labs", STEM, KEYS)
    # MSE, sigmoid, plain SGD 0.01: no better than always answering the majority class
    assert figures["test_accuracy"] < 0.6, figures
