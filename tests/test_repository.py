"""House rules that span the repository: clean notebooks, twins, data copied byte for byte."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest

from helpers.paths import REPO_DIR

NOTEBOOKS = sorted(REPO_DIR.glob("*/*.ipynb"))
DOCUMENTS = sorted(REPO_DIR.glob("*.md")) + NOTEBOOKS
LINK = re.compile(r"\]\(([^)\s]+)\)")


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


def _markdown(path: Path) -> str:
    if path.suffix != ".ipynb":
        return path.read_text(encoding="utf-8")
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: p.relative_to(REPO_DIR).as_posix())
def test_every_relative_link_resolves(path: Path):
    targets = {link.split("#")[0] for link in LINK.findall(_markdown(path))}
    broken = sorted(target for target in targets
                    if target and not re.match(r"[a-z]+:", target)
                    and not (path.parent / target).exists())
    assert not broken, f"{path.name} links to missing files: {broken}"
