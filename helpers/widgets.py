"""Live "rate a few movies" controls: star sliders, a search box and a top-10 table.

The lesson's scoring stays in the notebook (a function ``{title: stars} -> table``); this
module only wires ipywidgets to it. Every change of a slider calls that function again and
redraws the table, which also says, for each recommended movie, the rated movies whose
trained vectors are closest to its own (cosine similarity), and how long the answer took.

Displayed in JupyterLab, :class:`RatingPanel` is a live widget. Its output also carries a
static HTML copy of the table (``text/html``): nbconvert's slide exporter prefers it to the
widget view, so the decks of ``helpers.slides`` show that snapshot instead of a widget no
kernel drives there (JupyterLab, the other way round, shows the live widget).

Used by: ``04_mf_history`` (section 7, "Rate a few movies").
"""

from __future__ import annotations

import html
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import ipywidgets as widgets
import numpy as np
import pandas as pd

from helpers.recommend import cosine_similarities

RecommendFunction = Callable[[dict], pd.DataFrame]
"""``recommend_for(profile)``: ``{title: stars}`` -> a table with a ``title`` column."""

NOT_RATED = 0.0
"""A slider at 0 stars: the movie is left out of the profile."""
ADDED_STARS = 4.0
"""The stars a movie added from the search box starts with."""
MAX_SUGGESTIONS = 3
"""Titles named when a search matches several movies."""


def short_title(title: str, width: int = 28) -> str:
    """``title`` cut to ``width`` characters (with an ellipsis), for a slider's label."""
    return title if len(title) <= width else title[: width - 1].rstrip() + "…"


def profile_of(stars_by_title: dict[str, float]) -> dict[str, float]:
    """The rated movies only: ``{title: stars}`` without the sliders left at 0 stars."""
    return {title: float(stars) for title, stars in stars_by_title.items()
            if stars > NOT_RATED}


def find_title(text: str, titles: Sequence[str]) -> tuple[str | None, str]:
    """The MovieLens title meant by a search, or None and one sentence saying why not.

    Args:
        text: what was typed: a whole title ("Heat (1995)", any case) or a part of one
            ("godfather") that only one title contains.
        titles: every title of the catalogue (``MovieLens.movies["title"]``).

    Returns:
        ``(title, "")`` when one title matches, else ``(None, message)``.
    """
    wanted = text.strip().lower()
    if not wanted:
        return None, "Type a title first, for example 'Heat (1995)'."
    exact = [title for title in titles if title.lower() == wanted]
    if exact:
        return exact[0], ""
    partial = sorted({title for title in titles if wanted in title.lower()})
    if len(partial) == 1:
        return partial[0], ""
    if not partial:
        return None, (f"No MovieLens title contains '{text.strip()}'; try part of a "
                      "title, for example 'shawshank'.")
    named = "; ".join(partial[:MAX_SUGGESTIONS])
    more = ", ..." if len(partial) > MAX_SUGGESTIONS else ""
    return None, (f"{len(partial)} titles contain '{text.strip()}' ({named}{more}): "
                  "type one of them in full.")


def closest_rated(
    vectors: np.ndarray,
    recommended: Sequence[int],
    rated: Sequence[int],
    titles: Sequence[str],
    k: int = 2,
) -> list[str]:
    """For each recommended movie, the ``k`` rated movies whose vectors are closest to it.

    Args:
        vectors: trained movie vectors, shape ``(num_movies, dim)``, row = movie index.
        recommended: movie indices of the recommended movies, shape ``(n,)``.
        rated: movie indices of the rated movies the explanation may name, shape ``(m,)``.
        titles: the title of every movie, by movie index.
        k: how many rated movies to name (fewer when fewer are rated).

    Returns:
        One string per recommended movie, e.g. ``"Alien (1979), Matrix, The (1999)"``,
        closest first (cosine similarity); ``""`` when nothing is rated.
    """
    rated = list(rated)
    if not rated:
        return ["" for _ in recommended]
    similarity = np.stack([cosine_similarities(vectors, index) for index in rated])
    order = np.argsort(-similarity[:, list(recommended)], axis=0, kind="stable")
    return [", ".join(titles[rated[row]] for row in order[:k, column])
            for column in range(len(recommended))]


