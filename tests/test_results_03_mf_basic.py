"""What notebook 03 (matrix factorization) recorded in results/: keys, targets, predictions.

The solution must reach the targets of issue 4 on both protocols; the tutorial trains the
same final model; the lab, run untouched, must still show its weak starting point. Each test
skips when its notebook has not been executed yet (see the ``results_file`` fixture).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from helpers import metrics

STEM = "03_mf_basic"
FIGURES = ("rmse", "mae", "auc", "auc_per_user", "ndcg10_normal", "ndcg10_strict",
           "p10_normal", "p10_strict", "train_seconds")
KEYS = set(FIGURES) | {f"seed2017_{name}" for name in FIGURES}
LAB_KEYS = KEYS | metrics.CATALOGUE_KEYS
SEEDS = ("rmse", "auc", "auc_per_user", "ndcg10_normal")
SOLUTION_KEYS = LAB_KEYS | {f"seeds_{name}_{stat}" for name in SEEDS for stat in ("mean", "sd")}
GAPS = ("refit", "recent_bias_mf", "recent_bias_biases", "mf_over_biases")
TUTORIAL_KEYS = LAB_KEYS | {
    f"catalogue_minus_{baseline}_{end}" for baseline in ("most_popular", "item_average")
    for end in ("low", "high")} | {
    f"rmse_gap_{name}_{end}" for name in GAPS for end in ("difference", "low", "high")} | {
    "seed2017_refit_rmse"}  # the recent-bias refit, on the 2017 split
WORKSHOP_2017 = {"rmse": 0.92, "auc": 0.74, "ndcg10_strict": 0.63, "ndcg10_normal": 0.76,
                 "p10_strict": 0.50, "p10_normal": 0.63}  # the 2017 table, as section 6 types it
TEST_ROWS = {"": 29_391, ".seed2017": 30_605}  # chronological 70/30 split; the 2017 split
MAX_TRAIN_SECONDS = 30.0  # budget of one training cell on a 2-core CPU


def keys_of(folder: str) -> set[str]:
    """Every run records the catalogue figures; the tutorial its intervals, the solution its
    seed spread."""
    return {"notebooks": TUTORIAL_KEYS, "solutions": SOLUTION_KEYS, "labs": LAB_KEYS}[folder]

pytestmark = pytest.mark.reads_results("03_mf_basic")


@pytest.mark.parametrize("folder", ["solutions", "notebooks"])
def test_chronological_split_reaches_the_targets(recorded_figures, folder):
    figures = recorded_figures(folder, STEM, keys_of(folder))
    assert figures["rmse"] <= 0.895, figures  # tuned SVD: 0.900, biases only: about 0.91
    assert figures["auc"] >= 0.77, figures
    assert figures["ndcg10_normal"] >= 0.76, figures
    assert 0 < figures["train_seconds"] < MAX_TRAIN_SECONDS, figures


@pytest.mark.parametrize("folder", ["solutions", "notebooks"])
def test_seed2017_split_reaches_the_2017_figures(recorded_figures, folder):
    figures = recorded_figures(folder, STEM, keys_of(folder))
    assert figures["seed2017_rmse"] <= 0.92, figures
    assert figures["seed2017_auc"] >= 0.74, figures
    assert 0 < figures["seed2017_train_seconds"] < MAX_TRAIN_SECONDS, figures


def test_tutorial_catalogue_reading_is_what_the_run_found(recorded_figures):
    """03 section 5.1: most popular beats the final MF at choosing 10 of the catalogue."""
    figures = recorded_figures("notebooks", STEM, TUTORIAL_KEYS)
    model = {name: figures[f"catalogue_{name}"] for name in metrics.CATALOGUE_FIGURES}
    popular = {name: figures[f"catalogue_most_popular_{name}"]
               for name in metrics.CATALOGUE_FIGURES}
    for name in ("recall10_liked", "ndcg10_liked", "recall10_watched", "ndcg10_watched"):
        assert popular[name] > model[name], (name, model, popular)
    assert figures["catalogue_minus_most_popular_high"] < 0, figures  # the interval excludes 0
    assert figures["catalogue_minus_item_average_low"] > 0, figures  # MF beats item average
    assert model["mean_train_count10"] < popular["mean_train_count10"]  # rarer movies
    assert model["coverage10"] > popular["coverage10"]
    assert 0.05 < popular["recall10_liked"] < 0.15, popular  # an independent count: 0.089


def test_untouched_lab_shows_the_weak_starting_point(recorded_figures):
    figures = recorded_figures("labs", STEM, keys_of("labs"))
    # plain SGD at learning rate 0.001 with an MAE loss: about the global mean (1.06)
    assert figures["rmse"] > 0.95, figures
    assert figures["auc"] < 0.75, figures


@pytest.mark.parametrize("variant", sorted(TEST_ROWS))
@pytest.mark.parametrize("folder", ["solutions", "notebooks"])
def test_predictions_file_has_one_row_per_test_rating(
    recorded_figures, results_file, folder, variant
):
    path = results_file(folder, STEM, f"{variant}.predictions.csv")
    predictions = pd.read_csv(path)
    assert list(predictions.columns) == ["userId", "movieId", "rating", "prediction"]
    assert len(predictions) == TEST_ROWS[variant]
    assert not predictions.duplicated(["userId", "movieId"]).any()
    # raw scores (rankings read them), clipped to the star scale only for the RMSE
    assert np.isfinite(predictions["prediction"]).all()
    # the file and the JSON tell the same story
    stars = metrics.to_stars(predictions["prediction"])
    rmse = float(np.sqrt(((predictions["rating"] - stars) ** 2).mean()))
    figures = recorded_figures(folder, STEM, keys_of(folder))
    recorded = figures["seed2017_rmse" if variant else "rmse"]
    assert rmse == pytest.approx(recorded, abs=1e-4)


def test_solution_top10_file_is_the_catalogue_lists_it_scored(recorded_figures,
                                                              recorded_top10):
    figures = recorded_figures("solutions", STEM, keys_of("solutions"))
    recorded_top10("solutions", STEM, figures)
    assert 0 < figures["catalogue_recall10_liked"] < figures[
        "catalogue_most_popular_recall10_liked"], figures  # as the tutorial's 5.1 reads


def test_solution_records_its_seed_spread_and_every_seed_reaches_the_bars(recorded_figures):
    """Three seeds of the final recipe: the mean meets the bars, the spread is small."""
    figures = recorded_figures("solutions", STEM, keys_of("solutions"))
    assert figures["seeds_rmse_mean"] <= 0.895, figures
    assert figures["seeds_auc_mean"] >= 0.77, figures
    assert 0 < figures["seeds_rmse_sd"] < 0.004, figures
    assert 0 < figures["seeds_auc_sd"] < 0.004, figures


def test_tutorial_gap_reading_is_what_the_run_found(recorded_figures):
    """Section 5's reading of the RMSE gaps (paired bootstrap intervals over users), and each
    gap called real is more than twice the solution's seed sd of the final recipe."""
    figures = recorded_figures("notebooks", STEM, TUTORIAL_KEYS)
    seed_sd = recorded_figures("solutions", STEM, keys_of("solutions"))["seeds_rmse_sd"]
    for real in ("refit", "recent_bias_mf", "mf_over_biases"):
        assert figures[f"rmse_gap_{real}_high"] < 0, (real, figures)
        assert -figures[f"rmse_gap_{real}_difference"] > 2 * seed_sd, (real, seed_sd)
    assert figures["rmse_gap_recent_bias_biases_low"] < 0 < figures[
        "rmse_gap_recent_bias_biases_high"], figures  # "straddles 0"


