"""Build the lab notebooks from the solutions: the solution is the single source.

In a solution, a place for the attendee to change looks like this::

    # Do: switch the loss to cross-entropy on logits (hint: from_logits=True)
    ### BEGIN SOLUTION
    loss = keras.losses.CategoricalCrossentropy(from_logits=True)
    ### STARTER
    # loss = "mse"
    ### END SOLUTION

The lab keeps the ``Do:`` line and the starter, uncommented (``loss = "mse"``); the
solution runs its own code and skips the starter, which it holds as comments. A cell
tagged ``solution-only`` (an explanation of the answer, say) is left out of the lab.
Labs are written without outputs.

Usage, from the repository root::

    python -m helpers.labs           # (re)write labs/ from solutions/
    python -m helpers.labs --check   # exit 1 when labs/ is stale
"""

from __future__ import annotations

import argparse
import copy
import sys
from pathlib import Path

import nbformat

from helpers.data import DATA_DIR

REPO_DIR = DATA_DIR.parent
BEGIN, STARTER, END = "### BEGIN SOLUTION", "### STARTER", "### END SOLUTION"
SOLUTION_ONLY_TAG = "solution-only"


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
    """The lab notebook for one solution notebook: starters in, outputs out."""
    lab = copy.deepcopy(solution)
    cells = []
    for index, cell in enumerate(lab.cells):
        if SOLUTION_ONLY_TAG in cell.get("metadata", {}).get("tags", []):
            continue
        if cell.cell_type == "code":
            try:
                cell.source = starter_source(cell.source)
            except MarkerError as error:
                raise MarkerError(f"cell {index}: {error}") from None
            cell.outputs = []
            cell.execution_count = None
        cells.append(cell)
    lab.cells = cells
    return lab


def lab_text(solution_path: Path) -> str:
    """The JSON text of the lab built from ``solution_path``."""
    solution = nbformat.read(solution_path, as_version=4)
    return nbformat.writes(build_lab(solution)) + "\n"


def build_all(repo_dir: Path = REPO_DIR, check: bool = False) -> list[Path]:
    """Write (or, with ``check``, only compare) every lab; return the stale or written ones."""
    changed = []
    for solution_path in sorted((repo_dir / "solutions").glob("*.ipynb")):
        lab_path = repo_dir / "labs" / solution_path.name
        text = lab_text(solution_path)
        if lab_path.exists() and lab_path.read_text(encoding="utf-8") == text:
            continue
        changed.append(lab_path)
        if not check:
            lab_path.parent.mkdir(exist_ok=True)
            lab_path.write_text(text, encoding="utf-8")
    return changed


def main(argv: list[str] | None = None, repo_dir: Path = REPO_DIR) -> int:
    """The command line: build labs/, or with ``--check`` return 1 when it is stale."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 when labs/ is stale")
    args = parser.parse_args(argv)
    changed = build_all(repo_dir, check=args.check)
    names = ", ".join(path.relative_to(repo_dir).as_posix() for path in changed) or "none"
    if args.check and changed:
        print(f"Stale labs: {names}. Rebuild them with: python -m helpers.labs")
        return 1
    print(f"{'Stale' if args.check else 'Written'} labs: {names}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
