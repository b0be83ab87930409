"""The workshop's figures: one call, labelled axes, a title that says what is compared.

Every function draws one figure and returns its :class:`matplotlib.figure.Figure`, closed
so that pyplot does not show it a second time: end a notebook cell with the call (Jupyter
shows the figure once), or keep it to save it.

Used by: ``02_dnn_pokemon`` (training curves, confusion matrix) and the recommender
notebooks ``03``-``05`` (training curves, ROC curve, predicted vs true per user, embedding
map); ``01_ml_framework`` (loss surface with descent paths, losses against the logit,
decision boundaries, hidden units' weights).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.colors import LogNorm
from matplotlib.figure import Figure
from sklearn.metrics import confusion_matrix as sk_confusion_matrix
from sklearn.metrics import roc_auc_score
from sklearn.metrics import roc_curve as sk_roc_curve


def _history_dict(history: object) -> dict[str, list[float]]:
    """The ``{metric: [per-epoch values]}`` of a Keras ``History`` (or of such a dict)."""
    values = getattr(history, "history", history)
    if not isinstance(values, Mapping):
        raise TypeError(
            f"expected a keras History (what model.fit returns) or its .history dict, "
            f"got {type(history).__name__}"
        )
    return dict(values)


def training_curves(
    histories: Mapping[str, object] | object,
    metric: str | None = None,
    title: str = "Training curves",
    log_loss: bool = False,
) -> Figure:
    """Loss (and optionally a metric) per epoch, train solid vs validation dashed.

    Args:
        histories: one Keras ``History``, or ``{run label: History}`` to compare runs on one
            figure (one colour per run).
        metric: a second panel for this metric (e.g. ``"accuracy"``), if given.
        title: the figure's title: say what the runs compare.
        log_loss: draw the loss on a log scale (for runs whose losses differ by decades).
    """
    if not isinstance(histories, Mapping) or hasattr(histories, "history"):
        histories = {"model": histories}
    panels = ["loss"] + ([metric] if metric else [])
    fig, axes = plt.subplots(1, len(panels), figsize=(6 * len(panels), 4), squeeze=False)
    for color, (label, history) in zip(_colors(len(histories)), histories.items(), strict=True):
        values = _history_dict(history)
        for ax, name in zip(axes[0], panels, strict=True):
            epochs = np.arange(1, len(values[name]) + 1)
            ax.plot(epochs, values[name], color=color, label=f"{label} (train)")
            if f"val_{name}" in values:
                ax.plot(epochs, values[f"val_{name}"], color=color, linestyle="--",
                        label=f"{label} (valid)")
    for ax, name in zip(axes[0], panels, strict=True):
        ax.set_xlabel("epoch")
        ax.set_ylabel(name)
        ax.grid(alpha=0.3)
        if name == "loss" and log_loss:
            ax.set_yscale("log")
    axes[0][-1].legend(fontsize="small", loc="best")
    fig.suptitle(title)
    return _finished(fig)


def confusion_matrix(
    y_true: np.ndarray, y_pred: np.ndarray, class_names: Sequence[str], title: str = ""
) -> Figure:
    """Counts of true class (rows) vs predicted class (columns), shapes ``(n,)``."""
    counts = sk_confusion_matrix(y_true, y_pred, labels=np.arange(len(class_names)))
    fig, ax = plt.subplots(figsize=(5.5, 4.5))
    image = ax.imshow(counts, cmap="Blues")
    for (row, col), count in np.ndenumerate(counts):
        ax.text(col, row, str(count), ha="center", va="center",
                color="white" if count > counts.max() / 2 else "black")
    ax.set_xticks(range(len(class_names)), class_names, rotation=30, ha="right")
    ax.set_yticks(range(len(class_names)), class_names)
    ax.set_xlabel("predicted class")
    ax.set_ylabel("true class")
    ax.set_title(title or "Confusion matrix")
    fig.colorbar(image, ax=ax, label="rows")
    return _finished(fig)


def roc_curve(
    liked: np.ndarray, scores: Mapping[str, np.ndarray], title: str = "ROC curve"
) -> Figure:
    """ROC curves of several scorers of the same rows.

    Args:
        liked: bool or 0/1 array, shape ``(n,)``: the positive class (rating >= 4).
        scores: ``{model label: scores of shape (n,)}``.
    """
    liked = np.asarray(liked).astype(bool)
    fig, ax = plt.subplots(figsize=(5, 5))
    for label, score in scores.items():
        false_pos, true_pos, _ = sk_roc_curve(liked, score)
        area = roc_auc_score(liked, score)
        ax.plot(false_pos, true_pos, label=f"{label} (AUC {area:.3f})")
    ax.plot([0, 1], [0, 1], color="grey", linestyle=":", label="chance (AUC 0.5)")
    ax.set_xlabel("false positive rate")
    ax.set_ylabel("true positive rate")
    ax.set_title(title)
    ax.legend(fontsize="small", loc="lower right")
    return _finished(fig)


def predicted_vs_true(
    y_true: np.ndarray, y_pred: np.ndarray, title: str = ""
) -> Figure:
    """Box plot of predicted ratings for each true rating (half stars); the diagonal is perfect."""
    y_true = np.asarray(y_true, dtype=float)
    y_pred = np.asarray(y_pred, dtype=float)
    levels = np.unique(y_true)
    fig, ax = plt.subplots(figsize=(7, 4))
    ax.boxplot([y_pred[y_true == level] for level in levels], positions=levels, widths=0.3,
               showfliers=False)
    ax.plot([0.5, 5], [0.5, 5], color="grey", linestyle=":", label="perfect prediction")
    ax.set_xlabel("true rating (stars)")
    ax.set_ylabel("predicted rating (stars)")
    ax.set_xticks(levels, [f"{level:g}" for level in levels])
    ax.set_title(title or "Predicted vs true rating")
    ax.legend(loc="upper left")
    return _finished(fig)


def embedding_map(
    points: np.ndarray,
    groups: Sequence[str],
    labels: Mapping[int, str] | None = None,
    title: str = "Movie embeddings (2-D projection)",
) -> Figure:
    """Scatter of 2-D points coloured by group, with a few rows labelled.

    Args:
        points: shape ``(n, 2)``, e.g. a PCA of movie embeddings.
        groups: the group of each point (e.g. its first genre), length ``n``.
        labels: ``{row: text}`` to write next to chosen points (famous titles).
    """
    points = np.asarray(points)
    groups = np.asarray(groups)
    fig, ax = plt.subplots(figsize=(8, 6))
    names = sorted(set(groups))
    for color, name in zip(_colors(len(names)), names, strict=True):
        mask = groups == name
        ax.scatter(points[mask, 0], points[mask, 1], s=10, alpha=0.6, color=color, label=name)
    for row, text in (labels or {}).items():
        ax.annotate(text, points[row], fontsize=8, xytext=(3, 3), textcoords="offset points")
    ax.set_xlabel("component 1")
    ax.set_ylabel("component 2")
    ax.set_title(title)
    ax.legend(fontsize="small", markerscale=2, loc="best", ncol=2)
    return _finished(fig)


def _finished(fig: Figure) -> Figure:
    """Lay the figure out and close it: Jupyter then shows it once, as the cell's result."""
    fig.tight_layout()
    plt.close(fig)
    return fig