def table_html(table: pd.DataFrame) -> str:
    """A recommendation table as a small HTML table (index: rank), for the widget.

    Wrapped in JupyterLab's class for rendered HTML, so it gets the look of a DataFrame.
    """
    rows = table.to_html(float_format=lambda x: f"{x:.2f}", border=0,
                         index_names=False, classes="rate-a-few-table")
    rows = rows.replace("<table ", '<table style="margin-left: 0" ', 1)  # not centred
    return f'<div class="jp-RenderedHTMLCommon">{rows}</div>'


@dataclass(repr=False)
class RatingPanel:
    """The live controls: one star slider per movie, a search box, the top-n table.

    Attributes:
        recommend: the notebook's ``recommend_for``: ``{title: stars}`` -> a table indexed
            by rank with ``title`` and a score column.
        titles: every title of the catalogue, by movie index (``movies["title"]``).
        vectors: trained movie vectors ``(num_movies, dim)`` for the "because you rated"
            column, or None to leave it out.
        liked: a rated movie is named in that column only from this many stars up (all rated
            movies when none reach it).
        sliders: ``{title: FloatSlider}``: 0 = not rated, else 0.5-5 stars.
        search, add, message, status, table: the other widgets; ``table.value`` is HTML.
        seconds: how long the last update took (scoring and table), in seconds.
    """

    recommend: RecommendFunction
    titles: list[str]
    vectors: np.ndarray | None = None
    liked: float = 3.5
    sliders: dict[str, widgets.FloatSlider] = field(default_factory=dict)
    search: widgets.Text = field(default_factory=lambda: widgets.Text(
        placeholder="add a movie: type part of its title, press Enter",
        continuous_update=False, layout=widgets.Layout(width="420px")))
    add: widgets.Button = field(default_factory=lambda: widgets.Button(
        description="add", layout=widgets.Layout(width="70px")))
    message: widgets.HTML = field(default_factory=widgets.HTML)
    status: widgets.HTML = field(default_factory=widgets.HTML)
    table: widgets.HTML = field(default_factory=widgets.HTML)
    seconds: float = float("nan")
    last_table: pd.DataFrame | None = None

    def __post_init__(self) -> None:
        self._grid = widgets.GridBox(layout=widgets.Layout(
            grid_template_columns="repeat(2, 420px)"))
        self.box = widgets.VBox([self._grid, widgets.HBox([self.search, self.add]),
                                 self.message, self.status, self.table])
        self._index: dict[str, int] = {}
        for position, title in enumerate(self.titles):
            self._index.setdefault(title.lower(), position)
        self.search.observe(lambda change: self.add_title(change["new"]), names="value")
        self.add.on_click(lambda _: self.add_title(self.search.value))

    def add_slider(self, title: str, stars: float = NOT_RATED) -> widgets.FloatSlider:
        """A new 0-5 star slider for ``title`` (0: not rated), re-scoring on every move."""
        slider = widgets.FloatSlider(
            value=stars, min=NOT_RATED, max=5.0, step=0.5, continuous_update=False,
            description=short_title(title), tooltip=title, readout_format=".1f",
            style={"description_width": "200px"}, layout=widgets.Layout(width="410px"))
        slider.observe(lambda _: self.refresh(), names="value")
        self.sliders[title] = slider
        self._grid.children = list(self._grid.children) + [slider]
        return slider

    def profile(self) -> dict[str, float]:
        """The profile the sliders show: ``{title: stars}``, movies at 0 left out."""
        return profile_of({title: s.value for title, s in self.sliders.items()})

    def add_title(self, text: str) -> bool:
        """Add the movie a search names (at ``ADDED_STARS``); False and a message if none."""
        if not text.strip():
            return False
        title, problem = find_title(text, self.titles)
        if title is None:
            self.message.value = html.escape(problem, quote=False)
            return False
        self.message.value = ""
        if title in self.sliders:
            self.sliders[title].value = self.sliders[title].value or ADDED_STARS
        else:
            self.add_slider(title, ADDED_STARS)
            self.refresh()
        self.search.value = ""
        return True

    def explained(self, table: pd.DataFrame, profile: dict[str, float]) -> pd.DataFrame:
        """``table`` with a "because you rated" column (see :func:`closest_rated`)."""
        if self.vectors is None:
            return table
        index = self._index
        liked = [t for t, stars in profile.items() if stars >= self.liked] or list(profile)
        because = closest_rated(self.vectors, [index[t.lower()] for t in table["title"]],
                                [index[t.lower()] for t in liked], self.titles)
        return table.assign(**{"because you rated": because})

    def shown(self, table: pd.DataFrame) -> pd.DataFrame:
        """The columns the widget shows: all but ``genres`` (so the table fits a slide)."""
        return table.drop(columns=["genres"], errors="ignore")

    def refresh(self) -> pd.DataFrame | None:
        """Score the profile again and redraw the table; None (and a message) if it fails."""
        profile = self.profile()
        if not profile:
            self.message.value = "Rate at least one movie: move a slider above 0."
            return None
        start = time.perf_counter()
        try:
            table = self.explained(self.shown(self.recommend(profile)), profile)
        except (TypeError, ValueError) as error:
            self.message.value = html.escape(str(error), quote=False)
            return None
        self.seconds = time.perf_counter() - start
        self.last_table = table
        self.message.value = ""
        movies = "movie" if len(profile) == 1 else "movies"
        self.status.value = (f"<i>top {len(table)} for {len(profile)} rated {movies}, "
                             f"updated in {self.seconds:.2f} s, no retraining</i>")
        self.table.value = table_html(table)
        return table

    def snapshot_html(self) -> str:
        """A static copy of the current table and status, for the slide deck."""
        return f"<div>{self.status.value}</div>{self.table.value}"

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict:
        """The live widget, plus a static ``text/html`` copy for a deck or a viewer."""
        bundle = self.box._repr_mimebundle_(include=include, exclude=exclude) or {}
        plain = ("rate-a-few widget (run the notebook to use it)" if self.last_table is None
                 else self.last_table.to_string())
        return {**bundle, "text/plain": plain, "text/html": self.snapshot_html()}


