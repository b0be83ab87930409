"""What notebook 01 (the machine-learning framework) recorded in results/: keys and targets.

The solution must reach the targets of issues 7 and 21; the tutorial trains the models its
prose talks about and records the figures the prose quotes; the lab, run untouched, must
still show its weak starting point (no gradient step yet, one raw coordinate, no hidden
layer). Each test skips when its notebook has not been executed yet (see the
``results_file`` fixture).
"""

from __future__ import annotations

import pytest

STEM = "01_ml_framework"
TUTORIAL_KEYS = {"gd_max_param_error", "xor_linear_accuracy", "xor_corner_line_accuracy",
                 "xor_features_accuracy", "xor_hidden_accuracy", "zero_start_xor_accuracy"}
LAB_KEYS = {"gd_max_param_error", "xor_linear_accuracy", "single_feature_xor_accuracy",
            "hidden_units", "xor_hidden_accuracy", "one_fewer_unit_xor_accuracy"}
SOLUTION_KEYS = LAB_KEYS | {"predictions_right", "max_stable_learning_rate", "diverges_above"}

pytestmark = pytest.mark.reads_results("01_ml_framework")


@pytest.mark.parametrize("folder, keys", [("solutions", SOLUTION_KEYS),
                                          ("notebooks", TUTORIAL_KEYS)])
def test_gradient_descent_lands_on_least_squares(recorded_figures, folder, keys):
    figures = recorded_figures(folder, STEM, keys)
    # 100 full-batch steps at learning rate 0.2: about 1e-7 (float32 round-off)
    assert figures["gd_max_param_error"] <= 0.01, figures
    assert figures["xor_linear_accuracy"] <= 0.6, figures  # a line: at or below chance
    assert figures["xor_hidden_accuracy"] >= 0.95, figures


def test_tutorial_xor_figures_its_prose_quotes(recorded_figures):
    figures = recorded_figures("notebooks", STEM, TUTORIAL_KEYS)
    # x₁ + x₂ = 1 cuts off one corner: 3 blobs of 4, "75 %"
    assert 0.7 <= figures["xor_corner_line_accuracy"] <= 0.8, figures
    assert figures["xor_features_accuracy"] >= 0.95, figures  # distances to two anchors
    # all-zero start: only the output bias learns, the majority class, "50 %"
    assert 0.45 <= figures["zero_start_xor_accuracy"] <= 0.55, figures


def test_solution_derives_the_boundary_it_measures(recorded_figures):
    figures = recorded_figures("solutions", STEM, SOLUTION_KEYS)
    derived, measured = figures["max_stable_learning_rate"], figures["diverges_above"]
    assert abs(derived / measured - 1) <= 0.10, figures
    assert figures["predictions_right"] == 1.0, figures


def test_solution_separates_xor_with_one_feature_and_the_smallest_layer(recorded_figures):
    figures = recorded_figures("solutions", STEM, SOLUTION_KEYS)
    assert figures["single_feature_xor_accuracy"] >= 0.95, figures  # x₁·x₂
    assert figures["hidden_units"] == 2, figures  # 1 unit: one line, one corner at best
    assert figures["one_fewer_unit_xor_accuracy"] < 0.95, figures


def test_untouched_lab_shows_the_weak_starting_point(recorded_figures):
    figures = recorded_figures("labs", STEM, LAB_KEYS)
    # update() takes no step: w = b = 0, about 1.56 away from least squares
    assert figures["gd_max_param_error"] > 0.5, figures
    # x₁ alone and no hidden layer: lines, at or below chance
    assert figures["single_feature_xor_accuracy"] <= 0.6, figures
    assert figures["xor_hidden_accuracy"] <= 0.6, figures
    assert figures["xor_linear_accuracy"] <= 0.6, figures
