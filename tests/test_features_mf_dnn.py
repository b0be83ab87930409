"""helpers.data's movie-metadata inputs (notebook 05): leak-free statistics, padding, bad input."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from helpers import features

GENRES = ("Action", "Comedy", "Drama")


@pytest.fixture
def movies() -> pd.DataFrame:
    return pd.DataFrame({"movieId": [10, 20, 30], "genre_ids": [[0, 2], [1], [0, 1, 2]],
                         "year": [1995.0, np.nan, 2001.0], "movie_index": [0, 1, 2]})


@pytest.fixture
def train() -> pd.DataFrame:
    # movie 0 rated 5 and 3, movie 1 rated 4 once, movie 2 never; mean 4.0
    return pd.DataFrame({"user_index": [0, 1, 0], "movie_index": [0, 0, 1],
                         "rating": [5.0, 3.0, 4.0]})


def test_padded_genre_ids_shift_by_one_and_pad_with_zero(movies):
    padded = features.padded_genre_ids(movies)
    assert padded.dtype == np.int32
    assert padded.tolist() == [[1, 3, 0], [2, 0, 0], [1, 2, 3]]


def test_release_years_fill_a_missing_year_with_the_median(movies):
    assert features.release_years(movies).tolist() == [1995.0, 1998.0, 2001.0]


def test_movie_rating_stats_shrink_towards_the_mean(train):
    stats = features.movie_rating_stats(train, 3, shrinkage=2)
    assert stats["count"].tolist() == [2, 1, 0]
    # (5 + 3 + 2 * 4) / (2 + 2) = 4; (4 + 8) / 3 = 4; unrated -> the mean
    assert stats["average"].tolist() == pytest.approx([4.0, 4.0, 4.0])
    plain = features.movie_rating_stats(train, 3, shrinkage=0)
    assert plain["average"].tolist() == pytest.approx([4.0, 4.0, 4.0])
    with pytest.raises(ValueError, match="shrinkage"):
        features.movie_rating_stats(train, 3, shrinkage=-1)


def test_inputs_use_training_statistics_and_leave_one_out(train, movies):
    test = pd.DataFrame({"user_index": [1, 1], "movie_index": [1, 2], "rating": [1.0, 1.0]})
    inputs = features.movie_metadata_inputs(test, train, movies, shrinkage=1)
    assert inputs["count"].ravel().tolist() == [1, 0]
    # movie 1: (4 + 4) / 2 - 4 = 0; movie 2 unrated: 0; the test ratings play no part
    assert inputs["average"].ravel().tolist() == pytest.approx([0.0, 0.0])
    assert inputs["genres"].tolist() == [[2, 0, 0], [1, 2, 3]]
    assert inputs["year"].shape == (2, 1)
    own = features.movie_metadata_inputs(train, train, movies, shrinkage=1, leave_one_out=True)
    # row 0 (rated 5) sees only the 3: (3 + 4) / 2 - 4 = -0.5; movie 1's only row sees nothing
    assert own["count"].ravel().tolist() == [1, 1, 0]
    assert own["average"].ravel().tolist() == pytest.approx([-0.5, 0.5, 0.0])
    with pytest.raises(ValueError, match="part of train"):
        features.movie_metadata_inputs(test, train, movies, 1, leave_one_out=True)


def test_new_movie_metadata_encodes_good_input():
    row, year = features.new_movie_metadata(["Drama", "Action", "Drama"], 2010, GENRES, 4)
    assert row.tolist() == [3, 1, 0, 0] and year == 2010.0


@pytest.mark.parametrize("genres, year, error, words", [
    ("Comedy", 2000, TypeError, "list of genre names"),
    ([], 2000, ValueError, "between 1 and"),
    (["Cartoon"], 2000, ValueError, "unknown genre"),
    (["Comedy"], "1995", TypeError, "whole number"),
    (["Comedy"], 1995.5, TypeError, "whole number"),
    (["Comedy"], 3000, ValueError, "between 1870 and 2030"),
])
def test_new_movie_metadata_refuses_bad_input_in_one_sentence(genres, year, error, words):
    with pytest.raises(error, match=words) as raised:
        features.new_movie_metadata(genres, year, GENRES, 4)
    assert str(raised.value).count(". ") == 0 and str(raised.value).endswith(".")


def test_content_design_has_genres_decade_count_and_user_columns(train, movies):
    rows = pd.DataFrame({"user_index": [1, 0], "movie_index": [0, 2], "rating": [1.0, 1.0]})
    inputs = features.movie_metadata_inputs(rows, train, movies, shrinkage=1)
    design = features.content_design(inputs, num_genres=3, num_users=2).toarray()
    decades = (features.LAST_DECADE - features.FIRST_DECADE) // 10 + 1
    assert design.shape == (2, 3 + decades + 2 + 2)
    assert design[:, :3].tolist() == [[1, 0, 1], [1, 1, 1]]  # genres, padding dropped
    # 1995 -> the 1990s, 2001 -> the 2000s (columns counted from the 1930s)
    assert np.flatnonzero(design[0, 3:3 + decades]).tolist() == [6]
    assert np.flatnonzero(design[1, 3:3 + decades]).tolist() == [7]
    count = design[:, 3 + decades:3 + decades + 2]
    assert count.ravel().tolist() == pytest.approx([np.log(3), 0, 0, 1])  # movie 2: new
    assert design[:, -2:].tolist() == [[0, 1], [1, 0]]  # one bias column per user


def test_content_design_clips_years_to_the_decades_it_knows():
    inputs = {"user": np.array([0, 0]), "genres": np.array([[1], [1]]),
              "year": np.array([[1902.0], [2031.0]]), "count": np.array([[0.0], [0.0]])}
    design = features.content_design(inputs, num_genres=1, num_users=1).toarray()
    decades = design[:, 1:-3]
    assert decades[0].argmax() == 0 and decades[1].argmax() == len(decades[0]) - 1
    assert decades.sum(axis=1).tolist() == [1, 1]
