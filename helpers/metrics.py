"""Rating and ranking metrics for the recommender notebooks.

Conventions, as in the 2017 workshop:

- a rating at or above :data:`helpers.data.LIKED_THRESHOLD` (4 stars) is *relevant*
  ("liked it"), anything lower is not;
- ranking metrics are computed per user over the movies that user rated in the test set
  (the model ranks them by predicted score), then averaged over a group of users:

  - ``normal``: the user has at least one relevant and one irrelevant test rating;
  - ``strict``: at least 10 test ratings, at least one relevant, and no more relevant
    than irrelevant ones (a harder, less top-heavy group).

Used by: ``03_mf_basic``, ``04_mf_history``, ``05_mf_dnn`` and the clinics.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.metrics import mean_absolute_error, roc_auc_score, root_mean_squared_error

from helpers.data import LIKED_THRESHOLD, MAX_STARS, MIN_STARS
from helpers.features import rated_matrix
from helpers.recommend import top_k_per_user


def to_stars(predictions: np.ndarray) -> np.ndarray:
    """Predicted ratings clipped to the star scale (0.5-5), for rating errors only.

    Rankings read the raw scores: clipped, every movie predicted above 5 stars would tie.
    Shape ``(n,)`` in, ``(n,)`` out, float.
    """
    return np.clip(np.asarray(predictions, dtype=float).reshape(-1), MIN_STARS, MAX_STARS)


def rmse(y_true: np.ndarray, y_pred: np.ndarray) -> float:
    """Root mean squared error, in the unit of the ratings (stars). Shapes ``(n,)``."""
    return float(root_mean_squared_error(*_as_float_pair(y_true, y_pred)))


def mae(y_true: np.ndarray, y_pred: np.ndarray) -> float:
    """Mean absolute error, in stars. Shapes ``(n,)``."""
    return float(mean_absolute_error(*_as_float_pair(y_true, y_pred)))


def auc(ratings: np.ndarray, scores: np.ndarray, threshold: float = LIKED_THRESHOLD) -> float:
    """ROC AUC of ``scores`` for telling liked (rating >= threshold) from not liked.

    Computed over all the ratings given at once (not per user): the probability that a
    random liked rating scores higher than a random not-liked one, ties counting half.

    Args:
        ratings: true ratings, shape ``(n,)``, in stars.
        scores: any score where higher means "more likely liked", shape ``(n,)``.
    """
    ratings, scores = _as_float_pair(ratings, scores)
    liked = ratings >= threshold
    if liked.all() or not liked.any():
        raise ValueError("AUC needs at least one liked and one not-liked rating")
    return float(roc_auc_score(liked, scores))


def per_user_ranking(
    users: np.ndarray,
    ratings: np.ndarray,
    scores: np.ndarray,
    k: int = 10,
    threshold: float = LIKED_THRESHOLD,
    seed: int = 0,
) -> pd.DataFrame:
    """Precision@k and NDCG@k of each user's test movies ranked by ``scores``.

    Written here rather than taken from scikit-learn: ``sklearn.metrics.ndcg_score`` scores
    one fixed list of candidates per query, while the workshop ranks *each user's own* test
    movies (a different number per user) and averages over groups of users (``normal``,
    ``strict``), as the 2017 workshop did; its tests pin the figures on hand-checked cases.

    Args:
        users: the user of each test rating, shape ``(n,)`` (any hashable ids).
        ratings: the true ratings, shape ``(n,)``, in stars.
        scores: the model's scores, shape ``(n,)``; higher ranks first. Ties are broken
            by a random key drawn from ``seed``, never by the order of the input (which
            would favour low movie ids).
        k: the cut-off (the length of the recommended list).
        seed: the seed of the tie-breaking key.

    Returns:
        One row per user (indexed by user): ``num_ratings``, ``num_relevant``,
        ``precision`` (relevant in the top k / k), ``ndcg`` (DCG@k / ideal DCG@k with
        gain ``2**rel - 1`` and discount ``log2(rank + 1)``; NaN without a relevant
        movie), ``auc`` (the user's own AUC, ties counting half; NaN unless the user has
        a liked and a not-liked test rating), ``normal`` and ``strict`` (bool: the user
        belongs to that group).
    """
    frame = pd.DataFrame(
        {
            "user": np.asarray(users),
            "relevant": np.asarray(ratings, dtype=float) >= threshold,
            "score": np.asarray(scores, dtype=float),
        }
    )
    tie_break = np.random.default_rng(seed).random(len(frame))
    gain = 2.0 ** frame["relevant"].astype(float) - 1.0
    by_score = frame.assign(gain=gain, tie_break=tie_break).sort_values(
        ["user", "score", "tie_break"], ascending=[True, False, True], kind="stable"
    )
    by_gain = by_score.sort_values(["user", "gain"], ascending=[True, False], kind="stable")
    dcg = _top_k_discounted_gain(by_score, k)
    ideal_dcg = _top_k_discounted_gain(by_gain, k)
    top_k = by_score[by_score.groupby("user").cumcount() < k]

    per_user = frame.groupby("user").agg(
        num_ratings=("relevant", "size"), num_relevant=("relevant", "sum")
    )
    per_user["precision"] = top_k.groupby("user")["relevant"].sum() / k
    per_user["ndcg"] = (dcg / ideal_dcg.where(ideal_dcg > 0)).reindex(per_user.index)
    num_irrelevant = per_user["num_ratings"] - per_user["num_relevant"]
    per_user["auc"] = _auc_within_user(frame) / (per_user["num_relevant"] * num_irrelevant)
    per_user["normal"] = (per_user["num_relevant"] > 0) & (num_irrelevant > 0)
    per_user["strict"] = (
        (per_user["num_ratings"] >= 10)
        & (per_user["num_relevant"] > 0)
        & (per_user["num_relevant"] <= num_irrelevant)
    )
    return per_user


def _auc_within_user(frame: pd.DataFrame) -> pd.Series:
    """Per user, the number of (liked, not liked) pairs the score orders right (ties 1/2).

    Mann-Whitney: the sum of the liked movies' ranks (average ranks for ties) minus the
    smallest sum they could have. Divided by (liked x not liked) it is the user's AUC
    (0/0 = NaN for a user without both kinds).
    """
    rank = frame.groupby("user")["score"].rank(method="average")
    liked = frame["relevant"].to_numpy()
    liked_rank_sum = rank[liked].groupby(frame["user"][liked]).sum()
    num_liked = frame.groupby("user")["relevant"].sum()
    return (liked_rank_sum.reindex(num_liked.index, fill_value=0.0)
            - num_liked * (num_liked + 1) / 2)


def _top_k_discounted_gain(ordered: pd.DataFrame, k: int) -> pd.Series:
    """Sum over each user's first k rows of ``gain / log2(position + 2)``."""
    position = ordered.groupby("user").cumcount().to_numpy()
    discounted = ordered["gain"].to_numpy() / np.log2(position + 2.0)
    discounted[position >= k] = 0.0
    return pd.Series(discounted, index=ordered["user"].to_numpy()).groupby(level=0).sum()


