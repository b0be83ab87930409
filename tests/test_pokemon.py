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


# helpers.plots' small multiples for notebook 02 (sections 3.6, 3.7, 3.8 and 3.10)

def test_function_panels_one_panel_per_function_with_its_derivative():
    from helpers import plots

    z = np.linspace(-3, 3, 7)
    values = {"relu": np.maximum(z, 0), "tanh": np.tanh(z)}
    slopes = {"relu": (z > 0).astype(float), "tanh": 1 - np.tanh(z) ** 2}
    fig = plots.function_panels(z, values, slopes, title="Shapes")
    assert [ax.get_title() for ax in fig.axes] == ["relu", "tanh"]
    relu_ax = fig.axes[0]
    function, derivative = relu_ax.lines[:2]
    assert np.allclose(function.get_ydata(), values["relu"])
    assert np.allclose(derivative.get_ydata(), slopes["relu"])
    assert derivative.get_linestyle() == "--"
    assert fig._suptitle.get_text() == "Shapes"
    with pytest.raises(ValueError, match="same names"):
        plots.function_panels(z, values, {"relu": slopes["relu"]})


def test_descent_paths_one_map_per_optimizer_cut_where_the_path_leaves():
    from helpers import plots

    x, y = np.linspace(-2, 2, 9), np.linspace(-1, 1, 6)
    losses = x[None, :] ** 2 + 10 * y[:, None] ** 2 + 0.1
    inside = np.array([[-1.5, 0.5], [-1.0, -0.2], [-0.5, 0.1]])
    leaving = np.array([[-1.5, 0.5], [0.0, 3.0], [1.0, -5.0]])
    fig = plots.descent_paths(x, y, losses, {"SGD": inside, "too fast": leaving})
    sgd_ax, fast_ax = fig.axes
    assert sgd_ax.get_title() == "SGD" and fast_ax.get_title() == "too fast"
    assert len(sgd_ax.lines[0].get_xdata()) == 3
    assert len(fast_ax.lines[0].get_xdata()) == 2, "drawn up to its first point off the map"
    assert sgd_ax.get_xlim() == (-2.0, 2.0)
    with pytest.raises(ValueError, match="positive losses"):
        plots.descent_paths(x, y, losses - 1.0, {"SGD": inside})
    with pytest.raises(ValueError, match="at least one path"):
        plots.descent_paths(x, y, losses, {})


def test_weight_histograms_share_one_axis_and_count_every_weight():
    from helpers import plots

    rng = np.random.default_rng(0)
    weights = {"no penalty": rng.normal(0, 0.1, (20, 8)),
               "L1": rng.normal(0, 0.01, (20, 8))}
    fig = plots.weight_histograms(weights, title="First layer", bins=10)
    none_ax, l1_ax = fig.axes
    assert [none_ax.get_title(), l1_ax.get_title()] == ["no penalty", "L1"]
    assert none_ax.get_yscale() == "log" and none_ax.get_xlim() == l1_ax.get_xlim()
    counts = [sum(bar.get_height() for bar in ax.patches) for ax in fig.axes]
    assert counts == [160, 160]
    with pytest.raises(ValueError, match="non-empty"):
        plots.weight_histograms({"empty": np.array([])})


def test_capacity_curve_draws_each_line_with_its_error_bars():
    from helpers import plots

    sizes = ["none", "64", "128-64"]
    fig = plots.capacity_curve(sizes, {"train": ([0.6, 0.7, 0.8], [0.01, 0.02, 0.01]),
                                       "valid": ([0.5, 0.55, 0.56], [0.0, 0.01, 0.02])},
                               title="Capacity")
    (ax,) = fig.axes
    assert [tick.get_text() for tick in ax.get_xticklabels()] == sizes
    assert [text.get_text() for text in ax.get_legend().get_texts()] == ["train", "valid"]
    assert np.allclose(ax.lines[0].get_ydata(), [0.6, 0.7, 0.8])
    assert ax.get_title() == "Capacity"
    with pytest.raises(ValueError, match="length 3"):
        plots.capacity_curve(sizes, {"train": ([0.6, 0.7], [0.0, 0.0])})
