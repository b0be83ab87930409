"""The Pokémon sightings as DNN inputs: scikit-learn transformers fitted on training rows.

Used by: ``02_dnn_pokemon``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.feature_selection import VarianceThreshold
from sklearn.pipeline import FeatureUnion, Pipeline, make_pipeline, make_union
from sklearn.preprocessing import (
    FunctionTransformer,
    KBinsDiscretizer,
    OneHotEncoder,
    StandardScaler,
)

from helpers.data import (
    POKEMON_CATEGORICAL_COLUMNS,
    POKEMON_CLASS_NAMES,
    POKEMON_COORDINATES,
    POKEMON_FILE,
    PokemonData,
    read_data_file,
)


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


DAY_COLUMN = "appearedDay"
"""Day of September 2016 of each sighting (2-8): the clock of the split by time."""
CALENDAR_COLUMNS = ("local.day", "appearedDay", "appearedDayOfWeek", "local.month",
                    "appearedMonth")
"""Columns that name the date: in a split by time, test days are values never seen in
training, so :func:`pokemon_inputs` drops them."""


def load_pokemon_by_day(
    train_days: tuple[int, ...] = (2, 3, 4, 5),
    valid_days: tuple[int, ...] = (6,),
    test_days: tuple[int, ...] = (7, 8),
    data_dir: str | None = None,
) -> PokemonData:
    """The sightings split by time: train on early days, validate and test on later ones.

    This answers "what will appear here next?": the model never sees a sighting from a
    validation or test day, not even one at the same spawn point an hour apart. With the
    defaults: 1,074 train (days 2-5), 481 valid (day 6) and 281 test (days 7-8) rows.
    Returns the same :class:`helpers.data.PokemonData` as :func:`load_pokemon`.

    Used by: ``02_dnn_pokemon`` (tutorial, lab, solution).
    """
    frame = read_data_file(POKEMON_FILE, ("class", DAY_COLUMN), data_dir)
    features, labels = frame.drop(columns="class"), frame["class"].to_numpy()
    days = frame[DAY_COLUMN].to_numpy()
    parts = [np.isin(days, chosen) for chosen in (train_days, valid_days, test_days)]
    if (sum(parts) > 1).any():
        raise ValueError("train_days, valid_days and test_days must not share a day")
    X_train, X_valid, X_test = (features[rows] for rows in parts)
    y_train, y_valid, y_test = (labels[rows] for rows in parts)
    return PokemonData(X_train, X_valid, X_test, y_train, y_valid, y_test,
                       POKEMON_CLASS_NAMES)


def duplicate_locations(X: pd.DataFrame, y: np.ndarray) -> dict[str, float]:
    """How much of the file a model could answer by remembering spawn points.

    ``X``: raw rows with ``latitude`` and ``longitude``; ``y``: their classes, shape
    ``(rows,)``. Returns ``rows_sharing`` (share of rows whose exact coordinates occur in
    another row), ``same_class`` (among those, the share whose class is the most common
    class at their coordinates) and ``locations`` (number of distinct coordinates).

    Used by: ``02_dnn_pokemon`` (tutorial section 1.1).
    """
    frame = X[list(POKEMON_COORDINATES)].assign(label=np.asarray(y))
    groups = frame.groupby(list(POKEMON_COORDINATES))["label"]
    sizes = groups.transform("size")
    modal = groups.transform(lambda labels: labels.mode().iloc[0])
    shared = sizes > 1
    return {
        "rows_sharing": float(shared.mean()),
        "same_class": float((frame["label"] == modal)[shared].mean()),
        "locations": float(groups.ngroups),
    }


def pokemon_inputs(X_train: pd.DataFrame) -> Pipeline:
    """An unfitted transformer: raw sightings -> DNN inputs, each column by its kind.

    - integer-coded categories (:data:`POKEMON_CATEGORICAL_COLUMNS`) are one-hot encoded
      (a code unseen in training becomes all zeros);
    - 0/1 flags (every ``cooc_N``, ``urban``, ...) pass through unscaled: standardizing a
      rare flag would turn its 1 into a value of 10 or more;
    - every other column is standardized to mean 0, standard deviation 1;
    - the date columns (:data:`CALENDAR_COLUMNS`) and the columns constant in training
      are dropped.

    ``X_train`` (raw training rows) only decides which columns are 0/1 flags; fit the
    result on the training rows too. Used by: ``02_dnn_pokemon``.
    """
    categories = list(POKEMON_CATEGORICAL_COLUMNS)
    kept = [c for c in X_train.columns if c not in CALENDAR_COLUMNS and c not in categories]
    flags = [c for c in kept if set(np.unique(X_train[c])) <= {0, 1}]
    numbers = [c for c in kept if c not in flags]
    encode = ColumnTransformer(
        [
            ("one_hot", OneHotEncoder(handle_unknown="ignore", sparse_output=False),
             categories),
            ("flags", "passthrough", flags),
            ("numbers", StandardScaler(), numbers),
        ],
        verbose_feature_names_out=False,
    )
    return Pipeline([("encode", encode), ("drop_constant", VarianceThreshold(0.0))])