def _colors(count: int) -> list:
    palette = plt.get_cmap("tab10" if count <= 10 else "tab20")
    return [palette(index % palette.N) for index in range(count)]


def loss_surface(
    w_values: np.ndarray,
    b_values: np.ndarray,
    losses: np.ndarray,
    paths: Mapping[str, np.ndarray] | None = None,
    best: tuple[float, float] | None = None,
    loss_curves: Mapping[str, np.ndarray] | None = None,
    title: str = "Loss over (w, b)",
    equal_aspect: bool = False,
) -> Figure:
    """Contour map of a loss over two parameters, with gradient-descent paths on it.

    Args:
        w_values: shape ``(nw,)``, the grid of the slope ``w`` (x axis).
        b_values: shape ``(nb,)``, the grid of the intercept ``b`` (y axis).
        losses: shape ``(nb, nw)``, the loss at each ``(b, w)`` of the grid (positive).
        paths: ``{run label: (w, b) after each step, shape (steps + 1, 2)}``, drawn as lines
            from their first point; a path that leaves the grid is drawn up to its first
            point outside (a diverging run shoots off the map).
        best: the ``(w, b)`` of the lowest loss, marked with a star.
        loss_curves: ``{run label: loss per step}``: a second panel, log scale, one colour
            per run as on the map.
        title: the figure's title: say what the runs compare.
        equal_aspect: one unit of ``w`` as long as one of ``b`` on the map, so that a bowl
            stretched along one parameter looks stretched.

    Used by: ``01_ml_framework`` (the loss surface, learning rates, inputs on different
    scales, mini-batches).
    """
    losses = np.asarray(losses, dtype=float)
    if losses.shape != (len(b_values), len(w_values)) or not np.all(losses > 0):
        raise ValueError(f"expected positive losses of shape (len(b_values), len(w_values)) "
                         f"= {(len(b_values), len(w_values))}, got shape {losses.shape}")
    paths = dict(paths or {})
    panels = 2 if loss_curves else 1
    fig, axes = plt.subplots(1, panels, figsize=(6.5 * panels, 4.6), squeeze=False)
    ax = axes[0][0]
    levels = np.geomspace(losses.min(), losses.max(), 16)
    filled = ax.contourf(w_values, b_values, losses, levels=levels, cmap="Blues_r",
                         norm=LogNorm(levels[0], levels[-1]))
    fig.colorbar(filled, ax=ax, label="loss (log scale)", format="%.2g")
    ax.contour(w_values, b_values, losses, levels=levels, colors="white", linewidths=0.4)
    # skip tab10's blue, which would vanish on the blue map
    colors = _colors(max(len(paths), len(loss_curves or {})) + 1)[1:]
    for color, (label, path) in zip(colors, paths.items(), strict=False):
        path = _until_it_leaves(np.asarray(path, dtype=float), w_values, b_values)
        ax.plot(path[:, 0], path[:, 1], "o-", color=color, markersize=2.5, linewidth=1.2,
                label=label)
    if best is not None:
        ax.plot(*best, marker="*", color="gold", markersize=16, markeredgecolor="black",
                linestyle="none", label="lowest loss")
    ax.set(xlim=(w_values[0], w_values[-1]), ylim=(b_values[0], b_values[-1]),
           xlabel="w (slope)", ylabel="b (intercept)")
    if equal_aspect:
        ax.set_aspect("equal")
    if paths or best is not None:
        ax.legend(fontsize="small", loc="best")
    if loss_curves:
        curve_ax = axes[0][1]
        for color, (label, curve) in zip(colors, loss_curves.items(), strict=False):
            curve_ax.plot(np.arange(len(curve)), curve, color=color, label=label)
        curve_ax.set(yscale="log", xlabel="step", ylabel="loss (log scale)")
        curve_ax.grid(alpha=0.3)
        curve_ax.legend(fontsize="small", loc="best")
    fig.suptitle(title)
    return _finished(fig)


