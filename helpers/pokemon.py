"""The Pokémon sightings as DNN inputs: scikit-learn transformers fitted on training rows.

Used by: ``02_dnn_pokemon``.
"""

from __future__ import annotations

import numpy as np
from sklearn.compose import ColumnTransformer
from sklearn.feature_selection import VarianceThreshold
from sklearn.pipeline import FeatureUnion, Pipeline, make_pipeline, make_union
from sklearn.preprocessing import (
    FunctionTransformer,
    KBinsDiscretizer,
    OneHotEncoder,
    StandardScaler,
)

from helpers.data import POKEMON_CATEGORICAL_COLUMNS, POKEMON_COORDINATES


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
