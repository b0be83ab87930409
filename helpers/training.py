"""Plumbing around the Keras rating models of the recommender notebooks.

What every recommender notebook needs around its model, kept out of the lesson: turning a
ratings frame into the model's inputs, predicting ratings (raw scores), copying a trained model,
weighting each user's ratings by recency, and the biases-only baseline every model is judged
against. The models themselves (embeddings, losses, ``fit``) stay in the notebooks.

Used by: ``03_mf_basic`` (tutorial, lab, solution).
"""

from __future__ import annotations

from collections.abc import Callable

import keras
import numpy as np
import pandas as pd


def rating_inputs(frame: pd.DataFrame) -> dict[str, np.ndarray]:
    """The inputs of a model with ``keras.Input`` layers named ``user`` and ``movie``.

    Returns ``{"user": user_index, "movie": movie_index}``, int arrays of shape ``(rows,)``.
    """
    return {"user": frame["user_index"].to_numpy(), "movie": frame["movie_index"].to_numpy()}


def score_catalogue(
    model: keras.Model, num_users: int, num_movies: int, batch_size: int = 65_536
) -> np.ndarray:
    """Raw scores of every (user, movie) pair, shape ``(num_users, num_movies)``, unclipped.

    For choosing from the whole catalogue: clipping to 5 stars would tie the best movies.
    The model takes :func:`rating_inputs` (inputs named ``user`` and ``movie``).
    """
    users = np.repeat(np.arange(num_users), num_movies)
    movies = np.tile(np.arange(num_movies), num_users)
    scores = model.predict({"user": users, "movie": movies}, batch_size=batch_size,
                           verbose=0)
    return scores.reshape(num_users, num_movies)


def predict_ratings(
    model: keras.Model, frame: pd.DataFrame, batch_size: int = 8192
) -> np.ndarray:
    """The model's raw predicted ratings for the rows of ``frame``, shape ``(rows,)``, unclipped.

    ``model.predict`` (inference mode: dropout off) on :func:`rating_inputs` of ``frame``,
    ``batch_size`` rows at a time. Not clipped to the star scale: clipping ties every movie
    predicted above 5 stars, so rankings read the raw scores, and
    :func:`helpers.metrics.evaluate` clips (:func:`helpers.metrics.to_stars`) only for the
    rating errors.
    """
    scores = model.predict(rating_inputs(frame), batch_size=batch_size, verbose=0)
    return scores.reshape(-1)


def copy_model(model: keras.Model) -> keras.Model:
    """An independent copy of ``model`` (same layers, same weights), to fine-tune on its own."""
    twin = keras.models.clone_model(model)
    twin.set_weights(model.get_weights())
    return twin


def recency_weights(frame: pd.DataFrame, half_life: float) -> np.ndarray:
    """One weight per rating: 1 for a user's newest, halving every ``half_life`` of their history.

    ``half_life`` is a share of each user's number of ratings (0.05: a rating 5 % of the
    user's history back counts half). The weights are then scaled to mean 1, so a weighted
    loss keeps the scale of an unweighted one. Shape ``(rows,)``, in the order of ``frame``.
    """
    if half_life <= 0:
        raise ValueError(f"half_life must be a positive share of a history, got {half_life}")
    by_user = frame.groupby("user_index")["timestamp"]
    newer = by_user.rank(method="first", ascending=False) - 1  # 0 for a user's newest rating
    weights = 0.5 ** (newer / (half_life * by_user.transform("size")))
    return (weights / weights.mean()).to_numpy()


