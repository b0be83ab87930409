"""Helpers of the clinics II track: tables of figures in results/."""

from __future__ import annotations

import json

import numpy as np
import pytest

from helpers import results, runtime


@pytest.fixture
def in_notebooks(tmp_path, monkeypatch):
    monkeypatch.setenv("WORKSHOP_RESULTS_DIR", str(tmp_path / "results"))
    monkeypatch.setitem(runtime._session, "role", "tutorial")
    return tmp_path / "results" / "notebooks"


def test_record_rows_keeps_the_figures_recorded_before(in_notebooks):
    results.record("clinic_x", {"loss": 0.5})
    rows = [{"users": 10, "peak_mb": 1.5}, {"users": np.int64(20), "peak_mb": np.float32(3)}]
    assert results.record_rows("clinic_x", "sizes", rows) is None
    path = in_notebooks / "clinic_x.json"
    stored = json.loads(path.read_text())
    assert stored == {"loss": 0.5, "sizes": [{"users": 10.0, "peak_mb": 1.5},
                                             {"users": 20.0, "peak_mb": 3.0}]}
    results.record_rows("clinic_x", "sizes", rows[:1])  # a second call replaces the table
    assert json.loads(path.read_text())["sizes"] == [{"users": 10.0, "peak_mb": 1.5}]


@pytest.mark.parametrize("rows", [{"users": 10}, [{"users": "ten"}], [3.0], [{"a": True}]])
def test_record_rows_refuses_what_is_not_a_list_of_numeric_rows(in_notebooks, rows):
    with pytest.raises(TypeError, match="rows"):
        results.record_rows("clinic_x", "sizes", rows)
