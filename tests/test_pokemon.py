"""helpers.pokemon: the split by day, the duplicate spawn points and the DNN inputs."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from helpers import pokemon


@pytest.fixture(scope="module")
def by_day():
    return pokemon.load_pokemon_by_day()


def test_split_by_day_sizes_and_days(by_day):
    assert (len(by_day.y_train), len(by_day.y_valid), len(by_day.y_test)) == (1074, 481, 281)
    day = pokemon.DAY_COLUMN
    assert by_day.X_train[day].max() <= 5
    assert set(by_day.X_valid[day]) == {6} and set(by_day.X_test[day]) == {7, 8}


def test_split_by_day_rejects_overlapping_days():
    with pytest.raises(ValueError, match="must not share a day"):
        pokemon.load_pokemon_by_day(train_days=(2, 3, 4, 5, 6))


def test_duplicate_locations_counts_shared_spots():
    X = pd.DataFrame({"latitude": [1.0, 1.0, 1.0, 2.0, 3.0, 3.0],
                      "longitude": [5.0, 5.0, 5.0, 6.0, 7.0, 7.0]})
    y = np.array([0, 0, 1, 2, 3, 4])
    twins = pokemon.duplicate_locations(X, y)
    assert twins["rows_sharing"] == pytest.approx(5 / 6)
    # spot 1: two of three agree with its mode; spot 3: a tie, one of two does
    assert twins["same_class"] == pytest.approx(3 / 5)
    assert twins["locations"] == 3


def test_inputs_keep_flags_scale_numbers_and_drop_the_date(by_day):
    preprocessor = pokemon.pokemon_inputs(by_day.X_train)
    X_train = preprocessor.fit_transform(by_day.X_train)
    X_test = preprocessor.transform(by_day.X_test)
    names = list(preprocessor.get_feature_names_out())
    assert X_test.shape == (281, len(names))
    assert not set(pokemon.CALENDAR_COLUMNS) & set(names)
    flags = [i for i, name in enumerate(names) if name.startswith("cooc_")]
    assert flags and set(np.unique(X_train[:, flags])) == {0.0, 1.0}
    latitude = names.index("latitude")
    assert X_train[:, latitude].mean() == pytest.approx(0, abs=1e-9)
    assert X_train[:, latitude].std() == pytest.approx(1, rel=1e-6)
    assert X_train.std(axis=0).min() > 0  # constant columns are gone
    assert {"weather_1", "terrainType_0"} <= set(names) and np.isfinite(X_test).all()


def test_inputs_turn_a_category_unseen_in_training_into_zeros(by_day):
    preprocessor = pokemon.pokemon_inputs(by_day.X_train).fit(by_day.X_train)
    names = list(preprocessor.get_feature_names_out())
    unseen = preprocessor.transform(by_day.X_test.head(1).assign(weather=999))
    weather = [i for i, name in enumerate(names) if name.startswith("weather_")]
    assert weather and unseen[0, weather].sum() == 0