def _until_it_leaves(
    path: np.ndarray, w_values: np.ndarray, b_values: np.ndarray
) -> np.ndarray:
    """The points of ``path`` (shape ``(steps, 2)``) up to its first one off the grid."""
    inside = ((path[:, 0] >= min(w_values)) & (path[:, 0] <= max(w_values))
              & (path[:, 1] >= min(b_values)) & (path[:, 1] <= max(b_values)))
    outside = np.flatnonzero(~inside)
    return path if len(outside) == 0 else path[: outside[0] + 1]


def decision_boundaries(
    X: np.ndarray,
    y: np.ndarray,
    classifiers: Mapping[str, Callable[[np.ndarray], np.ndarray]],
    title: str = "Decision boundaries",
    resolution: int = 150,
) -> Figure:
    """One panel per classifier: its P(class 1) over the plane, the 0.5 line, the points.

    Args:
        X: shape ``(n, 2)``, the points to draw (their extent sets the plotted area).
        y: shape ``(n,)``, their classes, 0 or 1.
        classifiers: ``{panel title: function}``; each function maps points of shape
            ``(m, 2)`` to P(class 1), shape ``(m,)`` or ``(m, 1)``, values in [0, 1].
        title: the figure's title.
        resolution: grid points per axis.

    Used by: ``01_ml_framework`` (a line, hand-made features, a hidden layer on XOR data).
    """
    X = np.asarray(X, dtype="float32")
    y = np.asarray(y).reshape(-1)
    if X.ndim != 2 or X.shape[1] != 2 or len(y) != len(X):
        raise ValueError(f"expected X of shape (n, 2) and y of shape (n,), "
                         f"got {X.shape} and {y.shape}")
    low, high = X.min(axis=0) - 0.3, X.max(axis=0) + 0.3
    grid_w, grid_h = np.meshgrid(np.linspace(low[0], high[0], resolution),
                                 np.linspace(low[1], high[1], resolution))
    points = np.column_stack([grid_w.ravel(), grid_h.ravel()]).astype("float32")
    fig, axes = plt.subplots(1, len(classifiers), figsize=(4.4 * len(classifiers), 4.2),
                             squeeze=False)
    for ax, (label, classify) in zip(axes[0], classifiers.items(), strict=True):
        chance = np.asarray(classify(points), dtype=float).reshape(grid_w.shape)
        ax.contourf(grid_w, grid_h, chance, levels=np.linspace(0, 1, 11), cmap="RdBu_r",
                    alpha=0.6)
        ax.contour(grid_w, grid_h, chance, levels=[0.5], colors="black", linewidths=1.5)
        for value, color in ((0, "tab:blue"), (1, "tab:red")):
            ax.scatter(*X[y == value].T, s=9, color=color, edgecolor="white",
                       linewidth=0.3, label=f"class {value}")
        ax.set(title=label, xlabel="x₁", ylabel="x₂", aspect="equal")
    axes[0][-1].legend(fontsize="small", loc="lower right")
    fig.suptitle(title)
    return _finished(fig)


