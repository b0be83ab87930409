"""helpers.plots: every figure draws, with labelled axes, and bad input is explained."""

from __future__ import annotations

import numpy as np
import pytest
from matplotlib.figure import Figure

from helpers import metrics, plots

HISTORY = {"loss": [1.0, 0.6, 0.4], "val_loss": [1.1, 0.8, 0.7],
           "accuracy": [0.3, 0.6, 0.7], "val_accuracy": [0.3, 0.5, 0.6]}


class FakeHistory:
    history = HISTORY


def test_training_curves_compares_runs():
    fig = plots.training_curves({"sgd": FakeHistory(), "adam": HISTORY}, metric="accuracy",
                                title="SGD vs Adam")
    loss_ax, accuracy_ax = fig.axes
    assert len(loss_ax.lines) == 4 and accuracy_ax.get_ylabel() == "accuracy"
    assert fig.get_suptitle() == "SGD vs Adam"
    assert [line.get_label() for line in accuracy_ax.lines][:2] == ["sgd (train)", "sgd (valid)"]


def test_training_curves_accepts_one_history_and_log_scale():
    fig = plots.training_curves(FakeHistory(), log_loss=True)
    assert len(fig.axes) == 1 and fig.axes[0].get_yscale() == "log"


def test_training_curves_explains_wrong_input():
    with pytest.raises(TypeError, match="expected a keras History"):
        plots.training_curves({"run": [0.1, 0.2]})


def test_confusion_matrix_counts():
    fig = plots.confusion_matrix([0, 1, 1, 2], [0, 1, 2, 2], ["a", "b", "c"])
    texts = [text.get_text() for text in fig.axes[0].texts]
    assert texts == ["1", "0", "0", "0", "1", "1", "0", "0", "1"]
    assert fig.axes[0].get_xlabel() == "predicted class"


def test_roc_rating_and_embedding_figures():
    rng = np.random.default_rng(0)
    ratings = rng.integers(1, 11, 200) / 2
    scores = ratings + rng.normal(size=200)
    figures = [
        plots.roc_curve(ratings >= 4, {"model": scores}),
        plots.predicted_vs_true(ratings, scores),
        plots.embedding_map(rng.normal(size=(30, 2)), ["x", "y", "z"] * 10, {0: "Heat"}),
    ]
    assert all(isinstance(fig, Figure) and fig.axes[0].get_xlabel() for fig in figures)
    auc_label = figures[0].axes[0].get_legend().get_texts()[0].get_text()
    assert auc_label == f"model (AUC {metrics.auc(ratings, scores):.3f})"
    assert figures[2].axes[0].texts[0].get_text() == "Heat"


def test_figures_are_closed_so_jupyter_shows_them_once():
    import matplotlib.pyplot as plt

    fig = plots.predicted_vs_true([1.0, 2.0, 4.0], [1.5, 2.0, 3.0])
    assert fig.number not in plt.get_fignums()
