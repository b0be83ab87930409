"""Helpers of the clinics I track: rated matrices, top-k lists for all users, recall@k."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from helpers import features, metrics, recommend


def test_rated_matrix_marks_each_rating_once():
    frame = pd.DataFrame({"user_index": [0, 0, 2], "movie_index": [1, 3, 0]})
    rated = features.rated_matrix(frame, num_users=3, num_movies=4)
    assert rated.dtype == bool and rated.shape == (3, 4)
    assert np.argwhere(rated).tolist() == [[0, 1], [0, 3], [2, 0]]


def test_rated_matrix_refuses_indices_outside_the_shape():
    frame = pd.DataFrame({"user_index": [0], "movie_index": [4]})
    with pytest.raises(ValueError, match="movie indices below 4"):
        features.rated_matrix(frame, num_users=1, num_movies=4)


def test_top_k_per_user_skips_seen_items_and_keeps_ties_in_order():
    scores = np.array([[0.1, 0.9, 0.5, 0.7], [1.0, 1.0, 0.0, 1.0]])
    seen = np.array([[False, True, False, False], [False, False, False, True]])
    assert recommend.top_k_per_user(scores, seen, k=2).tolist() == [[3, 2], [0, 1]]


def test_top_k_per_user_respects_the_catalogue():
    scores = np.array([[3.0, 2.0, 1.0, 0.0]])
    catalogue = np.array([False, True, True, True])
    top = recommend.top_k_per_user(scores, np.zeros((1, 4), bool), k=2, candidates=catalogue)
    assert top.tolist() == [[1, 2]]


def test_top_k_per_user_says_what_it_expected():
    with pytest.raises(ValueError, match="same shape"):
        recommend.top_k_per_user(np.zeros((2, 3)), np.zeros((2, 4), bool))
    with pytest.raises(ValueError, match="fewer than k=2"):
        recommend.top_k_per_user(np.zeros((1, 2)), np.array([[True, False]]), k=2)


def test_recall_and_hit_at_k_on_a_hand_checked_case():
    top = np.array([[0, 1], [2, 3], [0, 3]])
    relevant = np.array([
        [True, False, False, True],   # 1 hit of min(2, 2): recall 0.5
        [False, False, False, True],  # 1 hit of min(2, 1): recall 1.0
        [False, False, False, False],  # nothing to find: left out
    ])
    figures = metrics.recall_and_hit_at_k(top, relevant)
    assert figures == {"recall": pytest.approx(0.75), "hit": 1.0, "users": 2.0}


def test_recall_and_hit_at_k_divides_by_k_when_many_are_relevant():
    relevant = np.ones((1, 5), dtype=bool)
    relevant[0, 4] = False
    figures = metrics.recall_and_hit_at_k(np.array([[0, 4]]), relevant)
    assert figures["recall"] == pytest.approx(0.5) and figures["hit"] == 1.0


def test_recall_and_hit_at_k_refuses_mismatched_users():
    with pytest.raises(ValueError, match="same users"):
        metrics.recall_and_hit_at_k(np.zeros((2, 3), int), np.zeros((3, 5), bool))


@pytest.mark.parametrize("levels", [3, 40, 10_000])
def test_top_k_per_user_gives_the_full_sorts_lists(levels):
    """Sorting only each row's best columns gives best_first's lists, ties included."""
    rng = np.random.default_rng(5)
    scores = rng.integers(0, levels, (30, 500)).astype(float)  # few levels: many ties
    seen = rng.random(scores.shape) < 0.2
    expected = recommend.best_first(np.where(seen, -np.inf, scores))[:, :10]
    np.testing.assert_array_equal(recommend.top_k_per_user(scores, seen, 10), expected)
