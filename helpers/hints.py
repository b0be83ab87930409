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


SQUARED_ERROR = ("mse", "mean_squared_error", "MeanSquaredError")
"""The names a Keras loss of mean squared error goes by (a string or its class)."""


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
    if name in (*SQUARED_ERROR, "mae", "MeanAbsoluteError"):
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


ACCURACY_ALLOWANCE = 0.03
"""How much valid accuracy a regularizer may cost before its hint says it underfits; the
02 lab's check of exercise 5 allows the same."""


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
    if accuracy < reference_accuracy - ACCURACY_ALLOWANCE:
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
    train_rmse: Sequence[float], valid_rmse: Sequence[float], max_epochs: int, floor: float,
    loss: object = "mse",
) -> str:
    """The hint for a rating model whose best validation RMSE missed its target.

    Reads the per-epoch train and valid RMSE (stars) of one run with early stopping,
    ``floor``, the biases-only model's validation RMSE, and the ``loss`` it minimised (a
    Keras name or object). Tells apart: a loss other than the squared error RMSE judges,
    a model that barely moves, one still improving when training ended, a training error
    that bounces (step too large), overfitting (train falls, valid turns up), a gap that does
    not close (train far below a valid RMSE that stalls: too weak a penalty, or too little of
    each user), and underfitting (both stay high: vectors too short or held at zero).
    """
    train_rmse, valid_rmse = np.asarray(train_rmse), np.asarray(valid_rmse)
    best_epoch = int(np.argmin(valid_rmse)) + 1
    if _loss_name(loss) not in SQUARED_ERROR:
        return (f"the model minimises {_loss_name(loss)!r}, while the checks judge RMSE, the "
                f"root of the mean squared error: is that the loss you want it to minimise?")
    if valid_rmse.min() > floor + 0.05 and np.ptp(valid_rmse) < 0.02:
        return (f"the model barely moved (valid RMSE {valid_rmse[0]:.3f} -> "
                f"{valid_rmse.min():.3f}): the optimizer or its step size is far too slow.")
    if len(valid_rmse) >= max_epochs and valid_rmse[-5] - valid_rmse[-1] > 0.002:
        return ("the valid RMSE was still falling when training ended: a faster optimizer or "
                "a larger step.")
    if train_rmse[-1] > train_rmse.min() + 0.002:
        return (f"the training error bounces back up (lowest {train_rmse.min():.3f}, last "
                f"{train_rmse[-1]:.3f}): the step is too large to settle.")
    if (valid_rmse[-1] > valid_rmse.min() + 0.005
            and train_rmse[-1] < train_rmse[best_epoch - 1] - 0.02):
        return (f"the valid RMSE turns up after epoch {best_epoch} while the training error "
                f"keeps falling: the vectors memorise. Regularize more.")
    if train_rmse[-1] < valid_rmse.min() - 0.1:
        return (f"the training error ({train_rmse[-1]:.3f}) falls far below the valid RMSE, "
                f"which stalls at {valid_rmse.min():.3f}: the vectors learn the training "
                f"ratings by heart. Regularize more, and check that the model sees enough of "
                f"each user to learn a taste.")
    if abs(valid_rmse.min() - floor) < 0.002:
        return ("no better than the biases alone: the vectors add nothing. A penalty or a "
                "dropout that holds them at zero, or vectors too short to describe a taste?")
    return (f"train and valid errors both stay high (train {train_rmse[-1]:.3f}): the model "
            f"underfits. Are the vectors long enough, and is the penalty holding them back?")


REFIT_GAIN = 0.008
"""The validation RMSE (stars) the 03 lab's user-bias refit gains with a good half-life
(0.0105 with the solution's settings; 0.0025 with the starter's half-life of 1.0)."""


def user_bias_refit(before: float, after: float) -> str:
    """The hint for the 03 lab's refit check: its validation RMSE ``before`` and ``after``.

    The check reads the refit model's RMSE, which section 2's model sets as much as the
    half-life does: a refit that gains :data:`REFIT_GAIN` or more points back to section 2.
    """
    gain = before - after
    if gain >= REFIT_GAIN:
        return (f"the refit gains {gain:.4f}, enough: what holds this back is the model of "
                f"section 2 ({before:.4f}). Pass its check first, then come back here.")
    return (f"the refit gains only {gain:.4f}. RECENT_HALF_LIFE is a share of each user's "
            f"history: how far back should a rating still count half? Try a few shares, from "
            f"all of that history down to a few hundredths of it, and watch the gain.")


