"""What notebook 05 (MF + DNN with movie metadata) recorded in results/: targets, no leak.

The solution must reach the targets of issues 12 and 24 for the rating regression (all test
ratings, and those of movies with no training rating) and for the "liked it" classifier, and
beat 03's MF, retrained in the notebook, with an interval excluding 0; the tutorial trains the
same final models and records the by-popularity table its prose reads; the lab, run
untouched, must still show its weak starting point.
The leaky figure the tutorial shows once (a movie average over all ratings) must never be what
was recorded. Each test skips when its notebook has not been executed yet (see the
``results_file`` fixture).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from helpers import data, features, metrics, splits

STEM = "05_mf_dnn"
RANKING = ("auc", "auc_per_user", "ndcg10_normal", "ndcg10_strict", "p10_normal", "p10_strict")
KEYS = ({"rmse", "mae", "rmse_unrated_movies", "train_seconds", *RANKING}
        | {f"liked_{name}" for name in (*RANKING, "train_seconds")})
GROUPS = {"0": "popularity_0", "1-4": "popularity_1_4", "5+": "popularity_5plus"}
INTERVAL = ("difference", "low", "high")
COMPARISON_KEYS = (
    {f"{group}_{name}" for group in GROUPS.values()
     for name in ("test_ratings", "rmse", "content_rmse", "mf_rmse",
                  *(f"minus_{model}_{key}" for model in ("content", "mf") for key in INTERVAL))}
    | {"content_baseline_rmse_unrated"} | {f"minus_mf_rmse_{key}" for key in INTERVAL})
LIKED_CATALOGUE_KEYS = {f"liked_catalogue_{name}" for name in metrics.CATALOGUE_FIGURES}
OVERALL = {"05_regression_minus_03_MF": ("rmse", "auc_per_user", "ndcg10_normal"),
           "05_regression_minus_content": ("rmse", "auc_per_user", "ndcg10_normal"),
           "05_liked_it_minus_05_regression": ("auc_per_user", "ndcg10_normal")}
OVERALL_KEYS = {f"overall_{label}_{figure}_{end}" for label, figures in OVERALL.items()
                for figure in figures for end in ("low", "high")}  # the tutorial's section 6
SEED_FIGURES = ("rmse", "auc", "auc_per_user", "ndcg10_normal")
SEED_KEYS = {f"seeds_{name}_{stat}" for name in SEED_FIGURES for stat in ("mean", "sd")}
TEST_ROWS = 29_391  # every chronological test rating (70/30 split, seconds kept whole)
UNRATED_TEST_ROWS = 2_339  # test ratings of movies with no training rating
MAX_TRAIN_SECONDS = 60.0  # budget of one training cell on a 2-core CPU
COLUMNS = ["userId", "movieId", "rating", "prediction"]

pytestmark = pytest.mark.reads_results("05_mf_dnn")


def _keys(folder: str) -> set[str]:
    """The lab and the solution record their catalogue top-10's; the tutorial and the
    solution compare with the baselines; the solution scores the liked-it model's lists."""
    return {"notebooks": KEYS | COMPARISON_KEYS | OVERALL_KEYS,
            "labs": KEYS | metrics.CATALOGUE_KEYS,
            "solutions": KEYS | metrics.CATALOGUE_KEYS | COMPARISON_KEYS
            | LIKED_CATALOGUE_KEYS | SEED_KEYS}[folder]


@pytest.mark.parametrize("folder", ["solutions", "notebooks"])
def test_regression_reaches_the_targets(recorded_figures, folder):
    figures = recorded_figures(folder, STEM, _keys(folder))
    assert figures["rmse"] <= 0.880, figures
    # below 03's MF, retrained in the notebook on the same rows: the interval excludes 0
    assert figures["minus_mf_rmse_high"] < 0, figures
    assert figures["rmse_unrated_movies"] <= 0.93, figures
    assert figures["auc"] >= 0.78, figures
    assert figures["ndcg10_normal"] >= 0.77, figures
    assert 0 < figures["train_seconds"] < MAX_TRAIN_SECONDS, figures


