"""Unit tests of helpers.recommend (top-N unseen items, cosine neighbours, tables)."""

import numpy as np
import pandas as pd
import pytest

from helpers import recommend


def test_top_n_unseen_orders_by_score_and_skips_seen():
    scores = np.array([0.1, 0.9, 0.5, 0.7, 0.3])
    assert recommend.top_n_unseen(scores, seen=[1], n=3).tolist() == [3, 2, 4]


def test_top_n_unseen_returns_fewer_when_few_are_left():
    scores = np.array([3.0, 4.0, 5.0])
    assert recommend.top_n_unseen(scores, seen=[0, 2], n=10).tolist() == [1]


def test_ties_are_broken_by_a_seeded_random_key_not_by_index():
    tied = np.zeros(200)
    orders = [recommend.top_n_unseen(tied, seen=[], n=200, seed=seed) for seed in (1, 1, 2)]
    assert sorted(orders[0]) == list(range(200))
    assert orders[0].tolist() == orders[1].tolist() != orders[2].tolist()
    assert orders[0][:10].tolist() != list(range(10))  # not the index order
    grid = recommend.top_k_per_user(np.zeros((2, 50)), np.zeros((2, 50), dtype=bool), k=50)
    assert grid[0].tolist() != grid[1].tolist()  # each user draws their own key


def test_best_first_puts_higher_scores_first_and_minus_infinity_last():
    order = recommend.best_first(np.array([[0.5, -np.inf, 2.0, 0.5], [1.0, 3.0, 2.0, 0.0]]))
    assert order[0][0] == 2 and order[0][-1] == 1 and set(order[0][1:3]) == {0, 3}
    assert order[1].tolist() == [1, 2, 0, 3]


def test_top_n_unseen_respects_candidates_and_skips_nan():
    scores = np.array([5.0, np.nan, 4.0, 3.0])
    candidates = np.array([False, True, True, True])
    assert recommend.top_n_unseen(scores, seen=[], n=5, candidates=candidates).tolist() == [2, 3]


def test_top_n_unseen_rejects_bad_inputs():
    with pytest.raises(ValueError, match="one flag per item"):
        recommend.top_n_unseen(np.zeros(3), seen=[], candidates=np.ones(2, dtype=bool))
    with pytest.raises(IndexError, match="outside"):
        recommend.top_n_unseen(np.zeros(3), seen=[3])


def test_cosine_similarities_known_values_and_zero_rows():
    embeddings = np.array([[1.0, 0.0], [0.0, 2.0], [3.0, 3.0], [0.0, 0.0]])
    similarities = recommend.cosine_similarities(embeddings, 0)
    assert similarities == pytest.approx([1.0, 0.0, np.sqrt(0.5), 0.0])


def test_cosine_similarities_needs_a_matrix():
    with pytest.raises(ValueError, match="2-D"):
        recommend.cosine_similarities(np.zeros(4), 0)


def test_most_similar_excludes_itself_and_sorts():
    embeddings = np.array([[1.0, 0.0], [0.9, 0.1], [-1.0, 0.0], [0.5, 0.5]])
    indices, similarities = recommend.most_similar(embeddings, 0, n=2)
    assert indices.tolist() == [1, 3]
    assert similarities[0] > similarities[1]
    assert 0 not in indices


def test_most_similar_with_candidates():
    embeddings = np.array([[1.0, 0.0], [0.9, 0.1], [-1.0, 0.0], [0.5, 0.5]])
    indices, _ = recommend.most_similar(embeddings, 0, n=5, candidates=np.array([1, 0, 1, 0], bool))
    assert indices.tolist() == [2]


def test_recommendation_table():
    movies = pd.DataFrame({"title": ["A (1990)", "B (1991)", "C (1992)"],
                           "genres": ["Drama", "Comedy", "Action"]})
    table = recommend.recommendation_table(movies, np.array([2, 0]), np.array([4.5, 4.25]),
                                           score_name="predicted rating")
    assert table.index.tolist() == [1, 2]
    assert table["title"].tolist() == ["C (1992)", "A (1990)"]
    assert table["predicted rating"].tolist() == [4.5, 4.25]
    with pytest.raises(ValueError, match="one score per movie"):
        recommend.recommendation_table(movies, np.array([0, 1]), np.array([1.0]))
