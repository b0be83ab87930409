"""Lesson code written once: a function a tutorial and its solution both define is the same.

The builder (``python -m helpers.labs``) copies a tutorial's ``lesson`` cells into the
solution; this test catches the copies it cannot see: any top-level function or class that
a tutorial and its solution both define must have the same source. A solution that needs a
different function gives it a different name.
"""

from __future__ import annotations

import ast

import nbformat
import pytest

from helpers.paths import REPO_DIR

PAIRS = sorted(path.name for path in (REPO_DIR / "solutions").glob("*.ipynb")
               if (REPO_DIR / "notebooks" / path.name).exists())


def definitions(path) -> dict[str, str]:
    """``{name: source}`` of every top-level function and class in a notebook's code cells."""
    found = {}
    for cell in nbformat.read(path, as_version=4).cells:
        if cell.cell_type != "code":
            continue
        source = "\n".join(line for line in cell.source.splitlines()
                           if not line.lstrip().startswith(("%", "!")))
        tree = ast.parse(source)
        for node in tree.body:
            if isinstance(node, ast.FunctionDef | ast.ClassDef):
                found[node.name] = ast.get_source_segment(source, node)
    return found


@pytest.mark.parametrize("name", PAIRS)
def test_tutorial_and_solution_define_shared_names_identically(name):
    tutorial = definitions(REPO_DIR / "notebooks" / name)
    solution = definitions(REPO_DIR / "solutions" / name)
    drifted = sorted(n for n in tutorial.keys() & solution.keys() if tutorial[n] != solution[n])
    assert not drifted, (f"{name}: {drifted} differ between the tutorial and the solution; tag "
                         "the tutorial's cell 'lesson' and run python -m helpers.labs, or "
                         "rename the solution's version")
