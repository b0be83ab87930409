"""Helpers of notebook 04 (MF with history): new users, padded histories, fold-in, profiles."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from helpers import data, features, recommend, splits, training

FRAME = pd.DataFrame({"user_index": [0, 0, 0, 2], "movie_index": [5, 1, 3, 0],
                      "timestamp": [30, 10, 20, 5], "rating": [4.0, 3.0, 5.0, 1.0]})
MOVIES = pd.DataFrame({"movieId": [1, 2, 260], "title": ["Toy Story (1995)", "Heat (1995)",
                                                       "Star Wars (1977)"]})


def test_holdout_users_is_seeded_and_looks_at_ids_only():
    ids = np.repeat(np.arange(10, 110), 3)  # 100 users, each listed three times
    chosen = splits.holdout_users(ids, 0.2)
    assert len(chosen) == 20 and np.all(np.diff(chosen) > 0)
    assert set(chosen) <= set(ids)
    assert np.array_equal(chosen, splits.holdout_users(np.random.permutation(ids), 0.2))
    with pytest.raises(ValueError, match="share"):
        splits.holdout_users(ids, 1.5)


def test_padded_histories_keep_the_most_recent_in_time_order():
    movie_ids, stars = features.padded_histories(FRAME, num_users=3, max_length=2)
    assert movie_ids.shape == stars.shape == (3, 2)
    assert movie_ids[0].tolist() == [4, 6]  # movies 3 (t=20), 5 (t=30), shifted by 1
    assert stars[0].tolist() == [5.0, 4.0]
    assert movie_ids[1].tolist() == [0, 0]  # no ratings: all padding
    assert movie_ids[2].tolist() == [1, 0] and stars[2].tolist() == [1.0, 0.0]
    with pytest.raises(ValueError, match="max_length"):
        features.padded_histories(FRAME, 3, 0)


def test_history_inputs_give_each_row_its_users_history():
    movie_ids, stars = features.padded_histories(FRAME, num_users=3, max_length=3)
    inputs = training.history_inputs(FRAME, movie_ids, stars)
    assert inputs["movie"].tolist() == [5, 1, 3, 0]
    assert inputs["history"].shape == (4, 3)
    assert inputs["history"][3].tolist() == movie_ids[2].tolist()
    assert inputs["history_ratings"][0].tolist() == [3.0, 5.0, 4.0]


def test_ridge_fold_in_recovers_a_user_and_handles_no_ratings():
    rng = np.random.default_rng(0)
    vectors, truth = rng.normal(size=(200, 3)), np.array([0.5, -1.0, 2.0])
    vector, bias = training.ridge_fold_in(vectors, vectors @ truth + 0.3, reg=1e-6)
    assert np.allclose(vector, truth, atol=1e-4) and bias == pytest.approx(0.3, abs=1e-4)
    vector, bias = training.ridge_fold_in(np.zeros((0, 3)), np.zeros(0), reg=1.0)
    assert vector.tolist() == [0, 0, 0] and bias == 0
    shrunk, _ = training.ridge_fold_in(vectors, vectors @ truth, reg=1e4)
    assert np.linalg.norm(shrunk) < np.linalg.norm(truth) / 2
    with pytest.raises(ValueError, match="reg"):
        training.ridge_fold_in(vectors, vectors @ truth, reg=0)


def test_profile_ratings_accepts_titles_and_ids():
    indices, stars = recommend.profile_ratings({"toy story (1995) ": 4.5, 260: 5}, MOVIES)
    assert indices.tolist() == [0, 2] and stars.tolist() == [4.5, 5.0]


@pytest.mark.parametrize("profile, error, words", [
    ([("Heat (1995)", 4)], TypeError, "expected a dict"),
    ({}, ValueError, "at least one movie"),
    ({"Heat": 4}, ValueError, "unknown movie"),
    ({99: 4}, ValueError, "unknown movie"),
    ({2.0: 4}, TypeError, "title"),
    ({"Heat (1995)": 7}, ValueError, "between 0.5 and 5"),
    ({"Heat (1995)": float("nan")}, ValueError, "between 0.5 and 5"),
    ({"Heat (1995)": "4"}, TypeError, "as a number"),
    ({"Heat (1995)": 4, 2: 3}, ValueError, "twice"),
])
def test_profile_ratings_explains_bad_input_in_one_sentence(profile, error, words):
    with pytest.raises(error, match=words) as caught:
        recommend.profile_ratings(profile, MOVIES)
    assert str(caught.value).count(". ") == 0 and str(caught.value).endswith(".")


def test_causal_histories_hold_only_strictly_earlier_ratings():
    # user 0 rated movie 1 (t=10), 3 (t=20), then 5 and 7 in the same second (t=30)
    frame = pd.concat([FRAME, pd.DataFrame({"user_index": [0], "movie_index": [7],
                                            "timestamp": [30], "rating": [2.0]})],
                      ignore_index=True)
    movie_ids, stars = features.causal_histories(frame, max_length=2)
    assert movie_ids.shape == stars.shape == (5, 2)  # one row per rating, in frame order
    # t=30: the two earlier ratings, oldest first; not each other (same second), not itself
    assert movie_ids[0].tolist() == movie_ids[4].tolist() == [2, 4]
    assert stars[0].tolist() == [3.0, 5.0]
    assert movie_ids[2].tolist() == [2, 0] and stars[2].tolist() == [3.0, 0.0]  # t=20
    assert movie_ids[1].tolist() == [0, 0]  # the user's first rating: nothing before it
    assert movie_ids[3].tolist() == [0, 0]  # user 2's only rating
    shortest, _ = features.causal_histories(frame, max_length=1)
    assert shortest[0].tolist() == [4]  # the most recent earlier rating is kept
    with pytest.raises(ValueError, match="max_length"):
        features.causal_histories(frame, 0)


def test_causal_histories_end_where_the_serving_history_ends():
    """A rating after all of a user's others gets the row padded_histories builds."""
    frame = FRAME.assign(timestamp=[30, 10, 20, 5])
    later = pd.DataFrame({"user_index": [0], "movie_index": [8], "timestamp": [99],
                          "rating": [3.0]})
    movie_ids, stars = features.causal_histories(pd.concat([frame, later]), max_length=3)
    served_ids, served_stars = features.padded_histories(frame, num_users=3, max_length=3)
    assert movie_ids[-1].tolist() == served_ids[0].tolist()
    assert stars[-1].tolist() == served_stars[0].tolist()


