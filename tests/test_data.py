"""helpers.data: loading, verification, bad input, and the exact split counts."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from helpers import data, features, splits
from helpers.pokemon import pokemon_location_grids


@pytest.fixture(scope="module")
def movielens() -> data.MovieLens:
    return data.load_movielens()


@pytest.fixture(scope="module")
def pokemon() -> data.PokemonData:
    return data.load_pokemon()


# ---- Pokémon --------------------------------------------------------------------------


def test_load_pokemon_split_sizes_and_names(pokemon):
    assert (len(pokemon.X_train), len(pokemon.X_valid), len(pokemon.X_test)) == (1101, 367, 368)
    assert pokemon.X_train.shape[1] == 200 and "class" not in pokemon.X_train
    assert pokemon.class_names == ("Charmander", "Oddish", "Mankey", "Bellsprout", "Krabby")


def test_load_pokemon_is_stratified_disjoint_and_seeded(pokemon):
    for labels in (pokemon.y_train, pokemon.y_valid, pokemon.y_test):
        assert np.bincount(labels, minlength=5) / len(labels) == pytest.approx(
            [224 / 1836, 948 / 1836, 150 / 1836, 225 / 1836, 289 / 1836], abs=0.01
        )
    rows = [set(frame.index) for frame in (pokemon.X_train, pokemon.X_valid, pokemon.X_test)]
    assert sum(map(len, rows)) == len(set.union(*rows)) == 1836
    again = data.load_pokemon()
    assert again.X_test.index.equals(pokemon.X_test.index)
    assert not data.load_pokemon(seed=1).X_test.index.equals(pokemon.X_test.index)


# ---- MovieLens ------------------------------------------------------------------------


def test_load_movielens_sizes_and_dense_indices(movielens):
    ratings, movies = movielens.ratings, movielens.movies
    assert (len(ratings), len(movies), len(movielens.tags)) == (100_004, 9_125, 1_296)
    assert (movielens.num_users, movielens.num_movies) == (671, 9_125)
    assert list(ratings.columns[:4]) == ["userId", "movieId", "rating", "timestamp"]
    assert movies["movieId"].is_monotonic_increasing
    assert (movies["movie_index"] == np.arange(len(movies))).all()
    by_movie = ratings.drop_duplicates("movieId").set_index("movieId")["movie_index"]
    assert (movies.set_index("movieId").loc[by_movie.index, "movie_index"] == by_movie).all()
    user_order = ratings.drop_duplicates("userId").sort_values("userId")["user_index"]
    assert (user_order.to_numpy() == np.arange(671)).all()
    unrated = ~movies["movie_index"].isin(ratings["movie_index"])
    assert unrated.sum() == 9_125 - ratings["movieId"].nunique()
    # 04 section 3: "the most active user has rated over 2,000 movies"
    assert ratings["userId"].value_counts().max() == 2_391


def test_movies_have_years_and_genre_ids(movielens):
    toy_story = movielens.movies.iloc[0]
    assert toy_story["title"] == "Toy Story (1995)" and toy_story["year"] == 1995
    names = [movielens.genre_names[i] for i in toy_story["genre_ids"]]
    assert names == ["Adventure", "Animation", "Children", "Comedy", "Fantasy"]
    assert len(movielens.genre_names) == 20
    # 05 section 1: "six movies have none [no year] ... Years run from 1902 to 2016"
    years = movielens.movies["year"]
    assert years.isna().sum() == 6 and (years.min(), years.max()) == (1902, 2016)


@pytest.mark.parametrize(
    "title, year",
    [("Heat (1995)", 1995.0), ("Babylon 5", math.nan), ("Ready Player One (2018) ", 2018.0),
     ("1984 (1956)", 1956.0)],
)
def test_parse_year(title, year):
    parsed = data.parse_year(title)
    assert (math.isnan(parsed) and math.isnan(year)) or parsed == year


def test_chronological_split_counts_and_order(movielens):
    train, test = splits.split_ratings(movielens.ratings)
    assert (len(train), len(test)) == (70_613, 29_391)
    assert test["userId"].nunique() == 669
    fit, valid = splits.split_ratings(train, test_ratio=0.1)
    assert (len(fit), len(valid)) == (64_216, 6_397)
    assert train.index.intersection(test.index).empty
    assert list(train.columns) == list(movielens.ratings.columns)
    last_train = train.groupby("userId")["timestamp"].max()
    first_test = test.groupby("userId")["timestamp"].min()
    assert (last_train[first_test.index] < first_test).all()  # no second is split


def test_chronological_split_cuts_after_the_c_th_rating_and_never_inside_a_second():
    ratings = pd.DataFrame(
        {"userId": [1] * 7 + [2] * 4 + [3] * 5, "movieId": range(16), "rating": 3.0,
         "timestamp": [5, 4, 3, 2, 1, 6, 7] + [1, 1, 1, 1] + [1, 2, 3, 3, 4]}
    )
    train, test = splits.split_ratings(ratings, test_ratio=0.3)
    # user 1: c = 7 - 2 = 5, t = 5: the two later ratings; user 2: one second, no test;
    # user 3: c = 5 - 1 = 4, t = 3 (the 3rd and 4th share it): only the rating at 4
    assert sorted(test["movieId"]) == [5, 6, 15]
    assert len(train) == 13


def test_chronological_split_does_not_depend_on_movie_ids(movielens):
    """The leak test redraws test movies: the rows of each part must stay where they are."""
    relabelled = movielens.ratings.assign(movieId=-movielens.ratings["movieId"])
    for before, after in zip(splits.split_ratings(movielens.ratings),
                             splits.split_ratings(relabelled), strict=True):
        assert before.index.equals(after.index)


def test_seed2017_split_counts_and_per_class_proportions(movielens):
    train, test = splits.split_ratings(movielens.ratings, "seed2017")
    assert (len(train), len(test)) == (69_399, 30_605)
    liked = movielens.ratings["rating"] >= 4
    per_user = movielens.ratings[liked].groupby("userId").size()
    train_liked = train[train["rating"] >= 4].groupby("userId").size()
    assert (train_liked.reindex(per_user.index, fill_value=0) == (0.7 * per_user).astype(int)).all()


def test_seed2017_split_drops_users_with_fewer_than_5_ratings():
    ratings = pd.DataFrame(
        {"userId": [1] * 4 + [2] * 10, "movieId": range(14), "rating": [4.0, 2.0] * 7,
         "timestamp": 0}
    )
    train, test = splits.split_ratings(ratings, "seed2017")
    assert set(train["userId"]) | set(test["userId"]) == {2}
    assert (len(train), len(test)) == (6, 4)  # int(0.7*5)=3 of each class


def test_split_ratings_rejects_unknown_method(movielens):
    with pytest.raises(ValueError, match="chronological"):
        splits.split_ratings(movielens.ratings, "random")


def test_user_histories(movielens):
    train, _ = splits.split_ratings(movielens.ratings)
    histories = features.user_histories(train)
    assert len(histories) == 671
    assert sum(map(len, histories)) == len(train)
    first = train[train["user_index"] == 0]["movie_index"]
    assert sorted(histories[0]) == sorted(first)


# ---- bad input ------------------------------------------------------------------------


def test_verify_all_reports_every_file(data_copy):
    assert all(data.verify_all().values()) and len(data.verify_all()) == 6
    (data_copy / "ml-latest-small" / "tags.csv").write_text("userId,movieId,tag,timestamp\n")
    status = data.verify_all(data_copy)
    assert status["ml-latest-small/tags.csv"] is False
    assert status["ml-latest-small/ratings.csv"] is True


def test_missing_file_names_file_and_fix(data_copy):
    (data_copy / "ml-latest-small" / "ratings.csv").unlink()
    with pytest.raises(data.DataFileError, match=r"ratings\.csv is missing.*git checkout"):
        data.load_movielens(data_copy)


def test_truncated_file_fails_its_checksum(data_copy):
    path = data_copy / "ml-latest-small" / "ratings.csv"
    path.write_bytes(path.read_bytes()[:50_000])
    with pytest.raises(data.DataFileError, match=r"ratings\.csv does not match its checksum"):
        data.load_movielens(data_copy)


def test_renamed_column_names_the_column(data_copy):
    path = data_copy / "pokemon" / "pkgo_city66_class5_v1.csv"
    text = path.read_text()
    path.write_text(text.replace(",class\n", ",label\n", 1))
    missing_class = r"pkgo_city66_class5_v1\.csv has no column.*'class'"
    with pytest.raises(data.DataFileError, match=missing_class):
        data.load_pokemon(data_copy)


@pytest.mark.parametrize("content", [b"", b"\xff\xfe\x00garbage\x00\n\xff"])
def test_unreadable_file_is_a_data_file_error(data_copy, content):
    (data_copy / "ml-latest-small" / "movies.csv").write_bytes(content)
    with pytest.raises(data.DataFileError, match=r"movies\.csv"):
        data.load_movielens(data_copy)


def test_missing_checksum_list(data_copy):
    (data_copy / "SHA256SUMS").unlink()
    with pytest.raises(data.DataFileError, match="SHA256SUMS is missing"):
        data.load_pokemon(data_copy)


def test_pokemon_location_grids_one_hot_one_cell_per_grid(pokemon):
    grids = pokemon_location_grids((2, 4)).fit(pokemon.X_train)
    cells = grids.transform(pokemon.X_train)
    assert cells.shape == (1101, 2 * 2 + 4 * 4)
    assert (cells.sum(axis=1) == 2).all()  # exactly one cell per grid
    assert set(np.unique(cells)) == {0.0, 1.0}
    far_away = pokemon.X_test.head(1).assign(latitude=1e6, longitude=1e6)
    assert grids.transform(far_away).sum() == 2  # the outermost cells, not an error


def test_shuffling_the_test_ratings_permutes_only_the_test_part(movielens):
    ratings = movielens.ratings
    train, test = splits.split_ratings(ratings, "chronological")
    shuffled_train, shuffled_test = splits.split_ratings(
        splits.shuffle_ratings(ratings, test.index, seed=1), "chronological")
    pd.testing.assert_frame_equal(shuffled_train, train)
    assert shuffled_test.index.equals(test.index)
    assert sorted(shuffled_test["rating"]) == sorted(test["rating"])
    assert (shuffled_test["rating"] != test["rating"]).mean() > 0.5


def test_redrawing_the_test_movies_moves_half_of_them_and_keeps_the_split(movielens):
    ratings = movielens.ratings
    train, test = splits.split_ratings(ratings, "chronological")
    redrawn = splits.redraw_movies(ratings, test.index, seed=1)
    redrawn_train, redrawn_test = splits.split_ratings(redrawn, "chronological")
    pd.testing.assert_frame_equal(redrawn_train, train)
    assert redrawn_test.index.equals(test.index)
    moved = redrawn_test["movieId"] != test["movieId"]
    assert 0.45 < moved.mean() < 0.55
    kept = ["userId", "rating", "timestamp"]
    pd.testing.assert_frame_equal(redrawn_test[kept], test[kept])
    # a movie the user never rated, named the same way in both columns, never twice
    assert not redrawn.duplicated(["userId", "movieId"]).any()
    assert (redrawn["movieId"].map(movielens.movies.set_index("movieId")["movie_index"])
            == redrawn["movie_index"]).all()
    before = test["movieId"].value_counts()
    after = redrawn_test["movieId"].value_counts().reindex(before.index, fill_value=0)
    assert (after != before).mean() > 0.5  # most movies' test counts change


def test_the_leak_test_variable_makes_the_loader_return_the_leak_copy(
        movielens, monkeypatch):
    monkeypatch.setenv(data.LEAK_TEST_VARIABLE, "1")
    expected = splits.leak_test_copy(movielens.ratings, seed=1)
    pd.testing.assert_frame_equal(data.load_movielens().ratings, expected)
    assert not expected["rating"].equals(movielens.ratings["rating"])
