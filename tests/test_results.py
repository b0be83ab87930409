"""helpers.results: where the figures and predictions land, and what is refused."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from helpers import results, runtime


@pytest.fixture
def in_solutions(tmp_path, monkeypatch):
    monkeypatch.setenv("WORKSHOP_RESULTS_DIR", str(tmp_path / "results"))
    monkeypatch.setitem(runtime._session, "role", "solution")
    return tmp_path / "results" / "solutions"


def test_results_folder_follows_the_role(tmp_path, monkeypatch):
    monkeypatch.setenv("WORKSHOP_RESULTS_DIR", str(tmp_path / "results"))
    assert results.results_folder("lab") == tmp_path / "results" / "labs"
    assert results.results_folder("tutorial") == tmp_path / "results" / "notebooks"
    monkeypatch.setitem(runtime._session, "role", None)
    assert results.results_folder() == tmp_path / "results" / "scratch"
    monkeypatch.delenv("WORKSHOP_RESULTS_DIR")
    assert results.results_folder("lab") == results.RESULTS_DIR / "labs"


def test_record_writes_plain_json(in_solutions, capsys):
    # None: a notebook cell that ends with a record shows no path below it
    assert results.record("01_demo", {"test_accuracy": np.float32(0.8), "epochs": 12}) is None
    path = in_solutions / "01_demo.json"
    assert json.loads(path.read_text()) == {"epochs": 12.0, "test_accuracy": pytest.approx(0.8)}
    assert "Recorded results/solutions/01_demo.json" in capsys.readouterr().out


def test_record_predictions_and_a_variant(in_solutions):
    test = pd.DataFrame({"userId": [1, 2], "movieId": [10, 20], "rating": [4.0, 2.5],
                         "user_index": [0, 1]})
    results.record("02_demo", {"rmse": 0.9}, test=test, predictions=np.array([3.9, 2.7]))
    results.record("02_demo", {"rmse": 0.91}, test=test, predictions=[4.1, 2.0], variant="seed2017")
    assert json.loads((in_solutions / "02_demo.json").read_text()) == {
        "rmse": 0.9, "seed2017_rmse": 0.91}
    written = pd.read_csv(in_solutions / "02_demo.predictions.csv")
    assert list(written.columns) == ["userId", "movieId", "rating", "prediction"]
    assert written["prediction"].tolist() == [3.9, 2.7]
    assert (in_solutions / "02_demo.seed2017.predictions.csv").exists()


def test_record_writes_other_methods_predictions_after_the_main_one(in_solutions):
    test = pd.DataFrame({"userId": [1, 2], "movieId": [10, 20], "rating": [4.0, 2.5],
                         "prediction_mf": [3.5, 3.0], "user_index": [0, 1]})
    results.record("04_demo", {"rmse": 0.9}, test=test, predictions=[3.9, 2.7], variant="k10")
    written = pd.read_csv(in_solutions / "04_demo.k10.predictions.csv")
    assert list(written.columns) == ["userId", "movieId", "rating", "prediction",
                                     "prediction_mf"]
    assert written["prediction_mf"].tolist() == [3.5, 3.0]


def test_record_refuses_non_numbers_and_mismatched_predictions(in_solutions):
    with pytest.raises(TypeError, match="accuracy"):
        results.record("x", {"accuracy": "0.8"})
    test = pd.DataFrame({"userId": [1], "movieId": [1], "rating": [4.0]})
    with pytest.raises(ValueError, match="expected 1 predictions"):
        results.record("x", {"rmse": 1.0}, test=test, predictions=[1.0, 2.0])
    with pytest.raises(TypeError, match="pass both"):
        results.record("x", {"rmse": 1.0}, predictions=[1.0])


def test_record_top10_writes_the_lists_and_refuses_other_columns(in_solutions):
    top = pd.DataFrame({"userId": [1, 1], "movieId": [10, 20], "rank": [1, 2]})
    assert results.record_top10("03_mf_basic", top) is None
    path = in_solutions / "03_mf_basic.top10.csv"
    pd.testing.assert_frame_equal(pd.read_csv(path), top)
    with pytest.raises(TypeError, match="userId"):
        results.record_top10("03_mf_basic", top.rename(columns={"rank": "position"}))