def fit_biases(
    frame: pd.DataFrame,
    num_users: int,
    num_movies: int,
    reg: float,
    rounds: int = 10,
    user_weights: np.ndarray | None = None,
) -> Callable[[pd.DataFrame], np.ndarray]:
    """The biases-only model in closed form: global mean + user bias + movie bias.

    Alternating least squares on the residuals: each movie's bias is the sum of its
    residuals divided by (its number of ratings + ``reg``), then each user's the same way;
    ``reg`` (in ratings) shrinks the biases of rarely seen users and movies towards 0.

    Args:
        frame: training ratings with ``user_index``, ``movie_index`` and ``rating`` (stars).
        num_users, num_movies: the sizes of the index ranges.
        reg: the shrinkage, as a number of pseudo-ratings at the mean.
        rounds: alternations (10 is plenty on MovieLens).
        user_weights: optional weight per row, shape ``(rows,)`` (e.g.
            :func:`recency_weights`): after the alternations, each user's bias is refit
            on their weighted residuals, the movie biases frozen, as the factor models'
            recent-bias refit does.

    Returns:
        ``predict(rows)``: the predicted ratings of a frame's rows, shape ``(rows,)``, stars.

    Used by: ``03_mf_basic`` onwards (the bar every factor model must beat).
    """
    users, movies = frame["user_index"].to_numpy(), frame["movie_index"].to_numpy()
    stars, mean = frame["rating"].to_numpy(), float(frame["rating"].mean())
    user_count = np.bincount(users, minlength=num_users) + reg
    movie_count = np.bincount(movies, minlength=num_movies) + reg
    b_user = np.zeros(num_users)
    for _ in range(rounds):
        b_movie = np.bincount(movies, stars - mean - b_user[users], num_movies) / movie_count
        b_user = np.bincount(users, stars - mean - b_movie[movies], num_users) / user_count
    if user_weights is not None:
        weights = np.asarray(user_weights, dtype=float).reshape(-1)
        if len(weights) != len(frame):
            raise ValueError(f"expected one weight per rating ({len(frame)}), "
                             f"got {len(weights)}")
        weighted = weights * (stars - mean - b_movie[movies])
        b_user = (np.bincount(users, weighted, num_users)
                  / (np.bincount(users, weights, num_users) + reg))

    def predict(rows: pd.DataFrame) -> np.ndarray:
        return mean + b_user[rows["user_index"]] + b_movie[rows["movie_index"]]

    return predict


def history_inputs(
    frame: pd.DataFrame, movie_ids: np.ndarray, stars: np.ndarray
) -> dict[str, np.ndarray]:
    """The inputs of a history model: ``keras.Input`` layers ``movie``, ``history``,
    ``history_ratings``.

    Each row of ``frame`` (a candidate ``(user_index, movie_index)``) gets its user's padded
    history: ``movie_ids[user]`` and ``stars[user]``, as built by
    :func:`helpers.features.padded_histories`. Returns ``{"movie": (rows,) int32,
    "history": (rows, length) int32, "history_ratings": (rows, length) float32}``.

    Used by: ``04_mf_history``.
    """
    users = frame["user_index"].to_numpy()
    return {"movie": frame["movie_index"].to_numpy().astype("int32"),
            "history": movie_ids[users], "history_ratings": stars[users]}


def ridge_fold_in(
    movie_vectors: np.ndarray, residuals: np.ndarray, reg: float
) -> tuple[np.ndarray, float]:
    """Fold a new user into a trained MF model: their vector and bias by ridge regression.

    Solves ``min ||residuals - movie_vectors @ u - b||^2 + reg * (||u||^2 + b^2)`` with the
    movie vectors frozen, in closed form.

    Args:
        movie_vectors: the trained vectors of the movies the user rated, shape ``(n, dim)``.
        residuals: their ratings minus (global mean + movie bias), shape ``(n,)``, stars.
        reg: the ridge penalty (> 0, so a user with 0 or 1 rating still has an answer).

    Returns:
        ``(user_vector, user_bias)``: shape ``(dim,)`` and a float; all zeros when n = 0.

    Used by: ``04_mf_history`` (the MF baseline for new users).
    """
    if reg <= 0:
        raise ValueError(f"reg must be positive, got {reg}")
    movie_vectors = np.asarray(movie_vectors, dtype=float)
    residuals = np.asarray(residuals, dtype=float).reshape(-1)
    if movie_vectors.ndim != 2 or len(movie_vectors) != len(residuals):
        raise ValueError(f"expected (n, dim) vectors and n residuals, got shapes "
                         f"{movie_vectors.shape} and {residuals.shape}")
    design = np.hstack([movie_vectors, np.ones((len(residuals), 1))])
    gram = design.T @ design + reg * np.eye(design.shape[1])
    solution = np.linalg.solve(gram, design.T @ residuals)
    return solution[:-1], float(solution[-1])
