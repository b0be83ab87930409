"""Helpers of the clinics II track: peak memory of a step, tables of figures in results/."""

from __future__ import annotations

import json
import sys

import numpy as np
import pytest

from helpers import results, runtime, training

linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc/self")


@linux_only
def test_peak_memory_mb_sees_a_buffer_the_step_allocates_and_frees():
    def allocate_200_mb():
        buffer = np.ones(50_000_000, dtype=np.float32)  # 200 MB, touched, then freed
        return float(buffer[-1])

    measured = training.peak_memory_mb(allocate_200_mb)
    assert 190 <= measured <= 230, measured


@linux_only
def test_peak_memory_mb_counts_only_what_the_step_adds():
    kept = np.ones(25_000_000, dtype=np.float32)  # 100 MB that exists before the step
    measured = training.peak_memory_mb(lambda: float(kept.sum()))
    assert measured < 20, measured


@linux_only
def test_peak_memory_mb_warms_up_then_measures_one_call():
    calls = []
    training.peak_memory_mb(lambda: calls.append(len(calls)))
    assert calls == [0, 1]


@linux_only
def test_peak_memory_mb_refuses_what_it_cannot_call():
    with pytest.raises(TypeError, match="expected a function"):
        training.peak_memory_mb(42)


@pytest.fixture
def in_notebooks(tmp_path, monkeypatch):
    monkeypatch.setenv("WORKSHOP_RESULTS_DIR", str(tmp_path / "results"))
    monkeypatch.setitem(runtime._session, "role", "tutorial")
    return tmp_path / "results" / "notebooks"


def test_record_rows_keeps_the_figures_recorded_before(in_notebooks):
    results.record("clinic_x", {"loss": 0.5})
    rows = [{"users": 10, "peak_mb": 1.5}, {"users": np.int64(20), "peak_mb": np.float32(3)}]
    path = results.record_rows("clinic_x", "sizes", rows)
    assert path == in_notebooks / "clinic_x.json"
    stored = json.loads(path.read_text())
    assert stored == {"loss": 0.5, "sizes": [{"users": 10.0, "peak_mb": 1.5},
                                             {"users": 20.0, "peak_mb": 3.0}]}
    results.record_rows("clinic_x", "sizes", rows[:1])  # a second call replaces the table
    assert json.loads(path.read_text())["sizes"] == [{"users": 10.0, "peak_mb": 1.5}]


@pytest.mark.parametrize("rows", [{"users": 10}, [{"users": "ten"}], [3.0], [{"a": True}]])
def test_record_rows_refuses_what_is_not_a_list_of_numeric_rows(in_notebooks, rows):
    with pytest.raises(TypeError, match="rows"):
        results.record_rows("clinic_x", "sizes", rows)
