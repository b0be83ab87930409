"""Retrieval helpers: training examples in time order, list figures, an ANN measurement.

What would distract from the lesson of ``06_retrieval`` (the models, the losses and the
serving code stay in the notebook): cutting a training part into (history before a rating,
the movie rated) examples, scoring a set of lists on a target part, and measuring an
approximate (faiss IVF) index against exact search on a synthetic catalogue.

Used by: ``06_retrieval``.
"""

from __future__ import annotations

import time

import numpy as np
import pandas as pd

from helpers.metrics import (
    catalogue_figures,
    catalogue_per_user,
    catalogue_targets,
)
from helpers.metrics import lists_frame as metrics_lists_frame
from helpers.recommend import top_k_per_user
from helpers.runtime import best_seconds


def causal_histories(
    part: pd.DataFrame, max_history: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """One training example per rating: the user's earlier movies -> the movie rated.

    Ratings are put in time order per user (``timestamp``, then ``movie_index``); the
    history of a rating holds the ``max_history`` movies that user rated just before it,
    never the rating's own movie nor any later one. A user's first rating has an empty
    history (a row of zeros).

    Args:
        part: ratings with ``user_index``, ``movie_index``, ``timestamp`` (a training part).
        max_history: the length of each history row.

    Returns:
        ``(histories, movies, users)``: int32 ``(n, max_history)`` of ``movie_index + 1``
        (0 = padding, oldest kept movie first, the newest in the last column), int32 ``(n,)``
        the movie rated, int32 ``(n,)`` the user; rows in time order within each user.
    """
    if max_history < 1:
        raise ValueError(f"max_history must be at least 1, got {max_history}")
    ordered = part.sort_values(["user_index", "timestamp", "movie_index"], kind="stable")
    users = ordered["user_index"].to_numpy(dtype="int32")
    movies = ordered["movie_index"].to_numpy(dtype="int32")
    position = ordered.groupby("user_index").cumcount().to_numpy()  # 0 = first rating
    offsets = np.arange(-max_history, 0)  # the max_history rows just before
    source = np.arange(len(ordered))[:, None] + offsets[None, :]
    valid = offsets[None, :] >= -position[:, None]  # same user, earlier in time
    histories = np.where(valid, movies[np.clip(source, 0, None)] + 1, 0)
    return histories.astype("int32"), movies, users


def list_figures(
    scores: np.ndarray, history: pd.DataFrame, target: pd.DataFrame, k: int = 10
) -> tuple[dict[str, float], pd.DataFrame]:
    """Catalogue lists of ``k`` from ``scores``, judged on a target part (valid or test).

    Each user with a target rating gets the ``k`` best-scored movies they did not rate in
    ``history`` (NaN scores are never recommended; ties in seeded random order), judged by
    :func:`helpers.metrics.catalogue_figures` against the movies they rated at all
    ("watched") and rated 4 stars or more ("liked") in ``target``.

    Args:
        scores: ``(num_users, num_movies)`` float scores, rows by ``user_index``.
        history, target: ratings with ``user_index``, ``movie_index``, ``rating``.
        k: the length of each list.

    Returns:
        ``(figures, per_user)``: ``recall{k}_watched``, ``ndcg{k}_watched``,
        ``recall{k}_liked``, ``ndcg{k}_liked`` (means over users with a relevant movie),
        ``coverage{k}`` (distinct movies recommended / catalogue size) and
        ``mean_train_count{k}`` (mean number of ``history`` ratings of what is
        recommended); ``per_user`` has one row per target user (``user_index`` order) with
        ``recall_watched``, ``ndcg_watched``, ``recall_liked`` (NaN without a relevant
        movie) and the user's list in ``top`` (an int array each).
    """
    scores = np.asarray(scores, dtype=float)
    users, seen, liked, watched, counts = catalogue_targets(history, target, *scores.shape)
    top = top_k_per_user(scores[users], seen, k)
    figures = catalogue_figures(top, liked, watched, counts)
    on_watched = catalogue_per_user(top, watched)
    on_liked = catalogue_per_user(top, liked)
    per_user = pd.DataFrame({"user_index": users,
                             "recall_watched": on_watched["recall"].to_numpy(),
                             "ndcg_watched": on_watched["ndcg"].to_numpy(),
                             "recall_liked": on_liked["recall"].to_numpy(),
                             "top": list(top)})
    return figures, per_user


def synthetic_catalogue(vectors: np.ndarray, size: int, seed: int = 0) -> np.ndarray:
    """A larger catalogue shaped like a trained one: resampled vectors plus noise.

    Each synthetic vector is a trained vector drawn at random (with replacement) plus
    Gaussian noise with each dimension's own standard deviation across ``vectors``, so the
    synthetic catalogue spreads as the trained one does.

    Args:
        vectors: float ``(num_movies, dim)``: the trained movie vectors.
        size: the number of synthetic vectors.
        seed: the seed of the draws.

    Returns:
        Float32 array ``(size, dim)``, C-contiguous (as faiss wants it).
    """
    vectors = np.asarray(vectors, dtype="float32")
    rng = np.random.default_rng(seed)
    rows = rng.integers(0, len(vectors), size)
    spread = vectors.std(axis=0, keepdims=True)
    noise = rng.standard_normal((size, vectors.shape[1]), dtype="float32") * spread
    return np.ascontiguousarray(vectors[rows] + noise)


def _fastest_search(index, queries: np.ndarray, k: int, repeats: int) -> tuple[np.ndarray, float]:
    """Search a faiss ``index`` ``repeats`` times: the top-``k`` ids, shape (queries, k),
    and the fastest search's wall-clock seconds (:func:`helpers.runtime.best_seconds`)."""
    found = {}

    def search() -> None:
        found["ids"] = index.search(queries, k)[1]

    seconds = best_seconds(search, repeats)
    return found["ids"], seconds


def ivf_measurement(
    catalogue: np.ndarray, queries: np.ndarray, nlist: int,
    nprobes: tuple[int, ...] = (8, 16, 32, 64, 128), codes: str | None = None,
    k_factor: int = 20, train_size: int = 50_000, k: int = 10, seed: int = 0,
    repeats: int = 3,
) -> tuple[dict[str, float], pd.DataFrame]:
    """One faiss IVF index (inner product) searched at several ``nprobe``, against exact.

    Trains the coarse quantiser (``nlist`` k-means cells) on a seeded subsample of
    ``train_size`` catalogue vectors and adds the whole catalogue, once; then searches
    ``queries`` visiting each ``nprobe`` cells in turn. With ``codes=None`` the cells hold
    the float vectors (``IVF{nlist},Flat``); with a faiss code such as ``"PQ32x4fs"`` they
    hold compressed codes (product quantisation, scanned in SIMD registers), and the
    ``k_factor * k`` best candidates by code are re-ranked by their exact inner product
    (``IVF{nlist},{codes},RFlat``). The exact top-``k`` comes from a flat (brute force)
    inner-product index. Times are wall-clock batch searches on this machine, each the
    fastest of ``repeats``: another process can only slow a search down, so the minimum is
    the least disturbed.

    Args:
        catalogue: float32 ``(size, dim)`` vectors to index.
        queries: float32 ``(num_queries, dim)`` user vectors.
        nlist: cells of the index.
        nprobes: cells visited per query, one row of the table each.
        codes: ``None`` for float vectors in the cells, or a faiss code string.
        k_factor: with ``codes``, candidates re-ranked exactly per result wanted.
        repeats: searches timed per measurement (at least 1); the fastest counts.

    Returns:
        ``(summary, table)``: ``summary`` holds ``build_seconds`` (train + add, once),
        ``index_mb`` (the index serialised: everything it keeps, MB) and ``exact_ms``
        (per query); ``table`` has one row per ``nprobe``: ``nprobe``, ``ms_per_query``,
        ``speed_up`` (exact / approximate) and ``recall`` (share of the exact top-``k``
        the approximate top-``k`` finds).
    """
    if repeats < 1:
        raise ValueError(f"repeats must be at least 1, not {repeats}")
    import faiss

    catalogue = np.ascontiguousarray(catalogue, dtype="float32")
    queries = np.ascontiguousarray(queries, dtype="float32")
    dim = catalogue.shape[1]
    flat = faiss.IndexFlatIP(dim)
    flat.add(catalogue)
    sample = np.random.default_rng(seed).choice(
        len(catalogue), min(train_size, len(catalogue)), replace=False)
    spec = f"IVF{nlist},Flat" if codes is None else f"IVF{nlist},{codes},RFlat"
    index = faiss.index_factory(dim, spec, faiss.METRIC_INNER_PRODUCT)
    cells = faiss.extract_index_ivf(index)
    cells.cp.seed = seed
    if codes is not None:
        index.k_factor = k_factor
    start = time.perf_counter()
    index.train(catalogue[np.sort(sample)])
    index.add(catalogue)
    build_seconds = time.perf_counter() - start
    flat.search(queries[:1], k)  # warm up the thread pool: time searches only
    index.search(queries[:1], k)
    exact, exact_seconds = _fastest_search(flat, queries, k, repeats)
    rows = []
    for nprobe in nprobes:
        cells.nprobe = int(nprobe)
        approximate, seconds = _fastest_search(index, queries, k, repeats)
        found = [len(set(a) & set(e)) / k
                 for a, e in zip(approximate, exact, strict=True)]
        rows.append({"nprobe": int(nprobe),
                     "ms_per_query": 1e3 * seconds / len(queries),
                     "speed_up": exact_seconds / seconds,
                     "recall": float(np.mean(found))})
    summary = {"build_seconds": build_seconds,
               "index_mb": faiss.serialize_index(index).nbytes / 1e6,
               "exact_ms": 1e3 * exact_seconds / len(queries)}
    return summary, pd.DataFrame(rows)


def plot_ivf_sweeps(sweeps: dict[str, pd.DataFrame], title: str,
                    recall: float = 0.95, speed_up: float = 5.0):
    """Recall against speed-up: one line per index, one labelled point per ``nprobe``.

    Args:
        sweeps: index name -> the table of :func:`ivf_measurement` (``nprobe``,
            ``speed_up``, ``recall``).
        title: the figure's title.
        recall, speed_up: the target, drawn as a dashed and a dotted line.

    Returns:
        The matplotlib ``Axes``.
    """
    import matplotlib.pyplot as plt
    from matplotlib import ticker

    _, ax = plt.subplots(figsize=(8, 3.4))
    for name, sweep in sweeps.items():
        ax.plot(sweep["speed_up"], sweep["recall"], marker="o", label=name)
        for row in sweep.itertuples():
            ax.annotate(f"{row.nprobe}", (row.speed_up, row.recall),
                        textcoords="offset points", xytext=(4, -12))
    ax.axhline(recall, color="black", linestyle="--", label=f"recall {recall:g}")
    ax.axvline(speed_up, color="black", linestyle=":", label=f"{speed_up:g}x faster")
    ax.set(xscale="log", xlabel="speed-up over exact search (log scale)",
           ylabel="recall@10 vs exact", ylim=(None, 1.04), title=title)
    ax.margins(x=0.12)
    ax.xaxis.set_major_locator(ticker.FixedLocator([1, 2, 5, 10, 20, 50, 100]))
    ax.xaxis.set_major_formatter(ticker.FuncFormatter(lambda x, _: f"{x:g}x"))
    ax.xaxis.set_minor_formatter(ticker.NullFormatter())
    ax.legend(loc="lower left", fontsize="small")
    return ax


def lists_frame(per_user: pd.DataFrame, ratings: pd.DataFrame,
                movies: pd.DataFrame) -> pd.DataFrame:
    """:func:`list_figures`' lists as ``results.record_top10`` wants them.

    Args:
        per_user: the ``per_user`` frame of :func:`list_figures` (``user_index``, ``top``).
        ratings: any ratings with ``user_index`` and ``userId`` (every listed user in it).
        movies: the catalogue (``movieId``, ``movie_index``).

    Returns:
        One row per (user, rank): ``userId``, ``movieId`` (original ids), ``rank`` (1 to k).
    """
    return metrics_lists_frame(np.stack(per_user["top"].to_numpy()),
                               per_user["user_index"].to_numpy(), ratings, movies)
