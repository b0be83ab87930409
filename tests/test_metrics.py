"""helpers.metrics: hand-worked examples and cross-checks against scikit-learn."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import ndcg_score, roc_auc_score

from helpers import metrics


@pytest.fixture
def random_ratings():
    rng = np.random.default_rng(7)
    n = 2_000
    users = rng.integers(0, 60, n)
    ratings = rng.integers(1, 11, n) / 2
    scores = ratings + rng.normal(scale=1.5, size=n)
    return users, ratings, scores


def test_rmse_and_mae_by_hand():
    assert metrics.rmse([1, 2, 3], [1, 2, 5]) == pytest.approx(np.sqrt(4 / 3))
    assert metrics.mae([1, 2, 3], [2, 2, 1]) == pytest.approx(1.0)


def test_rmse_rejects_different_lengths():
    with pytest.raises(ValueError, match="same length"):
        metrics.rmse([1, 2, 3], [1, 2])


def test_auc_matches_sklearn_with_ties(random_ratings):
    _, ratings, scores = random_ratings
    rounded = np.round(scores)  # many ties
    for score in (scores, rounded):
        assert metrics.auc(ratings, score) == pytest.approx(roc_auc_score(ratings >= 4, score))


def test_auc_by_hand_and_single_class_error():
    assert metrics.auc([5, 4, 1, 2], [0.9, 0.2, 0.5, 0.1]) == pytest.approx(0.75)
    with pytest.raises(ValueError, match="liked and one not-liked"):
        metrics.auc([5, 4], [0.1, 0.2])


def test_ndcg_matches_sklearn_per_user(random_ratings):
    users, ratings, scores = random_ratings
    per_user = metrics.per_user_ranking(users, ratings, scores, k=10)
    for user, row in per_user.iterrows():
        mine = users == user
        relevance = (ratings[mine] >= 4).astype(float)
        if relevance.any():
            expected = ndcg_score([relevance], [scores[mine]], k=10)
            assert row["ndcg"] == pytest.approx(expected)
        else:
            assert np.isnan(row["ndcg"])


def test_precision_and_groups_by_hand():
    users = np.array(["a"] * 3 + ["b"] * 12)
    ratings = np.array([5, 1, 4] + [5] * 6 + [1] * 6, dtype=float)
    scores = np.array([3, 2, 1] + list(range(12)), dtype=float)
    per_user = metrics.per_user_ranking(users, ratings, scores, k=2)
    assert per_user.loc["a", "precision"] == pytest.approx(0.5)  # top 2: 5 then 1
    assert per_user.loc["b", "precision"] == 0.0  # the six 1-star movies score highest
    assert per_user.loc["a", "ndcg"] == pytest.approx(1 / (1 + 1 / np.log2(3)))
    assert per_user["normal"].tolist() == [True, True]
    assert per_user["strict"].tolist() == [False, True]  # a has 3 ratings; b: 6 pos <= 6 neg


def test_strict_group_excludes_users_with_more_positives():
    users = np.zeros(12, dtype=int)
    ratings = np.array([5.0] * 7 + [1.0] * 5)
    per_user = metrics.per_user_ranking(users, ratings, np.arange(12.0))
    assert per_user["normal"].all() and not per_user["strict"].any()


def test_evaluate_returns_every_headline_figure(random_ratings):
    users, ratings, scores = random_ratings
    test = pd.DataFrame({"user_index": users, "rating": ratings})
    figures = metrics.evaluate(test, scores)
    assert set(figures) == {"rmse", "mae", "auc", "auc_per_user", "ndcg10_normal",
                            "ndcg10_strict", "p10_normal", "p10_strict"}
    assert all(isinstance(value, float) for value in figures.values())
    assert figures["auc"] == pytest.approx(roc_auc_score(ratings >= 4, scores))
    perfect = metrics.evaluate(test, ratings)
    assert perfect["rmse"] == 0 and perfect["ndcg10_normal"] == pytest.approx(1.0)


def test_per_user_auc_matches_sklearn_user_by_user(random_ratings):
    users, ratings, scores = random_ratings
    rounded = np.round(scores)  # ties count half
    per_user = metrics.per_user_ranking(users, ratings, rounded)
    for user, row in per_user.iterrows():
        mine = users == user
        liked = ratings[mine] >= 4
        if liked.any() and not liked.all():
            assert row["auc"] == pytest.approx(roc_auc_score(liked, rounded[mine]))
        else:
            assert np.isnan(row["auc"])


def test_ties_are_broken_at_random_not_by_input_order():
    # 200 users, each with a liked and a not-liked movie that tie: input order always puts
    # the liked one first, which would give every user precision@1 = 1
    users = np.repeat(np.arange(200), 2)
    ratings = np.tile([5.0, 1.0], 200)
    per_user = metrics.per_user_ranking(users, ratings, np.zeros(400), k=1)
    assert 0.35 < per_user["precision"].mean() < 0.65
    again = metrics.per_user_ranking(users, ratings, np.zeros(400), k=1)
    pd.testing.assert_frame_equal(per_user, again)  # seeded


def test_evaluate_clips_for_rating_errors_and_ranks_raw_scores():
    test = pd.DataFrame({"user_index": [0, 0, 1, 1], "rating": [5.0, 3.0, 5.0, 3.0]})
    figures = metrics.evaluate(test, np.array([7.0, 6.0, 6.0, 5.5]))
    assert figures["rmse"] == pytest.approx(np.sqrt(2.0))  # every prediction clipped to 5
    # clipped, each user's two movies would tie (AUC 0.5); raw, the 5-star one comes first
    assert figures["auc_per_user"] == pytest.approx(1.0)


def test_to_stars_clips_to_the_star_scale_only():
    assert metrics.to_stars([7.0, -1.0, 3.2]).tolist() == [5.0, 0.5, 3.2]


def test_precision_counts_only_users_with_k_test_ratings():
    users = np.array([0] * 3 + [1] * 10)
    ratings = np.array([5.0, 1.0, 1.0] + [5.0] * 5 + [1.0] * 5)
    scores = np.array([3.0, 2, 1] + list(range(10, 0, -1)))
    test = pd.DataFrame({"user_index": users, "rating": ratings})
    figures = metrics.evaluate(test, scores)
    assert figures["p10_normal"] == pytest.approx(0.5)  # user 1 only: 5 of 10 liked


def test_evaluate_rejects_wrong_number_of_predictions(random_ratings):
    users, ratings, scores = random_ratings
    test = pd.DataFrame({"user_index": users, "rating": ratings})
    with pytest.raises(ValueError, match="one prediction per test rating"):
        metrics.evaluate(test, scores[:-1])


# ---- the catalogue protocol ----------------------------------------------------------------


def test_catalogue_per_user_recall_and_ndcg_by_hand():
    top = np.array([[0, 1, 2], [3, 4, 5], [0, 1, 2]])
    relevant = np.zeros((3, 6), dtype=bool)
    relevant[0, [1, 5]] = True       # one hit at rank 2, two relevant
    relevant[1, [3, 4, 5, 0]] = True  # three hits, four relevant: min(k, r) = 3
    per_user = metrics.catalogue_per_user(top, relevant)
    assert per_user["recall"].tolist()[:2] == [0.5, 1.0]
    assert per_user["ndcg"][0] == pytest.approx((1 / np.log2(3)) / (1 + 1 / np.log2(3)))
    assert per_user["ndcg"][1] == pytest.approx(1.0)
    assert per_user.loc[2].isna().all()  # no relevant movie: left out


def test_catalogue_figures_average_over_users_with_a_relevant_movie():
    top = np.array([[0, 1], [2, 3]])
    liked = np.array([[1, 0, 0, 0], [0, 0, 0, 0]], dtype=bool)
    watched = np.array([[1, 0, 0, 0], [0, 0, 0, 1]], dtype=bool)
    figures = metrics.catalogue_figures(top, liked, watched, train_counts=[4, 2, 0, 6])
    assert figures["recall2_liked"] == 1.0 and figures["ndcg2_liked"] == 1.0
    assert figures["recall2_watched"] == 1.0
    assert figures["ndcg2_watched"] == pytest.approx((1 + 1 / np.log2(3)) / 2)
    assert figures["coverage2"] == 1.0 and figures["mean_train_count2"] == 3.0


def test_paired_bootstrap_brackets_the_difference_and_drops_missing_users():
    rng = np.random.default_rng(0)
    a = rng.normal(0.3, 0.1, 500)
    b = a - 0.05 + rng.normal(0, 0.01, 500)
    a[0] = np.nan
    result = metrics.paired_bootstrap(a, b, resamples=1_000, seed=1)
    assert result["users"] == 499
    assert result["low"] < result["difference"] < result["high"]
    assert result["low"] > 0.04 and result["high"] < 0.06
    assert metrics.paired_bootstrap(a, b, seed=1) == result  # seeded
    same = metrics.paired_bootstrap(a, a, seed=1)
    assert same["low"] == same["high"] == 0.0


def test_catalogue_baselines_count_and_shrink():
    train = pd.DataFrame({"movie_index": [0, 0, 0, 1], "rating": [5.0, 5.0, 5.0, 1.0]})
    baselines = metrics.catalogue_baselines(train, num_movies=3, shrinkage=1.0)
    assert baselines["most popular"].tolist() == [3.0, 1.0, 0.0]
    # mean 4; movie 0: 4 + 3 / (3 + 1); movie 1: 4 - 3 / (1 + 1); movie 2: the mean
    assert baselines["item average"].tolist() == [4.75, 2.5, 4.0]


def test_catalogue_report_by_hand():
    # 2 users (ids 7, 9) and 4 movies (ids 100-103); user 7 rated movie 0 in training
    movies = pd.DataFrame({"movieId": [100, 101, 102, 103], "movie_index": range(4)})
    train = pd.DataFrame({"userId": [7, 9, 9], "user_index": [0, 1, 1],
                          "movie_index": [0, 0, 1], "rating": [4.0, 3.0, 5.0]})
    test = pd.DataFrame({"userId": [7, 7, 9], "user_index": [0, 0, 1],
                         "movie_index": [3, 2, 3], "rating": [5.0, 2.0, 1.0]})
    scores = np.array([[9.0, 1.0, 2.0, 3.0],    # user 7: 103 then 102 (0 already seen)
                       [0.0, 0.0, 5.0, 4.0]])   # user 9: 102 then 103
    figures, top = metrics.catalogue_report(scores, train, test, movies, k=2)
    assert top.to_dict("list") == {"userId": [7, 7, 9, 9], "movieId": [103, 102, 102, 103],
                                   "rank": [1, 2, 1, 2]}
    assert figures["recall2_liked"] == 1.0  # user 7 liked 103; user 9 liked nothing
    assert figures["recall2_watched"] == 1.0
    assert figures["coverage2"] == 0.5
    # most popular (counts 2, 1, 0, 0): user 7 gets movie 1 then 2 or 3, user 9 gets 2 and 3
    assert figures["most_popular_mean_train_count2"] == pytest.approx((1 + 0 + 0 + 0) / 4)


def test_paired_bootstrap_rmse_difference_and_interval(random_ratings):
    users, ratings, scores = random_ratings
    test = pd.DataFrame({"user_index": users, "rating": ratings})
    better = np.where(ratings < 5, ratings + 0.1, ratings - 0.1)  # 0.1 star off each
    gap = metrics.paired_bootstrap_rmse(test, better, scores, resamples=200)
    expected = metrics.rmse(ratings, better) - metrics.rmse(
        ratings, np.clip(scores, 0.5, 5.0))
    assert gap["difference"] == pytest.approx(expected)
    assert gap["low"] < gap["difference"] < gap["high"] < 0
    assert gap["users"] == 60
    same = metrics.paired_bootstrap_rmse(test, scores, scores, resamples=50)
    assert same["low"] == same["high"] == same["difference"] == 0.0


def test_paired_gaps_reads_each_figure_a_minus_b(random_ratings):
    users, ratings, scores = random_ratings
    test = pd.DataFrame({"user_index": users, "rating": ratings})
    gaps = metrics.paired_gaps(test, ratings, scores)  # a: perfect predictions
    assert set(gaps) == {"rmse", "auc_per_user", "ndcg10_normal"}
    assert gaps["rmse"]["high"] < 0  # a errs less
    assert gaps["auc_per_user"]["low"] > 0 and gaps["ndcg10_normal"]["low"] > 0
    per_user = metrics.per_user_ranking(users, ratings, scores)
    assert gaps["auc_per_user"]["difference"] == pytest.approx(
        1.0 - per_user.loc[per_user["normal"], "auc"].mean())


def test_seed_spread_is_the_mean_and_sample_sd_of_each_figure():
    runs = [{"rmse": 0.90, "auc": 0.70}, {"rmse": 0.92, "auc": 0.70}, {"rmse": 0.91, "auc": 0.70}]
    spread = metrics.seed_spread(runs, ("rmse", "auc"))
    assert spread["rmse_mean"] == pytest.approx(0.91)
    assert spread["rmse_sd"] == pytest.approx(0.01)  # ddof 1: sqrt((1e-4 + 1e-4) / 2)
    assert spread["auc_sd"] == pytest.approx(0.0, abs=1e-12)
    assert set(spread) == {"rmse_mean", "rmse_sd", "auc_mean", "auc_sd"}


def test_seed_spread_needs_two_runs():
    with pytest.raises(ValueError, match="at least two runs"):
        metrics.seed_spread([{"rmse": 0.9}], ("rmse",))


def test_catalogue_targets_are_the_target_users_rows():
    history = pd.DataFrame({"user_index": [0, 0, 2], "movie_index": [0, 1, 2]})
    target = pd.DataFrame({"user_index": [2, 0, 2], "movie_index": [0, 2, 1],
                           "rating": [4.0, 2.0, 5.0]})
    users, seen, liked, watched, counts = metrics.catalogue_targets(history, target, 3, 3)
    assert users.tolist() == [0, 2]  # user 1 has no target rating
    assert seen.tolist() == [[True, True, False], [False, False, True]]
    assert liked.tolist() == [[False, False, False], [True, True, False]]
    assert watched.tolist() == [[False, False, True], [True, True, False]]
    assert counts.tolist() == [1, 1, 1]


def test_bootstrap_rmse_is_the_pooled_rmse_inside_its_interval(random_ratings):
    users, ratings, scores = random_ratings
    test = pd.DataFrame({"user_index": users, "rating": ratings})
    figure = metrics.bootstrap_rmse(test, scores, resamples=200)
    assert figure["rmse"] == pytest.approx(metrics.rmse(ratings, np.clip(scores, 0.5, 5.0)))
    assert figure["low"] < figure["rmse"] < figure["high"]
    assert figure["users"] == 60
    exact = metrics.bootstrap_rmse(test, ratings, resamples=50)
    assert exact["low"] == exact["high"] == exact["rmse"] == 0.0
