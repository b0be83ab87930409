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

    The file must be evidence of the code as it is now. When the notebook ran earlier in this
    pytest session, its results must exist and be newer than the session's start. Otherwise
    an existing file must be newer than the notebook and every helper module (a failure
    names the notebook to re-run), and a missing one skips the test.
    """
    executed = {Path(item.path) for item in request.session.items if item.path.suffix == ".ipynb"}
    newest_code = max(path.stat().st_mtime for path in (REPO_DIR / "helpers").glob("*.py"))

    def locate(folder: str, stem: str, suffix: str = ".json") -> Path:
        path = RESULTS_DIR / folder / f"{stem}{suffix}"
        notebook = REPO_DIR / folder / f"{stem}.ipynb"
        if notebook in executed:
            if not path.exists() or path.stat().st_mtime < SESSION_START:
                pytest.fail(f"{folder}/{stem}.ipynb ran in this session but did not write {path}")
            return path
        if not path.exists():
            pytest.skip(f"{path} not found: execute {folder}/{stem}.ipynb first")
        if path.stat().st_mtime < max(newest_code, notebook.stat().st_mtime):
            pytest.fail(f"{path} is older than {folder}/{stem}.ipynb or helpers/: re-run it")
        return path

    return locate


@pytest.fixture
def recorded_figures(results_file):
    """``read(folder, stem, keys)`` -> a notebook's figures, keys and finiteness checked."""

    def read(folder: str, stem: str, keys: set[str]) -> dict[str, float]:
        figures = json.loads(results_file(folder, stem).read_text())
        assert set(figures) == keys, f"{folder}/{stem}.json keys: {sorted(figures)}"
        assert all(math.isfinite(value) for value in figures.values()), figures
        return figures

    return read
