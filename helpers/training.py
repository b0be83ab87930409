"""Plumbing around the Keras rating models of the recommender notebooks.

What every recommender notebook needs around its model, kept out of the lesson: turning a
ratings frame into the model's inputs, predicting clipped ratings, copying a trained model,
and weighting each user's ratings by recency. The models themselves (embeddings, losses,
``fit``) stay in the notebooks.

Used by: ``03_mf_basic`` (tutorial, lab, solution).
"""

from __future__ import annotations

import keras
import numpy as np
import pandas as pd

MIN_STARS, MAX_STARS = 0.5, 5.0


def rating_inputs(frame: pd.DataFrame) -> dict[str, np.ndarray]:
    """The inputs of a model with ``keras.Input`` layers named ``user`` and ``movie``.

    Returns ``{"user": user_index, "movie": movie_index}``, int arrays of shape ``(rows,)``.
    """
    return {"user": frame["user_index"].to_numpy(), "movie": frame["movie_index"].to_numpy()}


def predict_ratings(model: keras.Model, frame: pd.DataFrame) -> np.ndarray:
    """The model's ratings for the rows of ``frame``, clipped to 0.5-5 stars, shape ``(rows,)``.

    Runs the model in inference mode (dropout off) on :func:`rating_inputs` of ``frame``.
    """
    scores = keras.ops.convert_to_numpy(model(rating_inputs(frame), training=False))
    return np.clip(scores.reshape(-1), MIN_STARS, MAX_STARS)


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
