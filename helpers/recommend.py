"""Turn a trained model's scores and embeddings into recommendations and neighbours.

What every recommender notebook does once its model is trained, kept out of the lessons:

- :func:`best_first`: scores in order, ties broken by a seeded random key, never by id;
- :func:`top_n_unseen`, :func:`top_k_per_user`: the best-scored movies not rated yet;
- :func:`most_similar`: the rows of an embedding matrix closest to one row (cosine);
- :func:`recommendation_table`: either result as a readable table of titles.

Used by: ``03_mf_basic`` (top-10 list, movies similar to Toy Story).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from helpers.data import SEED


def best_first(scores: np.ndarray, seed: int = SEED) -> np.ndarray:
    """Indices that sort each row of ``scores`` from the highest score down.

    Equal scores are ordered by a seeded random key, never by index: MovieLens numbers
    movies as it adds them, so an index order would quietly prefer older movies.

    Args:
        scores: shape ``(num_items,)`` or ``(num_users, num_items)``; ``-inf`` sorts last.
        seed: the seed of the random key (the same seed, the same order).

    Returns:
        Int array of the shape of ``scores``: item indices, best first, row by row.
    """
    scores = np.asarray(scores, dtype=float)
    tie_break = np.random.default_rng(seed).random(scores.shape)
    return np.lexsort((tie_break, -scores), axis=-1)


def top_n_unseen(
    scores: np.ndarray,
    seen: Sequence[int] | np.ndarray,
    n: int = 10,
    candidates: np.ndarray | None = None,
    seed: int = SEED,
) -> np.ndarray:
    """Indices of the ``n`` highest scores, leaving out the items already seen.

    Args:
        scores: one score per item, shape ``(num_items,)`` (e.g. a user's predicted rating
            for every movie, in stars); higher is better. NaN scores are never returned.
        seen: indices of the items to leave out (the movies the user rated in training).
        n: how many to return.
        candidates: optional bool mask, shape ``(num_items,)``: only these items may be
            returned (e.g. movies with at least a few ratings).
        seed: the seed of the tie-break (see :func:`best_first`).

    Returns:
        Int array of at most ``n`` item indices, best first.
    """
    scores = np.asarray(scores, dtype=float).reshape(-1)
    allowed = ~np.isnan(scores)
    if candidates is not None:
        candidates = np.asarray(candidates, dtype=bool).reshape(-1)
        if candidates.shape != scores.shape:
            raise ValueError(
                f"candidates must have one flag per item ({len(scores)}), got {len(candidates)}"
            )
        allowed &= candidates
    seen = np.asarray(seen, dtype=int).reshape(-1)
    if seen.size and (seen.min() < 0 or seen.max() >= len(scores)):
        raise IndexError(f"seen holds an index outside 0..{len(scores) - 1}")
    allowed[seen] = False
    order = best_first(np.where(allowed, scores, -np.inf), seed)
    return order[: min(n, int(allowed.sum()))]


def cosine_similarities(embeddings: np.ndarray, index: int) -> np.ndarray:
    """Cosine similarity of every row of ``embeddings`` (shape ``(rows, dim)``) to row ``index``.

    Rows of zeros (an item never trained) get similarity 0. Returns shape ``(rows,)``.
    """
    embeddings = np.asarray(embeddings, dtype=float)
    if embeddings.ndim != 2:
        raise ValueError(
            f"expected a 2-D embedding matrix (rows, dim), got shape {embeddings.shape}"
        )
    norms = np.linalg.norm(embeddings, axis=1)
    unit = np.divide(embeddings, norms[:, None], out=np.zeros_like(embeddings),
                     where=norms[:, None] > 0)
    return unit @ unit[index]


def most_similar(
    embeddings: np.ndarray,
    index: int,
    n: int = 10,
    candidates: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """The ``n`` rows most similar to row ``index`` by cosine similarity (itself excluded).

    Args:
        embeddings: shape ``(rows, dim)``, e.g. a movie embedding layer's weights.
        index: the row to find neighbours of.
        n: how many neighbours.
        candidates: optional bool mask, shape ``(rows,)``: only these rows may be returned
            (e.g. movies with enough ratings for their embedding to mean something).

    Returns:
        ``(indices, similarities)``: int array and float array of length at most ``n``,
        most similar first.
    """
    similarities = cosine_similarities(embeddings, index)
    chosen = top_n_unseen(similarities, [index], n=n, candidates=candidates)
    return chosen, similarities[chosen]


def recommendation_table(
    movies: pd.DataFrame, indices: np.ndarray, scores: np.ndarray, score_name: str = "score"
) -> pd.DataFrame:
    """A small table of chosen movies: rank, title, genres and their score.

    Args:
        movies: one row per movie in ``movie_index`` order (``MovieLens.movies``).
        indices: movie indices, best first (from :func:`top_n_unseen` or :func:`most_similar`).
        scores: the score of each chosen movie, same length as ``indices``.
        score_name: the name of the score column ("predicted rating", "cosine"...).

    Returns:
        DataFrame indexed by rank (1 = best) with ``title``, ``genres`` and ``score_name``.
    """
    indices = np.asarray(indices, dtype=int)
    scores = np.asarray(scores, dtype=float).reshape(-1)
    if len(scores) != len(indices):
        raise ValueError(f"expected one score per movie ({len(indices)}), got {len(scores)}")
    table = movies.iloc[indices][["title", "genres"]].reset_index(drop=True)
    table[score_name] = np.round(scores, 3)
    table.index = pd.RangeIndex(1, len(table) + 1, name="rank")
    return table


def top_k_per_user(
    scores: np.ndarray,
    seen: np.ndarray,
    k: int = 10,
    candidates: np.ndarray | None = None,
    seed: int = SEED,
) -> np.ndarray:
    """Every user's ``k`` best-scored items among those not seen yet, best first.

    The whole-catalogue version of :func:`top_n_unseen`, for all users at once.

    Args:
        scores: shape ``(num_users, num_items)``; higher is better.
        seen: bool, same shape: items never to return (the movies rated in training).
        k: the length of each list.
        candidates: optional bool mask, shape ``(num_items,)``: only these items may be
            returned (a restricted catalogue).
        seed: the seed of the tie-break (see :func:`best_first`).

    Returns:
        Int array ``(num_users, k)`` of item indices.

    Used by: ``clinic_next_movie``, ``clinic_implicit_auc``.
    """
    scores = np.asarray(scores, dtype=float)
    seen = np.asarray(seen, dtype=bool)
    if scores.ndim != 2 or seen.shape != scores.shape:
        raise ValueError(
            f"expected scores and seen of the same shape (num_users, num_items), "
            f"got {scores.shape} and {seen.shape}"
        )
    allowed = ~seen & ~np.isnan(scores)
    if candidates is not None:
        allowed &= np.asarray(candidates, dtype=bool).reshape(1, -1)
    if (allowed.sum(axis=1) < k).any():
        raise ValueError(f"some user has fewer than k={k} items left to recommend")
    return _top_k_rows(np.where(allowed, scores, -np.inf), k, seed)


def _top_k_rows(scores: np.ndarray, k: int, seed: int) -> np.ndarray:
    """``best_first(scores, seed)[:, :k]``, sorting only each row's best few columns.

    Every column scoring at least the row's ``k``-th best score is a candidate; the ``m``
    best columns of each row (``m`` = the most candidates of any row) hold them all, and
    ordering those by score and then by the same random key as :func:`best_first` gives
    the same ``k`` in the same order, without sorting the whole catalogue.
    """
    tie_break = np.random.default_rng(seed).random(scores.shape)
    kth = -np.partition(-scores, k - 1, axis=1)[:, k - 1:k]
    width = int((scores >= kth).sum(axis=1).max())
    if width > scores.shape[1] // 4:  # many ties: a full sort is as quick
        return np.lexsort((tie_break, -scores), axis=-1)[:, :k]
    columns = np.argpartition(-scores, width - 1, axis=1)[:, :width]
    order = np.lexsort((np.take_along_axis(tie_break, columns, axis=1),
                        -np.take_along_axis(scores, columns, axis=1)), axis=-1)
    return np.take_along_axis(columns, order[:, :k], axis=1)


def profile_ratings(profile: dict, movies: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Check a "rate a few movies" profile and turn it into movie indices and stars.

    Args:
        profile: ``{title or movieId: stars}``, e.g. ``{"Toy Story (1995)": 4.5, 260: 5}``;
            a title must match MovieLens exactly (case and spaces aside), stars lie in
            0.5-5.
        movies: one row per movie in ``movie_index`` order (``MovieLens.movies``).

    Returns:
        ``(movie_indices, stars)``: int array and float array of shape ``(len(profile),)``.

    Raises:
        TypeError: ``profile`` is not a dict, or a key or a value has the wrong type.
        ValueError: the profile is empty, names an unknown movie or the same movie twice,
            or gives stars outside 0.5-5.

    Used by: ``04_mf_history`` (the demo).
    """
    if not isinstance(profile, dict):
        raise TypeError(
            f"expected a dict {{title or movieId: stars}}, got {type(profile).__name__}."
        )
    if not profile:
        raise ValueError("rate at least one movie, for example {'Toy Story (1995)': 4.5}.")
    by_title = {title.strip().lower(): index for index, title in enumerate(movies["title"])}
    by_id = {int(movie_id): index for index, movie_id in enumerate(movies["movieId"])}
    indices, stars = [], []
    for key, value in profile.items():
        if isinstance(key, str):
            index = by_title.get(key.strip().lower())
        elif isinstance(key, (int, np.integer)) and not isinstance(key, bool):
            index = by_id.get(int(key))
        else:
            raise TypeError(f"expected a title (str) or a movieId (int) as key, got {key!r}.")
        if index is None:
            raise ValueError(f"unknown movie {key!r}: use a MovieLens title such as "
                             f"'Toy Story (1995)' or a movieId.")
        if isinstance(value, bool) or not isinstance(value, (int, float, np.number)):
            raise TypeError(f"expected stars as a number for {key!r}, got {value!r}.")
        if not 0.5 <= float(value) <= 5.0:
            raise ValueError(f"stars must lie between 0.5 and 5, got {value} for {key!r}.")
        if index in indices:
            raise ValueError(f"{key!r} is rated twice in the profile.")
        indices.append(index)
        stars.append(float(value))
    return np.array(indices, dtype=int), np.array(stars, dtype=float)
