"""Look at a slide deck as the room will: every screen, in headless Chromium, offline.

``python -m helpers.slides_check`` opens each deck of ``build/slides/`` at 1280 x 720 with
every network request refused, shows every screen with all its fragments, and reports per
deck: screens, screens taller than the window, screens with something cut on the right,
screens with no heading or prose, visible speaker notes, shrunk figures, printed outputs
too long for a slide (training logs), and the requests it refused.
``tests/test_slides.py`` asserts on the same report.

Needs Chromium (Debian/Ubuntu: ``sudo apt install chromium``; or set ``CHROMIUM`` to the
browser's path) and the ``playwright`` package, which drives it.

Used by: ``tests/test_slides.py``; instructors and contributors fitting a deck.
"""

from __future__ import annotations

import os
import shutil
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from helpers.slides import SCREEN_HEIGHT, SCREEN_WIDTH, SLIDES_DIR

MIN_FIGURE_SCALE = 0.85
"""A figure shown at less than this share of its natural width counts as shrunk."""
MAX_OUTPUT_LINES = 12
"""A printed output longer than this (a training log) does not belong on a slide."""
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"]

_WALK_SCREENS = """
async ([height, minScale, maxLines]) => {
  const frame = () => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
  const cutOnTheRight = (screen) => {
    const right = screen.getBoundingClientRect().right + 2;
    return [...screen.querySelectorAll("*")].filter(el => {
      if (el.closest("aside.notes")) return false;
      const style = getComputedStyle(el);
      const clips = ["auto", "scroll", "hidden"].includes(style.overflowX);
      return (clips && el.scrollWidth > el.clientWidth + 2)
        || el.getBoundingClientRect().right > right;
    }).map(el => el.tagName.toLowerCase() + "." + [...el.classList].join("."));
  };
  const screens = [];
  for (const screen of Reveal.getSlides()) {
    const {h, v} = Reveal.getIndices(screen);
    const fragments = screen.querySelectorAll(".fragment").length;
    Reveal.slide(h, v, fragments ? 999 : undefined);  // every fragment shown
    await frame();
    const text = [...screen.querySelectorAll("h1, h2, h3, h4, p, li")]
      .filter(el => !el.closest("aside.notes") && el.innerText.trim()).length;
    const notes = [...screen.querySelectorAll("aside.notes")]
      .filter(el => el.getClientRects().length > 0).length;
    const shrunk = [...screen.querySelectorAll("img")]
      .filter(img => img.naturalWidth && img.clientWidth < minScale * img.naturalWidth)
      .map(img => `${img.clientWidth}/${img.naturalWidth} px`);
    const long = [...screen.querySelectorAll(".jp-OutputArea-output pre")]
      .filter(pre => !pre.closest("aside.notes"))
      .map(pre => pre.innerText.trimEnd().split("\\n").length)
      .filter(lines => lines > maxLines);
    screens.push({index: `${h + 1}.${v + 1}`, height: screen.scrollHeight,
                  tall: screen.scrollHeight > height, cut: cutOnTheRight(screen),
                  has_text: text > 0, notes_visible: notes, shrunk_figures: shrunk,
                  long_outputs: long});
  }
  return {screens, scale: Reveal.getScale()};
}
"""
"""Shows every screen of the deck in turn (its fragments all shown) and measures it."""


@dataclass
class DeckReport:
    """What :func:`inspect_deck` saw in one deck (heights in CSS pixels at 1280 x 720)."""

    deck: str
    screens: int
    too_tall: list[str] = field(default_factory=list)      # "3.2 (1,104 px)"
    cut_right: list[str] = field(default_factory=list)     # "5.1: pre.highlight"
    without_text: list[str] = field(default_factory=list)  # screens with no heading/prose
    notes_visible: list[str] = field(default_factory=list)
    shrunk_figures: list[str] = field(default_factory=list)
    long_outputs: list[str] = field(default_factory=list)  # "8.2 (31 lines)"
    refused_requests: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    scale: float = 0.0
    seconds: float = 0.0

    @property
    def too_tall_share(self) -> float:
        """Share of the screens taller than the window (0 to 1)."""
        return len(self.too_tall) / max(self.screens, 1)


def find_chromium() -> str | None:
    """The Chromium executable: ``$CHROMIUM``, else ``chromium`` on the PATH, else None."""
    return os.environ.get("CHROMIUM") or shutil.which("chromium")


def launch_browser(playwright, executable: str):
    """Headless Chromium at ``executable``, with the flags a closed network needs."""
    return playwright.chromium.launch(executable_path=executable, headless=True,
                                      args=CHROMIUM_FLAGS)


def inspect_deck(browser, deck: Path) -> DeckReport:
    """Open ``deck`` offline at 1280 x 720, walk every screen and report what it saw."""
    start = time.perf_counter()
    page = browser.new_page(viewport={"width": SCREEN_WIDTH, "height": SCREEN_HEIGHT})
    refused, errors = [], []

    def only_local_files(route) -> None:
        """Let the deck read files; refuse, and note, anything it asks of a network."""
        if route.request.url.startswith("file:"):
            route.continue_()
        else:
            refused.append(route.request.url)
            route.abort()

    page.route("**/*", only_local_files)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(deck.resolve().as_uri())
    page.wait_for_function("window.Reveal && Reveal.isReady()", timeout=15_000)
    seen = page.evaluate(_WALK_SCREENS, [SCREEN_HEIGHT, MIN_FIGURE_SCALE, MAX_OUTPUT_LINES])
    page.close()
    screens = seen["screens"]
    return DeckReport(
        deck=deck.name, screens=len(screens),
        too_tall=[f"{s['index']} ({s['height']:,} px)" for s in screens if s["tall"]],
        cut_right=[f"{s['index']}: {', '.join(sorted(set(s['cut'])))}"
                   for s in screens if s["cut"]],
        without_text=[s["index"] for s in screens if not s["has_text"]],
        notes_visible=[s["index"] for s in screens if s["notes_visible"]],
        shrunk_figures=[f"{s['index']}: {f}" for s in screens for f in s["shrunk_figures"]],
        long_outputs=[f"{s['index']} ({n} lines)" for s in screens for n in s["long_outputs"]],
        refused_requests=refused, page_errors=errors, scale=seen["scale"],
        seconds=time.perf_counter() - start)


def main() -> int:
    """Print one line per deck of ``build/slides/`` and the details of what is wrong."""
    from playwright.sync_api import sync_playwright

    executable = find_chromium()
    decks = sorted(SLIDES_DIR.glob("*.slides.html"))
    if not executable or not decks:
        print("Needs Chromium (sudo apt install chromium) and decks: python -m helpers.slides")
        return 1
    with sync_playwright() as playwright:
        browser = launch_browser(playwright, executable)
        for deck in decks:
            report = inspect_deck(browser, deck)
            print(f"{report.deck:40} {report.screens:3} screens · {len(report.too_tall)} tall"
                  f" · {len(report.cut_right)} cut · {report.seconds:.1f} s")
            for name, value in asdict(report).items():
                if isinstance(value, list) and value:
                    print(f"    {name}: {value}")
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
