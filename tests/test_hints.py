"""helpers.hints: each failure mode a lab check can see gets the hint meant for it.

The curves below are shortened copies of runs measured on the 03 lab's validation set
(biases-only floor 0.879 stars) and on 04's (history model, floor 0.8788).
"""

from __future__ import annotations

import re

import keras
import numpy as np
import pytest

from helpers import hints

FLOOR, MAX_EPOCHS = 0.879, 60


def _slide(start: float, end: float, epochs: int) -> list[float]:
    return list(np.linspace(start, end, epochs))


RATING_RUNS = {
    # name: (train RMSE per epoch, valid RMSE per epoch, words the hint must contain)
    "SGD at 0.001 with MAE (the starter)": (
        _slide(1.058, 1.057, 60), _slide(1.0497, 1.049, 60), "barely moved"),
    "SGD at 0.01": (_slide(1.058, 1.040, 60), _slide(1.0494, 1.0313, 60), "far too slow"),
    "learning rate 0.1": (
        [0.971, 0.885, 0.853, 0.84, 0.833, 0.8361], [0.916, 0.900, 0.886, 0.8814, 0.888, 0.8877],
        "too large"),
    "no penalty, no dropout": (
        [1.028, 0.895, 0.694, 0.40, 0.21], [0.988, 0.927, 0.9071, 0.948, 0.9654],
        "Regularize more"),
    "L2 penalty 1e-2": (_slide(1.03, 0.8308, 60), _slide(0.993, 0.8795, 30) + [0.8791] * 30,
                        "no better than the biases"),
    "L2 penalty 1e-4, the rest solved (an attendee walk of the lab)": (
        [1.0286, 0.9472, 0.8584, 0.7759, 0.708, 0.6616, 0.6322, 0.6145, 0.6016, 0.5903, 0.583,
         0.5778, 0.5724, 0.5692, 0.5659, 0.5648, 0.5629, 0.5589, 0.5599, 0.557, 0.5569,
         0.5547, 0.5536, 0.5531, 0.5528, 0.5522, 0.5525, 0.5511, 0.5525, 0.5509, 0.5502,
         0.5489, 0.5489],
        [0.9996, 0.9466, 0.9059, 0.8909, 0.8891, 0.8888, 0.889, 0.8901, 0.8898, 0.8895,
         0.8874, 0.8878, 0.8859, 0.8848, 0.8844, 0.8839, 0.883, 0.8834, 0.8821, 0.8818,
         0.8816, 0.8804, 0.8809, 0.8802, 0.8816, 0.88, 0.8794, 0.8792, 0.88, 0.8795, 0.8796,
         0.8803, 0.8799],
        "Regularize more"),
    "2-dimensional vectors": (
        _slide(1.03, 0.802, 22), _slide(0.993, 0.8758, 17) + [0.8759] * 5, "long enough"),
}


@pytest.mark.parametrize("name", RATING_RUNS)
def test_rating_curves_name_the_failure_mode(name):
    train, valid, words = RATING_RUNS[name]
    assert words in hints.rating_curves(train, valid, MAX_EPOCHS, FLOOR)


