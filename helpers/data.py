"""Load, verify and split the workshop's two data sets.

Every loader checks the file it reads against ``data/SHA256SUMS`` (once per process)
and turns any problem with a data file into one :class:`DataFileError` whose message
names the file and says how to restore it.

Used by: every notebook (``00`` checks the files, ``02`` loads the Pokémon sightings,
``03``-``05`` and the clinics load MovieLens).
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.feature_selection import VarianceThreshold
from sklearn.model_selection import train_test_split
from sklearn.pipeline import FeatureUnion, Pipeline, make_pipeline, make_union
from sklearn.preprocessing import (
    FunctionTransformer,
    KBinsDiscretizer,
    OneHotEncoder,
    StandardScaler,
)

from helpers.paths import DATA_DIR

SEED = 2017
"""The workshop's seed for every split and every model."""

POKEMON_FILE = "pokemon/pkgo_city66_class5_v1.csv"
POKEMON_CLASS_NAMES = ("Charmander", "Oddish", "Mankey", "Bellsprout", "Krabby")
POKEMON_CATEGORICAL_COLUMNS = (
    "appearedTimeOfDay",
    "appearedDayOfWeek",
    "terrainType",
    "weather",
    "city",
    "continent",
)
"""Integer-coded categories: the distance between two codes means nothing, so one-hot them."""
POKEMON_COORDINATES = ("latitude", "longitude")

MOVIELENS_FILES = {
    "ratings": ("ml-latest-small/ratings.csv", ("userId", "movieId", "rating", "timestamp")),
    "movies": ("ml-latest-small/movies.csv", ("movieId", "title", "genres")),
    "tags": ("ml-latest-small/tags.csv", ("userId", "movieId", "tag", "timestamp")),
}
SHUFFLE_VARIABLE = "WORKSHOP_SHUFFLE_TEST_RATINGS"
"""Set to a seed, it makes :func:`load_movielens` shuffle the test ratings (the leak test)."""
LIKED_THRESHOLD = 4.0
"""A rating at or above this (in stars) counts as "liked it", the positive class."""


class DataFileError(RuntimeError):
    """A data file is missing, unreadable, has the wrong columns or the wrong checksum."""


def _restore_hint(relative_path: str) -> str:
    return (
        f"Restore it from the repository with `git checkout -- data/{relative_path}` "
        f"(or copy it byte for byte from the workshop's shared/data/{relative_path})."
    )


def _resolve(data_dir: str | Path | None) -> Path:
    return Path(data_dir) if data_dir is not None else DATA_DIR


def _expected_checksums(data_dir: Path) -> dict[str, str]:
    """Map each relative path listed in ``SHA256SUMS`` to its hex digest."""
    sums_file = data_dir / "SHA256SUMS"
    if not sums_file.is_file():
        raise DataFileError(f"{sums_file} is missing. {_restore_hint('SHA256SUMS')}")
    checksums = {}
    for line in sums_file.read_text().splitlines():
        if line.strip():
            digest, name = line.split(maxsplit=1)
            checksums[name.lstrip("*")] = digest
    return checksums


@cache
def _verify_checksum(path: Path, expected: str) -> None:
    """Raise DataFileError unless the file's SHA-256 is ``expected`` (cached per process)."""
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    if digest != expected:
        raise DataFileError(
            f"{path} does not match its checksum in SHA256SUMS: it was truncated or edited. "
            f"{_restore_hint(path.parent.name + '/' + path.name)}"
        )


