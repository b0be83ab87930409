"""What notebook 01 (the machine-learning framework) recorded in results/: keys and targets.

The solution must reach the targets of issue 7; the tutorial trains the same models and
records the same figures; the lab, run untouched, must still show its weak starting point
(no gradient step yet, raw coordinates, no hidden layer). Each test skips when its notebook
has not been executed yet (see the ``results_file`` fixture).
"""

from __future__ import annotations

import pytest

STEM = "01_ml_framework"
KEYS = {"gd_max_param_error", "xor_linear_accuracy", "xor_features_accuracy",
        "xor_hidden_accuracy"}

pytestmark = pytest.mark.reads_results("01_ml_framework")


@pytest.mark.parametrize("folder", ["solutions", "notebooks"])
def test_gradient_descent_lands_on_least_squares(recorded_figures, folder):
    figures = recorded_figures(folder, STEM, KEYS)
    # 100 full-batch steps at learning rate 0.2: about 1e-7 (float32 round-off)
    assert figures["gd_max_param_error"] <= 0.01, figures


@pytest.mark.parametrize("folder", ["solutions", "notebooks"])
def test_xor_needs_features_or_a_hidden_layer(recorded_figures, folder):
    figures = recorded_figures(folder, STEM, KEYS)
    assert figures["xor_linear_accuracy"] <= 0.6, figures  # a line: at or below chance
    assert figures["xor_features_accuracy"] >= 0.95, figures  # distances to two anchors
    assert figures["xor_hidden_accuracy"] >= 0.95, figures  # 8 tanh units


def test_untouched_lab_shows_the_weak_starting_point(recorded_figures):
    figures = recorded_figures("labs", STEM, KEYS)
    # update() takes no step: w = b = 0, about 1.56 away from least squares
    assert figures["gd_max_param_error"] > 0.5, figures
    # raw coordinates and no hidden layer: three lines, at or below chance
    assert figures["xor_features_accuracy"] <= 0.6, figures
    assert figures["xor_hidden_accuracy"] <= 0.6, figures
    assert figures["xor_linear_accuracy"] <= 0.6, figures
