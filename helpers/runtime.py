"""The one setup call at the top of every notebook: its role, seeding, versions, a faster fit.

``setup(role=...)`` says what the notebook is: ``"tutorial"``, ``"lab"`` or ``"solution"``.
The role, never the folder a notebook happens to sit in, decides whether a missed check stops
the run (only in a solution) and where results are written. A solution's setup cell says
``role="solution"``; the lab builder writes ``role="lab"`` into the lab it generates, so a
solution copied to any folder still stops on a missed target and its lab never does.

Used by: every notebook (``setup``); ``00_environment_check`` (``version_report``).
"""

from __future__ import annotations

import functools
import logging
import platform
import time
from collections.abc import Callable
from importlib import metadata
from pathlib import Path

import matplotlib
import pandas as pd
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from helpers.data import SEED
from helpers.paths import NOTEBOOK_FOLDERS, REPO_DIR

REQUIREMENTS = REPO_DIR / "requirements.txt"
"""The lock: every package of the environment, pinned for every supported platform."""
NOT_LOCKED = {"pip", "setuptools", "dnn-recsys-workshop-helpers"}
"""Installed but rightly absent from the lock: the installer, and the workshop's own helpers."""
FIGURE_STYLE = {"font.size": 12, "figure.dpi": 100}
"""Figures legible from the back of a room: 12 pt text at 100 dpi is 16.7 px, shown unscaled
on a 1280 x 720 slide (``helpers.slides``) and in JupyterLab."""
_session = {"role": None}  # set by setup(): the running notebook's role


def seed_everything(seed: int = SEED) -> None:
    """Seed Python, NumPy and TensorFlow, so a re-run gives the same figures.

    On a CPU the figures then repeat to within float round-off; on a GPU some kernels
    are not deterministic and the last digits may move.
    """
    import keras

    keras.utils.set_random_seed(seed)


def versions_line() -> str:
    """One line with the versions that matter: ``Python 3.11.7 · TensorFlow 2.21.0 · ...``."""
    import keras
    import numpy
    import pandas
    import sklearn
    import tensorflow

    parts = {
        "Python": platform.python_version(),
        "TensorFlow": tensorflow.__version__,
        "Keras": keras.__version__,
        "NumPy": numpy.__version__,
        "pandas": pandas.__version__,
        "scikit-learn": sklearn.__version__,
    }
    return " · ".join(f"{name} {version}" for name, version in parts.items())


def setup(role: str, seed: int = SEED) -> None:
    """Record the notebook's role, set the figure style, trace training once (see
    ``trace_training_once``), seed everything, print versions.

    Args:
        role: ``"tutorial"``, ``"lab"`` or ``"solution"`` (see the module docstring).
        seed: the seed of every random draw that follows.
    """
    if role not in NOTEBOOK_FOLDERS:
        raise ValueError(f"role must be one of {sorted(NOTEBOOK_FOLDERS)}, not {role!r}")
    _session["role"] = role
    matplotlib.rcParams.update(FIGURE_STYLE)
    quiet_retracing_notes()
    trace_training_once()
    seed_everything(seed)
    print(versions_line(), f"· seed {seed} · {role}")


def _not_a_retracing_note(record: logging.LogRecord) -> bool:
    return "triggered tf.function retracing" not in record.getMessage()


def quiet_retracing_notes() -> None:
    """Drop TensorFlow's "... triggered tf.function retracing" warnings, and only those.

    Each new model's first ``predict`` traces a function; after a few, TensorFlow warns
    about retracing, a performance note that means nothing to the notebooks (they build
    many small models on purpose). Every other TensorFlow warning still shows.
    """
    logger = logging.getLogger("tensorflow")
    if _not_a_retracing_note not in logger.filters:
        logger.addFilter(_not_a_retracing_note)


def _build_optimizer_first(make_train_function: Callable) -> Callable:
    """``make_train_function`` that builds the model's optimizer before the step is made."""

    @functools.wraps(make_train_function)
    def build_then_make(model, force: bool = False):
        optimizer = getattr(model, "optimizer", None)
        if optimizer is not None and not optimizer.built and model.built:
            optimizer.build(model.trainable_variables)
        return make_train_function(model, force)

    return build_then_make


def trace_training_once() -> None:
    """Make each new model's first ``fit`` trace its training step once, not twice.

    Keras 3 on TensorFlow creates the optimizer's variables (Adam's moments) inside the
    first traced training step, and TensorFlow traces a function that creates variables a
    second time: about half a second per new model on a laptop CPU, and the notebooks
    build hundreds. Building the optimizer just before the step is made, from the same
    trainable variables, gives the same variables with the same zeros: the same training,
    one trace. Not part of any lesson; idempotent.
    """
    from keras.src.backend.tensorflow.trainer import TensorFlowTrainer

    if not hasattr(TensorFlowTrainer.make_train_function, "__wrapped__"):
        TensorFlowTrainer.make_train_function = _build_optimizer_first(
            TensorFlowTrainer.make_train_function)


def best_seconds(call: Callable[[], object], repeats: int = 5) -> float:
    """The fastest of ``repeats`` calls of ``call()``, in seconds (wall clock).

    The minimum, not the mean: the other processes of a laptop only ever add time.
    Used by: ``04_mf_history`` (serving the two towers against ``model.predict``) and
    :func:`helpers.retrieval.ivf_measurement` (each faiss search).
    """
    if repeats < 1:
        raise ValueError(f"repeats must be at least 1, not {repeats}")
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return min(times)


def current_role() -> str | None:
    """The role given to :func:`setup` in this process, or None before any setup call."""
    return _session["role"]


def pinned_versions(requirements: Path = REQUIREMENTS) -> dict[str, str]:
    """``{package: version}`` for every ``name==version`` line of ``requirements.txt``.

    A line with an environment marker (``; sys_platform == "linux"``) counts only where its
    marker holds, so each platform sees the packages it installs. Names are canonical
    (``PyYAML`` -> ``pyyaml``).
    """
    pins = {}
    for line in requirements.read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if "==" not in line:
            continue
        requirement = Requirement(line)
        if requirement.marker is None or requirement.marker.evaluate():
            pins[canonicalize_name(requirement.name)] = str(
                requirement.specifier).removeprefix("==")
    return pins


def installed_versions() -> dict[str, str]:
    """``{package: version}`` of every distribution installed here, names canonical."""
    return {canonicalize_name(dist.metadata["Name"]): dist.version
            for dist in metadata.distributions()}


def version_report(requirements: Path = REQUIREMENTS) -> pd.DataFrame:
    """Every package of the lock, and every installed one it lacks, against each other.

    Returns one row per package: ``package``, ``pinned`` (None: installed, not in the lock),
    ``installed`` (None if absent), ``ok``.

    Used by: ``00_environment_check``.
    """
    pinned, installed = pinned_versions(requirements), installed_versions()
    names = list(pinned) + sorted(set(installed) - set(pinned) - NOT_LOCKED)
    return pd.DataFrame([{"package": name, "pinned": pinned.get(name),
                          "installed": installed.get(name),
                          "ok": name in pinned and installed.get(name) == pinned[name]}
                         for name in names],
                        columns=["package", "pinned", "installed", "ok"])