def read_data_file(
    relative_path: str, columns: tuple[str, ...], data_dir: str | Path | None = None
) -> pd.DataFrame:
    """Read one CSV of the data folder, check its columns and checksum.

    Args:
        relative_path: path inside the data folder, e.g. ``"ml-latest-small/ratings.csv"``.
        columns: the columns the file must have (others are allowed).
        data_dir: the data folder; the project's ``data/`` when None.

    Returns:
        The file as a DataFrame.

    Raises:
        DataFileError: the file is missing, unreadable, lacks a column or fails its checksum.
    """
    data_dir = _resolve(data_dir)
    path = data_dir / relative_path
    if not path.is_file():
        raise DataFileError(f"{path} is missing. {_restore_hint(relative_path)}")
    try:
        frame = pd.read_csv(path)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as error:
        raise DataFileError(
            f"{path} cannot be read as CSV ({error}). {_restore_hint(relative_path)}"
        ) from None
    missing = [column for column in columns if column not in frame.columns]
    if missing:
        raise DataFileError(
            f"{path} has no column(s) {missing}; found {list(frame.columns)[:8]}... "
            f"{_restore_hint(relative_path)}"
        )
    expected = _expected_checksums(data_dir).get(relative_path)
    if expected is None:
        raise DataFileError(f"{relative_path} is not listed in {data_dir / 'SHA256SUMS'}.")
    _verify_checksum(path, expected)
    return frame


def verify_all(data_dir: str | Path | None = None) -> dict[str, bool]:
    """Check every file listed in ``SHA256SUMS``; map its relative path to True when intact.

    Used by ``00_environment_check``: it reports instead of raising.
    """
    data_dir = _resolve(data_dir)
    status = {}
    for relative_path, digest in _expected_checksums(data_dir).items():
        path = data_dir / relative_path
        status[relative_path] = (
            path.is_file() and hashlib.sha256(path.read_bytes()).hexdigest() == digest
        )
    return status


# --------------------------------------------------------------------------------------
# Pokémon Go sightings (notebook 02)
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PokemonData:
    """The Pokémon sightings, split 60 / 20 / 20, stratified by class.

    ``X_*`` are the raw 200 feature columns (DataFrames); ``y_*`` the class ids 0-4
    (int arrays of shape ``(rows,)``); ``class_names[i]`` names class ``i``.
    """

    X_train: pd.DataFrame
    X_valid: pd.DataFrame
    X_test: pd.DataFrame
    y_train: np.ndarray
    y_valid: np.ndarray
    y_test: np.ndarray
    class_names: tuple[str, ...]


def load_pokemon(
    data_dir: str | Path | None = None,
    valid_ratio: float = 0.2,
    test_ratio: float = 0.2,
    seed: int = SEED,
) -> PokemonData:
    """Load ``pkgo_city66_class5_v1.csv`` and split it into train / valid / test.

    Both splits are stratified by class and seeded, so every run and every attendee gets
    the same rows: 1,101 train, 367 valid and 368 test with the default ratios.

    Used by: ``02_dnn_pokemon`` (tutorial, lab, solution).
    """
    frame = read_data_file(POKEMON_FILE, ("class", *POKEMON_CATEGORICAL_COLUMNS), data_dir)
    features = frame.drop(columns="class")
    labels = frame["class"].to_numpy()
    X_rest, X_test, y_rest, y_test = train_test_split(
        features, labels, test_size=test_ratio, stratify=labels, random_state=seed
    )
    X_train, X_valid, y_train, y_valid = train_test_split(
        X_rest,
        y_rest,
        test_size=valid_ratio / (1 - test_ratio),
        stratify=y_rest,
        random_state=seed,
    )
    return PokemonData(X_train, X_valid, X_test, y_train, y_valid, y_test, POKEMON_CLASS_NAMES)


def pokemon_preprocessor() -> Pipeline:
    """An unfitted scikit-learn transformer that turns raw sightings into DNN inputs.

    - the integer-coded categories (:data:`POKEMON_CATEGORICAL_COLUMNS`) are one-hot
      encoded; a code unseen in training becomes all zeros;
    - every other column is standardized to mean 0, standard deviation 1;
    - columns constant in the training rows carry no information and are dropped.

    Fit it on the training rows only (``fit_transform(X_train)``), then ``transform`` the
    valid and test rows, so no statistic of theirs leaks into the model.

    Used by: ``02_dnn_pokemon``.
    """
    encode = ColumnTransformer(
        [
            (
                "one_hot",
                OneHotEncoder(handle_unknown="ignore", sparse_output=False),
                list(POKEMON_CATEGORICAL_COLUMNS),
            ),
        ],
        remainder=StandardScaler(),
        verbose_feature_names_out=False,
    )
    return Pipeline([("encode", encode), ("drop_constant", VarianceThreshold(0.0))])


