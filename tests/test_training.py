"""helpers.training: inputs, raw predictions, independent copies, recency weights."""

from __future__ import annotations

import keras
import numpy as np
import pandas as pd
import pytest

from helpers import training

FRAME = pd.DataFrame({"user_index": [0, 0, 0, 1], "movie_index": [2, 1, 0, 2],
                      "timestamp": [30, 10, 20, 5], "rating": [4.0, 3.0, 5.0, 1.0]})


def _constant_model(value: float) -> keras.Model:
    user = keras.Input(shape=(), dtype="int32", name="user")
    movie = keras.Input(shape=(), dtype="int32", name="movie")
    bias = keras.layers.Embedding(3, 1, embeddings_initializer=keras.initializers.Constant(value),
                                  name="movie_bias")(movie)
    return keras.Model([user, movie], bias)


def test_rating_inputs():
    inputs = training.rating_inputs(FRAME)
    assert list(inputs) == ["user", "movie"]
    assert inputs["movie"].tolist() == [2, 1, 0, 2]


@pytest.mark.parametrize("value", [7.0, -1.0, 3.2])
def test_predict_ratings_leaves_scores_off_the_star_scale_raw(value):
    predictions = training.predict_ratings(_constant_model(value), FRAME)
    assert predictions.shape == (4,)
    assert predictions == pytest.approx([value] * 4)


def test_score_catalogue_scores_every_pair_unclipped():
    user = keras.Input(shape=(), dtype="int32", name="user")
    movie = keras.Input(shape=(), dtype="int32", name="movie")
    # score = 10 * user + movie, as float: (2 users, 3 movies), up to 12 stars
    score = keras.ops.cast(10 * user + movie, "float32")
    scores = training.score_catalogue(keras.Model([user, movie], score), 2, 3)
    assert scores.tolist() == [[0, 1, 2], [10, 11, 12]]


def test_copy_model_is_independent():
    original = _constant_model(3.0)
    twin = training.copy_model(original)
    twin.get_layer("movie_bias").set_weights([np.zeros((3, 1))])
    assert training.predict_ratings(original, FRAME) == pytest.approx([3.0] * 4)
    assert training.predict_ratings(twin, FRAME) == pytest.approx([0.0] * 4)


def test_recency_weights_halve_per_half_life_and_average_one():
    weights = training.recency_weights(FRAME, half_life=1 / 3)  # user 0: one half-life per rating
    assert weights.mean() == pytest.approx(1.0)
    raw = weights / weights[0]  # user 0's newest rating (timestamp 30)
    assert raw[[0, 2, 1]] == pytest.approx([1.0, 0.5, 0.25])
    assert raw[3] == pytest.approx(1.0)  # user 1's only rating is their newest


def test_recency_weights_refuse_a_non_positive_half_life():
    with pytest.raises(ValueError, match="positive"):
        training.recency_weights(FRAME, half_life=0)


def test_fit_biases_recovers_additive_biases():
    rng = np.random.default_rng(0)
    user_bias, movie_bias = rng.normal(size=20), rng.normal(size=30)
    pairs = pd.DataFrame([(u, m) for u in range(20) for m in range(30)],
                         columns=["user_index", "movie_index"])
    frame = pairs.assign(rating=3.5 + user_bias[pairs["user_index"]]
                         + movie_bias[pairs["movie_index"]])
    predict = training.fit_biases(frame, 20, 30, reg=0.0, rounds=30)
    np.testing.assert_allclose(predict(frame), frame["rating"], atol=1e-6)


def test_fit_biases_shrinks_a_rarely_rated_movie_towards_the_mean():
    frame = pd.DataFrame({"user_index": [0, 0, 1, 1], "movie_index": [0, 1, 0, 2],
                          "rating": [4.0, 2.0, 4.0, 5.0]})
    loose, tight = (training.fit_biases(frame, 2, 3, reg)(frame.iloc[[3]])[0]
                    for reg in (0.0, 100.0))
    assert abs(tight - frame["rating"].mean()) < abs(loose - frame["rating"].mean())


def test_fit_biases_with_user_weights_follows_the_weighted_ratings():
    # one user rated one movie 1 star long ago and another 5 stars lately
    frame = pd.DataFrame({"user_index": [0, 0, 1, 1], "movie_index": [0, 1, 0, 1],
                          "rating": [1.0, 5.0, 3.0, 3.0]})
    plain = training.fit_biases(frame, 2, 2, reg=0.0)(frame.head(1))
    recent = training.fit_biases(frame, 2, 2, reg=0.0,
                                 user_weights=np.array([0.01, 1.0, 1.0, 1.0]))
    assert recent(frame.head(1))[0] == pytest.approx(plain[0] + 0.98, abs=0.01)  # generous
    with pytest.raises(ValueError, match="one weight per rating"):
        training.fit_biases(frame, 2, 2, reg=0.0, user_weights=np.ones(3))
