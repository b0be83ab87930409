"""Fixtures shared by the unit tests."""

from __future__ import annotations

import json
import math
import shutil
import time
from pathlib import Path

import matplotlib.pyplot as plt
import pytest

from helpers.paths import DATA_DIR, REPO_DIR, RESULTS_DIR

SESSION_START = time.time()


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A writable copy of the project's data folder, to damage in a test."""
    copy = tmp_path / "data"
    shutil.copytree(DATA_DIR, copy)
    return copy


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


@pytest.fixture
def results_file(request):
    """``locate(folder, stem, suffix)`` -> the path of a file a notebook wrote to ``results/``.

    When the notebook ran earlier in this pytest session, its results must exist and be
    fresh (a failure otherwise); when it did not run, a missing file skips the test.
    """
    executed = {Path(item.path) for item in request.session.items if item.path.suffix == ".ipynb"}

    def locate(folder: str, stem: str, suffix: str = ".json") -> Path:
        path = RESULTS_DIR / folder / f"{stem}{suffix}"
        ran_now = REPO_DIR / folder / f"{stem}.ipynb" in executed
        if ran_now and (not path.exists() or path.stat().st_mtime < SESSION_START):
            pytest.fail(f"{folder}/{stem}.ipynb ran in this session but did not write {path}")
        if not path.exists():
            pytest.skip(f"{path} not found: execute {folder}/{stem}.ipynb first")
        return path

    return locate


@pytest.fixture
def recorded_figures(results_file):
    """``read(folder, stem, keys)`` -> the figures a notebook recorded, checked for keys and finiteness."""

    def read(folder: str, stem: str, keys: set[str]) -> dict[str, float]:
        figures = json.loads(results_file(folder, stem).read_text())
        assert set(figures) == keys, f"{folder}/{stem}.json keys: {sorted(figures)}"
        assert all(math.isfinite(value) for value in figures.values()), figures
        return figures

    return read
