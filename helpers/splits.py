"""How MovieLens ratings are split: training, validation and test parts, held-out users.

Also the leak test's copy of the ratings (:func:`shuffle_test_ratings`), which must keep
every split's rows.

Used by: ``03_mf_basic`` onwards and the clinics.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from helpers.data import LIKED_THRESHOLD, SEED


def shuffle_test_ratings(ratings: pd.DataFrame, seed: int) -> pd.DataFrame:
    """A copy of ``ratings`` whose chronological test rows swap their ratings at random.

    The rows :func:`split_ratings` puts in the chronological test set (its default 30 %)
    keep their user, movie and timestamp, so every split returns the same rows, but their
    ``rating`` values are permuted among themselves; the training part is untouched. A
    model that learns nothing from test ratings predicts exactly the same on this copy: the
    leak test (``tests/test_no_leakage.py``) runs each recommender solution with
    ``WORKSHOP_SHUFFLE_TEST_RATINGS=<seed>`` and compares its predictions.
    """
    _, test = split_ratings(ratings, "chronological")
    shuffled = ratings.copy()
    permuted = np.random.default_rng(seed).permutation(test["rating"].to_numpy())
    shuffled.loc[test.index, "rating"] = permuted
    return shuffled


def split_ratings(
    ratings: pd.DataFrame, method: str = "chronological", test_ratio: float = 0.3
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Split ratings per user into ``(train, test)`` row subsets (all columns, index kept).

    ``method="chronological"`` (the workshop's protocol: predict what a user rates next):
    each user's ratings sorted by (timestamp, movieId); the last ``int(test_ratio * n)``
    go to test. On ml-latest-small: 70,298 train, 29,706 test; applied again to that train
    part with ``test_ratio=0.1``: 63,589 train, 6,709 valid.

    ``method="seed2017"`` (the 2017 workshop's split, to compare with its table): users
    with fewer than 5 ratings dropped; in ``ratings.csv`` order (userId, then movieId) the
    first ``int(0.7 * count)`` of a user's positives (rating >= 4) go to train, the rest to
    test, and the same for the negatives. ``test_ratio`` is ignored (it is 0.3).
    On ml-latest-small: 69,399 train, 30,605 test. MovieLens numbers movies as it adds
    them, so this test set holds each user's most recently *added* movies: 19 % of its
    ratings are of movies unseen in train (8 % with the chronological split).

    Used by: ``03_mf_basic`` onwards.
    """
    if method == "chronological":
        ordered = ratings.sort_values(["userId", "timestamp", "movieId"], kind="stable")
        position = ordered.groupby("userId").cumcount()
        count = ordered.groupby("userId")["userId"].transform("size")
        is_test = position >= count - (test_ratio * count).astype(int)
    elif method == "seed2017":
        counts = ratings.groupby("userId")["userId"].transform("size")
        ordered = ratings[counts >= 5].sort_values(["userId", "movieId"], kind="stable")
        liked = ordered["rating"] >= LIKED_THRESHOLD
        groups = [ordered["userId"], liked]
        position = ordered.groupby(groups).cumcount()
        count = ordered.groupby(groups)["userId"].transform("size")
        is_test = position >= (0.7 * count).astype(int)
    else:
        raise ValueError(f"method must be 'chronological' or 'seed2017', not {method!r}")
    return ordered[~is_test].sort_index(), ordered[is_test].sort_index()


def holdout_users(user_ids: np.ndarray, share: float = 0.2, seed: int = SEED) -> np.ndarray:
    """A seeded random ``share`` of the distinct ``user_ids``, sorted: the "new users".

    The choice looks at the ids only (never at a rating), so it is the same on any copy of
    the ratings, the leak test's shuffled one included. At least one user is chosen.

    Used by: ``04_mf_history`` (users kept out of training, served from their history).
    """
    if not 0 < share < 1:
        raise ValueError(f"share must be between 0 and 1 (exclusive), got {share}")
    distinct = np.unique(np.asarray(user_ids))
    count = max(1, int(round(share * len(distinct))))
    return np.sort(np.random.default_rng(seed).choice(distinct, count, replace=False))
