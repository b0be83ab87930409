"""MovieLens as model inputs: histories, movie metadata, rating statistics, rated matrices.

Every function takes the frames it summarises: pass a training part, so no test rating
reaches a feature.

Used by: ``04_mf_history``, ``05_mf_dnn`` (also its content baseline's design matrix)
and the clinics.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import scipy.sparse as sp


def user_histories(ratings: pd.DataFrame) -> pd.Series:
    """The movies each user rated in ``ratings``: ``user_index`` -> int array of movie indices.

    Pass the training frame only, so a user's history never contains a test movie.
    Used by: ``04_mf_history`` (a user is the pooled embedding of this history).
    """
    return ratings.groupby("user_index")["movie_index"].agg(lambda movies: movies.to_numpy())


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


FIRST_DECADE, LAST_DECADE = 1930, 2010
"""The decades :func:`content_design` tells apart; earlier films count as the 1930s."""


def content_design(
    inputs: dict[str, np.ndarray], num_genres: int, num_users: int
) -> sp.csr_matrix:
    """The content baseline's design matrix: what a linear model may know of each rating.

    One row per rating, built from :func:`movie_metadata_inputs` (so the same leak-free
    statistics, leave-one-out included), with the columns:

    - the movie's genres, one 0/1 column per genre (``num_genres``);
    - its release decade, one 0/1 column per decade from :data:`FIRST_DECADE` to
      :data:`LAST_DECADE` (9; years outside are clipped to the ends);
    - ``log(1 + count)`` of its training ratings, and 1 when that count is 0 (a new movie);
    - the user, one 0/1 column per user (``num_users``): a ridge fit gives each a bias.

    Args:
        inputs: ``movie_metadata_inputs(rows, ...)`` (``user``, ``genres``, ``year``,
            ``count``; ``movie`` and ``average`` are not used).
        num_genres: ``len(MovieLens.genre_names)``.
        num_users: the size of the user index range.

    Returns:
        Sparse float matrix ``(rows, num_genres + 9 + 2 + num_users)``.

    Used by: ``05_mf_dnn`` (the content baseline, a ridge regression).
    """
    genre_ids = np.asarray(inputs["genres"])
    rows = len(genre_ids)
    genres = np.zeros((rows, num_genres + 1))
    np.put_along_axis(genres, genre_ids, 1.0, axis=1)  # column 0 catches the padding
    decade = np.clip(np.asarray(inputs["year"]).ravel() // 10 * 10, FIRST_DECADE,
                     LAST_DECADE)
    decades = np.eye((LAST_DECADE - FIRST_DECADE) // 10 + 1)[
        ((decade - FIRST_DECADE) // 10).astype(int)]
    count = np.asarray(inputs["count"], dtype=float).reshape(-1, 1)
    users = sp.csr_matrix((np.ones(rows), (np.arange(rows), inputs["user"])),
                          shape=(rows, num_users))
    movie_part = np.hstack([genres[:, 1:], decades, np.log1p(count), count == 0])
    return sp.hstack([sp.csr_matrix(movie_part), users], format="csr")


def causal_histories(frame: pd.DataFrame, max_length: int) -> tuple[np.ndarray, np.ndarray]:
    """Each rating's own history: its user's ratings made strictly before it, padded.

    Row ``i`` describes the user of ``frame``'s ``i``-th rating by their ``max_length`` most
    recent ratings in ``frame`` with an earlier ``timestamp``: ratings of the same second
    are not before each other (the split's tie rule), so none of them, the rating itself
    included, is in the history. Oldest first, padded at the end, as
    :func:`padded_histories` lays out a user's row; a user's first second of ratings gets an
    empty row. This is what a history at serving time holds: only the past.

    Args:
        frame: ratings with ``user_index``, ``movie_index``, ``rating``, ``timestamp``;
            a training part, whose rows are the training examples.
        max_length: the length of each row.

    Returns:
        ``(movie_ids, stars)``: int32 array of shape ``(len(frame), max_length)`` holding
        ``movie_index + 1`` (0 = padding) in ``frame``'s row order, and float32 array of
        the same shape with the ratings in stars (0 at padding).

    Used by: ``04_mf_history`` (training on causal histories, section 4.2).
    """
    if max_length < 1:
        raise ValueError(f"max_length must be at least 1, got {max_length}")
    order = np.lexsort((frame["movie_index"].to_numpy(), frame["timestamp"].to_numpy(),
                        frame["user_index"].to_numpy()))
    users = frame["user_index"].to_numpy()[order]
    times = frame["timestamp"].to_numpy()[order]
    position = np.arange(len(order))
    new_user = np.r_[True, users[1:] != users[:-1]]
    new_second = new_user | np.r_[True, times[1:] != times[:-1]]
    user_start = np.maximum.accumulate(np.where(new_user, position, 0))
    second_start = np.maximum.accumulate(np.where(new_second, position, 0))
    count = np.minimum(second_start - user_start, max_length)  # ratings strictly before
    columns = np.arange(max_length)
    taken = (second_start - count)[:, None] + columns  # oldest kept rating in column 0
    kept = columns < count[:, None]
    taken = np.where(kept, taken, 0)
    movie_ids = np.zeros((len(order), max_length), dtype="int32")
    stars = np.zeros((len(order), max_length), dtype="float32")
    movie_ids[order] = np.where(kept, frame["movie_index"].to_numpy()[order][taken] + 1, 0)
    stars[order] = np.where(kept, frame["rating"].to_numpy()[order][taken], 0)
    return movie_ids, stars
