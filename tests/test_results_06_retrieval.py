"""What notebook 06 (retrieval) recorded in results/: keys, targets, lists and scores.

Next-movie retrieval on the chronological split: each model's 10 movies per user, chosen
among those the user did not rate in training, judged against what they watched (any rating)
and liked (4+ stars) in the test part. The solution must reach issue 26's target (two towers'
recall@10 watched, mean over 3 seeds, at least 1.2 x most popular's); the tutorial trains
the same model and backs its reading with intervals; the lab, run untouched, must show its
weak starting point. Each test skips when its notebook has not been executed yet (see the
``results_file`` fixture).
"""

from __future__ import annotations

import pandas as pd
import pytest

STEM = "06_retrieval"
FIGURES = ("recall10_watched", "ndcg10_watched", "recall10_liked", "ndcg10_liked",
           "coverage10", "mean_train_count10")
MODELS = ("", "most_popular_", "ease_", "mf_by_rating_")
EASE_GRID = (100, 300, 1000)  # the tutorial's validation grid of EASE's penalty
NPROBES = (16, 32, 64, 128)  # the tutorial's IVF sweeps, on each index
INDEXES = ("floats", "codes")  # float vectors in the cells; codes + exact re-rank
TABLE_KEYS = {f"{model}{name}" for model in MODELS for name in FIGURES}
SOLUTION_KEYS = TABLE_KEYS | {
    "valid_recall10_watched", "valid_most_popular_recall10_watched",
    "valid_ease_recall10_watched", "seeds_recall10_watched_mean",
    "seeds_recall10_watched_sd", "serving_serve_all_seconds"}
LAB_KEYS = SOLUTION_KEYS - {"seeds_recall10_watched_mean", "seeds_recall10_watched_sd"}
TUTORIAL_KEYS = TABLE_KEYS | {
    "valid_all_three", "valid_without_logQ", "valid_accidental_hits_kept",
    "valid_temperature_1", "valid_BPR_uniform_negatives"} | {
    f"minus_{rival}_{end}" for rival in ("most_popular", "ease") for end in ("low", "high")} | {
    f"ease_grid_l2_{l2}_{name}" for l2 in EASE_GRID for name in ("recall", "ndcg")} | {
    f"ivf_{index}_nprobe{nprobe}_{name}" for index in INDEXES for nprobe in NPROBES
    for name in ("recall", "speed_up", "ms_per_query")} | {
    f"ivf_{index}_{name}" for index in INDEXES
    for name in ("build_seconds", "index_mb", "exact_ms")} | {
    f"distributed_valid_recall10_{run}" for run in ("two_replicas", "one_device")}
TEST_ROWS = 29_391  # every chronological test rating (70/30 split)
COLUMNS = ["userId", "movieId", "rating", "prediction"]

pytestmark = pytest.mark.reads_results(STEM)


def _keys(folder: str) -> set[str]:
    return TUTORIAL_KEYS if folder == "notebooks" else SOLUTION_KEYS


def test_solution_reaches_the_target(recorded_figures):
    figures = recorded_figures("solutions", STEM, SOLUTION_KEYS)
    # Seeds 2017, 1, 2 scored 0.1522 / 0.1449 / 0.1546 (most popular 0.1116, EASE 0.1668,
    # MF by rating 0.0592): issue 26 asks the 3-seed mean >= 1.2 x most popular.
    popular = figures["most_popular_recall10_watched"]
    assert figures["seeds_recall10_watched_mean"] >= 1.2 * popular, figures
    assert figures["recall10_watched"] >= 1.2 * popular, figures
    assert figures["seeds_recall10_watched_sd"] < 0.02, figures
    # the baselines measured on this split by others: most popular ~0.111, EASE ~0.163,
    # MF by rating ~0.079
    assert 0.10 < popular < 0.12, figures
    assert figures["ease_recall10_watched"] > 0.155, figures
    assert figures["mf_by_rating_recall10_watched"] < popular, figures
    # the lab's validation checks pass in the solution
    assert figures["valid_recall10_watched"] >= figures["valid_ease_recall10_watched"]
    # the summary: ahead of EASE on validation, where the settings were chosen, not on test
    assert figures["recall10_watched"] < figures["ease_recall10_watched"], figures
    assert figures["valid_recall10_watched"] >= 1.5 * figures[
        "valid_most_popular_recall10_watched"]
    # serving: every user's exact top-10 in under a second
    assert 0 < figures["serving_serve_all_seconds"] < 1.0, figures


