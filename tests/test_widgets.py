"""The "rate a few movies" widget, driven in-process with a fake recommend function."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from helpers import widgets

TITLES = ["Alien (1979)", "Heat (1995)", "Toy Story (1995)", "Toy Story 2 (1999)",
          "Titanic (1997)", "Godfather, The (1972)"]
MOVIES = pd.DataFrame({"movieId": range(1, 7), "title": TITLES, "genres": "Drama"})
VECTORS = np.array([[1.0, 0.0], [0.9, 0.1], [0.0, 1.0], [0.1, 0.9], [-1.0, 0.0],
                    [0.8, -0.2]])


def fake_recommend(profile: dict, n: int = 3) -> pd.DataFrame:
    """Unrated movies, best first: more stars for Alien puts Heat first."""
    if any(title not in TITLES for title in profile):
        raise ValueError(f"unknown movie {sorted(profile)[0]!r}.")
    alien = profile.get("Alien (1979)", 0.0)
    scores = {title: (alien if title == "Heat (1995)" else 2.5) + 0.01 * i
              for i, title in enumerate(TITLES) if title not in profile}
    best = sorted(scores, key=scores.get, reverse=True)[:n]
    table = pd.DataFrame({"title": best, "predicted": [scores[t] for t in best]})
    table.index = pd.RangeIndex(1, len(table) + 1, name="rank")
    return table


def panel(**initial) -> widgets.RatingPanel:
    return widgets.rate_a_few(fake_recommend, MOVIES, TITLES[:3],
                              initial={"Alien (1979)": 1.0}, vectors=VECTORS)


def test_moving_a_slider_updates_the_table():
    rate = panel()
    before = rate.table.value
    assert rate.last_table["title"].iloc[0] != "Heat (1995)"
    rate.sliders["Alien (1979)"].value = 5.0
    assert rate.table.value != before
    assert rate.last_table["title"].iloc[0] == "Heat (1995)"
    assert "Heat (1995)" in rate.table.value and rate.message.value == ""
    assert rate.seconds < 1.0 and "updated in" in rate.status.value


def test_unrated_sliders_stay_out_of_the_profile():
    rate = panel()
    assert rate.profile() == {"Alien (1979)": 1.0}
    rate.sliders["Heat (1995)"].value = 3.5
    assert rate.profile() == {"Alien (1979)": 1.0, "Heat (1995)": 3.5}
    assert "Heat (1995)" not in set(rate.last_table["title"])


def test_no_rating_at_all_asks_for_one():
    rate = panel()
    rate.sliders["Alien (1979)"].value = 0.0
    assert rate.message.value.startswith("Rate at least one movie")


def test_the_search_box_adds_a_movie_by_part_of_its_title():
    rate = panel()
    rate.search.value = "godfather"
    assert "Godfather, The (1972)" in rate.sliders
    assert rate.sliders["Godfather, The (1972)"].value == widgets.ADDED_STARS
    assert rate.profile()["Godfather, The (1972)"] == widgets.ADDED_STARS
    assert rate.search.value == "" and rate.message.value == ""


@pytest.mark.parametrize("text, says", [("Jaws", "No MovieLens title contains 'Jaws'"),
                                        ("toy story", "2 titles contain 'toy story'")])
def test_an_unknown_or_ambiguous_title_gets_one_sentence(text, says):
    rate = panel()
    table = rate.table.value
    rate.search.value = text
    assert rate.message.value.startswith(says), rate.message.value
    assert rate.message.value.count(". ") == 0 and "Traceback" not in rate.message.value
    assert set(rate.sliders) == set(TITLES[:3]) and rate.table.value == table


def test_an_error_of_the_recommend_function_becomes_the_message():
    def refuse(profile):
        raise ValueError("stars must lie between 0.5 and 5.")

    rate = widgets.rate_a_few(refuse, MOVIES, TITLES[:2], initial={"Heat (1995)": 3})
    assert rate.message.value == "stars must lie between 0.5 and 5."
    assert rate.last_table is None


def test_the_table_names_the_closest_rated_movies():
    rate = panel()
    rate.sliders["Toy Story (1995)"].value = 4.0
    because = dict(zip(rate.last_table["title"], rate.last_table["because you rated"],
                       strict=True))
    assert because["Toy Story 2 (1999)"].startswith("Toy Story (1995)")
    assert "because you rated" in rate.table.value


def test_closest_rated_orders_by_cosine_similarity():
    named = widgets.closest_rated(VECTORS, [1, 3], [0, 2, 4], TITLES, k=2)
    assert named == ["Alien (1979), Toy Story (1995)", "Toy Story (1995), Alien (1979)"]
    assert widgets.closest_rated(VECTORS, [1], [], TITLES) == [""]


def test_find_title_and_short_title():
    assert widgets.find_title(" heat (1995) ", TITLES) == ("Heat (1995)", "")
    assert widgets.find_title("", TITLES)[0] is None
    assert widgets.short_title("A" * 40, 10) == "A" * 9 + "…"
    assert widgets.profile_of({"a": 0.0, "b": 2}) == {"b": 2.0}


def test_unknown_slider_titles_are_refused():
    with pytest.raises(ValueError, match="not MovieLens titles"):
        widgets.rate_a_few(fake_recommend, MOVIES, ["Jaws (1975)"])


def test_the_display_carries_a_static_table_for_the_slides():
    bundle = panel()._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert "<table" in bundle["text/html"] and "Heat (1995)" not in bundle["text/plain"]
    assert "because you rated" in bundle["text/html"]


def test_the_slide_deck_shows_the_snapshot_not_a_dead_widget():
    from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

    from helpers import slides

    cell = new_code_cell("rate", execution_count=1)
    cell.outputs = [new_output("execute_result", data=panel()._repr_mimebundle_(),
                               execution_count=1)]
    deck = slides.export_deck(new_notebook(cells=[new_markdown_cell("# 99 · Deck"), cell]))
    assert "rate-a-few-table" in deck and "because you rated" in deck
    assert "widget-view+json" not in deck