def evaluate(test: pd.DataFrame, predictions: np.ndarray, k: int = 10) -> dict[str, float]:
    """Every headline figure of a rating model on a test frame, in one dict.

    Rating errors are measured on the predictions clipped to the star range (0.5-5);
    rankings use the raw scores (clipping would tie every movie above 5 stars).

    Args:
        test: test ratings with columns ``user_index`` and ``rating`` (stars).
        predictions: the model's predicted rating (or score) per row, shape ``(len(test),)``.
        k: the ranking cut-off.

    Returns:
        ``rmse``, ``mae``, ``auc`` (pooled across users), ``auc_per_user`` (averaged over
        the users with a liked and a not-liked test rating), ``ndcg{k}_normal``,
        ``ndcg{k}_strict``, ``p{k}_normal`` and ``p{k}_strict`` (plain floats). Precision
        at k is averaged only over the group's users with at least ``k`` test ratings
        (with fewer, it says how many they liked, not how the model ranked).

    The 2017 protocol: each user's own test movies re-ranked, not a choice from the
    catalogue (see :func:`catalogue_per_user` for that).
    """
    predictions = np.asarray(predictions, dtype=float).reshape(-1)
    if len(predictions) != len(test):
        raise ValueError(
            f"expected one prediction per test rating ({len(test)}), got {len(predictions)}"
        )
    ratings = test["rating"].to_numpy()
    stars = to_stars(predictions)
    per_user = per_user_ranking(test["user_index"].to_numpy(), ratings, predictions, k)
    figures = {
        "rmse": rmse(ratings, stars),
        "mae": mae(ratings, stars),
        "auc": auc(ratings, predictions),
        "auc_per_user": float(per_user["auc"].mean()),
    }
    for group in ("normal", "strict"):
        members = per_user[per_user[group]]
        figures[f"ndcg{k}_{group}"] = float(members["ndcg"].mean())
        long_enough = members["num_ratings"] >= k
        figures[f"p{k}_{group}"] = float(members.loc[long_enough, "precision"].mean())
    return figures