SPLIT_REASON = "b"
"""The reason the 02 lab lists for its split by day: on a later day a model meets no twin
of its training rows, and a random split puts twins of training rows in valid."""


def split_verdict(choice: object, reason: object) -> tuple[bool | None, str]:
    """Check the "choose the split" exercise: which split answers "what appears next?".

    ``choice``: ``"random"`` or ``"by day"``; ``reason``: the letter of the reason picked
    among those the lab lists (``"a"``, ``"b"``, ``"c"``; :data:`SPLIT_REASON` holds).
    Returns ``(None, "")`` while ``choice`` is blank, ``(True, "")`` when both are right,
    else ``(False, hint)``, the hint one sentence that never gives the answer.

    Used by: ``02_dnn_pokemon`` (lab and solution, exercise 1).
    """
    if choice is None or choice is Ellipsis:
        return None, ""
    if choice == "random":
        return False, ("a random split puts a sighting's twin from the same spawn point, an "
                       "hour apart, in train: valid would score recall of spawn points, not "
                       "a forecast of a day the model has not seen.")
    if choice != "by day":
        return False, f'choose "random" or "by day", not {choice!r}.'
    if reason != SPLIT_REASON:
        return False, (f"the split is right, but reason {reason!r} does not say why: which "
                       f"reason is about the question asked, a later day?")
    return True, ""


def _epoch_script(patience: int) -> list[float]:
    """Valid losses that test a callback with ``patience``: best at epoch 3, a bump of
    ``patience - 1`` worse epochs, a new best, then a steady rise of ``patience + 3`` epochs.
    A correct callback stops after epoch ``3 + 2 * patience`` and keeps epoch ``3 + patience``.
    """
    bump = [0.85 - 0.01 * i for i in range(patience - 1)]
    rise = [0.72 + 0.02 * i for i in range(1, patience + 4)]
    return [1.0, 0.9, 0.8, *bump, 0.7, *rise]


def replay_early_stopping(callback: object, val_losses: Sequence[float]) -> tuple[int, int]:
    """Run a Keras callback over scripted epochs, without training anything.

    A one-weight Keras model stands in for the network: before each epoch's
    ``on_epoch_end`` its weight is set to the epoch's number (1, 2, ...), and the logs hold
    ``val_loss`` from ``val_losses`` (``loss``, ``accuracy`` and ``val_accuracy`` beside it).
    The replay stops when the callback sets ``model.stop_training``.

    Returns:
        ``(epochs_run, kept_epoch)``: epochs run, and the epoch whose weight the model
        holds after ``on_train_end`` (the last epoch's when nothing was restored).

    Used by: :func:`early_stopping_callback`.
    """
    import keras

    model = keras.Sequential([keras.Input((1,)), keras.layers.Dense(1)])
    model.stop_training = False  # as fit() sets it
    callback.set_model(model)
    callback.set_params({"epochs": len(val_losses), "steps": 1, "verbose": 0})
    callback.on_train_begin({})
    epochs_run = 0
    for epoch, val_loss in enumerate(val_losses):
        callback.on_epoch_begin(epoch, {})
        model.set_weights([np.full((1, 1), epoch + 1.0), np.zeros(1)])
        epochs_run = epoch + 1
        logs = {"loss": 0.5, "accuracy": 0.8, "val_loss": float(val_loss),
                "val_accuracy": 0.5 + 0.001 * epoch}
        callback.on_epoch_end(epoch, logs)
        if model.stop_training:
            break
    callback.on_train_end({})
    return epochs_run, int(round(float(model.get_weights()[0][0, 0])))


