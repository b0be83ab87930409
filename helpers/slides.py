"""Slide decks of the tutorials that open with no network: ``python -m helpers.slides``.

Each notebook of ``notebooks/`` is executed (or its executed copy is taken from
``build/executed/``, which the test suite keeps) and exported with nbconvert's reveal.js
template into ``build/slides/<stem>.slides.html``. A deck is one HTML file: reveal.js 4.0.2,
its theme and its speaker-notes plugin are inlined from ``vendor/`` and the figures are
embedded, so it opens from a USB stick in a room with no network (press ``S`` for the
speaker notes). Screens are 1280 x 720; a screen taller than that scrolls.

Used by: the README and ``INSTRUCTORS.md`` (building the decks), the root ``conftest.py``
(:func:`keep_executed`) and ``tests/test_slides.py``.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import time
from pathlib import Path
from string import Template

import nbformat

from helpers.paths import NOTEBOOK_FOLDERS, REPO_DIR

SCREEN_WIDTH, SCREEN_HEIGHT = 1280, 720
"""The size of one screen, in CSS pixels: a projector's 720p, and the size the tests check."""
TUTORIALS_DIR = REPO_DIR / NOTEBOOK_FOLDERS["tutorial"]
VENDOR_DIR = REPO_DIR / "vendor" / "reveal.js-4.0.2"
TEMPLATE_DIR = Path(__file__).with_name("slides_template")
EXECUTED_DIR = REPO_DIR / "build" / "executed"
SLIDES_DIR = REPO_DIR / "build" / "slides"
CELL_TIMEOUT_SECONDS = 300

DECK_CSS = Template("""
:root {
  --jp-ui-font-size1: 20px; --jp-content-font-size1: 22px; --jp-code-font-size: 19px;
}
body.jp-Notebook { margin: 0; padding: 0; }
a.anchor-link, .jp-InputPrompt, .jp-OutputPrompt { display: none; }
.reveal h1, .reveal h2, .reveal h3, .reveal h4 { text-transform: none; }
.reveal h1 { font-size: 1.7em; } .reveal h2 { font-size: 1.4em; }
.reveal h3, .reveal h4 { font-size: 1.15em; }
.reveal .slides > section, .reveal .slides > section > section {
  padding: 0 28px; box-sizing: border-box;
}
.reveal .slides > section.stack { padding: 0; }
.reveal pre { box-sizing: border-box; }
.reveal .slides section.tall { height: ${height}px; overflow-y: auto; }
.reveal .jp-Cell, .reveal .jp-InputArea-editor { box-sizing: border-box; max-width: 100%; }
.reveal .jp-RenderedImage img { max-width: 100%; }
""").substitute(height=SCREEN_HEIGHT)
"""Overrides of nbconvert's deck style for 1280 x 720: text and code sizes, headings as
written, no ``In [3]:`` prompts or pilcrows, slide padding, and scrolling of a screen marked
``tall``."""

DECK_JS = Template("""
Reveal.initialize({
  width: ${width}, height: ${height}, margin: 0, center: false,
  controls: true, progress: true, hash: true, slideNumber: "c/t",
  transition: "none", plugins: [RevealNotes]
});
function markTallScreen() {
  const screen = Reveal.getCurrentSlide();
  screen.classList.toggle("tall", screen.scrollHeight > ${height});
}
Reveal.on("ready", markTallScreen);
Reveal.on("slidechanged", markTallScreen);
""").substitute(width=SCREEN_WIDTH, height=SCREEN_HEIGHT)
"""Starts reveal.js: fixed 1280 x 720 screens, slide numbers, the notes plugin, and a
screen taller than the window scrolls instead of running off the bottom."""


def tutorials() -> list[Path]:
    """Every notebook a deck is made of: the tutorials and clinics in ``notebooks/``."""
    return sorted(TUTORIALS_DIR.glob("*.ipynb"))


def _script(source: str) -> str:
    """JavaScript safe to inline in a ``<script>`` element (no early ``</script>``)."""
    return source.replace("</script", "<\\/script")


def offline_assets() -> dict[str, str]:
    """The texts the deck template inlines: reveal.js, its style, the theme, notes plugin.

    The theme's ``@import`` of web fonts is dropped: the deck falls back to the system's
    sans-serif font rather than ask for a file that is not there.
    """
    def read(relative: str) -> str:
        return (VENDOR_DIR / relative).read_text(encoding="utf-8")

    theme = re.sub(r"@import url\([^)]*\);", "", read("dist/theme/white.css"))
    return {
        "reveal_css": read("dist/reveal.css"),
        "theme_css": theme,
        "deck_css": DECK_CSS,
        "reveal_js": _script(read("dist/reveal.js")),
        "notes_js": _script(read("plugin/notes/notes.js")),
        "deck_js": DECK_JS,
    }