def test_first_ratings_reveals_whole_seconds_and_short_users_entirely():
    frame = pd.DataFrame({"user_index": [0, 0, 0, 0, 1, 1],
                          "timestamp": [30, 10, 20, 20, 5, 6],
                          "movie_index": [4, 1, 3, 2, 7, 8]})
    revealed = splits.first_ratings(frame, 2)
    # user 0: 10, then 20 (the 2nd) brings its twin of the same second; user 1: both
    assert revealed["movie_index"].tolist() == [1, 2, 3, 7, 8]
    assert splits.first_ratings(frame, 1)["movie_index"].tolist() == [1, 7]
    assert len(splits.first_ratings(frame, 10)) == len(frame)
    with pytest.raises(ValueError, match="at least 1"):
        splits.first_ratings(frame, 0)


def test_user_folds_deal_every_user_once_and_start_with_the_holdout():
    ids = np.arange(100, 203)
    folds = splits.user_folds(ids, 5)
    assert len(folds) == 5
    assert np.array_equal(np.sort(np.concatenate(folds)), ids)  # each user exactly once
    assert np.array_equal(folds[0], splits.holdout_users(ids, 0.2))
    assert {len(fold) for fold in folds[1:]} <= {20, 21, 22}
    shuffled = splits.user_folds(np.random.permutation(ids), 5)
    assert all(np.array_equal(a, b) for a, b in zip(folds, shuffled, strict=True))
    with pytest.raises(ValueError, match="at least 2"):
        splits.user_folds(ids, 1)


def _histories():
    """Two users: user 0 rates 8 movies (two in one second), user 1 rates 3."""
    return pd.DataFrame({"user_index": [0] * 8 + [1] * 3,
                         "movie_index": [5, 1, 2, 3, 4, 6, 7, 8, 1, 2, 3],
                         "movieId": [15, 11, 12, 13, 14, 16, 17, 18, 11, 12, 13],
                         "rating": [1.0, 2.0, 3.0, 4.0, 5.0, 1.5, 2.5, 3.5, 4.0, 3.0, 2.0],
                         "timestamp": [10, 1, 2, 3, 3, 4, 5, 6, 1, 2, 3]})


def test_next_ratings_scores_the_ratings_that_follow_the_revealed_ones():
    revealed, scored = splits.next_ratings(_histories(), k=2, following=3)
    assert revealed["movie_index"].tolist() == [1, 2, 1, 2]
    # user 0: the 3 next after 1, 2 are 3 and 4 (one second, kept whole) then 6
    assert scored["movie_index"].tolist() == [3, 4, 6, 3]
    assert not set(revealed.index) & set(scored.index)


def test_next_ratings_perturbs_only_the_scored_rows_under_the_leak_test(monkeypatch):
    other = pd.DataFrame({"user_index": 2, "movie_index": np.arange(20, 30),
                          "movieId": np.arange(120, 130), "rating": 3.0,
                          "timestamp": np.arange(10)})
    history = pd.concat([_histories(), other], ignore_index=True)  # a larger catalogue
    revealed, scored = splits.next_ratings(history, k=2, following=5)
    monkeypatch.setenv(data.LEAK_TEST_VARIABLE, "3")
    leak_revealed, leak_scored = splits.next_ratings(history, k=2, following=5)
    pd.testing.assert_frame_equal(leak_revealed, revealed)
    assert leak_scored.index.equals(scored.index)
    assert sorted(leak_scored["rating"]) == sorted(scored["rating"])
    moved = leak_scored["movie_index"] != scored["movie_index"]
    changed = leak_scored["rating"] != scored["rating"]
    assert moved.any() and changed.any()
    # a redrawn movie is one the user never rated, never twice
    for user, rows in leak_scored[moved].groupby("user_index"):
        assert not set(rows["movie_index"]) & set(history.loc[
            history["user_index"] == user, "movie_index"])
    assert not leak_scored.duplicated(["user_index", "movie_index"]).any()