def _as_float_pair(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    a = np.asarray(a, dtype=float).reshape(-1)
    b = np.asarray(b, dtype=float).reshape(-1)
    if a.shape != b.shape:
        raise ValueError(f"expected two arrays of the same length, got {len(a)} and {len(b)}")
    return a, b


def recall_and_hit_at_k(top_items: np.ndarray, relevant: np.ndarray) -> dict[str, float]:
    """Recall@k and hit@k of each user's recommended list, averaged over users.

    Recall@k of a user is ``hits / min(k, number of relevant items)`` (1.0 when the list is
    as good as it can be); hit@k is 1 when the list holds at least one relevant item.
    Users without a relevant item are left out of both averages.

    Args:
        top_items: int array ``(num_users, k)``: each user's recommended item indices.
        relevant: bool array ``(num_users, num_items)``: the items each user went on to
            rate (or like) in the test period.

    Returns:
        ``{"recall": ..., "hit": ..., "users": number of users averaged over}``.

    Used by: ``clinic_next_movie``, ``clinic_implicit_auc``.
    """
    per_user = catalogue_per_user(top_items, relevant).dropna()
    return {"recall": float(per_user["recall"].mean()),
            "hit": float((per_user["recall"] > 0).mean()), "users": float(len(per_user))}


def catalogue_per_user(top_items: np.ndarray, relevant: np.ndarray) -> pd.DataFrame:
    """Recall@k and NDCG@k of each user's list chosen from the whole catalogue.

    The catalogue protocol (03-06 and the clinics): each user's ``k`` recommendations are
    chosen among every movie they did not rate in training, and judged against the movies
    they went on to like (or rate) in the test part. With ``r`` relevant test movies,
    recall@k = hits / min(k, r); NDCG@k has binary gains, the discount ``log2(rank + 1)``
    and an ideal DCG over min(k, r) hits. A user without a relevant movie gets NaN (left out
    of every average).

    Args:
        top_items: int array ``(num_users, k)``: each user's list, best first.
        relevant: bool array ``(num_users, num_items)``: the relevant test movies.

    Returns:
        One row per user (row ``i`` is user ``i``): ``recall``, ``ndcg`` (floats or NaN).
    """
    top_items = np.asarray(top_items, dtype=int)
    relevant = np.asarray(relevant, dtype=bool)
    if top_items.ndim != 2 or relevant.ndim != 2 or len(top_items) != len(relevant):
        raise ValueError(
            f"expected top_items (num_users, k) and relevant (num_users, num_items) for the "
            f"same users, got shapes {top_items.shape} and {relevant.shape}"
        )
    k = top_items.shape[1]
    hit = np.take_along_axis(relevant, top_items, axis=1)
    discount = 1.0 / np.log2(np.arange(2, k + 2))
    best = np.minimum(k, relevant.sum(axis=1))
    ideal = np.concatenate([[0.0], np.cumsum(discount)])[best]
    with np.errstate(invalid="ignore", divide="ignore"):
        return pd.DataFrame({"recall": np.where(best > 0, hit.sum(axis=1) / best, np.nan),
                             "ndcg": np.where(best > 0, hit @ discount / ideal, np.nan)})


def catalogue_figures(
    top_items: np.ndarray, liked: np.ndarray, watched: np.ndarray, train_counts: np.ndarray
) -> dict[str, float]:
    """A list set's headline figures under the catalogue protocol (see ``catalogue_per_user``).

    Args:
        top_items: int array ``(num_users, k)``: each user's list, best first.
        liked, watched: bool arrays ``(num_users, num_items)``: the movies each user rated
            4 stars or more, and at all, in the test part.
        train_counts: ``(num_items,)``: each movie's number of training ratings.

    Returns:
        ``recall{k}_liked``, ``ndcg{k}_liked``, ``recall{k}_watched``, ``ndcg{k}_watched``
        (means over the users with a relevant movie), ``coverage{k}`` (distinct movies
        recommended / catalogue size) and ``mean_train_count{k}`` (the mean number of
        training ratings of what is recommended: popularity bias).
    """
    k = np.asarray(top_items).shape[1]
    figures = {}
    for name, relevant in (("liked", liked), ("watched", watched)):
        per_user = catalogue_per_user(top_items, relevant)
        figures[f"recall{k}_{name}"] = float(per_user["recall"].mean())
        figures[f"ndcg{k}_{name}"] = float(per_user["ndcg"].mean())
    train_counts = np.asarray(train_counts, dtype=float)
    figures[f"coverage{k}"] = len(np.unique(top_items)) / len(train_counts)
    figures[f"mean_train_count{k}"] = float(train_counts[np.asarray(top_items)].mean())
    return figures


def seed_spread(runs: list[dict[str, float]], names: tuple[str, ...]) -> dict[str, float]:
    """Mean and standard deviation (ddof 1) over seeds of each figure in ``names``.

    Args:
        runs: one dict of figures per seed (e.g. :func:`evaluate`'s), at least two.
        names: the figures to summarise; each run must have them.

    Returns:
        ``{"<name>_mean": ..., "<name>_sd": ...}`` for every name, plain floats. A
        difference between two models is read as real only when it exceeds twice the sd.
    """
    if len(runs) < 2:
        raise ValueError(f"a seed spread needs at least two runs, got {len(runs)}")
    values = np.array([[run[name] for name in names] for run in runs], dtype=float)
    means, sds = values.mean(axis=0), values.std(axis=0, ddof=1)
    return {**{f"{name}_mean": float(mean) for name, mean in zip(names, means, strict=True)},
            **{f"{name}_sd": float(sd) for name, sd in zip(names, sds, strict=True)}}


def paired_bootstrap(
    per_user_a: np.ndarray, per_user_b: np.ndarray, resamples: int = 1_000, seed: int = 0
) -> dict[str, float]:
    """The mean difference ``a - b`` over users, with a 95 % paired bootstrap interval.

    Both arrays hold one figure per user, for the same users in the same order (NaN where a
    user has none: such users are dropped from both). Users are resampled with replacement,
    ``resamples`` times, seeded; the interval is the 2.5th and 97.5th percentiles of the
    resampled mean differences.

    Returns:
        ``{"difference": ..., "low": ..., "high": ..., "users": ...}``.
    """
    a, b = _as_float_pair(per_user_a, per_user_b)
    both = ~np.isnan(a) & ~np.isnan(b)
    differences = a[both] - b[both]
    if len(differences) == 0:
        raise ValueError("expected at least one user with a figure in both arrays")
    draws = np.random.default_rng(seed).integers(0, len(differences),
                                                 (resamples, len(differences)))
    means = differences[draws].mean(axis=1)
    low, high = np.percentile(means, [2.5, 97.5])
    return {"difference": float(differences.mean()), "low": float(low), "high": float(high),
            "users": float(len(differences))}


def paired_bootstrap_rmse(
    test: pd.DataFrame, predictions_a: np.ndarray, predictions_b: np.ndarray,
    resamples: int = 1_000, seed: int = 0,
) -> dict[str, float]:
    """Test RMSE of ``a`` minus that of ``b``, with a 95 % paired bootstrap over users.

    Users are resampled with replacement (all their test ratings together), ``resamples``
    times, seeded; each draw recomputes both pooled RMSEs on the same users. Predictions
    are clipped to the star scale, as in :func:`evaluate`. Negative: ``a`` errs less.

    Args:
        test: test ratings with ``user_index`` and ``rating`` (stars).
        predictions_a, predictions_b: one prediction per test row each, shape ``(rows,)``.

    Returns:
        ``{"difference": ..., "low": ..., "high": ..., "users": ...}``, in stars.
    """
    pooled, drawn, users = _user_bootstrap_rmses(
        test, _as_float_pair(predictions_a, predictions_b), resamples, seed)
    low, high = np.percentile(drawn[0] - drawn[1], [2.5, 97.5])
    return {"difference": float(pooled[0] - pooled[1]), "low": float(low),
            "high": float(high), "users": float(users)}


def _user_bootstrap_rmses(
    test: pd.DataFrame, predictions: list[np.ndarray], resamples: int, seed: int
) -> tuple[list[float], list[np.ndarray], int]:
    """Each prediction array's pooled RMSE (clipped to the star scale) and its RMSE on each
    of ``resamples`` seeded draws of the users, the same draws for every array:
    ``(pooled, drawn (resamples,) each, number of users)``."""
    ratings = test["rating"].to_numpy(dtype=float)
    users = pd.factorize(test["user_index"])[0]
    counts = np.bincount(users).astype(float)
    squared = [np.bincount(users, (ratings - to_stars(x)) ** 2) for x in predictions]
    draws = np.random.default_rng(seed).integers(0, len(counts), (resamples, len(counts)))
    pooled = [np.sqrt(sse.sum() / counts.sum()) for sse in squared]
    drawn = [np.sqrt(sse[draws].sum(axis=1) / counts[draws].sum(axis=1)) for sse in squared]
    return pooled, drawn, len(counts)


def bootstrap_rmse(
    test: pd.DataFrame, predictions: np.ndarray, resamples: int = 1_000, seed: int = 0
) -> dict[str, float]:
    """Test RMSE with a 95 % bootstrap interval over users.

    Users are resampled with replacement (all their rows together), ``resamples`` times,
    seeded; each draw recomputes the pooled RMSE. Predictions are clipped to the star scale,
    as in :func:`evaluate`.

    Args:
        test: rated rows with ``user_index`` and ``rating`` (stars).
        predictions: one prediction per row, shape ``(rows,)``.

    Returns:
        ``{"rmse": ..., "low": ..., "high": ..., "users": ...}``, in stars.
    """
    pooled, drawn, users = _user_bootstrap_rmses(
        test, [np.asarray(predictions, dtype=float)], resamples, seed)
    low, high = np.percentile(drawn[0], [2.5, 97.5])
    return {"rmse": float(pooled[0]), "low": float(low), "high": float(high),
            "users": float(users)}


def paired_gaps(
    test: pd.DataFrame, predictions_a: np.ndarray, predictions_b: np.ndarray,
    seed: int = 0,
) -> dict[str, dict[str, float]]:
    """Model ``a`` minus model ``b`` on the same test rows, each with a 95 % interval.

    ``rmse`` by :func:`paired_bootstrap_rmse`; ``auc_per_user`` and ``ndcg10_normal`` by
    :func:`paired_bootstrap` of the users' own figures (the users with a liked and a
    not-liked test rating). 1,000 resamples of the users, seeded.

    Args:
        test: test ratings with ``user_index`` and ``rating`` (stars).
        predictions_a, predictions_b: one prediction per test row each, shape ``(rows,)``.

    Returns:
        ``{figure: {"difference", "low", "high", "users"}}``. Negative RMSE differences
        and positive AUC and NDCG differences favour ``a``.
    """
    per_user = [per_user_ranking(test["user_index"].to_numpy(), test["rating"].to_numpy(),
                                 predictions, seed=seed)
                for predictions in _as_float_pair(predictions_a, predictions_b)]
    normal = per_user[0]["normal"]
    return {"rmse": paired_bootstrap_rmse(test, predictions_a, predictions_b, seed=seed),
            **{name: paired_bootstrap(per_user[0].loc[normal, column],
                                      per_user[1].loc[normal, column], seed=seed)
               for name, column in (("auc_per_user", "auc"), ("ndcg10_normal", "ndcg"))}}


def catalogue_baselines(
    train: pd.DataFrame, num_movies: int, shrinkage: float = 5.0
) -> dict[str, np.ndarray]:
    """The field's two baselines, one score per movie, shape ``(num_movies,)`` each.

    - ``"most popular"``: the movie's number of training ratings;
    - ``"item average"``: the global mean plus the movie's mean deviation from it, shrunk
      towards 0 by ``shrinkage`` pseudo-ratings (a movie rated once is not a 5-star hit).

    Args:
        train: training ratings with ``movie_index`` and ``rating`` (stars).
        num_movies: the catalogue size.
    """
    counts = np.bincount(train["movie_index"], minlength=num_movies).astype(float)
    mean = float(train["rating"].mean())
    deviations = np.bincount(train["movie_index"], weights=train["rating"] - mean,
                             minlength=num_movies)
    return {"most popular": counts, "item average": mean + deviations / (counts + shrinkage)}


CATALOGUE_FIGURES = ("recall10_liked", "ndcg10_liked", "recall10_watched", "ndcg10_watched",
                     "coverage10", "mean_train_count10")
"""The names :func:`catalogue_figures` gives its figures (k = 10)."""
CATALOGUE_KEYS = frozenset(f"catalogue_{prefix}{name}" for prefix in ("", "most_popular_")
                           for name in CATALOGUE_FIGURES)
"""The keys a results file holds after recording :func:`catalogue_report`'s figures with
``variant="catalogue"``."""


def catalogue_targets(
    history: pd.DataFrame, target: pd.DataFrame, num_users: int, num_movies: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """What catalogue lists are chosen from and judged on, for each user with a target part.

    Args:
        history: the ratings lists must leave out (``user_index``, ``movie_index``).
        target: the part the lists are judged on (``user_index``, ``movie_index``,
            ``rating``): valid or test.
        num_users, num_movies: the shape of the score matrix.

    Returns:
        ``(users, seen, liked, watched, counts)``: the ``user_index`` of every user with a
        target rating (sorted); bool ``(len(users), num_movies)`` of the movies each rated in
        ``history``, liked (4+ stars) in ``target`` and rated at all in ``target``; and
        every movie's number of ``history`` ratings, ``(num_movies,)``.
    """
    users = np.unique(target["user_index"])
    seen = rated_matrix(history, num_users, num_movies)[users]
    liked = rated_matrix(target[target["rating"] >= LIKED_THRESHOLD], num_users,
                         num_movies)[users]
    watched = rated_matrix(target, num_users, num_movies)[users]
    counts = np.bincount(history["movie_index"], minlength=num_movies)
    return users, seen, liked, watched, counts


def catalogue_report(
    scores: np.ndarray, train: pd.DataFrame, test: pd.DataFrame, movies: pd.DataFrame,
    k: int = 10,
) -> tuple[dict[str, float], pd.DataFrame]:
    """A final model's catalogue top-``k`` lists, their figures and most popular's.

    For every user with a test part: the ``k`` highest ``scores`` among the movies the user
    did not rate in ``train`` (ties in seeded random order), and the same for most popular
    (training counts), each judged by :func:`catalogue_figures`.

    Args:
        scores: raw scores of every (user, movie) pair, ``(num_users, num_movies)``, rows
            by ``user_index``, columns by ``movie_index``.
        train, test: the ratings (``userId``, ``user_index``, ``movie_index``, ``rating``).
        movies: the catalogue (``movieId``, ``movie_index``).
        k: the length of each list.

    Returns:
        ``(figures, top)``: the model's :func:`catalogue_figures` and most popular's under
        keys prefixed ``most_popular_``; ``top`` the model's lists, one row per
        (user, rank): ``userId``, ``movieId`` (original ids), ``rank`` (1 to ``k``).

    Used by: the solutions of ``03_mf_basic``, ``04_mf_history``, ``05_mf_dnn``.
    """
    scores = np.asarray(scores, dtype=float)
    users, seen, liked, watched, counts = catalogue_targets(train, test, *scores.shape)
    lists = {"": top_k_per_user(scores[users], seen, k),
             "most_popular_": top_k_per_user(np.tile(counts, (len(users), 1)), seen, k)}
    figures = {prefix + name: value for prefix, top in lists.items()
               for name, value in catalogue_figures(top, liked, watched, counts).items()}
    return figures, lists_frame(lists[""], users, test, movies)


def lists_frame(top: np.ndarray, users: np.ndarray, ratings: pd.DataFrame,
                movies: pd.DataFrame) -> pd.DataFrame:
    """Top-k lists as ``results.record_top10`` wants them, in original ids.

    Args:
        top: int ``(len(users), k)``: each user's movies (``movie_index``), best first.
        users: the ``user_index`` of each row of ``top``.
        ratings: any ratings with ``user_index`` and ``userId`` (every listed user in it).
        movies: the catalogue (``movieId``, ``movie_index``).

    Returns:
        One row per (user, rank): ``userId``, ``movieId``, ``rank`` (1 to k).
    """
    top = np.asarray(top)
    k = top.shape[1]
    user_ids = ratings.drop_duplicates("user_index").set_index("user_index")["userId"]
    movie_ids = movies.set_index("movie_index")["movieId"]
    return pd.DataFrame({"userId": np.repeat(user_ids.loc[users].to_numpy(), k),
                         "movieId": movie_ids.loc[top.reshape(-1)].to_numpy(),
                         "rank": np.tile(np.arange(1, k + 1), len(top))})
