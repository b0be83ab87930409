"""Seeding and versions: the one setup call at the top of every notebook.

Used by: every notebook (``setup``); ``00_environment_check`` (``version_report``).
"""

from __future__ import annotations

import platform
from importlib import metadata
from pathlib import Path

import pandas as pd

from helpers.data import DATA_DIR, SEED

REQUIREMENTS = DATA_DIR.parent / "requirements.txt"


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


def setup(seed: int = SEED) -> None:
    """Seed everything and print the versions line (the notebooks' setup call)."""
    seed_everything(seed)
    print(versions_line(), f"· seed {seed}")


def pinned_versions(requirements: Path = REQUIREMENTS) -> dict[str, str]:
    """``{package: version}`` for every ``name==version`` line of ``requirements.txt``."""
    pins = {}
    for line in requirements.read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if "==" in line:
            name, version = (part.strip() for part in line.split("==", 1))
            pins[name] = version
    return pins


def version_report(requirements: Path = REQUIREMENTS) -> pd.DataFrame:
    """One row per pinned package: ``package``, ``pinned``, ``installed`` (missing if not installed), ``ok``.

    Used by: ``00_environment_check``.
    """
    rows = []
    for name, pinned in pinned_versions(requirements).items():
        try:
            installed = metadata.version(name)
        except metadata.PackageNotFoundError:
            installed = None
        rows.append({"package": name, "pinned": pinned, "installed": installed,
                     "ok": installed == pinned})
    return pd.DataFrame(rows)
