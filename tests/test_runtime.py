"""helpers.runtime: seeding repeats random draws; the versions line names the libraries."""

import matplotlib
import numpy as np
import pandas as pd
import pytest
import tensorflow as tf

from helpers import runtime


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
                            'tensorflow-cpu==2.21.0; sys_platform == "no-such-os"\n'
                            'tensorflow==2.21.0; sys_platform != "no-such-os"\n')
    assert runtime.pinned_versions(requirements) == {"numpy": "2.4.6", "tensorflow": "2.21.0"}


def test_version_report_flags_mismatch_and_absence(tmp_path):
    requirements = tmp_path / "requirements.txt"
    requirements.write_text(f"numpy=={np.__version__}\nnumpy-not-a-package==1.0\npandas==0.0.1\n")
    report = runtime.version_report(requirements).set_index("package")
    assert report["ok"].tolist() == [True, False, False]
    assert pd.isna(report.loc["numpy-not-a-package", "installed"])


def test_this_environment_matches_requirements():
    report = runtime.version_report()
    assert report["ok"].all(), report[~report["ok"]].to_string()