def test_tutorial_and_solution_train_the_same_models(recorded_figures):
    solution = recorded_figures("solutions", STEM, SOLUTION_KEYS)
    tutorial = recorded_figures("notebooks", STEM, TUTORIAL_KEYS)
    for name in TABLE_KEYS:
        assert solution[name] == pytest.approx(tutorial[name], abs=2e-3), name


def test_tutorial_figures_back_its_reading(recorded_figures):
    """Sections 3-5's prose, from the recorded figures and intervals."""
    figures = recorded_figures("notebooks", STEM, TUTORIAL_KEYS)
    # "beat most popular by an interval that excludes 0"
    assert figures["minus_most_popular_low"] > 0, figures
    # "EASE scores above the two towers, but the interval of the gap just reaches 0"
    assert figures["ease_recall10_watched"] > figures["recall10_watched"], figures
    assert figures["minus_ease_low"] < 0 <= figures["minus_ease_high"] < 0.01, figures
    # "far less popular movies, three times EASE's coverage"
    assert figures["mean_train_count10"] < figures["ease_mean_train_count10"], figures
    assert 2.5 < figures["coverage10"] / figures["ease_coverage10"] < 3.5, figures
    # "MF trained on stars ranks below most popular on watched"
    assert figures["mf_by_rating_recall10_watched"] < figures[
        "most_popular_recall10_watched"], figures
    # 3.1: without logQ and at temperature 1 recall collapses; BPR at the same budget is lower
    full = figures["valid_all_three"]
    for name in ("valid_without_logQ", "valid_temperature_1", "valid_BPR_uniform_negatives"):
        assert figures[name] < 0.8 * full, (name, figures)
    # the solution's "why": temperature 1 and no logQ each lose more than half the recall
    for name in ("valid_without_logQ", "valid_temperature_1"):
        assert figures[name] < 0.5 * full, (name, figures)
    # "masking accidental hits moves nothing visible at a batch of 1,024"
    assert figures["valid_accidental_hits_kept"] == pytest.approx(full, abs=0.01), figures
    # "The solution repeats the two-tower run over 3 seeds: its spread (about ± 0.005, the
    # sd over 3 seeds)"
    solution = recorded_figures("solutions", STEM, SOLUTION_KEYS)
    assert solution["seeds_recall10_watched_sd"] == pytest.approx(0.005, abs=0.0015)


def test_tutorial_ease_grid_backs_its_reading(recorded_figures):
    """Section 2: "λ = 100, 300 and 1,000 give almost the same validation recall@10
    (0.104, 0.102, 0.104); λ = 300 gives the best NDCG@10 (0.085 against 0.083)"."""
    figures = recorded_figures("notebooks", STEM, TUTORIAL_KEYS)
    recall = [figures[f"ease_grid_l2_{l2}_recall"] for l2 in EASE_GRID]
    ndcg = [figures[f"ease_grid_l2_{l2}_ndcg"] for l2 in EASE_GRID]
    assert recall == pytest.approx([0.104, 0.102, 0.104], abs=6e-4), recall
    assert ndcg == pytest.approx([0.083, 0.085, 0.083], abs=6e-4), ndcg
    assert max(ndcg) == ndcg[EASE_GRID.index(300)]  # the setting EASE_L2 = 300


