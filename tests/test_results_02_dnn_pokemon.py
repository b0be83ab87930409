"""What notebook 02 (DNN on Pokémon Go sightings) recorded in results/: keys and targets.

The tutorial compares every model on the split by day (train days 2-5, valid day 6, refit on
days 2-6, test days 7-8; issue 22) and pins the readings its prose makes. The lab and its
solution use the same split: each exercise's figure on day 6 is recorded, the solution's
passes its target and the untouched lab's starters miss it (targets re-derived on 3 seeds:
see ``LAB_TARGETS``). Each test skips when its notebook has not been executed yet (see the
``results_file`` fixture).
"""

from __future__ import annotations

import numpy as np
import pytest

STEM = "02_dnn_pokemon"
KEYS = {"test_accuracy", "valid_accuracy", "epochs", "train_seconds", "baseline_test_accuracy"}
TUTORIAL_KEYS = KEYS | {
    "split_by_day", "test_accuracy_mean", "test_accuracy_sd", "forest_test_accuracy",
    "gbt_test_accuracy", "logistic_grid_test_accuracy", "majority_test_accuracy",
    "random_split_forest_valid_accuracy", "day_split_forest_valid_accuracy",
    "dnn_test_accuracy", "weights_exactly_zero_l1",
} | {f"{key}_test_macro_f1" for key in ("majority", "gbt", "logistic_grid", "dnn")} | {
    f"capacity_{part}_{size}" for part in ("train", "valid")
    for size in ("none", "64", "128_64", "256_256")
} | {f"weights_near_zero_{run}" for run in ("none", "l2", "l1")} | {
    "loss_seed_gap", "loss_seed_twice_sd", "optimizer_seed_gap", "optimizer_seed_twice_sd",
    "adam_best_minus_default",
} | {f"early_stopping_test_{key}" for key in ("difference", "low", "high")}
CAPACITY_SIZES = ("none", "64", "128_64", "256_256")  # section 3.8, smallest first
LAB_KEYS = KEYS | {"split_by_day", "fix_train_cross_entropy", "turn_128_64", "turn_256_256",
                   "regularized_ce_share"}
# The lab's targets, as its checks state them. Measured with seeds 2017, 1 and 2 (answer /
# starter): exercise 2 training cross-entropy 0.508, 0.480, 0.478 / 1.497, 1.506, 1.493 (see
# FIX_RUNS); exercise 3 lowest valid loss of 256-256 at epochs 7, 9, 10, of 128-64 at 17, 13,
# 20; exercise 5 (25 epochs) valid cross-entropy share 72 %, 72 %, 78 % / 100 %; exercise 6
# valid accuracy 0.690, 0.663, 0.657 / the majority class.
LAB_TARGETS = {"fix_train_cross_entropy": 0.80, "regularized_ce_share": 0.80,
               "valid_accuracy": 0.64}
# Exercise 2 (15 epochs, 128-64): training cross-entropy of the final model, softmax of its
# logits against the one-hot labels whatever loss trained it, on seeds 2017, 1 and 2, and
# whether the check should pass. Best valid accuracy on day 6 does not separate these runs
# with margin (answer 0.555, 0.528, 0.530; sigmoid units 0.509, 0.509, 0.493), nor does the
# best valid cross-entropy (sigmoid units score lower than the answer on seeds 1 and 2).
FIX_RUNS = {
    "answer: cross-entropy on logits, ReLU, Adam 0.001": ((0.508, 0.480, 0.478), True),
    "starter: MSE, sigmoid, SGD 0.01": ((1.497, 1.506, 1.493), False),
    "sigmoid units, cross-entropy, Adam": ((0.929, 0.917, 0.904), False),
    "plain SGD 0.01, cross-entropy, ReLU": ((1.145, 1.142, 1.109), False),
    "MSE, ReLU, Adam": ((1.129, 1.126, 1.128), False),
    "cross-entropy, sigmoid, SGD 0.01": ((1.368, 1.365, 1.356), False),
    "MSE, sigmoid, Adam": ((1.320, 1.307, 1.328), False),
    "cross-entropy without from_logits, ReLU, Adam": ((2.031, 3.344, 2.156), False),
    "cross-entropy, ReLU, Adam 0.0001": ((1.135, 1.130, 1.062), False),
    "cross-entropy, ReLU, SGD 0.01 with momentum 0.9": ((0.688, 0.677, 0.667), True),
    "cross-entropy, ReLU, SGD 0.1": ((0.670, 0.659, 0.664), True),
    "cross-entropy, tanh, Adam": ((0.602, 0.579, 0.584), True),
    "cross-entropy, ReLU, RMSprop": ((0.511, 0.480, 0.502), True),
}
TURN_SPAN = (4, 12)         # the span exercise 3's answer predicts for the 256-256 run
TEST_GUARD = 0.62           # the solution's test-set guard (seed 2017: 0.665; 0.64 at batch 64)
MAX_EPOCHS = 30             # NUM_EPOCHS_FINAL in the solution
TUTORIAL_MAX_EPOCHS = 40    # NUM_EPOCHS_LONG in the tutorial
MAX_TRAIN_SECONDS = 20.0    # budget of one training cell on a 2-core CPU