@pytest.mark.parametrize("folder", ["solutions", "notebooks"])
def test_liked_it_classifier_reaches_the_targets(recorded_figures, folder):
    figures = recorded_figures(folder, STEM, _keys(folder))
    assert figures["liked_auc"] >= 0.78, figures
    assert figures["liked_ndcg10_normal"] >= 0.77, figures
    assert 0 < figures["liked_train_seconds"] < MAX_TRAIN_SECONDS, figures


def _leaky_rmse() -> float:
    """The tutorial's leak cell: a movie effect averaged over ALL ratings, test ones included."""
    ratings = data.load_movielens().ratings
    train, test = splits.split_ratings(ratings, "chronological", 0.3)
    num_movies, reg = int(ratings["movie_index"].max()) + 1, 3.0
    mean = train["rating"].mean()
    average = features.movie_rating_stats(train, num_movies, 10)["average"].to_numpy()
    residual = train["rating"] - average[train["movie_index"]]
    user_bias = (residual.groupby(train["user_index"]).sum()
                 / (train.groupby("user_index").size() + reg)).to_numpy()
    index = ratings["movie_index"].to_numpy()
    movie_residual = ratings["rating"].to_numpy() - mean - user_bias[ratings["user_index"]]
    effect = np.bincount(index, movie_residual, num_movies) / (
        np.bincount(index, minlength=num_movies) + reg)
    predictions = mean + user_bias[test["user_index"]] + effect[test["movie_index"]]
    return metrics.rmse(test["rating"], np.clip(predictions, 0.5, 5.0))


@pytest.mark.parametrize("folder", ["solutions", "notebooks"])
def test_no_leaky_figure_is_recorded(recorded_figures, folder):
    figures = recorded_figures(folder, STEM, _keys(folder))
    assert not [key for key in figures if "leak" in key or "all_ratings" in key], figures
    leaky = _leaky_rmse()
    assert leaky < 0.86, leaky  # the leak is large: about 0.845, against 0.912 honestly
    assert figures["rmse"] > leaky + 0.01, (figures["rmse"], leaky)


def test_untouched_lab_shows_the_weak_starting_point(recorded_figures):
    figures = recorded_figures("labs", STEM, _keys("labs"))
    # year-only metadata (the one exercise): short of the solution's test targets
    assert figures["rmse"] > 0.880, figures
    assert figures["liked_auc"] < 0.78, figures


@pytest.mark.parametrize("variant", ["", ".liked"])
@pytest.mark.parametrize("folder", ["solutions", "notebooks"])
def test_predictions_files_have_one_row_per_test_rating(
    recorded_figures, results_file, folder, variant
):
    figures = recorded_figures(folder, STEM, _keys(folder))
    predictions = pd.read_csv(results_file(folder, STEM, f"{variant}.predictions.csv"))
    assert list(predictions.columns) == COLUMNS
    assert len(predictions) == TEST_ROWS
    assert not predictions.duplicated(["userId", "movieId"]).any()
    if variant:  # probabilities of liking: the file and the JSON tell the same story
        assert predictions["prediction"].between(0.0, 1.0).all()
        auc = metrics.auc(predictions["rating"], predictions["prediction"])
        assert auc == pytest.approx(figures["liked_auc"], abs=1e-4)
    else:
        # raw scores (rankings read them), clipped to the star scale only for the RMSE
        assert np.isfinite(predictions["prediction"]).all()
        rmse = metrics.rmse(predictions["rating"], metrics.to_stars(predictions["prediction"]))
        assert rmse == pytest.approx(figures["rmse"], abs=1e-4)


def test_unrated_movies_are_the_expected_test_rows():
    ratings = data.load_movielens().ratings
    train, test = splits.split_ratings(ratings, "chronological", 0.3)
    assert (~test["movie_index"].isin(train["movie_index"])).sum() == UNRATED_TEST_ROWS


def test_solution_top10_file_is_the_catalogue_lists_it_scored(recorded_figures,
                                                              recorded_top10):
    """The two towers' lists: recall@10 from the file matches the JSON."""
    figures = recorded_figures("solutions", STEM, _keys("solutions"))
    recorded_top10("solutions", STEM, figures)
    assert 0 < figures["catalogue_recall10_liked"] < 1, figures


