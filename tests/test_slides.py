"""Slide decks: offline, fitting a 1280 x 720 screen, checked in a real browser.

The unit tests build decks from small notebooks. The browser tests open each tutorial's deck
(built from the copy the suite just executed, see the root ``conftest.py``) in headless
Chromium with every network request refused, and walk every screen. They skip, saying so,
where Chromium is not installed (Debian/Ubuntu: ``sudo apt install chromium``).
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import re
import sys
from dataclasses import asdict
from pathlib import Path

import matplotlib.pyplot as plt
import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from helpers import runtime, slides, slides_check

SESSION_REPORT = slides.SLIDES_DIR / "report.json"
MAX_TALL_SHARE = 0.10  # at most a tenth of a deck's screens may scroll


def _slide(cell, slide_type: str = "slide"):
    cell.metadata["slideshow"] = {"slide_type": slide_type}
    return cell


def _png(width_inches: float) -> str:
    fig, ax = plt.subplots(figsize=(width_inches, 2))
    ax.plot([0, 1], [0, 1])
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=100)
    plt.close(fig)
    return base64.b64encode(buffer.getvalue()).decode()


def _notebook(code: str = "x = 1", png: str | None = None) -> nbformat.NotebookNode:
    """A three-screen notebook: title, code with its output (and a figure), speaker notes."""
    code_cell = new_code_cell(code, execution_count=1)
    code_cell.outputs = [new_output("stream", name="stdout", text="42\n")]
    if png:
        code_cell.outputs.append(new_output("display_data", data={"image/png": png}))
    return new_notebook(cells=[
        _slide(new_markdown_cell("# 99 · A tiny deck\n\nSee [next](01_ml_framework.ipynb).")),
        _slide(new_markdown_cell("## The code"), "subslide"), _slide(code_cell, "-"),
        _slide(new_markdown_cell("Say this, do not show it."), "notes"),
    ])


def test_a_deck_asks_nothing_of_the_network():
    html = slides.export_deck(_notebook())
    external = re.findall(r"""(?:src|href)=["']?(?:https?:)?//|url\(["']?https?:|@import""",
                          html)
    assert not external, external
    assert "Reveal.initialize" in html and "RevealNotes" in html
    assert '<aside class="notes">' in html
    assert "<title>99 · A tiny deck</title>" in html


def test_a_link_to_another_tutorial_opens_its_deck():
    html = slides.export_deck(_notebook())
    assert 'href="01_ml_framework.slides.html"' in html
    assert 'href="01_ml_framework.ipynb"' not in html


def test_vendored_files_match_the_checksums_in_their_readme():
    readme = (slides.VENDOR_DIR.parent / "README.md").read_text(encoding="utf-8")
    listed = dict((name, digest) for digest, name in
                  re.findall(r"`([0-9a-f]{64})`\s*\|\s*`([^`]+)`", readme))
    assert set(listed) == {"dist/reveal.js", "dist/reveal.css", "dist/theme/white.css",
                           "plugin/notes/notes.js"}
    for name, digest in listed.items():
        assert hashlib.sha256((slides.VENDOR_DIR / name).read_bytes()).hexdigest() == digest


def test_jupyterlab_has_the_live_slides_extension():
    """``jupyterlab-rise`` adds View > Render as Reveal Slideshow, with reveal.js bundled."""
    extension = Path(sys.prefix) / "share" / "jupyter" / "labextensions" / "jupyterlab-rise"
    assert (extension / "package.json").exists(), f"not installed: {extension}"


@pytest.mark.parametrize("path", slides.tutorials(), ids=lambda path: path.stem)
def test_each_tutorial_sets_up_live_slides(path: Path):
    rise = nbformat.read(path, as_version=4).metadata.get("rise", {})
    assert rise.get("scroll") is True, "tall slides must scroll in RISE"
    assert rise.get("slideNumber") and rise.get("theme") == "white", rise
    assert rise.get("start_slideshow_at") == "beginning", rise


def test_figure_text_stays_legible_on_a_slide():
    pixels = runtime.FIGURE_STYLE["font.size"] * runtime.FIGURE_STYLE["figure.dpi"] / 72
    assert pixels * slides_check.MIN_FIGURE_SCALE >= 14, "smallest figure text, in px"


def test_the_browser_check_sees_cut_code_tall_screens_figures_and_logs(browser, tmp_path):
    tall_code = "\n".join(f"step_{i} = {i}" for i in range(40))
    wide = _notebook(code="x = '" + "a" * 150 + "'\n" + tall_code, png=_png(width_inches=20))
    wide.cells[2].outputs[0].text = "".join(f"epoch {i}\n" for i in range(30))
    report = slides_check.inspect_deck(browser, slides.write_deck(wide, "bad", tmp_path))
    assert report.screens == 2
    assert report.cut_right and report.too_tall and report.shrunk_figures, report
    assert report.long_outputs == ["1.2 (30 lines)"], report
    assert not report.refused_requests and not report.page_errors, report


def test_the_browser_check_refuses_and_reports_the_network(browser, tmp_path):
    online = _notebook()
    online.cells[1].source += "\n\n![a logo](https://example.org/logo.png)"
    report = slides_check.inspect_deck(browser, slides.write_deck(online, "web", tmp_path))
    assert report.refused_requests == ["https://example.org/logo.png"], report


def test_the_browser_check_passes_a_deck_that_fits(browser, tmp_path):
    fits = _notebook(png=_png(width_inches=6))
    report = slides_check.inspect_deck(browser, slides.write_deck(fits, "good", tmp_path))
    assert (report.screens, report.too_tall, report.cut_right) == (2, [], []), report
    assert not (report.without_text or report.notes_visible or report.shrunk_figures
                or report.long_outputs), report
    assert report.scale == pytest.approx(1.0), "a 1280 x 720 window shows screens unscaled"


def _executed(request, source: Path) -> nbformat.NotebookNode:
    """``source`` with the outputs the suite gave it in this session (or an earlier run)."""
    notebook = slides.reuse_executed(source)
    ran = any(Path(item.path) == source for item in request.session.items)
    if ran and notebook is None:
        pytest.fail(f"{source.name} ran in this session but left no copy in build/executed/")
    if notebook is None:
        pytest.skip(f"execute notebooks/{source.name} first (or run python -m helpers.slides)")
    return notebook


@pytest.mark.reads_results
@pytest.mark.parametrize("source", slides.tutorials(), ids=lambda path: path.stem)
def test_deck_fits_the_screen_offline(request, browser, source: Path):
    notebook = _executed(request, source)
    report = slides_check.inspect_deck(browser, slides.write_deck(notebook, source.stem))
    reports = json.loads(SESSION_REPORT.read_text()) if SESSION_REPORT.exists() else {}
    SESSION_REPORT.write_text(json.dumps({**reports, source.stem: asdict(report)}, indent=1))
    assert not report.refused_requests, f"asked the network for {report.refused_requests}"
    assert not report.page_errors, report.page_errors
    assert report.too_tall_share <= MAX_TALL_SHARE, f"screens taller than 720 px: " \
        f"{report.too_tall} of {report.screens}"
    assert not report.cut_right, f"cut on the right: {report.cut_right}"
    assert not report.notes_visible, f"speaker notes shown on {report.notes_visible}"
    assert not report.without_text, f"screens with no heading or prose: {report.without_text}"
    assert not report.shrunk_figures, f"figures shown smaller: {report.shrunk_figures}"
    assert not report.long_outputs, f"outputs too long for a slide: {report.long_outputs}"
