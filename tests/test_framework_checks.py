"""helpers.framework_checks: lab 01's checks pass the answer at every seed, report the
starter, and give each plausible mistake its own hint."""

from __future__ import annotations

import math

import numpy as np
import pytest
from sklearn.linear_model import LogisticRegression

from helpers import checks, descent, framework_checks, runtime

RATES = (0.005, 0.05, 0.15)
ANSWER = {0.005: "crawls", 0.05: "converges", 0.15: "diverges"}
SEEDS = range(5)


@pytest.fixture(autouse=True)
def lab_mode(monkeypatch):
    monkeypatch.setitem(runtime._session, "role", "lab")
    monkeypatch.delenv("WORKSHOP_STRICT_CHECKS", raising=False)


def _line_data(seed):
    """The lab's line data at another seed: x, y of shape (200,)."""
    rng = np.random.default_rng(seed)
    x = rng.uniform(-1, 3, 200)
    return x, 1.5 * x - 1 + rng.normal(0, 0.5, 200)


def _losses(x, y, rate, steps=100):
    """The loss before and after each full-batch gradient-descent step from w = b = 0."""
    w = b = 0.0
    losses = [np.mean(y ** 2)]
    with np.errstate(over="ignore", invalid="ignore"):
        for _ in range(steps):
            residual = w * x + b - y
            w, b = w - rate * np.mean(2 * residual * x), b - rate * np.mean(2 * residual)
            losses.append(np.mean((w * x + b - y) ** 2))
    return losses


def _lowest_loss(x, y):
    design = np.column_stack([x, np.ones_like(x)])
    return np.mean((design @ np.linalg.lstsq(design, y, rcond=None)[0] - y) ** 2)


def _hessian(x):
    design = np.column_stack([x, np.ones_like(x)])
    return 2 * design.T @ design / len(x)


def _measured_boundary(x, y):
    lowest = _lowest_loss(x, y)
    return descent.smallest_diverging_rate(
        lambda rate: descent.verdict(_losses(x, y, rate), lowest) == "diverges")


# ---- exercise 2: predict, then run

@pytest.mark.parametrize("seed", SEEDS)
def test_the_predictions_answer_passes_at_every_seed(seed, capsys):
    x, y = _line_data(seed)
    measured = {rate: descent.verdict(_losses(2 * x, y, rate), _lowest_loss(x, y))
                for rate in RATES}
    assert framework_checks.check_predictions(ANSWER, measured)
    assert capsys.readouterr().out == "PASS · your predictions: 3 of 3 right\n"


def test_blank_predictions_are_not_attempted(capsys):
    result = framework_checks.check_predictions(None, ANSWER)
    assert result.status == checks.NOT_ATTEMPTED


def test_the_tutorials_rates_copied_get_the_steeper_bowl_hint(capsys):
    copied = {0.005: "crawls", 0.05: "converges", 0.15: "converges"}  # 0.2 converged on x
    result = framework_checks.check_predictions(copied, ANSWER)
    line = capsys.readouterr().out
    assert result.status == checks.NOT_YET
    assert "2 of 3 right (learning rate 0.15: you said converges, it diverges)" in line
    assert "doubling x makes the bowl steeper" in line


@pytest.mark.parametrize("predictions, words", [
    ([0.005, 0.05], "expected a dict"),
    ({0.005: "slow", 0.05: "converges", 0.15: "diverges"}, "0.005 has 'slow'"),
    ({0.05: "converges", 0.15: "diverges"}, "0.005 has None"),
])
def test_malformed_predictions_are_explained(predictions, words, capsys):
    assert not framework_checks.check_predictions(predictions, ANSWER)
    assert words in capsys.readouterr().out


def test_a_wrong_prediction_stops_a_solution(monkeypatch):
    monkeypatch.setenv("WORKSHOP_STRICT_CHECKS", "1")
    with pytest.raises(checks.CheckFailed):
        framework_checks.check_predictions({**ANSWER, 0.05: "crawls"}, ANSWER)


# ---- exercise 3: the largest stable learning rate

@pytest.mark.parametrize("seed", SEEDS)
def test_two_over_the_largest_eigenvalue_passes_at_every_seed(seed, capsys):
    x, y = _line_data(seed)
    derived = 2 / np.linalg.eigvalsh(_hessian(x)).max()
    measured = _measured_boundary(x, y)
    assert abs(derived / measured - 1) < 0.03, "a margin of 7 points under the 10 % allowed"
    assert framework_checks.check_stable_rate(derived, measured, _hessian(x), x)


def test_a_blank_rate_is_not_attempted(capsys):
    x, _ = _line_data(0)
    result = framework_checks.check_stable_rate(None, 0.36, None, x)
    assert result.status == checks.NOT_ATTEMPTED


def _hint_for(hessian, derived, capsys, measured=None):
    x, y = _line_data(0)
    measured = measured or _measured_boundary(x, y)
    result = framework_checks.check_stable_rate(derived, measured, hessian, x)
    assert result.status == checks.NOT_YET
    return capsys.readouterr().out


def test_a_hessian_without_the_factor_2_is_named(capsys):
    x, _ = _line_data(0)
    half = _hessian(x) / 2
    line = _hint_for(half, 2 / np.linalg.eigvalsh(half).max(), capsys)
    assert "relative gap 0.99" in line and "factor 2" in line


