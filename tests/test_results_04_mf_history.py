"""What notebook 04 (MF with history) recorded in results/: keys, targets, predictions.

Two trainings, two protocols. Known users: a history model trained on every user's training
part (03's data) and tested on every chronological test rating, beside 03's MF and the biases
trained the same way. New users: a second history model trained without a seeded 20 % of the
users, tested on their test ratings only; then five folds of users, each revealing its first k
ratings and scored on the 20 that follow (the k-curve). The solution must reach the targets of
issue 11;
the tutorial trains the same models; the lab, run untouched, must still show its weak
starting point. Each test skips when its notebook has not been executed yet (see the
``results_file`` fixture).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from helpers import metrics

STEM = "04_mf_history"
FIGURES = ("rmse", "mae", "auc", "auc_per_user", "ndcg10_normal", "ndcg10_strict", "p10_normal",
           "p10_strict")
METHODS = ("item_average", "own_bias", "own_recent_bias", "mf_fold_in", "item_knn", "history",
           "history_recent")
KEYS = (set(FIGURES) | {"train_seconds", "new_users_train_seconds"}
        | {f"new_users_{name}" for name in FIGURES}
        | {f"new_users_{method}_rmse" for method in METHODS})
BASELINE_KEYS = {f"{model}_{name}" for model in ("biases", "mf")
                 for name in ("rmse", "auc", "ndcg10_normal")} | {
    f"minus_{model}_{name}_{end}" for model in ("biases", "mf")
    for name in ("rmse", "auc_per_user", "ndcg10_normal") for end in ("low", "high")}
TEST_ROWS = 29_391  # every chronological test rating (70/30 split, seconds kept whole)
MAX_TRAIN_SECONDS = 60.0  # budget of one training cell on a 2-core CPU
COLUMNS = ["userId", "movieId", "rating", "prediction"]

pytestmark = pytest.mark.reads_results("04_mf_history")


CATALOGUE_GAP_KEYS = {f"catalogue_minus_{rival}_{end}" for rival in ("most_popular", "mf")
                      for end in ("low", "high")}


# Section 4.2: the leave-one-out leak (the model trained with the candidate in its history,
# scored with it hidden minus visible; "lookup_light": users with at most 20 fit ratings),
# both models on validation, and causal training histories minus the current ones.
LEAK_KEYS = {f"histories_{slug}_{end}" for slug in ("lookup", "lookup_light", "cheat_valid",
                                                    "causal")
             for end in ("difference", "low", "high")}


# Section 6's k-curve (tutorial and solution): five folds of new users, each revealing its
# first k ratings and scored on the 20 that follow; one table row per k (results.record_rows)
CURVE_KEYS = {"new_users_curve", "new_users_k10_rmse"}
K_VALUES = (1, 3, 5, 10, 20)
RANKERS = ("most_popular", "item_average", "mf_fold_in", "item_knn", "history")
SIMPLE = ("own_bias", "own_recent_bias", "mf_fold_in", "item_knn")
ALL_USERS = 671


SEED_FIGURES = ("rmse", "auc", "auc_per_user", "ndcg10_normal", "recall10_liked")
SEED_KEYS = {f"seeds_{name}_{stat}" for name in SEED_FIGURES for stat in ("mean", "sd")}


def _keys(folder: str) -> set[str]:
    """Every run records its catalogue top-10's figures; the tutorial also the biases' and
    MF's known-user figures and the intervals of its readings; the solution its seed spread."""
    if folder == "notebooks":
        return (KEYS | BASELINE_KEYS | metrics.CATALOGUE_KEYS | CATALOGUE_GAP_KEYS | LEAK_KEYS
                | CURVE_KEYS)
    if folder == "solutions":
        return KEYS | metrics.CATALOGUE_KEYS | SEED_KEYS | CURVE_KEYS
    return KEYS | metrics.CATALOGUE_KEYS


def _rmse(frame: pd.DataFrame) -> float:
    """RMSE of a predictions file: raw scores, clipped to the star scale for errors only."""
    return metrics.rmse(frame["rating"], metrics.to_stars(frame["prediction"]))