HISTORY_FLOOR = 0.8788  # 04's biases-only model on its validation set
HISTORY_RUNS = {
    # 04's history model on fit / valid: (train RMSE, valid RMSE, words the hint must contain)
    "the lab's starter (sum of 5 movies, 2 dims, no L2, Adam at 1e-4)": (
        _slide(1.0288, 1.0201, 20), _slide(0.9757, 0.9708, 20), "barely moved"),
    "no L2 penalty": ([0.9717, 0.8345, 0.7188, 0.6592], [0.8911, 0.8845, 0.8979, 0.902],
                      "Regularize more"),
    "sum pooling": ([0.9803, 0.8357, 0.7317, 0.6935, 0.6696],
                    [0.9041, 0.9135, 0.8989, 0.9011, 0.9081], "Regularize more"),
    "L2 penalty 1e-2": (
        _slide(0.9824, 0.8539, 17) + [0.8531, 0.8524, 0.8518],
        [0.9152, 0.9018, 0.8936, 0.8885, 0.8853, 0.8832, 0.8816, 0.8804, 0.8795, 0.8787,
         0.8781, 0.8776, 0.8772, 0.8769, 0.8766, 0.8763, 0.8761, 0.876, 0.8758, 0.8757],
        "penalty"),
    # the two below: the solution's settings but one (an attendee walk of the lab)
    "sum pooling, the rest solved": (
        [0.9898, 0.8699, 0.7899], [0.9035, 0.9105, 0.9135], "Regularize more"),
    "5-movie histories, the rest solved": (
        [1.0093, 0.9528, 0.8904, 0.8513, 0.8251, 0.8093, 0.7996, 0.7932, 0.7881, 0.7831,
         0.7803, 0.777, 0.7752, 0.772, 0.7715, 0.77, 0.7685, 0.7678, 0.7668, 0.7664],
        [0.9582, 0.9227, 0.9035, 0.8974, 0.8949, 0.894, 0.8945, 0.8937, 0.8935, 0.8927,
         0.8914, 0.8902, 0.8896, 0.8895, 0.89, 0.8894, 0.8893, 0.8881, 0.8888, 0.8884],
        "enough of each user"),
    "2-dimensional vectors": (
        [0.9812, 0.9286, 0.8917, 0.8745, 0.8659, 0.8591, 0.8543, 0.8492, 0.8469, 0.8438],
        [0.9106, 0.8854, 0.8774, 0.8739, 0.8732, 0.8722, 0.8718, 0.8714, 0.8716, 0.8717],
        "long enough"),
}


@pytest.mark.parametrize("name", HISTORY_RUNS)
def test_rating_curves_name_the_history_models_failure_mode(name):
    train, valid, words = HISTORY_RUNS[name]
    assert words in hints.rating_curves(train, valid, 20, HISTORY_FLOOR)


@pytest.mark.parametrize("loss", ["mae", keras.losses.MeanAbsoluteError()])
def test_rating_curves_name_a_loss_other_than_the_squared_error_first(loss):
    # lab 03 with LOSS = "mae" and the rest solved (an attendee walk): it was told it underfits
    train, valid, _ = RATING_RUNS["2-dimensional vectors"]
    assert "judge RMSE" in hints.rating_curves(train, valid, MAX_EPOCHS, FLOOR, loss=loss)
    assert "judge RMSE" not in hints.rating_curves(train, valid, MAX_EPOCHS, FLOOR,
                                                   loss=keras.losses.MeanSquaredError())


def test_still_improving_at_the_last_epoch():
    hint = hints.rating_curves(_slide(1.0, 0.8, 60), _slide(0.99, 0.90, 60), MAX_EPOCHS, FLOOR)
    assert "still falling" in hint


@pytest.mark.parametrize("loss, words", [
    ("mse", "gradient fades"),
    (keras.losses.MeanSquaredError(), "gradient fades"),
    (keras.losses.BinaryCrossentropy(), "on its own"),
    (keras.losses.CategoricalCrossentropy(), "logits"),
    ("categorical_crossentropy", "logits"),
    (keras.losses.CategoricalCrossentropy(from_logits=True), "looks right"),
])
def test_loss_choice(loss, words):
    assert words in hints.loss_choice(loss)


@pytest.mark.parametrize("loss", ["sparse_categorical_crossentropy",
                                  keras.losses.SparseCategoricalCrossentropy(from_logits=True)])
def test_a_sparse_loss_is_refused_in_one_sentence(loss):
    with pytest.raises(ValueError, match="reads class ids .* one-hot rows .* the same loss"):
        hints.require_one_hot_loss(loss)
    hints.require_one_hot_loss("mse")  # anything else passes


@pytest.mark.parametrize("overfits, cross_entropy, accuracy, words", [
    (False, 1.2, 0.70, "does not overfit yet"),
    (True, 2.126, 0.708, "no regularizer yet"),
    (True, 1.806, 0.692, "too weak"),       # L2 1e-3 with Adam, as measured
    (True, 1.0, 0.60, "underfits"),
    (True, 1.85, 0.684, "too weak"),  # 0.024 below: inside the check's allowance of 0.03
])
def test_regularization_hints(overfits, cross_entropy, accuracy, words):
    assert words in hints.regularization(2.126, overfits, cross_entropy, 0.708, accuracy)