def early_stopping_callback(
    callback_class: type, patiences: tuple[int, ...] = (3, 5)
) -> tuple[bool | None, str]:
    """Test a hand-written early-stopping callback on scripted epochs: (verdict, hint).

    ``callback_class(patience)`` must stop training once ``val_loss`` has not improved for
    ``patience`` epochs in a row and then hold the weights of its best epoch. Each patience
    in ``patiences`` gets a fresh callback and a script with a bump shorter than the
    patience (so ``patience=0`` stops too soon) and a later best (so keeping the first best,
    or the last weights, fails); one more run on a falling loss must never stop.

    Returns:
        ``(None, "")`` while the class does not override ``on_epoch_end`` (not attempted),
        ``(True, "")`` when it behaves, else ``(False, hint)``: the first failure found,
        named (never stopping, stopping too soon or too late, stopping while the loss still
        falls, the wrong weights kept, an exception).

    Used by: ``02_dnn_pokemon`` (lab and solution, exercise 4).
    """
    import keras

    if not callable(callback_class):
        return False, (f"pass the class itself, not {type(callback_class).__name__} "
                       f"{callback_class!r:.40}: the check builds a fresh one per patience.")
    if getattr(callback_class, "on_epoch_end", None) is keras.callbacks.Callback.on_epoch_end:
        return None, ""
    if isinstance(callback_class, type) and issubclass(
            callback_class, keras.callbacks.EarlyStopping):
        return False, ("that is Keras' own EarlyStopping: write the counting and the "
                       "restoring yourself, on keras.callbacks.Callback.")
    try:
        for patience in patiences:
            script = _epoch_script(patience)
            best, last_best = 3, 3 + patience
            epochs_run, kept = replay_early_stopping(callback_class(patience), script)
            if epochs_run == len(script):
                return False, (f"with patience {patience} the run never stopped, although "
                               f"val_loss last improved at epoch {last_best} of "
                               f"{len(script)}: set self.model.stop_training = True.")
            since = epochs_run - (best if epochs_run < last_best else last_best)
            if since != patience:
                word = "too soon" if since < patience else "too late"
                return False, (f"with patience {patience} it stopped {since} epoch(s) after "
                               f"the best val_loss, {word}: stop after exactly `patience` "
                               f"epochs without a new best of logs['val_loss'], counting "
                               f"from that best.")
            if kept != last_best:
                where = "the last epoch's" if kept == epochs_run else f"epoch {kept}'s"
                return False, (f"it stopped at the right epoch, but the model holds "
                               f"{where} weights, not those of the best epoch "
                               f"({last_best}): save a copy at each new best "
                               f"(self.model.get_weights()) and put it back in "
                               f"on_train_end.")
        falling = [1.0 - 0.01 * epoch for epoch in range(3 * max(patiences) + 10)]
        epochs_run, _ = replay_early_stopping(callback_class(min(patiences)), falling)
        if epochs_run < len(falling):
            return False, (f"it stopped at epoch {epochs_run} although val_loss fell at "
                           f"every epoch: count only the epochs without improvement.")
    except Exception as error:  # the learner's code: report it, never stop Run All
        return False, f"your callback raised {type(error).__name__}: {error}"
    return True, ""


def fix_2017_network(loss: object, activation: str, optimizer: object = None) -> str:
    """The hint for the exercise that fixes the 2017 network's loss, optimizer and activation.

    Names the first knob still at a weak setting, in the order the tutorial fixes them: a
    regression or binary loss (:func:`loss_choice`), then sigmoid units, then the optimizer
    (``optimizer``, the one that trained the model, is named with its learning rate).

    Used by: ``02_dnn_pokemon`` (lab and solution, exercise 2).
    """
    if _loss_name(loss) not in ("categorical_crossentropy", "CategoricalCrossentropy") or (
            not getattr(loss, "from_logits", False)):
        return "the loss first: " + loss_choice(loss)
    if activation == "sigmoid":
        return ("sigmoid units saturate and pass back at most a quarter of the gradient, "
                "layer after layer: which activation has slope 1 for positive inputs?")
    name = "the optimizer"
    if optimizer is not None:
        name = type(optimizer).__name__
        rate = getattr(optimizer, "learning_rate", None)
        if rate is not None:
            name += f" at learning rate {float(rate):g}"
    return (f"loss and activation look right: {name} is still crawling after 15 epochs; "
            f"compare momentum and the adaptive optimizers of tutorial 3.7.")


def curve_prediction(
    predicted_first: object, predicted_span: object, turns: dict[str, int],
    spans: dict[str, tuple[int, int]], big: str,
) -> str:
    """The hint for a prediction of two runs' valid-loss curves, once they are plotted.

    ``turns``: run label -> epoch (1-based) of its lowest valid loss; ``spans``: span label
    -> (first, last) epoch; ``big``: the run whose span was predicted. Says where to look
    on the plot for the part that was wrong, without reading the epochs off for the learner.

    Used by: ``02_dnn_pokemon`` (lab and solution, exercise 3).
    """
    first = min(turns, key=turns.get)
    if predicted_first != first:
        return ("look at the plot: whose valid loss turns up first? Which network has more "
                "weights to memorise 1,074 rows with?")
    if predicted_span not in spans:
        return f"pick one of the spans {', '.join(map(repr, spans))}, not {predicted_span!r}."
    return (f"the {big} run's lowest valid loss lies outside your span {predicted_span!r}: "
            f"read off the plot the epoch where its dashed loss curve turns up.")
