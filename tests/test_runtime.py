"""helpers.runtime: seeding repeats random draws; the versions line names the libraries."""

import logging
import subprocess
import sys
import time

import matplotlib
import numpy as np
import pandas as pd
import pytest
import tensorflow as tf

from helpers import runtime, supported
from helpers.paths import REPO_DIR


def test_seed_everything_repeats_numpy_and_tensorflow_draws():
    runtime.seed_everything(5)
    first = np.random.rand(3), tf.random.uniform((3,)).numpy()
    runtime.seed_everything(5)
    second = np.random.rand(3), tf.random.uniform((3,)).numpy()
    assert np.array_equal(first[0], second[0]) and np.array_equal(first[1], second[1])


def test_setup_records_the_role_and_prints_versions(capsys, monkeypatch):
    monkeypatch.setitem(runtime._session, "role", None)
    line = runtime.versions_line()
    assert line.startswith("Python 3.") and f"TensorFlow {tf.__version__}" in line
    with matplotlib.rc_context():
        runtime.setup("lab", 3)
        assert matplotlib.rcParams["font.size"] == runtime.FIGURE_STYLE["font.size"]
    assert capsys.readouterr().out.strip().endswith("· seed 3 · lab")
    assert runtime.current_role() == "lab"


def test_setup_refuses_an_unknown_role(monkeypatch):
    monkeypatch.setitem(runtime._session, "role", None)
    with pytest.raises(ValueError, match="role must be one of"):
        runtime.setup("solutions")
    assert runtime.current_role() is None


def test_pinned_versions_reads_exact_pins(tmp_path):
    requirements = tmp_path / "requirements.txt"
    requirements.write_text("# comment\nnumpy==2.4.6  # pinned\n-e .\npytest>=8\n"
                            "PyYAML==6.0.3\n    # via jupyter-events\n"
                            'tensorflow-cpu==2.21.0; sys_platform == "no-such-os"\n'
                            "tensorflow==2.21.0 ; sys_platform != 'no-such-os'\n")
    assert runtime.pinned_versions(requirements) == {
        "numpy": "2.4.6", "pyyaml": "6.0.3", "tensorflow": "2.21.0"}


def test_version_report_flags_mismatch_absence_and_what_the_lock_lacks(tmp_path):
    requirements = tmp_path / "requirements.txt"
    requirements.write_text(f"numpy=={np.__version__}\nnumpy-not-a-package==1.0\npandas==0.0.1\n")
    report = runtime.version_report(requirements).set_index("package")
    assert report["ok"].tolist()[:3] == [True, False, False]
    assert pd.isna(report.loc["numpy-not-a-package", "installed"])
    unlocked = report.iloc[3:]  # installed here, not in that lock
    assert "tensorflow" in unlocked.index or "tensorflow-cpu" in unlocked.index
    assert unlocked["pinned"].isna().all() and not unlocked["ok"].any()
    assert not set(unlocked.index) & runtime.NOT_LOCKED


def test_the_lock_pins_every_installed_distribution_at_its_version():
    """The suite's environment is exactly the lock: nothing floats, nothing is missing."""
    report = runtime.version_report()
    assert len(report) > 100, len(report)  # the whole tree, not only the direct requirements
    assert report["ok"].all(), report[~report["ok"]].to_string()


def test_the_lock_carries_every_platform_behind_its_markers():
    lines = runtime.REQUIREMENTS.read_text().splitlines()

    def marker_of(package):
        [line] = [line for line in lines if line.startswith(f"{package}==")]
        return line.split(";", 1)[1].strip()

    assert marker_of("pywinpty") in ("os_name == 'nt'", "sys_platform == 'win32'")
    assert marker_of("appnope") == "sys_platform == 'darwin'"
    assert "sys_platform == 'linux'" in marker_of("tensorflow-cpu")
    assert "sys_platform != 'linux'" in marker_of("tensorflow")


