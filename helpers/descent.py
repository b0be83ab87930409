"""Measuring gradient descent for notebook 01: a run's verdict, where divergence starts.

The lesson (the update rule, the loop, the loss) stays in the notebook; what is here is the
measuring around it: naming what a run did from its losses, finding the smallest learning
rate that diverges by a grid and a bisection, and a full-batch ``fit`` without the per-epoch
cost of NumPy inputs.

Used by: ``01_ml_framework`` (lab and solution).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

import keras
import numpy as np
import tensorflow as tf

VERDICTS = ("diverges", "crawls", "converges")
"""What a run of gradient descent did, as :func:`verdict` names it."""


def verdict(losses: Sequence[float], lowest_loss: float, tolerance: float = 0.01) -> str:
    """What a run did, from its loss at each step (the first before any step).

    ``"diverges"``: the last loss is above the first (or not finite); ``"converges"``: the
    last loss is within ``tolerance`` (relative) of ``lowest_loss``, the least-squares loss;
    ``"crawls"``: in between, lower than at the start but not there yet.
    """
    losses = np.asarray(losses, dtype=float)
    if losses.ndim != 1 or len(losses) < 2:
        raise ValueError(f"expected the losses of a run, one per step (2 or more), "
                         f"got shape {losses.shape}")
    if not lowest_loss > 0:
        raise ValueError(f"lowest_loss must be a positive loss, got {lowest_loss!r}")
    last = losses[-1]
    if not math.isfinite(last) or last > losses[0]:
        return "diverges"
    if last <= lowest_loss * (1 + tolerance):
        return "converges"
    return "crawls"


def smallest_diverging_rate(
    diverges: Callable[[float], bool],
    low: float = 1e-3,
    high: float = 10.0,
    grid_size: int = 13,
    relative_precision: float = 0.02,
) -> float:
    """The smallest learning rate at which ``diverges(rate)`` is True, to ``relative_precision``.

    Tries the rates of a log grid from ``low`` to ``high`` (``grid_size`` of them) upwards
    and stops at the first that diverges; then halves, on a log scale, the gap between it
    and the rate below it that did not, until the two are less than ``relative_precision``
    apart. Assumes that a rate above a diverging one diverges too.

    Returns:
        The smallest diverging rate found (the upper end of the last gap): ``low`` when
        even ``low`` diverges, ``math.inf`` when no rate of the grid does.
    """
    if not 0 < low < high or grid_size < 2 or not 0 < relative_precision < 1:
        raise ValueError(f"expected 0 < low < high, grid_size >= 2 and 0 < relative_precision "
                         f"< 1, got {low}, {high}, {grid_size}, {relative_precision}")
    stable = None
    for rate in np.geomspace(low, high, grid_size):
        if diverges(float(rate)):
            break
        stable = float(rate)
    else:
        return math.inf
    diverging = float(rate)
    if stable is None:
        return diverging
    while diverging / stable > 1 + relative_precision:
        middle = math.sqrt(stable * diverging)
        if diverges(middle):
            diverging = middle
        else:
            stable = middle
    return diverging


def fit_full_batch(
    model: keras.Model, X: np.ndarray, y: np.ndarray, epochs: int
) -> keras.callbacks.History:
    """Full-batch training of a compiled ``model``, the steps of ``model.fit(X, y, batch_size=
    len(X), epochs=epochs, shuffle=False, verbose=0)``, several times faster on tiny data.

    ``fit`` on NumPy arrays prepares them afresh at every epoch, which on a few hundred rows
    costs more than the step itself; here one ``tf.data`` batch is handed over again and
    again, one step per epoch. ``X`` has shape ``(n, num_inputs)``, ``y`` shape ``(n,)`` or
    ``(n, 1)``.
    """
    X, y = np.asarray(X), np.asarray(y)
    if len(X) != len(y) or X.ndim != 2:
        raise ValueError(f"expected X of shape (n, num_inputs) and y of n rows, "
                         f"got {X.shape} and {y.shape}")
    full_batch = tf.data.Dataset.from_tensors((X, y.reshape(len(y), -1))).repeat()
    return model.fit(full_batch, steps_per_epoch=1, epochs=epochs, shuffle=False, verbose=0)
