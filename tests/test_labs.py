"""helpers.labs: the lab builder, its markers, and labs/ being up to date."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

from helpers import labs
from helpers.paths import REPO_DIR

SOLUTION_CELL = """import keras
# Do: switch the loss to cross-entropy on logits
### BEGIN SOLUTION
loss = keras.losses.CategoricalCrossentropy(from_logits=True)
### STARTER
# loss = "mse"
### END SOLUTION
if True:
    # Do: pick a learning rate
    ### BEGIN SOLUTION
    learning_rate = 0.01
    ### STARTER
    # learning_rate = None  # your choice
    ### END SOLUTION"""

LAB_CELL = """import keras
# Do: switch the loss to cross-entropy on logits
loss = "mse"
if True:
    # Do: pick a learning rate
    learning_rate = None  # your choice"""


def test_starter_source_swaps_solution_for_starter():
    assert labs.starter_source(SOLUTION_CELL) == LAB_CELL


def test_cell_without_markers_is_unchanged():
    assert labs.starter_source("x = 1\n# a comment") == "x = 1\n# a comment"


@pytest.mark.parametrize(
    "source, message",
    [
        ("### STARTER\nx = 1", "where '### BEGIN SOLUTION' belongs"),
        ("### BEGIN SOLUTION\nx = 1\n### END SOLUTION", "where '### STARTER' belongs"),
        ("### BEGIN SOLUTION\nx = 1\n### STARTER\n# x = 0", "not closed"),
    ],
)
def test_bad_markers_are_reported(source, message):
    with pytest.raises(labs.MarkerError, match=message):
        labs.starter_source(source)


SETUP_CELL = 'from helpers import runtime\nruntime.setup(role="solution")'
LESSON = 'def build_model():\n    """The model of the tutorial."""\n    return 1'


def _solution_notebook(*extra_cells) -> nbformat.NotebookNode:
    notebook = nbformat.v4.new_notebook()
    answer = nbformat.v4.new_markdown_cell("Why this works", metadata={"tags": ["solution-only"]})
    code = nbformat.v4.new_code_cell(SOLUTION_CELL, execution_count=3)
    code.outputs = [nbformat.v4.new_output("stream", text="hi")]
    notebook.cells = [nbformat.v4.new_markdown_cell("# Lab"),
                      nbformat.v4.new_code_cell(SETUP_CELL), answer, code, *extra_cells]
    return notebook


def _lesson_cell(source: str) -> nbformat.NotebookNode:
    return nbformat.v4.new_code_cell(source, metadata={"tags": ["lesson"]})


def test_build_lab_drops_solution_only_cells_and_outputs():
    lab = labs.build_lab(_solution_notebook())
    assert [cell.cell_type for cell in lab.cells] == ["markdown", "code", "code"]
    assert lab.cells[2].source == LAB_CELL
    assert lab.cells[2].outputs == [] and lab.cells[2].execution_count is None


def test_build_lab_gives_the_lab_its_role():
    lab = labs.build_lab(_solution_notebook())
    assert lab.cells[1].source == 'from helpers import runtime\nruntime.setup(role="lab")'


def test_a_solution_must_say_its_role_once():
    notebook = _solution_notebook()
    notebook.cells[1].source = "runtime.setup()"
    with pytest.raises(labs.MarkerError, match="found 0 calls"):
        labs.build_lab(notebook)


def test_defined_names_are_top_level_functions_and_classes():
    source = "import x\nLIMIT = 3\ndef f():\n    def inner(): pass\nclass Model: pass"
    assert labs.defined_names(source) == {"f", "Model"}


def test_sync_lessons_copies_the_tutorials_source():
    tutorial = nbformat.v4.new_notebook()
    tutorial.cells = [_lesson_cell(LESSON), nbformat.v4.new_code_cell("def other(): pass")]
    stale = LESSON.replace("return 1", "return 2")
    synced = labs.sync_lessons(tutorial, _solution_notebook(_lesson_cell(stale)))
    assert synced.cells[-1].source == LESSON
    orphan = _solution_notebook(_lesson_cell("def other(): pass"))  # not tagged in the tutorial
    with pytest.raises(labs.MarkerError, match="no lesson cell in the tutorial"):
        labs.sync_lessons(tutorial, orphan)


def test_build_all_reports_a_stale_lesson_copy(tmp_path: Path):
    for folder in ("notebooks", "solutions"):
        (tmp_path / folder).mkdir()
    tutorial = nbformat.v4.new_notebook()
    tutorial.cells = [_lesson_cell(LESSON)]
    nbformat.write(tutorial, tmp_path / "notebooks" / "09_demo.ipynb")
    solution_path = tmp_path / "solutions" / "09_demo.ipynb"
    nbformat.write(_solution_notebook(_lesson_cell("def build_model():\n    return 0")),
                   solution_path)
    assert solution_path in labs.build_all(tmp_path, check=True)
    labs.build_all(tmp_path)
    assert labs.build_all(tmp_path, check=True) == []
    lab = nbformat.read(tmp_path / "labs" / "09_demo.ipynb", as_version=4)
    assert lab.cells[-1].source == LESSON


def test_build_all_writes_then_reports_clean(tmp_path: Path):
    (tmp_path / "solutions").mkdir()
    nbformat.write(_solution_notebook(), tmp_path / "solutions" / "09_demo.ipynb")
    assert labs.build_all(tmp_path, check=True) == [tmp_path / "labs" / "09_demo.ipynb"]
    assert not (tmp_path / "labs").exists()
    labs.build_all(tmp_path)
    assert labs.build_all(tmp_path, check=True) == []
    (tmp_path / "labs" / "09_demo.ipynb").write_text("{}")
    assert labs.build_all(tmp_path, check=True) == [tmp_path / "labs" / "09_demo.ipynb"]


def test_labs_in_the_repository_are_up_to_date():
    stale = labs.build_all(check=True)
    assert stale == [], f"rebuild with `python -m helpers.labs`: {stale}"


def test_main_check_exit_code(tmp_path, capsys):
    (tmp_path / "solutions").mkdir()
    nbformat.write(_solution_notebook(), tmp_path / "solutions" / "09_demo.ipynb")
    assert labs.main(["--check"], repo_dir=tmp_path) == 1
    assert "Stale: labs/09_demo.ipynb" in capsys.readouterr().out
    assert labs.main([], repo_dir=tmp_path) == 0
    assert labs.main(["--check"], repo_dir=tmp_path) == 0


CHECK_CALL = re.compile(r'checks\.check_\w+\(\s*"([^"]*)"')


@pytest.mark.parametrize("path", sorted((REPO_DIR / "labs").glob("*.ipynb")),
                         ids=lambda path: path.name)
def test_no_lab_check_grades_a_test_figure(path):
    """Labs tune on validation: the test figures are printed once, never checked."""
    labels = [label for cell in nbformat.read(path, as_version=4).cells
              if cell.cell_type == "code" for label in CHECK_CALL.findall(cell.source)]
    assert labels, "a lab has checks"
    graded = [label for label in labels if re.search(r"\btest\b", label)]
    assert not graded, f"checks on the test set: {graded}"
