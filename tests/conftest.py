"""Fixtures shared by the unit tests."""

from __future__ import annotations

import json
import math
import shutil
import time
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from helpers import slides_check
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


def _finite(value: float | list[dict[str, float]]) -> bool:
    """A figure, or a table recorded by ``results.record_rows``: every number finite."""
    if isinstance(value, list):
        return all(math.isfinite(cell) for row in value for cell in row.values())
    return math.isfinite(value)


@pytest.fixture
def recorded_figures(results_file):
    """``read(folder, stem, keys)`` -> a notebook's figures, keys and finiteness checked."""

    def read(folder: str, stem: str, keys: set[str]) -> dict[str, float]:
        figures = json.loads(results_file(folder, stem).read_text())
        assert set(figures) == keys, f"{folder}/{stem}.json keys: {sorted(figures)}"
        assert all(_finite(value) for value in figures.values()), figures
        return figures

    return read


TEST_USERS = 669  # users with a test part (chronological split): one top-10 list each


@pytest.fixture
def recorded_top10(results_file):
    """``read(folder, stem, figures)`` -> a solution's catalogue lists, checked against its
    JSON: one list of 10 distinct movies per test user, ranks 1-10, and recall@10 of liked
    movies recomputed here from the lists and the test ratings of its predictions file."""

    def read(folder: str, stem: str, figures: dict[str, float]) -> pd.DataFrame:
        top10 = pd.read_csv(results_file(folder, stem, ".top10.csv"))
        assert list(top10.columns) == ["userId", "movieId", "rank"]
        assert top10["userId"].nunique() == TEST_USERS and len(top10) == 10 * TEST_USERS
        ranks = top10.sort_values(["userId", "rank"]).groupby("userId")["rank"].agg(list)
        assert all(ranked == list(range(1, 11)) for ranked in ranks)
        assert not top10.duplicated(["userId", "movieId"]).any()
        test = pd.read_csv(results_file(folder, stem, ".predictions.csv"))
        liked = test[test["rating"] >= 4].groupby("userId")["movieId"].agg(set)
        lists = top10.groupby("userId")["movieId"].agg(set)
        recall = [len(lists[user] & movies) / min(10, len(movies))
                  for user, movies in liked.items()]
        assert np.mean(recall) == pytest.approx(figures["catalogue_recall10_liked"], abs=1e-9)
        return top10

    return read


@pytest.fixture(scope="session")
def browser():
    """Headless Chromium for the whole session, or a skip that says how to install it.

    One per worker process: Playwright's sync API cannot start a second instance while
    one runs, so every browser test (slide decks, the JupyterLab widget) shares this one.
    """
    executable = slides_check.find_chromium()
    if not executable:
        pytest.skip("Chromium not found: `sudo apt install chromium` (or set CHROMIUM) "
                    "to test in a browser")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        chromium = slides_check.launch_browser(playwright, executable)
        yield chromium
        chromium.close()