@pytest.mark.parametrize("folder", ["solutions", "notebooks"])
def test_by_popularity_table_is_consistent(recorded_figures, folder):
    """The groups cover the test part; each gap is the table's difference, inside its interval."""
    figures = recorded_figures(folder, STEM, _keys(folder))
    assert sum(figures[f"{group}_test_ratings"] for group in GROUPS.values()) == TEST_ROWS
    assert figures["popularity_0_test_ratings"] == UNRATED_TEST_ROWS
    assert figures["popularity_0_rmse"] == pytest.approx(figures["rmse_unrated_movies"])
    assert figures["content_baseline_rmse_unrated"] == figures["popularity_0_content_rmse"]
    for group in GROUPS.values():
        for model in ("content", "mf"):
            low, high = (figures[f"{group}_minus_{model}_{key}"] for key in ("low", "high"))
            difference = figures[f"{group}_minus_{model}_difference"]
            assert low <= difference <= high, (group, model, figures)
            if model == "content":  # RMSE gaps, not differences of squares
                assert difference == pytest.approx(
                    figures[f"{group}_rmse"] - figures[f"{group}_content_rmse"], abs=1e-6)


@pytest.mark.parametrize("folder", ["solutions", "notebooks"])
def test_unrated_movies_beat_the_content_baseline_on_the_point_estimate(recorded_figures,
                                                                        folder):
    figures = recorded_figures(folder, STEM, _keys(folder))
    assert figures["rmse_unrated_movies"] < figures["content_baseline_rmse_unrated"], figures


def test_tutorial_readings_by_popularity_hold(recorded_figures):
    """What section 5's prose and section 7's table read from the by-popularity intervals:
    on unrated movies the tower beats MF but is not told apart from the content baseline;
    on movies with 1-4 ratings it beats both; on well-known movies it still beats MF."""
    figures = recorded_figures("notebooks", STEM, _keys("notebooks"))
    assert figures["popularity_0_minus_mf_high"] < 0, figures
    assert figures["popularity_0_minus_content_low"] < 0 < figures[
        "popularity_0_minus_content_high"], figures
    assert figures["popularity_1_4_minus_content_high"] < 0, figures
    assert figures["popularity_1_4_minus_mf_high"] < 0, figures
    assert figures["popularity_5plus_minus_mf_high"] < 0, figures


def test_solution_scores_the_liked_it_models_catalogue_lists(recorded_figures):
    figures = recorded_figures("solutions", STEM, _keys("solutions"))
    assert 0 < figures["liked_catalogue_recall10_liked"] < 1, figures
    assert 0 < figures["liked_catalogue_coverage10"] <= 1, figures


def test_gaps_called_real_exceed_twice_the_seed_sd(recorded_figures):
    """The course's rule: a difference is real when its interval excludes 0 *and* it exceeds
    twice the seed sd of the model (the solution's 3 seeds of the regression's recipe)."""
    solution = recorded_figures("solutions", STEM, _keys("solutions"))
    assert solution["seeds_rmse_mean"] <= 0.880, solution
    assert 0 < solution["seeds_rmse_sd"] < 0.01, solution
    for folder in ("solutions", "notebooks"):
        figures = recorded_figures(folder, STEM, _keys(folder))
        assert -figures["minus_mf_rmse_high"] > 2 * solution["seeds_rmse_sd"], (folder, figures)


def test_tutorial_overall_reading_is_what_the_run_found(recorded_figures):
    """Section 6: the regression beats 03's MF and the content baseline on RMSE, per-user AUC
    and NDCG@10, every interval excluding 0; the liked-it model and the regression are not
    told apart (both intervals include 0)."""
    figures = recorded_figures("notebooks", STEM, _keys("notebooks"))
    for label in ("05_regression_minus_03_MF", "05_regression_minus_content"):
        assert figures[f"overall_{label}_rmse_high"] < 0, label
        for figure in ("auc_per_user", "ndcg10_normal"):
            assert figures[f"overall_{label}_{figure}_low"] > 0, (label, figure)
    for figure in ("auc_per_user", "ndcg10_normal"):
        low, high = (figures[f"overall_05_liked_it_minus_05_regression_{figure}_{end}"]
                     for end in ("low", "high"))
        assert low < 0 < high, (figure, low, high)
