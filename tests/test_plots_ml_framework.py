"""helpers.plots for notebook 01: loss surfaces with descent paths, losses against the logit,
decision boundaries, hidden units' weights."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pytest

from helpers import plots

W_VALUES = np.linspace(-1.0, 3.0, 21)
B_VALUES = np.linspace(-2.0, 2.0, 11)
LOSSES = 0.1 + (W_VALUES[None, :] - 1.0) ** 2 + (B_VALUES[:, None] + 0.5) ** 2


def test_loss_surface_draws_paths_best_and_curves():
    path = np.array([[0.0, 0.0], [0.5, -0.2], [0.9, -0.4]])
    diverging = np.array([[0.0, 0.0], [5.0, 4.0], [-20.0, -9.0]])
    fig = plots.loss_surface(W_VALUES, B_VALUES, LOSSES,
                             paths={"right": path, "too large": diverging}, best=(1.0, -0.5),
                             loss_curves={"right": [2.0, 1.0, 0.5], "too large": [2, 9, 90]},
                             title="Learning rates")
    surface_ax, curve_ax, colorbar_ax = fig.axes
    labels = [line.get_label() for line in surface_ax.lines]
    assert labels == ["right", "too large", "lowest loss"]
    assert len(surface_ax.lines[1].get_xdata()) == 2, "drawn up to its first point off the map"
    assert surface_ax.get_xlim() == (-1.0, 3.0)
    assert surface_ax.get_xlabel() == "w (slope)" and curve_ax.get_yscale() == "log"
    assert colorbar_ax.get_ylabel() == "loss (log scale)"
    assert fig._suptitle.get_text() == "Learning rates"
    assert fig.number not in plt.get_fignums()


def test_loss_surface_can_draw_w_and_b_to_the_same_scale():
    assert plots.loss_surface(W_VALUES, B_VALUES, LOSSES).axes[0].get_aspect() == "auto"
    fig = plots.loss_surface(W_VALUES, B_VALUES, LOSSES, equal_aspect=True)
    assert fig.axes[0].get_aspect() == 1.0


def test_loss_surface_alone_has_one_panel():
    fig = plots.loss_surface(W_VALUES, B_VALUES, LOSSES)
    assert [ax.get_ylabel() for ax in fig.axes] == ["b (intercept)", "loss (log scale)"]


@pytest.mark.parametrize("losses", [LOSSES.T, -LOSSES])
def test_loss_surface_explains_bad_losses(losses):
    with pytest.raises(ValueError, match="expected positive losses of shape"):
        plots.loss_surface(W_VALUES, B_VALUES, losses)


def test_decision_boundaries_one_panel_per_classifier():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(40, 2))
    y = (X[:, 0] > 0).astype(int)
    classifiers = {"a line": lambda points: 1 / (1 + np.exp(-4 * points[:, 0])),
                   "a column": lambda points: (points[:, :1] > 0.5).astype(float)}
    fig = plots.decision_boundaries(X, y, classifiers, title="Two classifiers")
    panels = [ax for ax in fig.axes if ax.get_title()]
    assert [ax.get_title() for ax in panels] == ["a line", "a column"]
    assert len(panels[0].collections) >= 3, "the map, the 0.5 line and the points"
    legend = [text.get_text() for text in panels[-1].get_legend().get_texts()]
    assert legend == ["class 0", "class 1"]
    assert fig._suptitle.get_text() == "Two classifiers"


def test_decision_boundaries_explains_wrong_shapes():
    with pytest.raises(ValueError, match=r"expected X of shape \(n, 2\)"):
        plots.decision_boundaries(np.zeros((5, 3)), np.zeros(5), {"x": lambda p: p[:, 0]})
    with pytest.raises(ValueError, match="and y of shape"):
        plots.decision_boundaries(np.zeros((5, 2)), np.zeros(4), {"x": lambda p: p[:, 0]})


def test_curves_against_logit_values_left_derivatives_right():
    z = np.linspace(-6, 6, 13)
    p = 1 / (1 + np.exp(-z))
    fig = plots.curves_against_logit(z, {"σ(z)": p, "−log p": -np.log(p)},
                                     {"σ(z)": p * (1 - p), "−log p": p - 1},
                                     title="Against the logit")
    values_ax, slopes_ax = fig.axes
    assert [line.get_label() for line in values_ax.get_lines()][:2] == ["σ(z)", "−log p"]
    assert [line.get_label() for line in slopes_ax.get_lines()][:2] == ["d/dz σ(z)",
                                                                         "d/dz −log p"]
    np.testing.assert_allclose(slopes_ax.get_lines()[1].get_ydata(), p - 1)
    assert values_ax.get_xlabel() == "logit z"
    assert slopes_ax.get_ylabel() == "derivative with respect to z"
    assert fig._suptitle.get_text() == "Against the logit"


def test_curves_against_logit_explains_mismatched_curves():
    z = np.linspace(-1, 1, 5)
    with pytest.raises(ValueError, match="same names, each of shape"):
        plots.curves_against_logit(z, {"a": z}, {"b": z})
    with pytest.raises(ValueError, match="same names, each of shape"):
        plots.curves_against_logit(z, {"a": z}, {"a": z[:3]})


def test_hidden_unit_weights_one_column_per_unit_inputs_and_bias_as_rows():
    runs = {"from zeros": (np.zeros((2, 3)), np.zeros(3)),
            "from random": (np.array([[1.0, -2.0, 0.5], [0.0, 1.0, 2.0]]), np.ones(3))}
    fig = plots.hidden_unit_weights(runs, title="Hidden units")
    panels = [ax for ax in fig.axes if ax.get_title()]
    assert [ax.get_title() for ax in panels] == ["from zeros", "from random"]
    assert [label.get_text() for label in panels[0].get_yticklabels()] == [
        "from x₁", "from x₂", "bias"]
    assert panels[0].get_xlabel() == "hidden unit" and len(panels[0].get_xticks()) == 3
    assert [text.get_text() for text in panels[1].texts][:3] == ["1.0", "-2.0", "0.5"]
    assert fig._suptitle.get_text() == "Hidden units"
    assert fig.number not in plt.get_fignums()


def test_hidden_unit_weights_explains_wrong_shapes():
    with pytest.raises(ValueError, match=r"run: expected W of shape \(2, units\)"):
        plots.hidden_unit_weights({"run": (np.zeros((3, 4)), np.zeros(4))})
