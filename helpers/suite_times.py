"""How long each notebook took in the last test-suite run: ``python -m helpers.suite_times``.

The suite writes every test's duration to ``build/suite.xml`` (JUnit XML, ``pyproject.toml``).
This adds up the cells of each executed notebook, and the leak re-runs apart, into one table:
the figures behind the README's and INSTRUCTORS.md's run times.

Used by: contributors, after ``python -m pytest``.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pandas as pd

from helpers.paths import REPO_DIR

SUITE_XML = REPO_DIR / "build" / "suite.xml"
_LEAK_ID = re.compile(r"\[(\w+-\w+)\]")  # test_...[solutions-03_mf_basic]@03_mf_basic


def notebook_seconds(junit_xml: Path = SUITE_XML) -> pd.DataFrame:
    """One row per executed notebook and per leak re-run: ``what``, ``seconds``, ``tests``.

    A notebook's cells are the test cases whose class name ends in ``.ipynb`` (nbval); a
    leak re-run is one case of ``test_no_leakage``, named by its notebook. Sorted by seconds,
    longest first.
    """
    if not Path(junit_xml).exists():
        raise FileNotFoundError(f"{junit_xml} not found: run the test suite first")
    rows = []
    for case in ElementTree.parse(junit_xml).getroot().iter("testcase"):
        classname, name = case.get("classname", ""), case.get("name", "")
        seconds = float(case.get("time", 0))
        if classname.endswith(".ipynb"):
            rows.append({"what": classname.removesuffix(".ipynb").replace(".", "/"),
                         "seconds": seconds})
        elif classname.endswith("test_no_leakage") and (notebook := _LEAK_ID.search(name)):
            rows.append({"what": "leak re-run " + notebook.group(1).replace("-", "/"),
                         "seconds": seconds})
    table = pd.DataFrame(rows, columns=["what", "seconds"])
    return (table.groupby("what")["seconds"].agg(seconds="sum", tests="size")
            .sort_values("seconds", ascending=False).reset_index())


if __name__ == "__main__":
    times = notebook_seconds()
    print(times.round(1).to_string(index=False))
    print(f"total {times['seconds'].sum() / 60:.1f} min of notebooks, one after another")
