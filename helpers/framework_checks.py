"""The checks of lab 01 (the machine-learning framework), each with hints that read the evidence.

Each check prints one line through :mod:`helpers.checks` (PASS, NOT YET with the figure, the
target and a hint, or NOT ATTEMPTED) and, in a solution, stops the run on a miss. The hints
name the mistake the evidence shows (a Hessian off by the square's factor 2, a feature that
is a line in disguise), never the answer.

Used by: ``01_ml_framework`` (lab and solution).
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Mapping

import numpy as np

from helpers import checks
from helpers.descent import VERDICTS

MAX_RATE_GAP = 0.10
"""How far (relative) a derived largest stable learning rate may be from the measured one."""


def check_predictions(predictions: object, measured: Mapping[float, str]) -> checks.CheckResult:
    """PASS when every predicted verdict matches the measured one.

    Args:
        predictions: the learner's ``{learning rate: "diverges" | "crawls" | "converges"}``,
            written before running; ``None`` while not attempted.
        measured: ``{learning rate: verdict}`` of the runs (:func:`helpers.descent.verdict`).
    """
    what = "your predictions"
    if checks.is_blank(predictions):
        return checks.check_that(what, None, "")
    if not isinstance(predictions, Mapping):
        return checks.check_that(what, False, f"expected a dict {{rate: verdict}}, got "
                                 f"{type(predictions).__name__}.")
    said = {rate: _lookup(predictions, rate) for rate in measured}
    unsure = [rate for rate, verdict in said.items() if verdict not in VERDICTS]
    if unsure:
        return checks.check_that(what, False, f"give each of the rates {list(measured)} one "
                                 f"of {list(VERDICTS)}; {unsure[0]} has {said[unsure[0]]!r}.")
    wrong = [rate for rate in measured if said[rate] != measured[rate]]
    right = f"{len(measured) - len(wrong)} of {len(measured)} right"
    if not wrong:
        return checks.check_that(f"{what}: {right}", True, "")
    rate = wrong[0]
    return checks.check_that(
        f"{what}: {right} (learning rate {rate}: you said {said[rate]}, it "
        f"{measured[rate]})", False, _prediction_hint(said[rate], measured[rate]))


def _lookup(predictions: Mapping, rate: float) -> object:
    for key, value in predictions.items():
        if isinstance(key, numbers.Real) and math.isclose(key, rate, rel_tol=1e-9):
            return value
    return None


def _prediction_hint(said: str, happened: str) -> str:
    if happened == "diverges":
        return ("doubling x makes the bowl steeper along w: by how much, since w·x is "
                "squared? A step that was safe before overshoots now.")
    if happened == "crawls":
        return ("the steep direction sets the largest safe step, and a step that small "
                "barely moves along the flat direction in 100 steps.")
    if said == "diverges":
        return ("steeper bowl, smaller safe step, but how much smaller? Compare this rate "
                "with the tutorial's, divided by the factor doubling x brings.")
    return "this rate is large enough to arrive in 100 steps: compare it with the others."


def check_stable_rate(
    max_stable_learning_rate: object, diverges_above: float, hessian: object, x: np.ndarray
) -> checks.CheckResult:
    """PASS when the derived largest stable rate is within 10 % of the measured boundary.

    Args:
        max_stable_learning_rate: the learner's 2 / largest eigenvalue; ``None`` while blank.
        diverges_above: the smallest rate whose loss grows in the runs
            (:func:`helpers.descent.smallest_diverging_rate`); ``inf`` when none did.
        hessian: the learner's Hessian of the mean squared error in ``(w, b)``, or ``None``.
        x: the inputs of the line, shape ``(n,)``, to tell which mistake was made.
    """
    what = "your largest stable learning rate"
    if checks.is_blank(max_stable_learning_rate):
        return checks.check_at_most(what, None, MAX_RATE_GAP, "")
    derived = checks.as_number(max_stable_learning_rate)
    if derived is None or derived <= 0:
        return checks.check_that(what, False, f"expected a positive number, got "
                                 f"{checks.describe(max_stable_learning_rate)}.")
    if not math.isfinite(diverges_above):
        return checks.check_that(f"{what} {derived:.4g}: no rate up to 10 diverged", False,
                                 "does update() take a step yet? Section 2 first.")
    gap = abs(derived / diverges_above - 1)
    return checks.check_at_most(
        f"{what} {derived:.4g} vs the measured boundary {diverges_above:.4g}: relative gap",
        gap, MAX_RATE_GAP, _stable_rate_hint(derived, diverges_above, hessian, x))


def _stable_rate_hint(derived: float, measured: float, hessian: object, x: np.ndarray) -> str:
    x = np.asarray(x, dtype=float)
    design = np.column_stack([x, np.ones_like(x)])
    true_hessian = 2 * design.T @ design / len(x)
    eigenvalues = np.linalg.eigvalsh(true_hessian)
    given = None if checks.is_blank(hessian) else np.asarray(hessian, dtype=float)
    if given is not None and given.shape != (2, 2):
        return f"the Hessian of a loss of two parameters (w, b) is 2 x 2, yours is {given.shape}."
    if given is not None and np.allclose(given, true_hessian / 2, rtol=1e-3):
        return "your Hessian is half the loss's: the derivative of a square brings a factor 2."
    if given is not None and np.allclose(np.diag(given), np.diag(true_hessian), rtol=1e-3) \
            and not np.allclose(given, true_hessian, rtol=1e-3):
        return ("the diagonal is right, the rest is not: does ∂²L/∂w∂b vanish when w and b "
                "multiply x and 1 in the same sum?")
    if math.isclose(derived, 1 / eigenvalues.max(), rel_tol=0.02):
        return ("half the measured boundary: a step of 1/λ lands on the bottom of the steepest "
                "direction; how much further can it go before it overshoots upwards?")
    if math.isclose(derived, 2 / eigenvalues.min(), rel_tol=0.02):
        return "that is the flattest direction's limit: which direction overshoots first?"
    if given is not None and np.allclose(given, true_hessian, rtol=1e-3):
        return "your Hessian is right: which of its eigenvalues limits the step, and how?"
    return ("compare your Hessian with the second derivatives of L = mean((w·xᵢ + b − yᵢ)²): "
            "∂²L/∂w², ∂²L/∂w∂b and ∂²L/∂b².")


def check_single_feature(
    train_features: np.ndarray, X_train: np.ndarray, accuracy: float, target: float = 0.95
) -> checks.CheckResult:
    """PASS when one feature of the points lets a line reach ``target`` held-out accuracy.

    Args:
        train_features: the learner's features of the training points, shape ``(n, k)``.
        X_train: those points, shape ``(n, 2)``, to tell a line in disguise.
        accuracy: the held-out accuracy of a line trained on the feature.
    """
    what = "held-out accuracy of a line on your one feature"
    features = np.asarray(train_features, dtype=float).reshape(len(X_train), -1)
    if features.shape[1] != 1:
        return checks.check_that(what, False, f"your transform returns {features.shape[1]} "
                                 "features; the exercise asks for a single one.")
    return checks.check_at_least(what, accuracy, target,
                                 _single_feature_hint(features[:, 0], X_train, accuracy))


def _single_feature_hint(feature: np.ndarray, X_train: np.ndarray, accuracy: float) -> str:
    design = np.column_stack([X_train, np.ones(len(X_train))])
    residual = feature - design @ np.linalg.lstsq(design, feature, rcond=None)[0]
    if residual.std() <= 1e-3 * max(feature.std(), 1e-12):
        return ("your feature is a weighted sum of x₁ and x₂ (plus a constant): a line on it "
                "is still a line in the plane.")
    if accuracy <= 0.6:
        return ("the classes still mix along your feature: what do the class-1 corners "
                "(1, 1) and (−1, −1) share that (1, −1) and (−1, 1) lack?")
    return "better than a line, not there yet: where do the classes overlap along it?"


def require_hidden_units(units: object) -> int:
    """``units`` as an int, or a one-sentence error when it is not a whole number from 1 up."""
    if isinstance(units, bool) or not isinstance(units, numbers.Integral):
        raise TypeError(f"HIDDEN_UNITS must be a whole number of units, got "
                        f"{checks.describe(units)}.")
    if units < 1:
        raise ValueError(f"HIDDEN_UNITS must be 1 or more (a layer needs a unit), got {units}.")
    return int(units)


def check_smallest_hidden_layer(
    units: int, accuracy: float, accuracy_one_fewer: float, target: float = 0.95
) -> checks.CheckResult:
    """PASS when ``units`` hidden units reach ``target`` and one unit fewer does not.

    Args:
        units: the learner's ``HIDDEN_UNITS``.
        accuracy: held-out accuracy of the network with ``units`` hidden units.
        accuracy_one_fewer: the same with ``units - 1`` (0 units: the line).
    """
    units = require_hidden_units(units)
    what = (f"{units} hidden unit(s): held-out accuracy {accuracy:.3f} (target >= "
            f"{target:g}); {units - 1}: {accuracy_one_fewer:.3f}")
    if accuracy < target:
        hint = ("no better than a line: is there a hidden layer, with a nonlinear activation, "
                "between the inputs and the output?" if accuracy <= 0.6 else
                "too few units to shape the boundary, or a start that got stuck: try more.")
        return checks.check_that(what, False, hint)
    if accuracy_one_fewer >= target:
        return checks.check_that(what, False, f"{units - 1} unit(s) reach the target too: "
                                 "the exercise asks for the smallest layer that does (does "
                                 "your layer read hidden_units, the argument?).")
    return checks.check_that(what, True, "")
