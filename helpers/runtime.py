"""Seeding and version reporting: the one setup call at the top of every notebook."""

from __future__ import annotations

import platform

from helpers.data import SEED


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
