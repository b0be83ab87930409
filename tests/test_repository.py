"""House rules that span the repository: clean notebooks, twins, data copied byte for byte."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

REPO_DIR = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted(REPO_DIR.glob("*/*.ipynb"))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_notebook_is_stored_without_outputs(path: Path):
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    dirty = [i for i, cell in enumerate(cells)
             if cell["cell_type"] == "code" and (cell["outputs"] or cell["execution_count"])]
    assert not dirty, f"cells {dirty} carry outputs: jupyter nbconvert --clear-output --inplace {path}"


def test_every_lab_has_a_solution_twin_and_a_do_marker():
    labs = sorted((REPO_DIR / "labs").glob("*.ipynb"))
    solutions = sorted((REPO_DIR / "solutions").glob("*.ipynb"))
    assert [p.name for p in labs] == [p.name for p in solutions]
    for lab in labs:
        assert "Do:" in lab.read_text(encoding="utf-8"), f"{lab.name} has no Do: place"


def test_every_lab_has_a_tutorial():
    tutorials = {p.name for p in (REPO_DIR / "notebooks").glob("*.ipynb")}
    assert {p.name for p in (REPO_DIR / "labs").glob("*.ipynb")} <= tutorials


def test_data_matches_its_checksums_and_ships_its_licence():
    data_dir = REPO_DIR / "data"
    for line in (data_dir / "SHA256SUMS").read_text().splitlines():
        digest, name = line.split()
        assert hashlib.sha256((data_dir / name).read_bytes()).hexdigest() == digest, name
    assert "GroupLens" in (data_dir / "ml-latest-small" / "README.txt").read_text()
    assert (data_dir / "PROVENANCE.md").exists()


def test_ci_runs_the_readme_test_command():
    ci_command = (REPO_DIR / ".ci" / "run").read_text().strip().splitlines()[-1]
    assert ci_command.endswith("python -m pytest")
    assert f"\n{ci_command}\n" in (REPO_DIR / "README.md").read_text()
