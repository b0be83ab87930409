"""How MovieLens ratings are split: training, validation and test parts, held-out users.

Also the leak test's copy of the ratings (:func:`leak_test_copy`: test ratings shuffled,
half the test movies redrawn), on which every split keeps its rows, and the folds of new
users with the rows each is scored on (:func:`user_folds`, :func:`next_ratings`).

Used by: ``03_mf_basic`` onwards and the clinics.
"""

from __future__ import annotations

import os

import numpy as np
import pandas as pd

from helpers.data import LEAK_TEST_VARIABLE, LIKED_THRESHOLD, SEED


def shuffle_ratings(ratings: pd.DataFrame, rows: pd.Index, seed: int) -> pd.DataFrame:
    """A copy of ``ratings`` whose ``rows`` (index labels) swap their ratings at random.

    The chosen rows keep their user, movie and timestamp; their ``rating`` values are
    permuted among themselves (seeded); every other row is untouched.
    """
    shuffled = ratings.copy()
    permuted = np.random.default_rng(seed).permutation(ratings.loc[rows, "rating"].to_numpy())
    shuffled.loc[rows, "rating"] = permuted
    return shuffled


def redraw_movies(
    ratings: pd.DataFrame, rows: pd.Index, seed: int, share: float = 0.5
) -> pd.DataFrame:
    """A copy of ``ratings`` where a seeded ``share`` of ``rows`` rate another movie.

    Each chosen row keeps its user, rating and timestamp but gets a movie (``movieId`` and
    ``movie_index``) drawn at random among the movies of ``ratings`` the user never rated,
    no movie twice per user. A feature computed from *which movies* these rows hold (a
    count, a popularity) changes, which shuffling the ratings alone cannot show.

    Args:
        ratings: indexed ratings (``user_index``, ``movie_index``, ``movieId``): the
            catalogue and what each user rated are read from them.
        rows: the index labels that may be redrawn.
        seed: the seed of the rows chosen and the movies drawn.
        share: the share of ``rows`` that get another movie, in (0, 1].
    """
    rng = np.random.default_rng(seed)
    chosen = rows[rng.random(len(rows)) < share]
    movies = ratings[["movieId", "movie_index"]].drop_duplicates().set_index("movie_index")
    catalogue = movies.index.to_numpy()
    rated = ratings.groupby("user_index")["movie_index"].agg(set)
    redrawn = ratings.copy()
    for user, picked in ratings.loc[chosen].groupby("user_index").groups.items():
        unrated = np.setdiff1d(catalogue, list(rated[user]))
        drawn = rng.choice(unrated, len(picked), replace=False)
        redrawn.loc[picked, "movie_index"] = drawn
        redrawn.loc[picked, "movieId"] = movies.loc[drawn, "movieId"].to_numpy()
    return redrawn


def leak_test_copy(ratings: pd.DataFrame, seed: int) -> pd.DataFrame:
    """The leak test's ratings: test ratings shuffled, then half the test movies redrawn.

    :func:`perturb_rows` on the rows :func:`split_ratings` puts in the chronological test
    set (its default 30 %): they keep their user and timestamp, so every split returns the
    same rows, and the training part is untouched. A model that learns nothing from the
    test part predicts exactly the same on this copy: ``tests/test_no_leakage.py`` runs
    each recommender notebook on it (``WORKSHOP_LEAK_TEST_SEED=<seed>``).
    """
    _, test = split_ratings(ratings, "chronological")
    return perturb_rows(ratings, test.index, seed)


def perturb_rows(ratings: pd.DataFrame, rows: pd.Index, seed: int) -> pd.DataFrame:
    """A copy of ``ratings`` whose ``rows`` swap their ratings at random, then half of
    them rate another movie the user never rated (:func:`shuffle_ratings`, then
    :func:`redraw_movies`): what the leak test does to the rows a notebook scores."""
    return redraw_movies(shuffle_ratings(ratings, rows, seed), rows, seed)


