"""Hints that name what went wrong, from what a lab's check measured.

A check says NOT YET with one hint. A hint that guesses sends a learner the wrong way (a
penalty that is too strong told to "use a better optimizer"), so each function here reads the
evidence (the training curves, the inputs' width, the loss object) and names the failure
mode it shows, never the answer. The checks themselves stay in :mod:`helpers.checks`.

Used by: ``02_dnn_pokemon``, ``03_mf_basic`` and ``04_mf_history`` (labs and solutions).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

SPARSE_LOSSES = ("sparse_categorical_crossentropy", "SparseCategoricalCrossentropy")


def _loss_name(loss: object) -> str:
    return loss if isinstance(loss, str) else type(loss).__name__


def require_one_hot_loss(loss: object) -> None:
    """Refuse, in one sentence, a sparse loss given one-hot labels (shape ``(n, 5)``).

    Class ids with ``SparseCategoricalCrossentropy`` and one-hot rows with
    ``CategoricalCrossentropy`` are the same loss; what fails is mixing the two forms, deep
    inside Keras with a shape error. The lab's labels are one-hot rows (``Y_train``).

    Raises:
        ValueError: ``loss`` is a sparse cross-entropy, which reads class ids.
    """
    if _loss_name(loss) in SPARSE_LOSSES:
        raise ValueError(
            "SparseCategoricalCrossentropy reads class ids (0-4), but the labels here are "
            "one-hot rows of 5 columns (Y_train): use its twin for one-hot rows, the same loss."
        )


def loss_choice(loss: object) -> str:
    """The hint for a classification loss that did not reach its target."""
    name = _loss_name(loss)
    if name in ("mse", "mean_squared_error", "MeanSquaredError", "mae", "MeanAbsoluteError"):
        return ("a regression loss on class outputs: its gradient fades when the model is "
                "confidently wrong. Which loss compares a predicted distribution with the "
                "true class?")
    if name in ("binary_crossentropy", "BinaryCrossentropy"):
        return ("binary cross-entropy scores each class on its own, as if several Pokémon "
                "could appear at once; here exactly one does.")
    if name in ("categorical_crossentropy", "CategoricalCrossentropy") and not getattr(
        loss, "from_logits", False
    ):
        return ("the last layer outputs logits, raw scores with no softmax: tell the loss "
                "what it receives.")
    return "the loss looks right: check that exercises above it run, then re-run this cell."


def early_stopping(
    epochs_run: int,
    max_epochs: int,
    kept_valid_loss: float,
    valid_losses: Sequence[float],
    kept_valid_accuracy: float,
    valid_accuracies: Sequence[float],
) -> str:
    """The hint for an early-stopping exercise, from the run's per-epoch valid figures.

    Tells apart: training that ran every epoch (no callback, or one that never triggered),
    a callback that stopped but kept the last weights, and one that restored the best
    weights by another measure than the valid loss.
    """
    best_loss, best_accuracy = min(valid_losses), max(valid_accuracies)
    if epochs_run >= max_epochs:
        if int(np.argmin(valid_losses)) == len(valid_losses) - 1:
            return ("the valid loss was still falling at the last epoch, so there was nothing "
                    "to stop: finish exercises 1-3 first, then a callback can end fit() early.")
        return (f"training ran all {max_epochs} epochs although the valid loss was lowest at "
                f"epoch {int(np.argmin(valid_losses)) + 1}: a callback can end fit() early.")
    if np.isclose(kept_valid_loss, best_loss, rtol=1e-3):
        return "the model kept has the lowest valid loss; re-run the cell above, then this one."
    if np.isclose(kept_valid_accuracy, best_accuracy, atol=1e-6):
        return (f"the weights kept are the best by accuracy, not by valid loss "
                f"({kept_valid_loss:.3f} vs {best_loss:.3f}): which quantity does your "
                f"callback monitor?")
    return (f"training stopped, but the model kept has valid loss {kept_valid_loss:.3f}, not the "
            f"run's best {best_loss:.3f}: by default Keras keeps the last epoch's weights.")


def regularization(
    reference_cross_entropy: float,
    reference_overfits: bool,
    cross_entropy: float,
    reference_accuracy: float,
    accuracy: float,
) -> str:
    """The hint for a regularization exercise, against the same run without regularization.

    Args:
        reference_cross_entropy, reference_accuracy: valid figures of the unregularized run.
        reference_overfits: whether that run's valid loss ended clearly above its minimum.
        cross_entropy, accuracy: valid figures of the attendee's regularized run.
    """
    if not reference_overfits:
        return ("without regularization this network does not overfit yet (its valid loss "
                "is still near its best at the end): finish exercises 1-3 first.")
    if accuracy < reference_accuracy - 0.02:
        return (f"valid accuracy fell from {reference_accuracy:.3f} to {accuracy:.3f}: so much "
                f"regularization that the network underfits. Loosen it.")
    if np.isclose(cross_entropy, reference_cross_entropy, rtol=1e-3):
        return "no regularizer yet: this run is the same as the unregularized one."
    share = cross_entropy / reference_cross_entropy
    return (f"your regularizer cut the valid cross-entropy to {share:.0%} of the unregularized "
            f"run's: too weak. Make memorising harder (more units switched off, or a larger "
            f"penalty).")


def extra_inputs(width: int, base_width: int, extra_width: int) -> str:
    """The hint for an exercise that appends ``extra_width`` columns to ``base_width`` inputs."""
    if width == base_width:
        return f"the inputs still have their {base_width} columns: nothing was appended yet."
    if width == extra_width:
        return (f"the inputs have only the {extra_width} new columns: the other {base_width} "
                f"were dropped. Keep both.")
    return (f"the inputs have {width} columns; expected the {base_width} given plus the "
            f"{extra_width} new ones, side by side (one row per sighting).")


def rating_curves(
    train_rmse: Sequence[float], valid_rmse: Sequence[float], max_epochs: int, floor: float
) -> str:
    """The hint for a rating model whose best validation RMSE missed its target.

    Reads the per-epoch train and valid RMSE (stars) of one run with early stopping, and
    ``floor``, the biases-only model's validation RMSE. Tells apart: a model that barely
    moves, one still improving when training ended, a training error that bounces (step too
    large), overfitting (train falls, valid turns up early), and underfitting (both stay
    high: vectors too short or held at zero by the penalty).
    """
    train_rmse, valid_rmse = np.asarray(train_rmse), np.asarray(valid_rmse)
    best_epoch = int(np.argmin(valid_rmse)) + 1
    if valid_rmse.min() > floor + 0.05 and np.ptp(valid_rmse) < 0.02:
        return (f"the model barely moved (valid RMSE {valid_rmse[0]:.3f} -> "
                f"{valid_rmse.min():.3f}): the optimizer or its step size is far too slow, or "
                f"the loss is not the one we are judged on.")
    if len(valid_rmse) >= max_epochs and valid_rmse[-5] - valid_rmse[-1] > 0.002:
        return ("the valid RMSE was still falling when training ended: a faster optimizer or "
                "a larger step.")
    if train_rmse[-1] > train_rmse.min() + 0.002:
        return (f"the training error bounces back up (lowest {train_rmse.min():.3f}, last "
                f"{train_rmse[-1]:.3f}): the step is too large to settle.")
    if valid_rmse[-1] > valid_rmse.min() + 0.005 and train_rmse[-1] < valid_rmse.min() - 0.15:
        return (f"the valid RMSE turns up after epoch {best_epoch} while the training error "
                f"keeps falling: the vectors memorise. Regularize more.")
    if abs(valid_rmse.min() - floor) < 0.002:
        return ("no better than the biases alone: the vectors add nothing. A penalty that "
                "holds them at zero, or vectors too short to describe a taste?")
    return (f"train and valid errors both stay high (train {train_rmse[-1]:.3f}): the model "
            f"underfits. Are the vectors long enough, and is the penalty holding them back?")


def early_stopping_patience(
    epochs_run: int,
    max_epochs: int,
    kept_valid_loss: float,
    valid_losses: Sequence[float],
    kept_valid_accuracy: float,
    valid_accuracies: Sequence[float],
    min_wait: int,
) -> str:
    """The hint for an early-stopping exercise that also asks for some patience.

    ``valid_losses`` and ``valid_accuracies``: one figure per epoch run (cross-entropy,
    accuracy); ``min_wait``: the fewest epochs the run must go on past its best valid loss,
    so that one noisy epoch cannot end it. When the run stopped and kept its best weights but
    waited fewer than ``min_wait`` epochs (``patience=0``, say), the hint says so; otherwise
    it is :func:`early_stopping`'s.

    Used by: ``02_dnn_pokemon`` (lab and solution, exercise 4).
    """
    waited = epochs_run - (int(np.argmin(valid_losses)) + 1)
    kept_best = bool(np.isclose(kept_valid_loss, min(valid_losses), rtol=1e-3))
    if epochs_run < max_epochs and kept_best and waited < min_wait:
        return (f"training stopped {waited} epoch(s) after its best valid loss: one noisy "
                f"epoch can end such a run; let it wait at least {min_wait} epochs.")
    return early_stopping(epochs_run, max_epochs, kept_valid_loss, valid_losses,
                          kept_valid_accuracy, valid_accuracies)