@pytest.mark.parametrize("folder", ["solutions", "notebooks"])
def test_known_users_reach_the_targets(recorded_figures, folder):
    figures = recorded_figures(folder, STEM, _keys(folder))
    # The solution (seed 2017) scores RMSE 0.8946, AUC 0.7730, NDCG@10 normal 0.7633; over
    # seeds 2017, 1 and 2, RMSE 0.8945 +- 0.0006 and NDCG 0.7583 +- 0.0047. Issue 23 asks RMSE
    # <= 0.895 and AUC >= 0.77; RMSE meets it by less than a change of seed moves it, so the
    # RMSE and NDCG bars sit about one seed spread of NDCG beyond the recorded run.
    assert figures["rmse"] <= 0.898, figures
    assert figures["auc"] >= 0.77, figures
    assert figures["ndcg10_normal"] >= 0.756, figures
    for cell in ("train_seconds", "new_users_train_seconds"):
        assert 0 < figures[cell] < MAX_TRAIN_SECONDS, figures


def test_tutorial_and_solution_train_the_same_models(recorded_figures):
    solution = recorded_figures("solutions", STEM, _keys("solutions"))
    tutorial = recorded_figures("notebooks", STEM, _keys("notebooks"))
    for name in ("rmse", "auc", "ndcg10_normal", "new_users_rmse"):
        assert solution[name] == pytest.approx(tutorial[name], abs=1e-3), name


def test_tutorial_table_backs_its_reading(recorded_figures):
    """Section 5's reading, from the paired bootstrap intervals (history model minus rival)."""
    figures = recorded_figures("notebooks", STEM, _keys("notebooks"))

    def interval(rival, name):
        return figures[f"minus_{rival}_{name}_low"], figures[f"minus_{rival}_{name}_high"]

    low, high = interval("mf", "rmse")
    assert low < 0 < high, figures  # "matches MF on rating error"
    for name in ("auc_per_user", "ndcg10_normal"):
        # "MF is a little ahead on the point estimates, but both intervals reach 0"
        low, high = interval("mf", name)
        assert low < 0 < high and low + high < 0, (name, figures)
    # against the biases: "rating error lower ... the interval below 0"; "NDCG@10 higher
    # too, the interval above 0"; "per-user AUC is level"
    assert interval("biases", "rmse")[1] < 0, figures
    assert interval("biases", "ndcg10_normal")[0] > 0, figures
    low, high = interval("biases", "auc_per_user")
    assert low < 0 < high, figures
    # the lists: "most popular beats every model"; "level with MF's"
    assert figures["catalogue_minus_most_popular_high"] < 0, figures
    assert figures["catalogue_minus_mf_low"] < 0 < figures["catalogue_minus_mf_high"], figures
    # the lab's test bars (RMSE 0.90, AUC 0.77) lie beyond what the biases alone reach
    assert figures["biases_rmse"] > 0.90 and figures["biases_auc"] < 0.77, figures


def test_gaps_the_tutorial_calls_real_exceed_twice_the_seed_sd(recorded_figures):
    """The course's rule: a difference is real when its interval excludes 0 *and* it exceeds
    twice the seed sd of the model (the solution's 3 seeds of the same recipe)."""
    tutorial = recorded_figures("notebooks", STEM, _keys("notebooks"))
    seeds = recorded_figures("solutions", STEM, _keys("solutions"))
    assert seeds["seeds_rmse_mean"] <= 0.90 and seeds["seeds_auc_mean"] >= 0.77, seeds
    assert all(0 < seeds[f"seeds_{name}_sd"] < 0.01 for name in SEED_FIGURES), seeds
    called_real = [("minus_biases_rmse", "rmse"),
                   ("catalogue_minus_most_popular", "recall10_liked")]
    for gap, figure in called_real:
        low, high = tutorial[f"{gap}_low"], tutorial[f"{gap}_high"]
        assert high < 0, (gap, low, high)  # the interval excludes 0
        # the gap: the interval's middle (a bootstrap interval of a mean is near-symmetric)
        assert -(low + high) / 2 > 2 * seeds[f"seeds_{figure}_sd"], (gap, low, high, seeds)
    # NDCG@10 against the biases: "the interval above 0 but the gap within twice the seed
    # spread (not called real here)"
    low, high = tutorial["minus_biases_ndcg10_normal_low"], tutorial[
        "minus_biases_ndcg10_normal_high"]
    assert low > 0 and (low + high) / 2 < 2 * seeds["seeds_ndcg10_normal_sd"], (low, high)