def deck_title(notebook: nbformat.NotebookNode) -> str:
    """The first ``# `` heading of the notebook (its title), or ``"Slides"``."""
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            match = re.search(r"^# (.+)$", cell.source, flags=re.MULTILINE)
            if match:
                return match.group(1).strip()
    return "Slides"


def export_deck(notebook: nbformat.NotebookNode) -> str:
    """The HTML of one offline deck of an executed notebook.

    A link to another tutorial (``02_dnn_pokemon.ipynb``) becomes a link to its deck.
    """
    from nbconvert import SlidesExporter

    exporter = SlidesExporter(template_name="offline_reveal",
                              extra_template_basedirs=[str(TEMPLATE_DIR)])
    resources = {"offline": offline_assets(), "metadata": {"name": deck_title(notebook)}}
    html, _ = exporter.from_notebook_node(notebook, resources=resources)
    return re.sub(r'href="([\w-]+)\.ipynb"', r'href="\1.slides.html"', html)


def execute(path: Path) -> nbformat.NotebookNode:
    """Run a notebook top to bottom in a fresh kernel, in its own folder; return it run."""
    from nbclient import NotebookClient

    notebook = nbformat.read(path, as_version=4)
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "1")
    client = NotebookClient(notebook, timeout=CELL_TIMEOUT_SECONDS,
                            resources={"metadata": {"path": str(path.parent)}})
    client.execute(stderr=subprocess.DEVNULL)  # no "running over TCP" kernel warning
    return notebook


def keep_executed(notebook: nbformat.NotebookNode, stem: str) -> Path:
    """Save a notebook the test suite has just run, outputs and all, for its deck."""
    EXECUTED_DIR.mkdir(parents=True, exist_ok=True)
    path = EXECUTED_DIR / f"{stem}.ipynb"
    nbformat.write(notebook, path)
    return path


def write_deck(notebook: nbformat.NotebookNode, stem: str, folder: Path = SLIDES_DIR) -> Path:
    """Write ``<folder>/<stem>.slides.html`` and return its path."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{stem}.slides.html"
    path.write_text(export_deck(notebook), encoding="utf-8")
    return path


def with_outputs_of(notebook: nbformat.NotebookNode,
                    executed: nbformat.NotebookNode) -> nbformat.NotebookNode | None:
    """``notebook`` with the outputs of ``executed``, if their code cells are the same.

    Prose and slide types come from ``notebook``, so a deck follows edits to them without
    running anything again; None when any code cell differs (the outputs would be stale).
    """
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    ran = [cell for cell in executed.cells if cell.cell_type == "code"]
    if [cell.source for cell in code] != [cell.source for cell in ran]:
        return None
    for cell, done in zip(code, ran, strict=True):
        cell.outputs = done.outputs
    return notebook


def reuse_executed(source: Path) -> nbformat.NotebookNode | None:
    """``source`` with the outputs of its executed copy in ``build/executed/``, or None.

    None when there is no copy or when a code cell changed since it ran.
    """
    copy = EXECUTED_DIR / source.name
    if not copy.exists():
        return None
    return with_outputs_of(nbformat.read(source, as_version=4),
                           nbformat.read(copy, as_version=4))


def main(argv: list[str] | None = None) -> int:
    """Build the decks: ``python -m helpers.slides [--reuse] [stem ...]``."""
    parser = argparse.ArgumentParser(prog="python -m helpers.slides", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("stems", nargs="*", help="only these notebooks, e.g. 03_mf_basic")
    parser.add_argument("--reuse", action="store_true",
                        help="take the outputs of the last run (build/executed/, kept by "
                             "the test suite and by this command) when no code cell has "
                             "changed since, instead of running the notebook again")
    args = parser.parse_args(argv)
    known = {path.stem: path for path in tutorials()}
    unknown = sorted(set(args.stems) - set(known))
    if unknown:
        parser.error(f"no notebook {unknown} in notebooks/; choose from {sorted(known)}")
    for stem in args.stems or sorted(known):
        start = time.perf_counter()
        notebook = reuse_executed(known[stem]) if args.reuse else None
        how = "outputs reused" if notebook else "executed"
        if notebook is None:
            notebook = execute(known[stem])
            keep_executed(notebook, stem)
        deck = write_deck(notebook, stem)
        print(f"{deck.relative_to(REPO_DIR)}  ({how}, {time.perf_counter() - start:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