def pokemon_location_grids(grid_sizes: tuple[int, ...] = (4, 8, 16, 32, 64)) -> FeatureUnion:
    """An unfitted transformer: the one-hot cell of each sighting in several location grids.

    For each ``bins`` in ``grid_sizes``, latitude and longitude are each cut into ``bins``
    quantile bins (fitted on the rows given to ``fit``: pass the training rows), crossed into
    one cell id out of ``bins * bins``, and one-hot encoded; a cell unseen in training becomes
    all zeros. The grids' columns are concatenated: ``transform`` returns a float array of
    shape ``(rows, cells seen in training, summed over the grids)``.

    Used by: ``02_dnn_pokemon`` (section 3.12 and exercise 6).
    """
    return make_union(*[_grid_cells(bins) for bins in grid_sizes])


def _grid_cells(bins: int) -> Pipeline:
    """(latitude, longitude) -> one-hot id of its cell in a ``bins`` x ``bins`` quantile grid."""
    to_bins = ColumnTransformer(
        [("bin", KBinsDiscretizer(n_bins=bins, encode="ordinal", strategy="quantile"),
          list(POKEMON_COORDINATES))]
    )
    return make_pipeline(
        to_bins,
        FunctionTransformer(_cell_id, kw_args={"bins": bins}),
        OneHotEncoder(handle_unknown="ignore", sparse_output=False),
    )


def _cell_id(latitude_longitude_bins: np.ndarray, bins: int) -> np.ndarray:
    """Bins of shape ``(rows, 2)`` -> one cell id per row, shape ``(rows, 1)``."""
    return latitude_longitude_bins[:, :1] * bins + latitude_longitude_bins[:, 1:]


# --------------------------------------------------------------------------------------
# MovieLens ml-latest-small (notebooks 03-05 and the clinics)
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MovieLens:
    """MovieLens ml-latest-small with dense indices, genres and years.

    ``ratings``: ``userId``, ``movieId``, ``rating`` (stars, 0.5-5.0), ``timestamp`` (Unix
    seconds), plus ``user_index`` (0-based, in ``userId`` order) and ``movie_index``
    (0-based, in ``movies.csv`` ``movieId`` order, so every movie has one).
    ``movies``: one row per movie in ``movie_index`` order: ``movieId``, ``title``,
    ``genres`` (the original ``"A|B"`` string), ``movie_index``, ``year`` (float, NaN when
    the title has none) and ``genre_ids`` (list of indices into ``genre_names``).
    ``tags``: the original tags with ``user_index`` and ``movie_index`` added.
    """

    ratings: pd.DataFrame
    movies: pd.DataFrame
    tags: pd.DataFrame
    genre_names: tuple[str, ...]

    @property
    def num_users(self) -> int:
        return int(self.ratings["user_index"].max()) + 1

    @property
    def num_movies(self) -> int:
        return len(self.movies)


_YEAR_AT_END = re.compile(r"\((\d{4})\)\s*$")


def parse_year(title: str) -> float:
    """The release year at the end of a MovieLens title: ``"Heat (1995)"`` -> ``1995.0``.

    Returns NaN when the title ends without a year.
    """
    match = _YEAR_AT_END.search(title)
    return float(match.group(1)) if match else float("nan")