pytestmark = pytest.mark.reads_results("02_dnn_pokemon")


@pytest.mark.parametrize("run", FIX_RUNS)
def test_exercise_2_target_clears_the_seed_spread(run):
    """Each measured run sits on its side of the target on every seed, by at least twice
    the seed sd (its own or the answer's, the larger); a run that diverges (sd 0.72, without
    from_logits) need only miss by more than 1.0, the whole scale of the target."""
    figures, passes = FIX_RUNS[run]
    answer, _ = FIX_RUNS["answer: cross-entropy on logits, ReLU, Adam 0.001"]
    spread = max(float(np.std(figures, ddof=1)), float(np.std(answer, ddof=1)))
    target = LAB_TARGETS["fix_train_cross_entropy"]
    margins = [(target - figure) if passes else (figure - target) for figure in figures]
    assert min(margins) >= min(2 * spread, 1.0), (run, margins, spread)


def test_solution_reaches_the_targets(recorded_figures):
    figures = recorded_figures("solutions", STEM, LAB_KEYS)
    assert figures["split_by_day"] == 1.0
    assert figures["fix_train_cross_entropy"] <= LAB_TARGETS["fix_train_cross_entropy"], figures
    assert figures["turn_256_256"] < figures["turn_128_64"], figures
    assert TURN_SPAN[0] <= figures["turn_256_256"] <= TURN_SPAN[1], figures
    assert figures["regularized_ce_share"] <= LAB_TARGETS["regularized_ce_share"], figures
    assert figures["valid_accuracy"] >= LAB_TARGETS["valid_accuracy"], figures
    assert figures["test_accuracy"] >= TEST_GUARD, figures
    assert 1 <= figures["epochs"] <= MAX_EPOCHS, figures
    assert 0 < figures["train_seconds"] < MAX_TRAIN_SECONDS, figures


def test_solution_forest_baseline_is_the_reference_figure(recorded_figures):
    forest = recorded_figures("solutions", STEM, LAB_KEYS)["baseline_test_accuracy"]
    # the forest on raw columns, days 2-5 -> days 7-8 (0.598 when measured); the
    # tutorial's, refitted on days 2-6 with grid cells, scores higher
    assert 0.55 <= forest <= 0.75, forest


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


def test_tutorial_macro_f1_beside_accuracy(recorded_figures):
    """Sections 2 and 4: the majority class's macro-F1 is what one class found and four
    missed gives, 2p / (1 + p) / 5 for its share p of the test rows (0.149 when measured);
    the DNN's is far above it (0.489), while its accuracy beats it by much less."""
    figures = recorded_figures("notebooks", STEM, TUTORIAL_KEYS)
    share = figures["majority_test_accuracy"]
    assert figures["majority_test_macro_f1"] == pytest.approx(2 * share / (1 + share) / 5)
    assert figures["dnn_test_accuracy"] == figures["test_accuracy_mean"]
    assert figures["dnn_test_macro_f1"] >= figures["majority_test_macro_f1"] + 0.25, figures
    for key in ("gbt", "logistic_grid"):
        assert 0.35 <= figures[f"{key}_test_macro_f1"] <= 0.70, (key, figures)
    # section 4's verdict: on macro-F1 the DNN sits below logistic regression + grid cells
    assert figures["dnn_test_macro_f1"] < figures["logistic_grid_test_macro_f1"], figures


