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
    assert set(figures) == {"rmse", "mae", "auc", "ndcg10_normal", "ndcg10_strict",
                            "p10_normal", "p10_strict"}
    assert all(isinstance(value, float) for value in figures.values())
    assert figures["auc"] == pytest.approx(roc_auc_score(ratings >= 4, scores))
    perfect = metrics.evaluate(test, ratings)
    assert perfect["rmse"] == 0 and perfect["ndcg10_normal"] == pytest.approx(1.0)


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