@pytest.mark.parametrize("width, words", [(160, "nothing was appended"),
                                          (551, "were dropped"), (700, "expected the 160")])
def test_extra_inputs(width, words):
    assert words in hints.extra_inputs(width, 160, 551)


# The 02 lab, exercise 1: the split for "what will appear here next?"
@pytest.mark.parametrize("choice, reason, verdict, words", [
    ("by day", "b", True, ""),                         # the answer
    (None, None, None, ""),                            # the starter: not attempted
    ("random", "a", False, "spawn point"),             # the plausible mistake
    ("by day", "c", False, "does not say why"),
    ("by time", "b", False, "not 'by time'"),
])
def test_split_verdict(choice, reason, verdict, words):
    found, hint = hints.split_verdict(choice, reason)
    assert found is verdict
    assert words in hint
    if choice == "random":
        assert hint.count(". ") == 0 and "by day" not in hint  # one sentence, no answer


# The 02 lab, exercise 4: early stopping written as a callback, replayed on scripted epochs.
class StopWhenStuck(keras.callbacks.Callback):
    """The solution's callback."""

    def __init__(self, patience):
        super().__init__()
        self.patience = patience

    def on_train_begin(self, logs=None):
        self.best_loss, self.best_weights, self.waited = np.inf, None, 0

    def on_epoch_end(self, epoch, logs=None):
        if logs["val_loss"] < self.best_loss:
            self.best_loss, self.waited = logs["val_loss"], 0
            self.best_weights = self.model.get_weights()
        else:
            self.waited += 1
            if self.waited >= self.patience:
                self.model.stop_training = True

    def on_train_end(self, logs=None):
        if self.best_weights is not None:
            self.model.set_weights(self.best_weights)


class Starter(keras.callbacks.Callback):
    """The lab's starter: the skeleton, no on_epoch_end."""

    def __init__(self, patience):
        super().__init__()
        self.patience = patience


class PatienceZero(StopWhenStuck):
    def __init__(self, patience):
        super().__init__(0)


class OneTooMany(StopWhenStuck):
    def __init__(self, patience):
        super().__init__(patience + 1)


class KeepsLast(StopWhenStuck):
    def on_train_end(self, logs=None):
        pass


class NeverStops(StopWhenStuck):
    def on_epoch_end(self, epoch, logs=None):
        super().on_epoch_end(epoch, logs)
        self.model.stop_training = False


class NoReset(StopWhenStuck):
    """Counts every epoch without a new best since training began."""

    def on_epoch_end(self, epoch, logs=None):
        if logs["val_loss"] < self.best_loss:
            self.best_loss, self.best_weights = logs["val_loss"], self.model.get_weights()
        else:
            self.waited += 1
            self.model.stop_training = self.waited >= self.patience


class Typo(StopWhenStuck):
    def on_epoch_end(self, epoch, logs=None):
        logs["val_los"]


class ReadsTheTrainingLoss(StopWhenStuck):
    def on_epoch_end(self, epoch, logs=None):
        super().on_epoch_end(epoch, {**logs, "val_loss": logs["loss"]})


class KeepsReferences(StopWhenStuck):
    """Saves the model's variables, not their values: they go on changing."""

    def on_epoch_end(self, epoch, logs=None):
        super().on_epoch_end(epoch, logs)
        if self.best_weights is not None:
            self.best_weights = list(self.model.weights)

    def on_train_end(self, logs=None):
        self.model.set_weights([weight.numpy() for weight in self.best_weights])


class StopsAtAnEpoch(StopWhenStuck):
    def on_epoch_end(self, epoch, logs=None):
        super().on_epoch_end(epoch, logs)
        self.model.stop_training = self.model.stop_training or epoch >= 20


