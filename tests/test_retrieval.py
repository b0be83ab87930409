"""Unit tests of helpers.retrieval (used by 06_retrieval)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from helpers import retrieval


def _ratings() -> pd.DataFrame:
    # user 0 rates movies 3, 1, 2 in that order; user 1 rates movie 0 then 2
    return pd.DataFrame({"userId": [10, 10, 10, 11, 11], "user_index": [0, 0, 0, 1, 1],
                         "movie_index": [2, 3, 1, 0, 2], "rating": [4.0, 2.0, 5.0, 3.0, 1.0],
                         "timestamp": [30, 10, 20, 5, 6]})


def test_causal_histories_hold_only_earlier_movies():
    histories, movies, users = retrieval.causal_histories(_ratings(), max_history=2)
    assert movies.tolist() == [3, 1, 2, 0, 2] and users.tolist() == [0, 0, 0, 1, 1]
    # ids + 1, newest last; a first rating has an empty history
    assert histories.tolist() == [[0, 0], [0, 4], [4, 2], [0, 0], [0, 1]]
    assert histories.dtype == np.int32


def test_causal_histories_never_hold_the_candidate():
    histories, movies, _ = retrieval.causal_histories(_ratings(), max_history=5)
    assert not (histories == movies[:, None] + 1).any()


def test_causal_histories_reject_an_empty_length():
    with pytest.raises(ValueError, match="max_history"):
        retrieval.causal_histories(_ratings(), max_history=0)


def test_list_figures_skip_seen_movies_and_score_the_lists():
    history = pd.DataFrame({"user_index": [0, 1], "movie_index": [0, 1],
                            "rating": [4.0, 4.0]})
    target = pd.DataFrame({"user_index": [0, 0, 1], "movie_index": [1, 2, 0],
                           "rating": [5.0, 2.0, 3.0]})
    scores = np.array([[9.0, 1.0, 2.0, 0.0], [1.0, 9.0, 0.0, 2.0]])
    figures, per_user = retrieval.list_figures(scores, history, target, k=2)
    assert [list(top) for top in per_user["top"]] == [[2, 1], [3, 0]]
    assert figures["recall2_watched"] == pytest.approx(1.0)
    assert per_user["recall_liked"].tolist()[0] == pytest.approx(1.0)
    assert np.isnan(per_user["recall_liked"].tolist()[1])  # user 1 liked nothing
    assert figures["coverage2"] == pytest.approx(1.0)


def test_lists_frame_gives_original_ids_and_ranks():
    per_user = pd.DataFrame({"user_index": [1], "top": [np.array([2, 0])]})
    # ids are read by movie_index, not by row position
    movies = pd.DataFrame({"movieId": [300, 100, 200], "movie_index": [2, 0, 1]})
    frame = retrieval.lists_frame(per_user, _ratings(), movies)
    assert frame.to_dict("list") == {"userId": [11, 11], "movieId": [300, 100],
                                     "rank": [1, 2]}


def test_synthetic_catalogue_spreads_like_the_trained_vectors():
    vectors = np.random.default_rng(0).normal(size=(50, 4)) * [1, 2, 3, 4]
    big = retrieval.synthetic_catalogue(vectors, 20_000, seed=1)
    assert big.shape == (20_000, 4) and big.dtype == np.float32
    assert big.flags["C_CONTIGUOUS"]
    # resampled vector + noise at the same spread: about sqrt(2) x the spread
    ratio = big.std(axis=0) / vectors.std(axis=0)
    assert np.allclose(ratio, np.sqrt(2), rtol=0.1)


def test_ivf_measurement_sweeps_nprobe_on_one_index():
    rng = np.random.default_rng(0)
    catalogue = rng.normal(size=(5_000, 8)).astype("float32")
    queries = rng.normal(size=(20, 8)).astype("float32")
    summary, table = retrieval.ivf_measurement(
        catalogue, queries, nlist=16, nprobes=(1, 4, 16), train_size=2_000)
    assert list(table.columns) == ["nprobe", "ms_per_query", "speed_up", "recall"]
    assert table["nprobe"].tolist() == [1, 4, 16]
    # visiting every cell (nprobe = nlist) is exact search: the known answer
    assert table["recall"].iloc[-1] == pytest.approx(1.0)
    assert 0 < table["recall"].iloc[0] < 1.0
    assert table["recall"].is_monotonic_increasing
    assert (table["ms_per_query"] > 0).all() and (table["speed_up"] > 0).all()
    # the serialised index holds every float vector and a 64-bit id for each
    assert summary["index_mb"] > (catalogue.nbytes + 8 * len(catalogue)) / 1e6
    assert summary["build_seconds"] > 0 and summary["exact_ms"] > 0


def test_ivf_measurement_refuses_fewer_than_one_timed_search():
    catalogue = np.ones((100, 8), dtype="float32")
    with pytest.raises(ValueError, match="repeats must be at least 1, not 0"):
        retrieval.ivf_measurement(catalogue, catalogue[:2], nlist=4, repeats=0)


def test_ivf_measurement_with_codes_reranks_its_candidates_exactly():
    rng = np.random.default_rng(0)
    catalogue = rng.normal(size=(5_000, 8)).astype("float32")
    queries = rng.normal(size=(20, 8)).astype("float32")
    kwargs = {"nlist": 16, "nprobes": (16,), "codes": "PQ8x4fs", "train_size": 2_000}
    # every vector of the catalogue a candidate: the exact re-rank is exact search
    _, everything = retrieval.ivf_measurement(catalogue, queries, k_factor=500, **kwargs)
    assert everything["recall"].iloc[0] == pytest.approx(1.0)
    # only the codes' own top-10 re-ranked: their errors show
    _, codes_only = retrieval.ivf_measurement(catalogue, queries, k_factor=1, **kwargs)
    assert codes_only["recall"].iloc[0] < 0.95


def test_plot_ivf_sweeps_draws_a_line_per_index_and_labels_every_nprobe():
    import matplotlib

    matplotlib.use("Agg")
    sweep = pd.DataFrame({"nprobe": [1, 4], "ms_per_query": [0.1, 0.3],
                          "speed_up": [30.0, 10.0], "recall": [0.6, 0.97]})
    ax = retrieval.plot_ivf_sweeps({"flat": sweep, "codes": sweep.assign(
        speed_up=[60.0, 20.0])}, title="IVF sweep")
    assert ax.get_title() == "IVF sweep" and ax.get_xscale() == "log"
    assert [text.get_text() for text in ax.texts] == ["1", "4", "1", "4"]
    labels = ax.get_legend_handles_labels()[1]
    assert labels[:2] == ["flat", "codes"]
    assert ax.get_xlabel() and ax.get_ylabel()
    matplotlib.pyplot.close(ax.figure)