def load_movielens(data_dir: str | Path | None = None) -> MovieLens:
    """Load ml-latest-small (ratings, movies, tags), verified and indexed.

    Used by: ``03_mf_basic``, ``04_mf_history``, ``05_mf_dnn`` and the clinics.
    """
    frames = {
        name: read_data_file(relative_path, columns, data_dir)
        for name, (relative_path, columns) in MOVIELENS_FILES.items()
    }
    movies = frames["movies"].sort_values("movieId", kind="stable").reset_index(drop=True)
    movies["movie_index"] = np.arange(len(movies))
    movies["year"] = movies["title"].map(parse_year)
    genre_lists = movies["genres"].str.split("|")
    genre_names = tuple(sorted({genre for genres in genre_lists for genre in genres}))
    genre_ids = {genre: index for index, genre in enumerate(genre_names)}
    movies["genre_ids"] = genre_lists.map(lambda genres: [genre_ids[g] for g in genres])

    movie_index = pd.Series(movies["movie_index"].to_numpy(), index=movies["movieId"])
    user_ids = np.sort(frames["ratings"]["userId"].unique())
    user_index = pd.Series(np.arange(len(user_ids)), index=user_ids)

    ratings = frames["ratings"].copy()
    unknown = ~ratings["movieId"].isin(movie_index.index)
    if unknown.any():
        raise DataFileError(
            f"ratings.csv names {int(unknown.sum())} movie(s) absent from movies.csv. "
            f"{_restore_hint('ml-latest-small/')}"
        )
    ratings["user_index"] = ratings["userId"].map(user_index).to_numpy()
    ratings["movie_index"] = ratings["movieId"].map(movie_index).to_numpy()

    if os.environ.get(SHUFFLE_VARIABLE):
        ratings = shuffle_test_ratings(ratings, int(os.environ[SHUFFLE_VARIABLE]))

    tags = frames["tags"].copy()
    tags["user_index"] = tags["userId"].map(user_index).astype("Int64")
    tags["movie_index"] = tags["movieId"].map(movie_index).astype("Int64")
    return MovieLens(ratings, movies, tags, genre_names)


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


def user_histories(ratings: pd.DataFrame) -> pd.Series:
    """The movies each user rated in ``ratings``: ``user_index`` -> int array of movie indices.

    Pass the training frame only, so a user's history never contains a test movie.
    Used by: ``04_mf_history`` (a user is the pooled embedding of this history).
    """
    return ratings.groupby("user_index")["movie_index"].agg(lambda movies: movies.to_numpy())


# --------------------------------------------------------------------------------------
# Movie metadata as model inputs (notebook 05)
# --------------------------------------------------------------------------------------

MIN_YEAR, MAX_YEAR = 1870, 2030
"""The release years :func:`new_movie_metadata` accepts (cinema's first films to today)."""


def padded_genre_ids(movies: pd.DataFrame) -> np.ndarray:
    """Each movie's genres as a row of ids padded with 0, for an Embedding with ``mask_zero``.

    Args:
        movies: one row per movie in ``movie_index`` order, with ``genre_ids`` (lists of
            indices into ``MovieLens.genre_names``), as :func:`load_movielens` returns.

    Returns:
        Int32 array of shape ``(num_movies, most genres of one movie)``: genre index + 1,
        then zeros (0 means "no genre here", so the masked pooling skips it).

    Used by: ``05_mf_dnn``.
    """
    lists = movies["genre_ids"].tolist()
    padded = np.zeros((len(lists), max(map(len, lists), default=1)), dtype="int32")
    for row, genre_ids in enumerate(lists):
        padded[row, : len(genre_ids)] = np.asarray(genre_ids, dtype=int) + 1
    return padded


def release_years(movies: pd.DataFrame) -> np.ndarray:
    """Each movie's release year (float32, shape ``(num_movies,)``); a missing one gets the median.

    The year comes from the title (:func:`parse_year`): catalogue metadata, known before any
    rating, so using every movie's year leaks nothing. Used by: ``05_mf_dnn``.
    """
    years = movies["year"]
    return years.fillna(years.median()).to_numpy(dtype="float32")