def test_tutorial_shows_the_leave_one_out_leak_and_measures_causal_histories(
        recorded_figures):
    """Section 4.2's readings. Recorded (seed 2017): hidden minus visible +0.0358 [+0.0342,
    +0.0374] over every user, +0.0722 [+0.0665, +0.0790] for the light ones; on validation,
    left in minus masked -0.0027 [-0.0064, +0.0009]; causal histories minus the current ones
    at the same epoch budget (4) +0.0152 [+0.0059, +0.0247]."""
    recorded = recorded_figures("notebooks", STEM, _keys("notebooks"))
    figures = {name.removeprefix("histories_"): value for name, value in recorded.items()}
    assert figures["lookup_low"] > 0.01, figures  # "leans on it"
    # "twice as much" for the light users: their interval lies above the others'
    assert figures["lookup_light_low"] > figures["lookup_high"], figures
    assert figures["lookup_light_difference"] > 1.6 * figures["lookup_difference"], figures
    # "on validation the look-up buys nothing": both ends tiny beside the look-up
    for end in ("low", "high"):
        assert abs(figures[f"cheat_valid_{end}"]) < figures["lookup_difference"] / 5, figures
    # causal histories: worse on validation at the same budget, the interval above 0
    assert 0 < figures["causal_low"] < figures["causal_high"], figures


@pytest.mark.parametrize("folder", ["solutions", "notebooks"])
def test_new_users_reach_the_targets_and_beat_their_own_bias(recorded_figures, folder):
    figures = recorded_figures(folder, STEM, _keys(folder))
    assert figures["new_users_rmse"] <= 0.915, figures
    assert figures["new_users_rmse"] == pytest.approx(figures["new_users_history_recent_rmse"])
    assert figures["new_users_rmse"] < figures["new_users_own_bias_rmse"], figures
    assert figures["new_users_own_bias_rmse"] < figures["new_users_item_average_rmse"], figures


def test_untouched_lab_shows_the_weak_starting_point(recorded_figures):
    figures = recorded_figures("labs", STEM, _keys("labs"))
    # sum pooling of 5 movies, 2 dimensions, no L2, Adam at 1e-4: no test check passes (seeds
    # 2017, 1, 2: RMSE 0.9588 / 0.9587 / 0.9588, AUC 0.7232 / 0.7233 / 0.7231, new users
    # 0.9382 / 0.9382 / 0.9383)
    assert figures["rmse"] > 0.90, figures
    assert figures["auc"] < 0.77, figures
    assert figures["new_users_rmse"] > 0.915, figures
    assert figures["new_users_rmse"] > figures["new_users_own_bias_rmse"], figures


@pytest.mark.parametrize("folder", ["solutions", "notebooks"])
def test_prediction_files_hold_the_test_ratings_and_match_the_figures(
    recorded_figures, results_file, folder
):
    figures = recorded_figures(folder, STEM, _keys(folder))
    every = pd.read_csv(results_file(folder, STEM, ".predictions.csv"))
    new = pd.read_csv(results_file(folder, STEM, ".new_users.predictions.csv"))
    for frame in (every, new):
        assert list(frame.columns) == COLUMNS
        assert not frame.duplicated(["userId", "movieId"]).any()
        assert np.isfinite(frame["prediction"]).all()  # raw scores: rankings read them
    assert len(every) == TEST_ROWS
    # the new users' file is exactly their test ratings, none of anyone else
    is_new = every["userId"].isin(set(new["userId"]))
    assert 100 <= new["userId"].nunique() and len(new) == is_new.sum()
    merged = new.merge(every, on=["userId", "movieId"], suffixes=("", "_every"))
    assert len(merged) == len(new) and (merged["rating"] == merged["rating_every"]).all()
    # ... predicted by the second model, trained without them: not the main file's numbers
    assert not np.allclose(merged["prediction"], merged["prediction_every"], atol=1e-3)
    # the files and the JSON tell the same story
    assert _rmse(every) == pytest.approx(figures["rmse"], abs=1e-4)
    assert _rmse(new) == pytest.approx(figures["new_users_rmse"], abs=1e-4)