@pytest.mark.parametrize("callback, verdict, words", [
    (StopWhenStuck, True, ""),
    (Starter, None, ""),
    (PatienceZero, False, "too soon"),
    (OneTooMany, False, "too late"),
    (KeepsLast, False, "the last epoch's weights"),
    (NeverStops, False, "never stopped"),
    (NoReset, False, "too soon"),
    (Typo, False, "raised KeyError"),
    (StopsAtAnEpoch, False, "fell at every epoch"),
    (ReadsTheTrainingLoss, False, "logs['val_loss']"),
    (KeepsReferences, False, "get_weights()"),
    (StopWhenStuck(3), False, "the class itself"),
    ("StopWhenStuck", False, "the class itself"),
    (lambda patience: keras.callbacks.EarlyStopping(patience=patience), False,
     "the last epoch's weights"),
], ids=lambda value: getattr(value, "__name__", None))
def test_early_stopping_callback_names_the_failure_mode(callback, verdict, words):
    found, hint = hints.early_stopping_callback(callback)
    assert found is verdict, hint
    assert words in hint


def test_early_stopping_callback_refuses_keras_own():
    class Wrapped(keras.callbacks.EarlyStopping):
        pass

    found, hint = hints.early_stopping_callback(Wrapped)
    assert found is False and "yourself" in hint


def test_replay_early_stopping_keeps_the_best_epoch_with_keras_early_stopping():
    losses = [1.0, 0.9, 0.8, 0.85, 0.7, 0.75, 0.8, 0.9]
    stop = keras.callbacks.EarlyStopping(patience=2, restore_best_weights=True)
    assert hints.replay_early_stopping(stop, losses) == (7, 5)
    assert hints.replay_early_stopping(keras.callbacks.Callback(), losses) == (8, 8)


# The 02 lab, exercise 2: the first knob still holding the network back. Each row is a
# run measured on 3 seeds (its training cross-entropy: tests/test_results_02_dnn_pokemon.py).
CROSS_ENTROPY = keras.losses.CategoricalCrossentropy(from_logits=True)


@pytest.mark.parametrize("loss, activation, optimizer, words", [
    ("mse", "sigmoid", keras.optimizers.SGD(0.01), "the loss first"),    # the starter
    ("mse", "relu", keras.optimizers.Adam(), "regression loss"),
    (keras.losses.CategoricalCrossentropy(), "relu", keras.optimizers.Adam(), "raw scores"),
    ("categorical_crossentropy", "relu", keras.optimizers.Adam(), "raw scores"),
    (CROSS_ENTROPY, "sigmoid", keras.optimizers.Adam(), "slope 1"),
    (CROSS_ENTROPY, "relu", keras.optimizers.SGD(0.01), "SGD at learning rate 0.01 is still"),
    (CROSS_ENTROPY, "relu", keras.optimizers.Adam(1e-4), "Adam at learning rate 0.0001"),
    (CROSS_ENTROPY, "relu", None, "the optimizer is still crawling"),
])
def test_fix_2017_network(loss, activation, optimizer, words):
    hint = hints.fix_2017_network(loss, activation, optimizer)
    assert words in hint
    assert "relu" not in hint.lower() and "Adam at learning rate 0.001 " not in hint


# The 02 lab, exercise 3: predictions of two valid-loss curves, as measured (seed 2017).
SPANS = {"1-3": (1, 3), "4-12": (4, 12), "13-25": (13, 25), "26-40": (26, 40)}


@pytest.mark.parametrize("first, span, words", [
    ("128-64", "4-12", "more weights"),
    ("256-256", "13-25", "outside your span"),
    ("256-256", "soon", "pick one of"),
])
def test_curve_prediction(first, span, words):
    turns = {"128-64": 17, "256-256": 7}
    hint = hints.curve_prediction(first, span, turns, SPANS, big="256-256")
    assert words in hint
    assert not re.search(r"\b(7|17)\b", hint)  # the learner reads the epochs off the plot


@pytest.mark.parametrize("before, after, words", [
    (1.0563, 0.9467, "model of section 2"),    # the untouched lab: the refit is not to blame
    (0.8960, 0.8734, "model of section 2"),    # loss "mae", the rest solved
    (0.8751, 0.8726, "RECENT_HALF_LIFE"),      # half-life 1.0 (the starter), the rest solved
    (0.8751, 0.8682, "RECENT_HALF_LIFE"),      # half-life 0.3
])
def test_user_bias_refit_hint_blames_the_half_life_only_when_the_gain_is_small(
        before, after, words):
    # lab 03's section 3, as measured by an attendee walk (solution: 0.8751 -> 0.8646)
    assert words in hints.user_bias_refit(before, after)
