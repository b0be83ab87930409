"""The house style of ../shared/NOTEBOOK_GUIDE.md, checked on every notebook."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

REPO_DIR = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted(REPO_DIR.glob("*/*.ipynb"))
TUTORIALS = sorted((REPO_DIR / "notebooks").glob("*.ipynb"))
MAX_CODE_LINES = 20  # the guide says "about 12"; 20 still fits one slide
MAX_LINE_LENGTH = 79  # a 1280 x 720 slide shows about 75 characters of code
SLIDE_TYPES = {"slide", "subslide", "fragment", "skip", "notes", "-"}


def _cells(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def _text(cell: dict) -> str:
    return "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_notebook_has_title_navigation_and_summary(path: Path):
    cells = _cells(path)
    first = _text(cells[0])
    number = "Clinic" if path.name.startswith("clinic_") else path.name[:2]
    assert re.match(rf"# {number} · ", first), f"the first cell starts '# {number} · Title'"
    assert "You will learn" in first, "the first cell lists what the reader will learn"
    assert "../README.md" in first and "../README.md" in _text(cells[-1]), "navigation at both ends"
    assert any(_text(c).startswith("## Summary") for c in cells if c["cell_type"] == "markdown")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_code_lines_fit_a_slide(path: Path):
    too_long = [(i, len(line)) for i, cell in enumerate(_cells(path))
                if cell["cell_type"] == "code"
                for line in _text(cell).splitlines() if len(line) > MAX_LINE_LENGTH]
    assert not too_long, f"(cell, characters) over {MAX_LINE_LENGTH}: {too_long}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_code_cells_are_short(path: Path):
    """Except the setup cell (imports, ``runtime.setup``): it is not a slide."""
    long_cells = [i for i, cell in enumerate(_cells(path))
                  if cell["cell_type"] == "code" and "runtime.setup(" not in _text(cell)
                  and len(_text(cell).splitlines()) > MAX_CODE_LINES]
    assert not long_cells, f"cells {long_cells} have more than {MAX_CODE_LINES} lines"


@pytest.mark.parametrize("path", TUTORIALS, ids=lambda p: p.name)
def test_tutorial_cells_have_a_slide_type(path: Path):
    missing = [i for i, cell in enumerate(_cells(path))
               if cell.get("metadata", {}).get("slideshow", {}).get("slide_type")
               not in SLIDE_TYPES]
    assert not missing, f"cells {missing} have no slideshow slide_type"