def test_tutorial_protocol_reading_is_what_the_run_found(recorded_figures):
    """Section 6's reading of the two splits: RMSE and AUC worse on seed2017, NDCG higher,
    the recency refit making RMSE worse there, and the 2017 table beaten on every figure."""
    figures = recorded_figures("notebooks", STEM, TUTORIAL_KEYS)
    assert figures["seed2017_rmse"] > figures["rmse"], figures
    assert figures["seed2017_auc"] < figures["auc"], figures
    assert figures["seed2017_ndcg10_normal"] > figures["ndcg10_normal"], figures
    assert figures["seed2017_refit_rmse"] > figures["seed2017_rmse"], figures
    for name, value in WORKSHOP_2017.items():
        better = (figures[f"seed2017_{name}"] < value if name == "rmse"
                  else figures[f"seed2017_{name}"] > value)
        assert better, (name, figures[f"seed2017_{name}"], value)


def test_recency_refit_gains_less_than_the_factors(recorded_figures):
    """The solution's summary: the recent user bias is a real gain, smaller than the
    factors' gain over the biases (both RMSE gaps negative, intervals below 0)."""
    figures = recorded_figures("notebooks", STEM, TUTORIAL_KEYS)
    recent, factors = (figures[f"rmse_gap_{name}_difference"]
                       for name in ("recent_bias_mf", "mf_over_biases"))
    assert factors < recent < 0, (recent, factors)
