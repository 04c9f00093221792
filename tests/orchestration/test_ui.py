"""The Dagster UI shows the lineage from each org's API assets to the reports, in a real browser."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from tests import browser
from tests.simproc import start_sim
from tests.warehouse import fast_extract, hub_env

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]
SCREENSHOT = ROOT / "reports" / "dagster_lineage.png"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_ui_shows_the_asset_graph_from_org_apis_to_marts(tmp_path):
    browser.require_chromium()
    sim = start_sim("tiny")
    port = _free_port()
    try:
        with hub_env(sim, tmp_path, fast_extract(), DAGSTER_HOME=str(tmp_path)):
            (tmp_path / "dagster.yaml").write_text((ROOT / "dagster.yaml").read_text())
            web = subprocess.Popen(
                [
                    str(Path(sys.executable).with_name("dagster-webserver")),
                    "-w",
                    str(ROOT / "workspace.yaml"),
                    "-h",
                    "127.0.0.1",
                    "-p",
                    str(port),
                ],
                cwd=ROOT,
                env=dict(os.environ),
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        try:
            base = f"http://127.0.0.1:{port}"
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline:
                try:
                    if httpx.get(f"{base}/server_info", timeout=2).status_code == 200:
                        break
                except httpx.HTTPError:
                    time.sleep(1)
            with browser.headless_page(1600, 1000) as page:
                page.goto(
                    f"{base}/assets/genesys/emea/schedule_activities?view=lineage&lineageScope=downstream"
                    "&lineageDepth=4",
                    wait_until="networkidle",
                    timeout=120_000,
                )
                skip = page.get_by_role("button", name="Skip")  # the first-visit community dialog
                if skip.count():
                    skip.first.click()
                page.get_by_text("fct_agent_day").first.wait_for(timeout=60_000)
                time.sleep(2)
                SCREENSHOT.parent.mkdir(exist_ok=True)
                page.screenshot(path=str(SCREENSHOT))
                lineage = page.inner_text("body")
        finally:
            web.terminate()
            web.wait(timeout=30)
    finally:
        sim.stop()
    # the org's API asset, its group, and every layer down to the marts and reports
    for shown in (
        "genesys_emea",
        "dbt_staging",
        "dbt_intermediate",
        "dbt_marts",
        "dbt_reports",
        "fct_agent_day",
        "dim_agent_account",
        "rpt_staffing_gap",
    ):
        assert shown in lineage, shown
    assert SCREENSHOT.stat().st_size > 20_000
