"""helpers.suite_times: a notebook's cells add up to its run time; leak re-runs apart."""

import pytest

from helpers import suite_times

JUNIT = """<?xml version="1.0" encoding="utf-8"?><testsuites><testsuite name="pytest">
<testcase classname="notebooks.03_mf_basic.ipynb" name="Cell 0@03_mf_basic" time="2.5"/>
<testcase classname="notebooks.03_mf_basic.ipynb" name="Cell 1@03_mf_basic" time="10.0"/>
<testcase classname="solutions.03_mf_basic.ipynb" name="Cell 0@03_mf_basic" time="4.0"/>
<testcase classname="tests.test_no_leakage"
 name="test_predictions_do_not_move[solutions-03_mf_basic]@03_mf_basic" time="30.0"/>
<testcase classname="tests.test_data" name="test_split" time="0.5"/>
</testsuite></testsuites>"""


def test_notebook_seconds_adds_up_cells_and_keeps_leak_re_runs_apart(tmp_path):
    path = tmp_path / "suite.xml"
    path.write_text(JUNIT)
    table = suite_times.notebook_seconds(path).set_index("what")
    assert table["seconds"].to_dict() == {"leak re-run solutions/03_mf_basic": 30.0,
                                          "notebooks/03_mf_basic": 12.5,
                                          "solutions/03_mf_basic": 4.0}
    assert table.loc["notebooks/03_mf_basic", "tests"] == 2


def test_notebook_seconds_says_to_run_the_suite_first(tmp_path):
    with pytest.raises(FileNotFoundError, match="run the test suite first"):
        suite_times.notebook_seconds(tmp_path / "suite.xml")