def movie_rating_stats(
    frame: pd.DataFrame, num_movies: int, shrinkage: float
) -> pd.DataFrame:
    """Each movie's number of ratings and shrunk average rating in ``frame``.

    The shrunk average is ``(sum of its ratings + shrinkage * m) / (count + shrinkage)``,
    where ``m`` is the mean of all ratings in ``frame``: a movie rated once sits near ``m``,
    a movie rated 200 times at its own average. Pass the **training** ratings only: an
    average that includes test ratings reads the answers (notebook 05, section 2).

    Args:
        frame: ratings with ``movie_index`` and ``rating`` (stars).
        num_movies: the size of the movie index range.
        shrinkage: pseudo-ratings at the mean added to every movie (0 = plain average).

    Returns:
        DataFrame indexed by ``movie_index`` (``num_movies`` rows) with ``count`` (float)
        and ``average`` (stars); a movie absent from ``frame`` has count 0 and average ``m``.

    Used by: ``05_mf_dnn``.
    """
    if shrinkage < 0:
        raise ValueError(f"shrinkage must be 0 or more pseudo-ratings, got {shrinkage}")
    movies = frame["movie_index"].to_numpy()
    counts = np.bincount(movies, minlength=num_movies).astype(float)
    sums = np.bincount(movies, frame["rating"].to_numpy(dtype=float), minlength=num_movies)
    mean = float(frame["rating"].mean())
    with np.errstate(invalid="ignore"):
        average = (sums + shrinkage * mean) / (counts + shrinkage)
    average = np.where(counts + shrinkage > 0, average, mean)
    return pd.DataFrame({"count": counts, "average": average},
                        index=pd.RangeIndex(num_movies, name="movie_index"))


def movie_metadata_inputs(
    rows: pd.DataFrame,
    train: pd.DataFrame,
    movies: pd.DataFrame,
    shrinkage: float,
    leave_one_out: bool = False,
) -> dict[str, np.ndarray]:
    """The inputs of a rating model with a movie tower, for each row of ``rows``.

    Every statistic comes from ``train`` alone. With ``leave_one_out`` (for the rows of
    ``train`` itself, when training), each row's own rating is taken out of its movie's count
    and average, so a row never sees its answer in its features, and a movie rated once in
    training looks, to its one training row, like a movie nobody rated: as a new movie will.

    Args:
        rows: ratings with ``user_index``, ``movie_index`` (and ``rating`` when
            ``leave_one_out``).
        train: the training ratings the statistics are computed from.
        movies: ``MovieLens.movies`` (``genre_ids``, ``year``), in ``movie_index`` order.
        shrinkage: see :func:`movie_rating_stats`.
        leave_one_out: take each row's own rating out of its movie's statistics.

    Returns:
        ``user``, ``movie`` (int, ``(rows,)``), ``genres`` (int32, ``(rows, max genres)``,
        see :func:`padded_genre_ids`), ``year`` (float32, ``(rows, 1)``, release year),
        ``count`` (float32, ``(rows, 1)``, training ratings of the movie) and ``average``
        (float32, ``(rows, 1)``, its shrunk average minus the training mean, in stars).

    Used by: ``05_mf_dnn``.
    """
    stats = movie_rating_stats(train, len(movies), shrinkage)
    mean = float(train["rating"].mean())
    movie = rows["movie_index"].to_numpy()
    count = stats["count"].to_numpy()[movie]
    total = stats["average"].to_numpy()[movie] * (count + shrinkage) - shrinkage * mean
    if leave_one_out:
        count = count - 1
        total = total - rows["rating"].to_numpy(dtype=float)
        if (count < 0).any():
            raise ValueError("leave_one_out needs rows that are part of train")
    with np.errstate(invalid="ignore", divide="ignore"):
        average = (total + shrinkage * mean) / (count + shrinkage)
    average = np.where(count + shrinkage > 0, average, mean) - mean
    return {
        "user": rows["user_index"].to_numpy(),
        "movie": movie,
        "genres": padded_genre_ids(movies)[movie],
        "year": release_years(movies)[movie, None],
        "count": count[:, None].astype("float32"),
        "average": average[:, None].astype("float32"),
    }