@pytest.mark.parametrize("python, system, machine, says", [
    ((3, 11), "Linux", "x86_64", None),
    ((3, 13), "Windows", "AMD64", None),
    ((3, 12), "Darwin", "arm64", None),
    ((3, 14), "Linux", "x86_64", "Python 3.14 is outside the supported 3.11-3.13"),
    ((3, 10), "Windows", "AMD64", "Python 3.10 is outside"),
    ((3, 12), "Darwin", "x86_64", "no build for Intel Macs"),
])
def test_platform_problem_names_what_cannot_run_the_lock(python, system, machine, says):
    problem = supported.platform_problem(python, system, machine)
    assert problem is None if says is None else says in problem
    if problem:
        assert problem.count(". ") == 0 and problem.endswith(".")  # one sentence


def test_this_machine_is_supported():
    assert supported.platform_problem() is None


def test_the_support_check_runs_before_any_package_is_installed():
    """The README runs it with the system's Python: the standard library must suffice."""
    check = subprocess.run([sys.executable, "-S", "-m", "helpers.supported"], cwd=REPO_DIR,
                           capture_output=True, text=True, check=False)
    assert check.returncode == 0 and check.stdout == "", check


def test_best_seconds_times_the_fastest_call():
    delays = iter([0.05, 0.0, 0.05])
    seconds = runtime.best_seconds(lambda: time.sleep(next(delays)), repeats=3)
    assert 0.0 <= seconds < 0.04  # the call that slept 0 s, not the mean (0.033 s+)


def test_best_seconds_needs_a_call():
    with pytest.raises(ValueError, match="at least 1"):
        runtime.best_seconds(lambda: None, repeats=0)


def test_setup_quiets_retracing_notes_and_nothing_else(caplog, monkeypatch):
    monkeypatch.setattr(runtime, "_session", {"role": None})
    runtime.setup(role="tutorial")
    runtime.setup(role="tutorial")  # twice: one filter, not two
    logger = logging.getLogger("tensorflow")
    assert logger.filters.count(runtime._not_a_retracing_note) == 1
    with caplog.at_level(logging.WARNING, logger="tensorflow"):
        logger.warning("5 out of the last 7 calls to <function f> triggered "
                       "tf.function retracing. Tracing is expensive")
        logger.warning("a real warning")
    assert [record.getMessage() for record in caplog.records] == ["a real warning"]


class _CountedModel:
    """A small Adam-trained functional model whose training step counts its traces."""

    def __init__(self):
        import keras

        runtime.seed_everything(3)
        inputs = keras.Input(shape=(4,))
        self.traces = 0
        counter = self

        class Counted(keras.Model):
            def train_step(self, data):
                counter.traces += 1  # Python: runs once per trace
                return super().train_step(data)

        self.model = Counted(inputs, keras.layers.Dense(1)(inputs))
        self.model.compile(optimizer=keras.optimizers.Adam(0.1), loss="mse")

    def fit(self) -> list[np.ndarray]:
        data = np.random.default_rng(0).normal(size=(64, 5)).astype("float32")
        self.model.fit(data[:, :4], data[:, 4], batch_size=16, epochs=2, verbose=0)
        return self.model.get_weights()


def test_training_is_traced_once_and_trains_the_same(monkeypatch):
    from keras.src.backend.tensorflow.trainer import TensorFlowTrainer

    runtime.trace_training_once()
    runtime.trace_training_once()  # idempotent: one wrapper, not two
    wrapped = TensorFlowTrainer.make_train_function
    original = wrapped.__wrapped__
    assert not hasattr(original, "__wrapped__")
    once = _CountedModel()
    weights_once = once.fit()
    monkeypatch.setattr(TensorFlowTrainer, "make_train_function", original)
    twice = _CountedModel()
    weights_twice = twice.fit()
    assert (once.traces, twice.traces) == (1, 2)  # what the wrapper saves, measured
    for after, before in zip(weights_once, weights_twice, strict=True):
        np.testing.assert_array_equal(after, before)