def _matching_curves(
    points: np.ndarray,
    values: Mapping[str, np.ndarray],
    derivatives: Mapping[str, np.ndarray],
    at_least_one: bool = False,
) -> np.ndarray:
    """``points`` as floats, once ``values`` and ``derivatives`` are checked to name the same
    curves, in the same order, each of ``points``' shape (and, with ``at_least_one``, any)."""
    points = np.asarray(points, dtype=float)
    if list(values) != list(derivatives) or (at_least_one and not values) or any(
            np.shape(curve) != points.shape for curve in [*values.values(),
                                                          *derivatives.values()]):
        raise ValueError(f"expected values and derivatives with the same names, each of "
                         f"shape {points.shape}, got {list(values)} and {list(derivatives)}")
    return points


def curves_against_logit(
    logits: np.ndarray,
    values: Mapping[str, np.ndarray],
    derivatives: Mapping[str, np.ndarray],
    title: str = "Against the logit",
) -> Figure:
    """Functions of a logit z (left) and their derivatives with respect to z (right).

    Args:
        logits: shape ``(n,)``, the values of z, increasing.
        values: ``{name: shape (n,)}``, e.g. σ(z), −log σ(z), (1 − σ(z))².
        derivatives: ``{name: shape (n,)}``, the derivative of each, same names and order.
        title: the figure's title.

    Used by: ``01_ml_framework`` (why cross-entropy rather than squared error).
    """
    logits = _matching_curves(logits, values, derivatives)
    fig, axes = plt.subplots(1, 2, figsize=(11, 4.2))
    for color, name in zip(_colors(len(values)), values, strict=True):
        axes[0].plot(logits, values[name], color=color, label=name)
        axes[1].plot(logits, derivatives[name], color=color, label=f"d/dz {name}")
    axes[0].set(xlabel="logit z", ylabel="value")
    axes[1].set(xlabel="logit z", ylabel="derivative with respect to z")
    for ax in axes:
        ax.axhline(0, color="grey", linewidth=0.6)
        ax.grid(alpha=0.3)
        ax.legend(fontsize="small", loc="best")
    fig.suptitle(title)
    return _finished(fig)