def new_movie_metadata(
    genres: object, year: object, genre_names: tuple[str, ...], width: int
) -> tuple[np.ndarray, float]:
    """Check a made-up movie's genres and release year, and encode them as the model expects.

    Args:
        genres: a list (or tuple) of genre names, e.g. ``["Comedy", "Romance"]``, each one
            of ``genre_names``.
        year: the release year, a whole number between :data:`MIN_YEAR` and :data:`MAX_YEAR`.
        genre_names: ``MovieLens.genre_names``.
        width: the width of the padded genre rows (``padded_genre_ids(...).shape[1]``).

    Returns:
        ``(genre_row, year)``: int32 array of shape ``(width,)`` (genre index + 1, zero
        padded, as :func:`padded_genre_ids`) and the year as a float.

    Raises:
        TypeError, ValueError: with one sentence saying what was expected.

    Used by: ``05_mf_dnn`` (what the model recommends for a movie nobody has rated).
    """
    if isinstance(genres, str) or not isinstance(genres, list | tuple):
        raise TypeError(f"genres must be a list of genre names such as ['Comedy', 'Romance'], "
                        f"not {type(genres).__name__} {genres!r:.40}.")
    if not genres or len(genres) > width:
        raise ValueError(f"genres must name between 1 and {width} genres, got {len(genres)}.")
    unknown = [genre for genre in genres if genre not in genre_names]
    if unknown:
        raise ValueError(f"unknown genre(s) {unknown}: expected names among "
                         f"{', '.join(genre_names)}.")
    if isinstance(year, bool) or not isinstance(year, int | np.integer):
        raise TypeError(f"year must be a whole number such as 1995, not "
                        f"{type(year).__name__} {year!r:.40}.")
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValueError(f"year must be between {MIN_YEAR} and {MAX_YEAR}, got {year}.")
    distinct = list(dict.fromkeys(genres))  # a genre named twice counts once
    row = np.zeros(width, dtype="int32")
    row[: len(distinct)] = [genre_names.index(genre) + 1 for genre in distinct]
    return row, float(year)


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


def padded_histories(
    frame: pd.DataFrame, num_users: int, max_length: int
) -> tuple[np.ndarray, np.ndarray]:
    """Each user's rated movies as one padded row: ids shifted by 1, 0 for "no movie".

    A user with more than ``max_length`` ratings keeps the ``max_length`` most recent
    (by ``timestamp``, then ``movie_index``); a user without any has a row of zeros.

    Args:
        frame: ratings with ``user_index``, ``movie_index``, ``rating``, ``timestamp``;
            pass a training part only, so a history never holds a test rating.
        num_users: the number of rows (user indices run from 0 to ``num_users - 1``).
        max_length: the length of each row.

    Returns:
        ``(movie_ids, stars)``: int32 array of shape ``(num_users, max_length)`` holding
        ``movie_index + 1`` (0 = padding, for ``Embedding(mask_zero=True)`` or a mask),
        and float32 array of the same shape with the ratings in stars (0 at padding).

    Used by: ``04_mf_history``.
    """
    if max_length < 1:
        raise ValueError(f"max_length must be at least 1, got {max_length}")
    ordered = frame.sort_values(["user_index", "timestamp", "movie_index"], kind="stable")
    users = ordered["user_index"].to_numpy()
    newest_first = ordered.groupby("user_index").cumcount(ascending=False).to_numpy()
    keep = newest_first < max_length
    count = np.minimum(np.bincount(users, minlength=num_users), max_length)
    column = count[users[keep]] - 1 - newest_first[keep]  # oldest kept rating in column 0
    movie_ids = np.zeros((num_users, max_length), dtype="int32")
    stars = np.zeros((num_users, max_length), dtype="float32")
    movie_ids[users[keep], column] = ordered["movie_index"].to_numpy()[keep] + 1
    stars[users[keep], column] = ordered["rating"].to_numpy()[keep]
    return movie_ids, stars


def rated_matrix(ratings: pd.DataFrame, num_users: int, num_movies: int) -> np.ndarray:
    """Which movies each user rated in ``ratings``: bool array, shape ``(num_users, num_movies)``.

    Row ``user_index``, column ``movie_index`` is True where the frame holds that rating.
    Pass the training frame for "already seen" (movies never to recommend again), the test
    frame for "what they did next".
    Used by: ``clinic_next_movie``, ``clinic_implicit_auc``.
    """
    users = ratings["user_index"].to_numpy()
    movies = ratings["movie_index"].to_numpy()
    if len(users) and (users.max() >= num_users or movies.max() >= num_movies):
        raise ValueError(
            f"expected user indices below {num_users} and movie indices below {num_movies}"
        )
    rated = np.zeros((num_users, num_movies), dtype=bool)
    rated[users, movies] = True
    return rated
