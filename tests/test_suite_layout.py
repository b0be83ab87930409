"""The suite's parallel layout: pytest-xdist keeps a group on one worker, in order.

Every notebook's cells share one kernel, so they must run on one worker, one after the other
(conftest.py puts each track in an ``xdist_group``). pytest 9.2 with pytest-xdist 3.8 lost
the groups silently and ran cells anywhere; this runs the installed versions on a small
suite of their own and looks where its tests ran.
"""

from __future__ import annotations

import subprocess
import sys

GROUPED_SUITE = '''
import os, pathlib, pytest

@pytest.mark.xdist_group("track")
@pytest.mark.parametrize("step", range(6))
def test_step(step):
    with open(pathlib.Path(__file__).parent / "ran.txt", "a") as ran:
        ran.write(f"{step} {os.environ['PYTEST_XDIST_WORKER']}\\n")

@pytest.mark.parametrize("other", range(6))
def test_free(other):
    pass
'''


def test_xdist_runs_a_group_on_one_worker_in_order(tmp_path):
    (tmp_path / "test_grouped.py").write_text(GROUPED_SUITE)
    (tmp_path / "pytest.ini").write_text("[pytest]\n")
    run = subprocess.run([sys.executable, "-m", "pytest", "-n", "2", "--dist", "loadgroup",
                          "-p", "no:cacheprovider", "-q", str(tmp_path)],
                         cwd=tmp_path, capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stdout[-2000:]
    ran = [line.split() for line in (tmp_path / "ran.txt").read_text().splitlines()]
    assert [int(step) for step, _ in ran] == list(range(6))
    assert len({worker for _, worker in ran}) == 1, ran