def test_solution_top10_file_is_the_catalogue_lists_it_scored(recorded_figures,
                                                              recorded_top10):
    """The two towers' lists: recall@10 from the file matches the JSON; most popular wins."""
    figures = recorded_figures("solutions", STEM, _keys("solutions"))
    recorded_top10("solutions", STEM, figures)
    assert 0 < figures["catalogue_recall10_liked"] < figures[
        "catalogue_most_popular_recall10_liked"], figures


def _curve(recorded_figures, folder: str) -> dict[int, dict[str, float]]:
    """The recorded k-curve, ``{k: {"<method>_<figure>": value}}``, its shape checked."""
    rows = recorded_figures(folder, STEM, _keys(folder))["new_users_curve"]
    curve = {int(row.pop("k")): row for row in rows}
    assert tuple(curve) == K_VALUES
    for row in curve.values():
        assert set(row) == {f"{method}_{figure}{end}" for method in METHODS
                            for figure in ("rmse", "minus_item_average", "minus_mf")
                            for end in ("", "_low", "_high")} | {
            f"{ranker}_{figure}" for ranker in RANKERS
            for figure in ("recall10_liked", "recall_minus_popular",
                           "recall_minus_popular_low", "recall_minus_popular_high")}
        for method in METHODS:
            assert row[f"{method}_rmse_low"] < row[f"{method}_rmse"] < row[
                f"{method}_rmse_high"]
        assert row["item_average_minus_item_average"] == row["mf_fold_in_minus_mf"] == 0
    return curve


@pytest.mark.parametrize("folder", ["solutions", "notebooks"])
def test_new_users_k10_file_holds_every_methods_next_ratings(recorded_figures, results_file,
                                                             folder):
    """Every user is a new user once: at k = 10, the ratings after their first 10 (at most
    20, a second kept whole), each method's prediction; the file matches the JSON."""
    figures = recorded_figures(folder, STEM, _keys(folder))
    frame = pd.read_csv(results_file(folder, STEM, ".new_users_k10.predictions.csv"))
    others = [f"prediction_{method}" for method in METHODS if method != "history_recent"]
    assert list(frame.columns) == COLUMNS + others
    assert not frame.duplicated(["userId", "movieId"]).any()
    assert frame["userId"].nunique() > 0.98 * ALL_USERS
    per_user = frame.groupby("userId").size()
    assert per_user.median() == 20 and per_user.quantile(0.9) <= 25
    assert np.isfinite(frame[["prediction", *others]]).all().all()
    assert _rmse(frame) == pytest.approx(figures["new_users_k10_rmse"], abs=1e-4)
    curve = _curve(recorded_figures, folder)
    assert figures["new_users_k10_rmse"] == pytest.approx(curve[10]["history_recent_rmse"])
    for method in ("mf_fold_in", "item_knn"):
        errors = frame.assign(prediction=frame[f"prediction_{method}"])
        assert _rmse(errors) == pytest.approx(curve[10][f"{method}_rmse"], abs=1e-4)


def test_tutorial_and_solution_draw_the_same_k_curve(recorded_figures):
    tutorial, solution = (_curve(recorded_figures, folder) for folder in ("notebooks",
                                                                         "solutions"))
    for k in K_VALUES:
        for name, value in tutorial[k].items():
            assert solution[k][name] == pytest.approx(value, abs=2e-3), (k, name)


