"""Load and verify the workshop's two data sets (and split the Pokémon sightings).

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
from sklearn.model_selection import train_test_split

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
LEAK_TEST_VARIABLE = "WORKSHOP_LEAK_TEST_SEED"
"""Set to a seed, it makes :func:`load_movielens` return the leak test's copy of the
ratings (:func:`helpers.splits.leak_test_copy`: test ratings shuffled, test movies
redrawn)."""
LIKED_THRESHOLD = 4.0
"""A rating at or above this (in stars) counts as "liked it", the positive class."""
MIN_STARS, MAX_STARS = 0.5, 5.0
"""The star scale of MovieLens: predicted ratings are clipped to it for rating errors."""


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

    if os.environ.get(LEAK_TEST_VARIABLE):
        from helpers.splits import leak_test_copy  # splits builds on this module

        ratings = leak_test_copy(ratings, int(os.environ[LEAK_TEST_VARIABLE]))

    tags = frames["tags"].copy()
    tags["user_index"] = tags["userId"].map(user_index).astype("Int64")
    tags["movie_index"] = tags["movieId"].map(movie_index).astype("Int64")
    return MovieLens(ratings, movies, tags, genre_names)