def split_ratings(
    ratings: pd.DataFrame, method: str = "chronological", test_ratio: float = 0.3
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Split ratings per user into ``(train, test)`` row subsets (all columns, index kept).

    ``method="chronological"`` (the workshop's protocol: predict what a user rates next):
    for a user with ``n`` ratings sorted by time, ``c = n - int(test_ratio * n)`` and ``t``
    is the timestamp of their ``c``-th rating; training holds the user's ratings at or
    before ``t``, test the later ones. Ratings made in the same second never split (32 % of
    MovieLens ratings share their second with another of the same user, and no order among
    them is real), so no tie is broken by movie id, and the split does not depend on movie
    ids at all. On ml-latest-small: 70,613 train, 29,391 test (669 users with a test part);
    applied again to that train part with ``test_ratio=0.1``: 64,216 train, 6,397 valid.

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
        ordered = ratings.sort_values(["userId", "timestamp"], kind="stable")
        by_user = ordered.groupby("userId")
        count = by_user["userId"].transform("size")
        last_train = (by_user.cumcount() == count - 1 - (test_ratio * count).astype(int))
        cut = ordered.loc[last_train].set_index("userId")["timestamp"]  # t, per user
        is_test = ordered["timestamp"] > ordered["userId"].map(cut)
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


def first_ratings(frame: pd.DataFrame, k: int) -> pd.DataFrame:
    """Each user's first ``k`` ratings in time order, and every other of the same second.

    What a new user "reveals" after rating ``k`` movies: ratings made in the same second as
    the ``k``-th (a page saved at once) come with it, never split, as :func:`split_ratings`
    keeps a second whole. A user with fewer than ``k`` ratings reveals them all.

    Args:
        frame: ratings with ``user_index``, ``timestamp`` and ``movie_index``.
        k: ratings revealed per user, at least 1.

    Returns:
        The revealed rows of ``frame``, sorted by user, time and movie.

    Used by: ``04_mf_history`` (the k-curve of new users).
    """
    if k < 1:
        raise ValueError(f"k must be at least 1, got {k}")
    ordered = frame.sort_values(["user_index", "timestamp", "movie_index"])
    rank = ordered.groupby("user_index").cumcount()
    kth_second = (ordered["timestamp"].where(rank == k - 1)
                  .groupby(ordered["user_index"]).transform("max"))
    return ordered[(rank < k) | (ordered["timestamp"] == kth_second)]


def user_folds(user_ids: np.ndarray, folds: int = 5, seed: int = SEED) -> list[np.ndarray]:
    """The distinct ``user_ids`` dealt into ``folds`` seeded groups, each sorted.

    Fold 0 is :func:`holdout_users`' draw of ``1 / folds`` of the users (the single
    held-out group a notebook starts with); the others share the rest at random, sizes
    differing by at most one. Ids only are looked at, as in :func:`holdout_users`.

    Used by: ``04_mf_history`` (every user is a new user once).
    """
    if folds < 2:
        raise ValueError(f"folds must be at least 2, got {folds}")
    distinct = np.unique(np.asarray(user_ids))
    first = holdout_users(distinct, 1 / folds, seed)
    rest = np.random.default_rng(seed).permutation(np.setdiff1d(distinct, first))
    return [first, *(np.sort(part) for part in np.array_split(rest, folds - 1))]


def next_ratings(
    history: pd.DataFrame, k: int, following: int = 20
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """What a new user reveals, and the ratings they make next: ``(revealed, scored)``.

    ``revealed`` is :func:`first_ratings` (``k`` per user, a second never split);
    ``scored`` the ``following`` ratings after them, by the same rule (a user with fewer
    left gives all they have). Scoring on the ratings that come next, not on the last part
    of a user's history (often years later), asks a cold-start question without drift.

    Under the leak test (``WORKSHOP_LEAK_TEST_SEED`` set) the scored rows are perturbed as
    the test part is (:func:`perturb_rows`): a method that
    read them would predict differently, and ``tests/test_no_leakage.py`` asserts that none
    does.

    Args:
        history: every rating of the new users (``user_index``, ``movie_index``,
            ``movieId``, ``rating``, ``timestamp``).
        k: ratings revealed per user, at least 1.
        following: ratings scored per user after the revealed ones, at least 1.
    """
    revealed = first_ratings(history, k)
    scored = first_ratings(history.drop(revealed.index), following)
    if os.environ.get(LEAK_TEST_VARIABLE):
        seed = int(os.environ[LEAK_TEST_VARIABLE])
        scored = perturb_rows(history, scored.index, seed).loc[scored.index]
    return revealed, scored