def test_tutorial_capacity_shows_under_and_overfitting(recorded_figures):
    """Section 3.8 (3 seeds, 15 epochs of Adam; measured train 0.672, 0.772, 0.841, 0.911,
    valid 0.460, 0.498, 0.538, 0.544): train accuracy climbs with every size, valid accuracy
    climbs less and levels off, so the train-valid gap widens."""
    figures = recorded_figures("notebooks", STEM, TUTORIAL_KEYS)
    train = [figures[f"capacity_train_{size}"] for size in CAPACITY_SIZES]
    valid = [figures[f"capacity_valid_{size}"] for size in CAPACITY_SIZES]
    steps = np.diff(train)
    assert steps.min() >= 0.03, train
    assert valid[2] >= valid[0] + 0.04, valid  # hidden layers help on day 6 ...
    assert abs(valid[3] - valid[2]) <= 0.03, valid  # ... up to a point
    gaps = [t - v for t, v in zip(train, valid, strict=True)]
    assert gaps[3] >= gaps[0] + 0.08, gaps


def test_tutorial_l1_gathers_first_layer_weights_near_zero(recorded_figures):
    """Section 3.10 (measured: |w| < 0.001 for 0.7 % with no penalty, 18 % with L2, 39 % with
    L1); the prose says "near zero": far fewer are exactly 0."""
    figures = recorded_figures("notebooks", STEM, TUTORIAL_KEYS)
    none, l2, l1 = (figures[f"weights_near_zero_{run}"] for run in ("none", "l2", "l1"))
    assert l2 >= none + 0.05 and l1 >= l2 + 0.1, figures
    assert figures["weights_exactly_zero_l1"] <= l1 / 10, figures


def test_tutorial_seed_checks_read_ties(recorded_figures):
    """Sections 3.4 and 3.7, each arm at its best rate, re-run from 3 seeds (measured: losses
    0.506 ± 0.030 vs 0.499 ± 0.025, gap 0.007 against a bar of 0.061; RMSprop 0.001 and Adam
    0.1, 0.544 ± 0.030 vs 0.538 ± 0.037, gap 0.006 against 0.074): the prose reads both as
    ties, and says a seed moves a 15-epoch run's valid accuracy by a few points. Adam's
    best rate on the first seed (0.1: 0.578) is within that bar of its default 0.001 (0.555),
    which the rest of the notebook uses."""
    figures = recorded_figures("notebooks", STEM, TUTORIAL_KEYS)
    for name in ("loss", "optimizer"):
        gap, bar = figures[f"{name}_seed_gap"], figures[f"{name}_seed_twice_sd"]
        assert 0 <= gap < bar, (name, figures)
        assert 0.02 <= bar <= 0.12, (name, figures)  # sd of 1-6 points
    assert 0 <= figures["adam_best_minus_default"] < figures["optimizer_seed_twice_sd"], figures


def test_tutorial_early_stopping_helps_on_the_test_days(recorded_figures):
    """Section 4.2 (measured: +0.039, interval +0.003 to +0.075): the stopped 256-256 run
    beats the full 40 epochs on days 7-8, which neither chose on; the prose says the
    interval excludes 0."""
    figures = recorded_figures("notebooks", STEM, TUTORIAL_KEYS)
    low, gain, high = (figures[f"early_stopping_test_{key}"]
                       for key in ("low", "difference", "high"))
    assert 0 < low < gain < high, figures


@pytest.mark.xfail(strict=True, reason="issue 22's target is not met yet: on the split by "
                   "day the DNN (3 seeds) stays below the forest with grid cells")
def test_tutorial_dnn_reaches_the_best_tree(recorded_figures):
    figures = recorded_figures("notebooks", STEM, TUTORIAL_KEYS)
    best_tree = max(figures["forest_test_accuracy"], figures["gbt_test_accuracy"])
    assert figures["test_accuracy_mean"] >= best_tree - figures["test_accuracy_sd"], figures
    assert figures["test_accuracy_mean"] > figures["logistic_grid_test_accuracy"], figures


def test_untouched_lab_shows_the_weak_starting_point(recorded_figures):
    figures = recorded_figures("labs", STEM, LAB_KEYS)
    # MSE, sigmoid, plain SGD 0.01: no better than always answering the majority class
    # (0.493 on day 6, 0.591 on days 7-8)
    assert figures["test_accuracy"] < 0.6, figures
    assert figures["valid_accuracy"] < 0.5, figures


def test_untouched_lab_misses_every_target(recorded_figures):
    """The starters are weaker choices: each exercise's figure misses its target."""
    figures = recorded_figures("labs", STEM, LAB_KEYS)
    assert figures["fix_train_cross_entropy"] > LAB_TARGETS["fix_train_cross_entropy"], figures
    # no regularizer yet: the same run as the unregularized one
    assert figures["regularized_ce_share"] == pytest.approx(1.0, abs=1e-6), figures
    assert figures["valid_accuracy"] < LAB_TARGETS["valid_accuracy"], figures