def test_tutorial_k_curve_reading_is_what_the_run_found(recorded_figures):
    """Section 6's reading of the five-fold k-curve (intervals: method minus the item average,
    ranker minus most popular); 05's "which model when" row for a new user with up to 20
    ratings quotes the same reading."""
    curve = _curve(recorded_figures, "notebooks")
    seeds = recorded_figures("solutions", STEM, _keys("solutions"))
    for k, row in curve.items():
        ahead = {method for method in METHODS[1:]
                 if row[f"{method}_minus_item_average_high"] < 0}
        # "recent bias and item-kNN at every k, their plain bias too (only just at k = 1), MF
        # folded in from k = 3; about a hundredth of a star at k = 1 and five at k = 20"
        assert {"own_recent_bias", "item_knn"} <= ahead, (k, ahead)
        assert k < 3 or {"own_bias", "mf_fold_in"} <= ahead, (k, ahead)
        assert row["own_bias_minus_item_average_high"] < 0.001, (k, row)
        gaps = [row[f"{method}_minus_item_average"] for method in SIMPLE]
        if k == 1:  # MF folded in: "(at k = 1 its interval reaches 0)"
            assert row["mf_fold_in_minus_item_average_high"] >= 0, row
            assert all(-0.02 < gap < -0.005 for gap in gaps), gaps
        if k == 20:
            assert all(-0.07 < gap < -0.035 for gap in gaps), gaps
        simple = max(row[f"{method}_rmse"] for method in SIMPLE)
        # "the history model: behind MF folded in at every k, by one to two hundredths, the
        # interval above 0" (and beyond twice the seed sd of the solution's known users)
        low, high = row["history_minus_mf_low"], row["history_minus_mf_high"]
        assert 0 < low and 0.005 < (low + high) / 2 < 0.025, (k, low, high)
        assert (low + high) / 2 > 2 * seeds["seeds_rmse_sd"], (k, low, high)
        if k < 20:  # "not ahead of the item average before k = 20 (at k = 1 behind by a
            # hundredth, the interval touching 0); its recent bias makes it worse"
            assert row["history_minus_item_average_high"] >= 0, (k, row)
            assert row["history_rmse"] > simple, (k, row)
            assert row["history_recent_rmse"] > row["history_rmse"], (k, row)
        else:
            assert {"history", "history_recent"} <= ahead, (k, ahead)
        if k == 1:
            assert 0.005 < row["history_minus_item_average"] < 0.02, row
            assert abs(row["history_minus_item_average_low"]) < 0.003, row
        # "most popular's lists win at every k, about twice or more"
        for ranker in RANKERS[1:]:
            assert row[f"{ranker}_recall_minus_popular_high"] < 0, (k, ranker)
            assert row["most_popular_recall10_liked"] > 1.9 * row[f"{ranker}_recall10_liked"]


@pytest.mark.xfail(strict=True, reason="issue 23's target is not met: on the ratings that "
                   "follow a new user's first 10, the history model trails MF folded in "
                   "(and the item average + own bias), paired interval above 0")
def test_solution_history_model_matches_the_best_simple_method_at_k10(results_file):
    """Issue 23: at k = 10 the history model (with or without its recent bias) at or below
    the better of the item average + own bias and MF folded in, within its paired interval.
    Recorded: history model minus MF folded in +0.017 [+0.011, +0.022] (671 users)."""
    frame = pd.read_csv(results_file("solutions", STEM, ".new_users_k10.predictions.csv"))
    frame["user_index"] = pd.factorize(frame["userId"])[0]
    errors = {column: _rmse(frame.assign(prediction=frame[column]))
              for column in ("prediction", "prediction_history", "prediction_own_bias",
                             "prediction_mf_fold_in")}
    mine = min(("prediction", "prediction_history"), key=errors.get)
    rival = min(("prediction_own_bias", "prediction_mf_fold_in"), key=errors.get)
    gap = metrics.paired_bootstrap_rmse(frame, frame[mine], frame[rival], seed=2017)
    assert gap["low"] <= 0, (mine, rival, gap)
