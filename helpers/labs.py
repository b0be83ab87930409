"""Build the lab notebooks from the solutions, and keep each lesson's code written once.

**Lesson code written once.** A code cell of a tutorial tagged ``lesson`` (a model
definition, a training function) is the single source of that code: the solution holds a
cell tagged ``lesson`` that defines the same top-level names, and the builder copies the
tutorial's source into it. Edit the tutorial, run the builder; ``--check`` fails while a copy
is stale.

**Labs from solutions.** In a solution, a place for the attendee to change looks like this::

    # Do: switch the loss to cross-entropy on logits (hint: from_logits=True)
    ### BEGIN SOLUTION
    loss = keras.losses.CategoricalCrossentropy(from_logits=True)
    ### STARTER
    # loss = "mse"
    ### END SOLUTION

The lab keeps the ``Do:`` line and the starter, uncommented (``loss = "mse"``); the
solution runs its own code and skips the starter, which it holds as comments. A cell
tagged ``solution-only`` (an explanation of the answer, say) is left out of the lab.
A solution's setup call says ``runtime.setup(role="solution")``; the lab gets
``role="lab"``, so its checks never stop Run All. Labs are written without outputs.

Usage, from the repository root::

    python -m helpers.labs           # sync lesson cells into solutions/, (re)write labs/
    python -m helpers.labs --check   # exit 1 when a solution or a lab is stale
"""

from __future__ import annotations

import argparse
import ast
import copy
import sys
from pathlib import Path

import nbformat

from helpers.paths import REPO_DIR

BEGIN, STARTER, END = "### BEGIN SOLUTION", "### STARTER", "### END SOLUTION"
SOLUTION_ONLY_TAG = "solution-only"
LESSON_TAG = "lesson"
SOLUTION_SETUP, LAB_SETUP = 'runtime.setup(role="solution")', 'runtime.setup(role="lab")'


class MarkerError(ValueError):
    """A solution cell's markers are out of order or unclosed."""


def starter_source(source: str) -> str:
    """A solution cell's code as the lab shows it: starters in place of solutions.

    Raises:
        MarkerError: markers out of order (``STARTER`` before ``BEGIN``, unclosed ...).
    """
    lines_out: list[str] = []
    state = "code"  # code -> solution -> starter -> code
    for number, line in enumerate(source.splitlines(), start=1):
        marker = line.strip()
        expected = {"code": BEGIN, "solution": STARTER, "starter": END}[state]
        if marker in (BEGIN, STARTER, END):
            if marker != expected:
                raise MarkerError(f"line {number}: found {marker!r} where {expected!r} belongs")
            state = {"code": "solution", "solution": "starter", "starter": "code"}[state]
        elif state == "code":
            lines_out.append(line)
        elif state == "starter":
            lines_out.append(_uncomment(line))
    if state != "code":
        raise MarkerError(f"a {BEGIN!r} block is not closed by {END!r}")
    return "\n".join(lines_out)


def _uncomment(line: str) -> str:
    """``'    # x = 1'`` -> ``'    x = 1'``; a line without ``#`` stays as it is."""
    indent = line[: len(line) - len(line.lstrip())]
    body = line.lstrip()
    if body.startswith("# "):
        return indent + body[2:]
    if body.startswith("#"):
        return indent + body[1:]
    return line


def build_lab(solution: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """The lab notebook for one solution notebook: starters in, role "lab", outputs out.

    Raises:
        MarkerError: a cell's markers are out of order, or the solution's setup call does
            not say ``runtime.setup(role="solution")`` exactly once.
    """
    lab = copy.deepcopy(solution)
    setups = sum(cell.source.count(SOLUTION_SETUP) for cell in lab.cells
                 if cell.cell_type == "code")
    if setups != 1:
        raise MarkerError(f"a solution calls {SOLUTION_SETUP} once; found {setups} calls")
    cells = []
    for index, cell in enumerate(lab.cells):
        if SOLUTION_ONLY_TAG in _tags(cell):
            continue
        if cell.cell_type == "code":
            try:
                cell.source = starter_source(cell.source).replace(SOLUTION_SETUP, LAB_SETUP)
            except MarkerError as error:
                raise MarkerError(f"cell {index}: {error}") from None
            cell.outputs = []
            cell.execution_count = None
        cells.append(cell)
    lab.cells = cells
    return lab


def defined_names(source: str) -> frozenset[str]:
    """The functions and classes a cell defines at its top level: ``{"build_model"}``."""
    tree = ast.parse(source)
    return frozenset(node.name for node in tree.body
                     if isinstance(node, ast.FunctionDef | ast.ClassDef))


def sync_lessons(
    tutorial: nbformat.NotebookNode, solution: nbformat.NotebookNode
) -> nbformat.NotebookNode:
    """``solution`` with each ``lesson`` cell's source copied from the tutorial's twin.

    A twin is the tutorial's ``lesson`` cell that defines the same top-level names.

    Raises:
        MarkerError: a solution ``lesson`` cell has no twin in the tutorial.
    """
    sources = {defined_names(cell.source): cell.source for cell in tutorial.cells
               if cell.cell_type == "code" and LESSON_TAG in _tags(cell)}
    synced = copy.deepcopy(solution)
    for index, cell in enumerate(synced.cells):
        if cell.cell_type != "code" or LESSON_TAG not in _tags(cell):
            continue
        names = defined_names(cell.source)
        if names not in sources:
            raise MarkerError(f"cell {index} (lesson {sorted(names)}) has no lesson cell "
                              f"in the tutorial that defines the same names")
        cell.source = sources[names]
    return synced


def _tags(cell: nbformat.NotebookNode) -> list[str]:
    return cell.get("metadata", {}).get("tags", [])


def build_all(repo_dir: Path = REPO_DIR, check: bool = False) -> list[Path]:
    """Sync every solution's lesson cells, then build every lab.

    With ``check``, nothing is written. Returns the solutions and labs that were stale
    (written, or to be written).
    """
    changed = []
    for solution_path in sorted((repo_dir / "solutions").glob("*.ipynb")):
        solution = nbformat.read(solution_path, as_version=4)
        tutorial_path = repo_dir / "notebooks" / solution_path.name
        if tutorial_path.exists():
            synced = sync_lessons(nbformat.read(tutorial_path, as_version=4), solution)
            if _sources(synced) != _sources(solution):
                changed.append(solution_path)
                solution = synced
                if not check:
                    nbformat.write(solution, solution_path)
        lab_path = repo_dir / "labs" / solution_path.name
        text = nbformat.writes(build_lab(solution)) + "\n"
        if lab_path.exists() and lab_path.read_text(encoding="utf-8") == text:
            continue
        changed.append(lab_path)
        if not check:
            lab_path.parent.mkdir(exist_ok=True)
            lab_path.write_text(text, encoding="utf-8")
    return changed


def _sources(notebook: nbformat.NotebookNode) -> list[str]:
    return [cell.source for cell in notebook.cells]


def main(argv: list[str] | None = None, repo_dir: Path = REPO_DIR) -> int:
    """The command line: sync and build, or with ``--check`` return 1 when stale."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 when labs/ is stale")
    args = parser.parse_args(argv)
    changed = build_all(repo_dir, check=args.check)
    names = ", ".join(path.relative_to(repo_dir).as_posix() for path in changed) or "none"
    if args.check and changed:
        print(f"Stale: {names}. Rebuild with: python -m helpers.labs")
        return 1
    print(f"{'Stale' if args.check else 'Written'}: {names}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
