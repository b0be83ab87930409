"""The "rate a few movies" widget in a real JupyterLab, in headless Chromium, offline.

A temporary notebook builds the widget of ``helpers.widgets`` on a fake recommend function
(the tutorial's own model takes minutes to train; ``tests/test_widgets.py`` drives the same
objects in-process). JupyterLab serves it on a free local port; Chromium, with every
request outside that server refused, runs the cell, moves one slider and waits for the
table to change. Skips, saying so, where Chromium or playwright is missing (the session's
``browser`` fixture of ``tests/conftest.py``).
"""

from __future__ import annotations

import os
import re
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from helpers.paths import REPO_DIR

CODE = '''\
import pandas as pd
from helpers import widgets

TITLES = ["Alien (1979)", "Heat (1995)", "Titanic (1997)", "Toy Story (1995)"]


def recommend(profile):
    """Heat first once Alien has 3 stars or more, Titanic first before."""
    alien = profile.get("Alien (1979)", 0)
    order = ["Heat (1995)", "Titanic (1997)"][::1 if alien >= 3 else -1]
    return pd.DataFrame({"title": order, "predicted": [4.0, 3.0]},
                        index=pd.RangeIndex(1, 3, name="rank"))


widgets.rate_a_few(recommend, pd.DataFrame({"title": TITLES}), TITLES[:1],
                   initial={"Alien (1979)": 1.0})
'''
START_SECONDS = 60


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def jupyterlab(tmp_path: Path):
    """``(url of the notebook, token)`` served by a JupyterLab started for this test."""
    kernel = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(new_notebook(cells=[new_code_cell(CODE)],
                                metadata={"kernelspec": kernel}), tmp_path / "rate.ipynb")
    port, token = _free_port(), secrets.token_hex(16)
    log = (tmp_path / "jupyterlab.log").open("w")
    env = {**os.environ, "PYTHONPATH": str(REPO_DIR), "JUPYTER_RUNTIME_DIR":
           str(tmp_path / "runtime"), "JUPYTERLAB_WORKSPACES_DIR": str(tmp_path / "ws")}
    server = subprocess.Popen(
        [sys.executable, "-m", "jupyterlab", "--no-browser", f"--port={port}",
         "--ip=127.0.0.1", f"--IdentityProvider.token={token}",
         f"--ServerApp.root_dir={tmp_path}", "--LabApp.news_url=",
         "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
         "--LabApp.extension_manager=readonly", "--allow-root"],
        cwd=tmp_path, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + START_SECONDS
    while True:
        try:
            urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2)
            break
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                log.close()
                pytest.fail("JupyterLab did not start:\n"
                            + (tmp_path / "jupyterlab.log").read_text()[-2000:])
            time.sleep(0.5)
    yield f"{base}/lab/tree/rate.ipynb?token={token}", base
    server.terminate()
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.kill()
    log.close()


def _run_the_cell(page, tries: int = 3) -> None:
    """Run the notebook's one cell, pressing Ctrl+Enter again if JupyterLab missed it.

    A key pressed while the kernel's session is still connecting can be dropped (a
    full-suite run once waited 120 s for a table from a cell that never ran). The
    cell's prompt says whether it ran: ``[ ]`` never, ``[*]`` running, ``[1]`` done;
    any dialog that opened (the kernel picker) is accepted.
    """
    from playwright.sync_api import expect  # imported here: the module skips without it

    cell = page.locator(".jp-Notebook .jp-Cell").first
    cell.locator(".cm-content").click(timeout=45_000)
    page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']",
                           timeout=30_000)
    prompt = cell.locator(".jp-InputPrompt")
    for _ in range(tries):
        accept = page.locator(".jp-Dialog .jp-mod-accept")
        if accept.count():
            accept.first.click()
        cell.locator(".cm-content").click()
        page.keyboard.press("Control+Enter")  # run, and stay on the cell
        try:
            expect(prompt).to_have_text(re.compile(r"\[(\*|\d+)\]"), timeout=15_000)
            return
        except AssertionError:
            continue
    pytest.fail(f"the cell did not start after {tries} tries: its prompt reads "
                f"{prompt.inner_text()!r}")


def test_moving_a_slider_in_jupyterlab_changes_the_table(browser, jupyterlab):
    url, base = jupyterlab
    refused = []

    def only_local(route) -> None:
        if route.request.url.startswith(base):
            route.continue_()
        else:
            refused.append(route.request.url)
            route.abort()

    page = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        page.route("**/*", only_local)
        page.goto(url)
        _run_the_cell(page)
        table = page.locator(".rate-a-few-table").first
        table.wait_for(timeout=120_000)  # a cold kernel on a slow, busy CPU
        assert table.locator("tbody tr").first.inner_text().count("Titanic") == 1
        page.locator(".widget-slider .noUi-handle").first.focus()
        page.keyboard.press("End")  # 1 -> 5 stars
        page.wait_for_function(
            "document.querySelector('.rate-a-few-table tbody tr')"
            ".innerText.includes('Heat')", timeout=15_000)
    finally:
        page.close()
    assert not refused, f"asked the network for {refused}"