def hidden_unit_weights(
    runs: Mapping[str, tuple[np.ndarray, np.ndarray]],
    input_names: Sequence[str] = ("x₁", "x₂"),
    title: str = "Weights of the hidden units",
) -> Figure:
    """One panel per run: each hidden unit's weights (a column) from each input, and its bias.

    Args:
        runs: ``{panel title: (W, b)}`` with ``W`` of shape ``(num_inputs, units)`` and ``b``
            of shape ``(units,)``: a hidden layer's weights after training.
        input_names: the name of each input, one per row of ``W``.
        title: the figure's title.

    Used by: ``01_ml_framework`` (a hidden layer trained from all-zero weights vs Glorot).
    """
    tables = {}
    for label, (W, b) in runs.items():
        W, b = np.asarray(W, dtype=float), np.asarray(b, dtype=float)
        if W.ndim != 2 or W.shape != (len(input_names), len(b)):
            raise ValueError(f"{label}: expected W of shape ({len(input_names)}, units) and b "
                             f"of shape (units,), got {W.shape} and {b.shape}")
        tables[label] = np.vstack([W, b])
    limit = max(max(np.abs(table).max() for table in tables.values()), 1e-6)
    fig, axes = plt.subplots(1, len(tables), figsize=(5.6 * len(tables), 3.0), squeeze=False,
                             layout="constrained")
    for ax, (label, table) in zip(axes[0], tables.items(), strict=True):
        image = ax.imshow(table, cmap="RdBu_r", vmin=-limit, vmax=limit)
        for (row, col), value in np.ndenumerate(table):
            ax.text(col, row, f"{value:.1f}", ha="center", va="center", fontsize=9,
                    color="white" if abs(value) > 0.6 * limit else "black")
        ax.set_xticks(range(table.shape[1]), [str(unit + 1) for unit in range(table.shape[1])])
        ax.set_yticks(range(table.shape[0]),
                      [f"from {name}" for name in input_names] + ["bias"])
        ax.set(title=label, xlabel="hidden unit")
    fig.colorbar(image, ax=list(axes[0]), label="weight", shrink=0.8)
    fig.suptitle(title)
    plt.close(fig)  # laid out by matplotlib's constrained layout, not _finished
    return fig


def function_panels(
    inputs: np.ndarray,
    values: Mapping[str, np.ndarray],
    derivatives: Mapping[str, np.ndarray],
    title: str = "Functions and their derivatives",
) -> Figure:
    """Small multiples: one panel per function, the function solid, its derivative dashed.

    Args:
        inputs: shape ``(n,)``, the values of the input z, increasing.
        values: ``{name: shape (n,)}``, e.g. each activation function at ``inputs``.
        derivatives: ``{name: shape (n,)}``, the derivative of each, same names and order.
        title: the figure's title.

    Used by: ``02_dnn_pokemon`` (activation functions and their slopes, section 3.6).
    """
    inputs = _matching_curves(inputs, values, derivatives, at_least_one=True)
    fig, axes = plt.subplots(1, len(values), figsize=(2.5 * len(values), 2.4),
                             sharey=True, squeeze=False)
    for ax, name in zip(axes[0], values, strict=True):
        ax.plot(inputs, values[name], color="tab:blue", label="function")
        ax.plot(inputs, derivatives[name], color="tab:orange", linestyle="--",
                label="derivative")
        ax.axhline(0, color="grey", linewidth=0.6)
        ax.grid(alpha=0.3)
        ax.set(title=name, xlabel="input z")
    axes[0][0].legend(fontsize="small", loc="upper left")
    fig.suptitle(title)
    return _finished(fig)


def descent_paths(
    x_values: np.ndarray,
    y_values: np.ndarray,
    losses: np.ndarray,
    paths: Mapping[str, np.ndarray],
    title: str = "Descent paths",
) -> Figure:
    """Small multiples: one contour map of a loss per optimizer, with that optimizer's path.

    Args:
        x_values: shape ``(nx,)``, the grid of the first parameter (x axis).
        y_values: shape ``(ny,)``, the grid of the second parameter (y axis).
        losses: shape ``(ny, nx)``, the loss at each ``(y, x)`` of the grid (positive).
        paths: ``{panel title: the (x, y) after each step, shape (steps + 1, 2)}``; a path
            is drawn up to its first point off the map.
        title: the figure's title: say what the panels compare.

    Used by: ``02_dnn_pokemon`` (SGD, momentum and Adam on a stretched bowl, section 3.7).
    """
    losses = np.asarray(losses, dtype=float)
    if losses.shape != (len(y_values), len(x_values)) or not np.all(losses > 0):
        raise ValueError(f"expected positive losses of shape (len(y_values), len(x_values)) "
                         f"= {(len(y_values), len(x_values))}, got shape {losses.shape}")
    if not paths:
        raise ValueError("expected at least one path")
    fig, axes = plt.subplots(1, len(paths), figsize=(4.2 * len(paths), 3.0), squeeze=False,
                             sharey=True)
    levels = np.geomspace(losses.min(), losses.max(), 14)
    for ax, (label, path) in zip(axes[0], paths.items(), strict=True):
        ax.contourf(x_values, y_values, losses, levels=levels, cmap="Blues_r",
                    norm=LogNorm(levels[0], levels[-1]))
        path = _until_it_leaves(np.asarray(path, dtype=float), x_values, y_values)
        ax.plot(path[:, 0], path[:, 1], "o-", color="tab:red", markersize=2.5,
                linewidth=1.2)
        ax.plot(0, 0, marker="*", color="gold", markersize=12, markeredgecolor="black")
        ax.set(title=label, xlim=(x_values[0], x_values[-1]),
               ylim=(y_values[0], y_values[-1]), xlabel="x")
    axes[0][0].set_ylabel("y")
    fig.suptitle(title)
    return _finished(fig)