def test_tutorial_ivf_sweeps_back_their_reading(recorded_figures):
    """Section 6: "Recall rises with nprobe and speed falls, in both. With floats in the
    cells, recall@10 >= 0.95 comes first at nprobe 64 (0.97), but only a few times faster
    than exact search ... With codes, the same nprobe 64 finds 0.97 faster still ... This
    index meets the target ... 152 MB against 136 MB", and the summary's "0.97 of the exact
    top-10 at 5x exact's speed or more". Recall is seeded (k-means, catalogue). Speed-ups
    are wall clock (each search the fastest of three), so only what holds on any machine is
    pinned: their order and the target. In the suite (one core a notebook) they were about
    2.7x and 12x, alone on two cores about 9x and 43x, with three notebooks sharing two
    cores (single searches, before the fastest of three) 4.8x and 7.9x."""
    figures = recorded_figures("notebooks", STEM, TUTORIAL_KEYS)
    for index in INDEXES:
        recall = [figures[f"ivf_{index}_nprobe{nprobe}_recall"] for nprobe in NPROBES]
        speed_up = [figures[f"ivf_{index}_nprobe{nprobe}_speed_up"] for nprobe in NPROBES]
        assert recall == sorted(recall), (index, recall)
        assert speed_up == sorted(speed_up, reverse=True), (index, speed_up)
        reaching = [nprobe for nprobe, value in zip(NPROBES, recall, strict=True)
                    if value >= 0.95]
        assert reaching and reaching[0] == 64, (index, recall)
        assert figures[f"ivf_{index}_nprobe64_recall"] == pytest.approx(0.97, abs=0.005)
    floats = figures["ivf_floats_nprobe64_speed_up"]
    codes = figures["ivf_codes_nprobe64_speed_up"]
    assert 1 < floats < 15, floats  # "only a few times faster than exact search"
    assert codes > floats, (codes, floats)  # "faster still"
    assert codes >= 5, codes  # "meets the target", "at 5x exact's speed or more"
    assert figures["ivf_codes_index_mb"] == pytest.approx(152, abs=1)
    assert figures["ivf_floats_index_mb"] == pytest.approx(136, abs=1)


def test_two_devices_reach_the_one_device_recall(recorded_figures):
    """Section 7: the same training under MirroredStrategy on two logical CPUs (each replica's
    softmax over its half of the batch) and on one device at that half batch reach the same
    validation recall@10, within 0.01 (issue 26)."""
    figures = recorded_figures("notebooks", STEM, _keys("notebooks"))
    two, one = (figures[f"distributed_valid_recall10_{run}"]
                for run in ("two_replicas", "one_device"))
    assert min(two, one) > 0.05, (two, one)  # both learned (the untouched lab: 0.006)
    assert abs(two - one) <= 0.01, (two, one)


def test_untouched_lab_shows_the_weak_starting_point(recorded_figures):
    figures = recorded_figures("labs", STEM, LAB_KEYS)
    # temperature 1, no logQ, 2 dimensions: neither validation check passes
    assert figures["valid_recall10_watched"] < figures["valid_ease_recall10_watched"]
    assert figures["valid_recall10_watched"] < 1.5 * figures[
        "valid_most_popular_recall10_watched"], figures


@pytest.mark.parametrize("folder", ["solutions", "notebooks"])
def test_prediction_file_scores_every_test_pair(recorded_figures, results_file, folder):
    recorded_figures(folder, STEM, _keys(folder))
    scores = pd.read_csv(results_file(folder, STEM, ".predictions.csv"))
    assert list(scores.columns) == COLUMNS
    assert len(scores) == TEST_ROWS
    assert not scores.duplicated(["userId", "movieId"]).any()
    # the score is a cosine similarity of unit vectors, not a rating
    assert scores["prediction"].between(-1.0001, 1.0001).all()
    assert scores["prediction"].std() > 0.01


def test_solution_top10_file_is_the_lists_it_scored(recorded_figures, recorded_top10):
    figures = recorded_figures("solutions", STEM, SOLUTION_KEYS)
    top10 = recorded_top10("solutions", STEM,
                           {"catalogue_recall10_liked": figures["recall10_liked"]})
    assert top10["movieId"].nunique() > 5 * 10  # not one list for everyone