def test_a_hessian_without_the_coupling_of_w_and_b_is_named(capsys):
    x, _ = _line_data(0)
    diagonal = np.diag(np.diag(_hessian(x)))
    line = _hint_for(diagonal, 2 / diagonal.max(), capsys)
    assert "diagonal is right" in line


@pytest.mark.parametrize("which, words", [(lambda values: 1 / values.max(), "half the measured"),
                                          (lambda values: 2 / values.min(), "flattest")])
def test_the_wrong_eigenvalue_formula_is_named(which, words, capsys):
    x, _ = _line_data(0)
    line = _hint_for(_hessian(x), which(np.linalg.eigvalsh(_hessian(x))), capsys)
    assert words in line


def test_a_wrong_hessian_shape_and_a_wrong_rate_type_are_explained(capsys):
    x, _ = _line_data(0)
    assert "is 2 x 2, yours is (3,)" in _hint_for(np.ones(3), 1.0, capsys)
    assert not framework_checks.check_stable_rate("0.36", 0.36, None, x)
    assert "expected a positive number, got str '0.36'" in capsys.readouterr().out


def test_no_divergence_points_back_to_the_update(capsys):
    x, _ = _line_data(0)
    line = _hint_for(None, 0.36, capsys, measured=math.inf)
    assert "does update() take a step yet?" in line


# ---- exercise 4: one feature for XOR

def _xor(seed, num_points):
    rng = np.random.default_rng(seed)
    corners = np.array([[1, 1], [-1, -1], [1, -1], [-1, 1]])
    corner = rng.integers(0, 4, num_points)
    return corners[corner] + rng.normal(0, 0.25, (num_points, 2)), (corner < 2).astype(int)


def _line_accuracy(feature, seed):
    """Held-out accuracy of a logistic regression (a line) on one feature of XOR points."""
    X_train, y_train = _xor(seed, 200)
    X_test, y_test = _xor(seed + 100, 1000)
    model = LogisticRegression().fit(feature(X_train).reshape(-1, 1), y_train)
    return model.score(feature(X_test).reshape(-1, 1), y_test)


ANSWERS = {"x₁·x₂": lambda X: X[:, 0] * X[:, 1],
           "|x₁ + x₂|": lambda X: np.abs(X[:, 0] + X[:, 1]),
           "(x₁ − x₂)²": lambda X: (X[:, 0] - X[:, 1]) ** 2}


@pytest.mark.parametrize("name", ANSWERS)
@pytest.mark.parametrize("seed", SEEDS)
def test_a_single_separating_feature_passes_at_every_seed(name, seed):
    accuracy = _line_accuracy(ANSWERS[name], seed)
    assert accuracy >= 0.97, "a margin over the target, 0.95"
    X_train, _ = _xor(seed, 200)
    assert framework_checks.check_single_feature(ANSWERS[name](X_train), X_train, accuracy)


@pytest.mark.parametrize("feature, words", [
    (lambda X: X[:, :1], "weighted sum of x₁ and x₂"),          # the starter
    (lambda X: 2 * X[:, 0] - X[:, 1] + 1, "weighted sum of x₁ and x₂"),
    (lambda X: X[:, 0] ** 2, "the classes still mix along your feature"),
])
def test_a_feature_that_cannot_separate_gets_its_hint(feature, words, capsys):
    X_train, _ = _xor(0, 200)
    accuracy = _line_accuracy(lambda X: np.ravel(feature(X)), 0)
    assert accuracy < 0.6
    assert not framework_checks.check_single_feature(feature(X_train), X_train, accuracy)
    assert words in capsys.readouterr().out


def test_two_features_are_not_one(capsys):
    X_train, _ = _xor(0, 200)
    assert not framework_checks.check_single_feature(X_train, X_train, 0.99)
    assert "returns 2 features; the exercise asks for a single one" in capsys.readouterr().out


# ---- exercise 5: the smallest hidden layer

def test_the_smallest_layer_that_reaches_the_target_passes(capsys):
    assert framework_checks.check_smallest_hidden_layer(2, 0.997, 0.741)
    assert capsys.readouterr().out.startswith("PASS · 2 hidden unit(s): held-out accuracy 0.997")


@pytest.mark.parametrize("units, accuracy, fewer, words", [
    (8, 0.99, 0.99, "7 unit(s) reach the target too"),           # the starter's 8, answered
    (8, 0.361, 0.361, "no better than a line"),                # the starter: no hidden layer
    (1, 0.74, 0.36, "too few units"),
])
def test_a_layer_that_is_not_the_smallest_gets_its_hint(units, accuracy, fewer, words, capsys):
    assert not framework_checks.check_smallest_hidden_layer(units, accuracy, fewer)
    assert words in capsys.readouterr().out


@pytest.mark.parametrize("units, error, words", [
    (2.5, TypeError, "whole number of units, got float 2.5"),
    (True, TypeError, "whole number"),
    (0, ValueError, "1 or more"),
])
def test_a_bad_number_of_units_is_refused_in_one_sentence(units, error, words):
    with pytest.raises(error, match=words):
        framework_checks.require_hidden_units(units)


def test_require_hidden_units_returns_a_plain_int():
    assert framework_checks.require_hidden_units(np.int64(3)) == 3