def weight_histograms(
    weights: Mapping[str, np.ndarray],
    title: str = "Weights",
    bins: int = 60,
) -> Figure:
    """Small multiples: one histogram of weights per run, on a shared axis, counts log scale.

    Args:
        weights: ``{panel title: array of any shape}``, e.g. each model's first-layer kernel
            of shape ``(num_inputs, units)``; flattened.
        title: the figure's title.
        bins: bins across the common range of all runs.

    Used by: ``02_dnn_pokemon`` (first-layer weights with no penalty, L1 and L2, 3.10).
    """
    flat = {label: np.asarray(values, dtype=float).ravel()
            for label, values in weights.items()}
    if not flat or any(values.size == 0 for values in flat.values()):
        raise ValueError(f"expected at least one non-empty array, got {list(flat)}")
    limit = max(float(np.abs(values).max()) for values in flat.values()) or 1.0
    edges = np.linspace(-limit, limit, bins + 1)
    fig, axes = plt.subplots(1, len(flat), figsize=(4.2 * len(flat), 3.0), squeeze=False,
                             sharex=True, sharey=True)
    for ax, (label, values) in zip(axes[0], flat.items(), strict=True):
        ax.hist(values, bins=edges, color="tab:blue")
        ax.set(title=label, yscale="log", xlabel="weight")
        ax.grid(alpha=0.3)
    axes[0][0].set_ylabel("count (log scale)")
    fig.suptitle(title)
    return _finished(fig)


def capacity_curve(
    sizes: Sequence[str],
    figures: Mapping[str, tuple[Sequence[float], Sequence[float]]],
    title: str = "Fit against size",
    ylabel: str = "accuracy",
) -> Figure:
    """One line per figure (e.g. train and valid accuracy) across model sizes, mean ± sd bars.

    Args:
        sizes: the model sizes in increasing order, as axis labels (e.g. ``"128-64"``).
        figures: ``{line label: (means, sds)}``, each of length ``len(sizes)``; an sd of 0
            (or nan, for one seed) draws no bar.
        title: the figure's title: say what is compared.
        ylabel: what the figures measure.

    Used by: ``02_dnn_pokemon`` (train vs valid accuracy of four network sizes, 3.8).
    """
    if not figures or any(len(means) != len(sizes) or len(sds) != len(sizes)
                          for means, sds in figures.values()):
        raise ValueError(f"expected (means, sds) of length {len(sizes)} for each line, "
                         f"got {[tuple(map(len, pair)) for pair in figures.values()]}")
    fig, ax = plt.subplots(figsize=(6.0, 3.0))
    positions = np.arange(len(sizes))
    for color, (label, (means, sds)) in zip(_colors(len(figures)), figures.items(),
                                            strict=True):
        ax.errorbar(positions, means, yerr=np.nan_to_num(np.asarray(sds, dtype=float)),
                    color=color, marker="o", capsize=4, label=label)
    ax.set_xticks(positions, list(sizes))
    ax.set(xlabel="hidden layers (units)", ylabel=ylabel, title=title)
    ax.grid(alpha=0.3)
    ax.legend(fontsize="small", loc="best")
    return _finished(fig)
