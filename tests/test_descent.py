"""helpers.descent: a run's verdict, the smallest diverging learning rate, a full-batch fit."""

from __future__ import annotations

import math

import keras
import numpy as np
import pytest

from helpers import descent


@pytest.mark.parametrize("losses, expected", [
    ([3.0, 1.0, 0.300], "converges"),        # within 1 % of the lowest, 0.3
    ([3.0, 1.0, 0.31], "crawls"),
    ([3.0, 1.0, 3.5], "diverges"),
    ([3.0, 1e9, float("inf")], "diverges"),
    ([3.0, 2.0, float("nan")], "diverges"),
])
def test_verdict_names_what_a_run_did(losses, expected):
    assert descent.verdict(losses, lowest_loss=0.3) == expected


@pytest.mark.parametrize("losses, lowest, message", [
    ([1.0], 0.3, "one per step"), (np.ones((2, 2)), 0.3, "one per step"),
    ([2.0, 1.0], 0.0, "positive loss")])
def test_verdict_explains_bad_arguments(losses, lowest, message):
    with pytest.raises(ValueError, match=message):
        descent.verdict(losses, lowest)


@pytest.mark.parametrize("boundary", [0.0023, 0.37, 4.2])
def test_smallest_diverging_rate_finds_the_boundary_to_2_percent(boundary):
    tried = []

    def diverges(rate):
        tried.append(rate)
        return rate > boundary

    found = descent.smallest_diverging_rate(diverges)
    assert boundary < found <= boundary * 1.02
    assert tried[0] == pytest.approx(1e-3)
    assert len(tried) <= 13 + 6, "the grid up to the first diverging rate, then ~6 halvings"


def test_smallest_diverging_rate_at_the_ends_of_the_grid():
    assert descent.smallest_diverging_rate(lambda rate: False) == math.inf
    assert descent.smallest_diverging_rate(lambda rate: True) == pytest.approx(1e-3)


def test_smallest_diverging_rate_explains_a_bad_grid():
    with pytest.raises(ValueError, match="0 < low < high"):
        descent.smallest_diverging_rate(lambda rate: True, low=1.0, high=0.1)


def _tiny_model():
    keras.utils.set_random_seed(0)
    inputs = keras.Input(shape=(2,))
    model = keras.Model(inputs, keras.layers.Dense(1)(keras.layers.Dense(3)(inputs)))
    model.compile(optimizer=keras.optimizers.SGD(0.1), loss="mse")
    return model


def test_fit_full_batch_takes_the_steps_of_a_plain_fit():
    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(20, 2)).astype("float32"), rng.normal(size=20).astype("float32")
    plain = _tiny_model().fit(X, y, batch_size=len(X), epochs=5, shuffle=False, verbose=0)
    fast = descent.fit_full_batch(_tiny_model(), X, y, epochs=5)
    np.testing.assert_allclose(fast.history["loss"], plain.history["loss"], rtol=1e-5)


def test_fit_full_batch_explains_mismatched_rows():
    with pytest.raises(ValueError, match="expected X of shape"):
        descent.fit_full_batch(_tiny_model(), np.zeros((5, 2)), np.zeros(4), epochs=1)