def rate_a_few(
    recommend: RecommendFunction,
    movies: pd.DataFrame,
    titles: Sequence[str],
    initial: dict[str, float] | None = None,
    vectors: np.ndarray | None = None,
) -> RatingPanel:
    """Star sliders for ``titles``, a search box, and the live top-n table.

    Args:
        recommend: the notebook's ``recommend_for``: ``{title: stars}`` -> table indexed by
            rank with a ``title`` column; it raises TypeError or ValueError on bad input.
        movies: one row per movie in ``movie_index`` order (``MovieLens.movies``).
        titles: the movies that get a slider from the start (exact MovieLens titles).
        initial: their starting stars ``{title: stars}`` (others start at 0, not rated).
        vectors: trained movie vectors ``(num_movies, dim)`` for the "because you rated"
            column (cosine similarity), or None.

    Returns:
        The panel, already scored once; display it (the last line of a cell).
    """
    catalogue = movies["title"].tolist()
    unknown = sorted(set(titles) - set(catalogue))
    if unknown:
        raise ValueError(f"not MovieLens titles: {unknown}")
    panel = RatingPanel(recommend, catalogue, vectors)
    for title in titles:
        panel.add_slider(title, (initial or {}).get(title, NOT_RATED))
    panel.refresh()
    return panel
