"""House rules that span the repository: clean notebooks, twins, data copied byte for byte."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from helpers.labs import BEGIN, starter_source
from helpers.paths import REPO_DIR

NOTEBOOKS = sorted(REPO_DIR.glob("*/*.ipynb"))
DOCUMENTS = sorted(REPO_DIR.glob("*.md")) + NOTEBOOKS
LINK = re.compile(r"\]\(([^)\s]+)\)")


def _run(*command: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", *command], cwd=REPO_DIR,
                          capture_output=True, text=True)


def test_notebooks_are_as_nbstripout_leaves_them():
    """The repository's git filter (README, for contributors) is nbstripout --keep-id."""
    stripped = _run("nbstripout", "--verify", "--keep-id", *map(str, NOTEBOOKS))
    assert stripped.returncode == 0, stripped.stdout + stripped.stderr


def test_helpers_tests_and_notebooks_pass_the_linter():
    lint = _run("ruff", "check", "--no-cache", "helpers", "tests", "notebooks", "labs",
                "solutions", "conftest.py")
    assert lint.returncode == 0, lint.stdout + lint.stderr


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_notebook_is_stored_without_outputs(path: Path):
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    dirty = [i for i, cell in enumerate(cells)
             if cell["cell_type"] == "code" and (cell["outputs"] or cell["execution_count"])]
    assert not dirty, f"cells {dirty} carry outputs: nbstripout --keep-id {path}"


def test_every_lab_is_generated_from_a_solution_with_do_places():
    labs = sorted(p.name for p in (REPO_DIR / "labs").glob("*.ipynb"))
    assert labs == sorted(p.name for p in (REPO_DIR / "solutions").glob("*.ipynb"))
    for name in labs:
        solution = nbformat.read(REPO_DIR / "solutions" / name, as_version=4)
        places = [cell.source for cell in solution.cells if cell.cell_type == "code"
                  and "# Do:" in cell.source and BEGIN in cell.source]
        assert places, f"solutions/{name} has no '# Do:' place with a solution block"
        changed = [source for source in places if starter_source(source) != source]
        assert len(changed) == len(places), f"{name}: a Do: place whose starter is the answer"


def test_every_lab_has_a_tutorial():
    tutorials = {p.name for p in (REPO_DIR / "notebooks").glob("*.ipynb")}
    assert {p.name for p in (REPO_DIR / "labs").glob("*.ipynb")} <= tutorials


def test_the_data_ships_its_licence_and_provenance():
    assert "GroupLens" in (REPO_DIR / "data" / "ml-latest-small" / "README.txt").read_text()
    assert "Predict'em All" in (REPO_DIR / "data" / "PROVENANCE.md").read_text()


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


def test_helpers_name_only_notebooks_that_exist():
    """Docstrings say which notebooks use a helper (``03_mf_basic``): those must exist."""
    named = set()
    for module in (REPO_DIR / "helpers").glob("*.py"):
        named |= set(re.findall(r"``((?:\d\d|clinic)_[a-z_]+)``", module.read_text()))
    missing = sorted(name for name in named
                     if not (REPO_DIR / "notebooks" / f"{name}.ipynb").exists())
    assert named and not missing, missing
