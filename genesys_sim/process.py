"""Run the simulator as a real process on a free loopback port and drive its control plane.

For the demo, ``make dev``, the tests and the benchmarks: they all talk to the simulator over HTTP,
exactly like a client talks to Genesys Cloud.
"""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]


@dataclass
class Sim:
    base_url: str
    process: subprocess.Popen
    scenario: str
    anchor: str
    orgs: list[dict] = field(default_factory=list)

    def org(self, key: str) -> dict:
        for org in self.orgs:
            if org["api_base_url"].endswith(f"/orgs/{key}"):
                return org
        raise KeyError(key)

    def control(self, method: str, path: str, body: dict | None = None):
        response = httpx.request(method, f"{self.base_url}{path}", json=body, timeout=30)
        response.raise_for_status()
        return response.json()

    def faults(self, org: str | None = None, **values) -> dict:
        body = dict(values)
        if org:
            body["org"] = org
        return self.control("POST", "/_sim/faults", body)

    def reset_faults(self) -> None:
        self.control("POST", "/_sim/faults", {"reset": True})

    def secrets(self) -> list[str]:
        """Every credential a client of this simulator holds: client secrets, their Basic headers'
        base64, and every bearer token and download signature issued so far."""
        import base64

        issued = self.control("GET", "/_sim/secrets")
        basic = [base64.b64encode(f"{o['client_id']}:{o['client_secret']}".encode()).decode() for o in self.orgs]
        return [o["client_secret"] for o in self.orgs] + basic + issued["tokens"] + issued["signatures"]

    def stats(self) -> dict:
        return self.control("GET", "/_sim/stats")["orgs"]

    def reset_stats(self) -> None:
        self.control("POST", "/_sim/stats")

    def republish(self, org: str, count: int = 1) -> list[dict]:
        return self.control("POST", "/_sim/republish", {"org": org, "count": count})

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()


def start_sim(scenario: str = "tiny", anchor: str | None = None, *extra: str, timeout: float = 60) -> Sim:
    """Start ``python -m genesys_sim serve`` on a free port; returns once it answers ``/_sim/orgs``."""
    anchor = anchor or datetime.now(UTC).date().isoformat()
    cmd = [
        sys.executable,
        "-m",
        "genesys_sim",
        "serve",
        "--scenario",
        scenario,
        "--port",
        "0",
        "--anchor-date",
        anchor,
        *extra,
    ]
    process = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    deadline = time.monotonic() + timeout
    seen = []
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            if process.poll() is not None:
                break
            continue
        seen.append(line)
        if line.startswith("READY "):
            # keep reading its output, or a chatty simulator would block on a full pipe
            threading.Thread(target=_drain, args=(process.stdout,), daemon=True).start()
            base_url = line.split()[1]
            sim = Sim(base_url, process, scenario, anchor)
            try:
                sim.orgs = sim.control("GET", "/_sim/orgs")
            except Exception:
                sim.stop()
                raise
            return sim
    process.kill()
    raise RuntimeError(f"simulator did not start: {''.join(seen)[-2000:]}")


def _drain(stream) -> None:
    for _ in stream:
        pass


def token(org: dict) -> str:
    response = httpx.post(
        f"{org['login_base_url']}/oauth/token",
        data={"grant_type": "client_credentials"},
        auth=(org["client_id"], org["client_secret"]),
        timeout=30,
    )
    response.raise_for_status()
    return response.json()["access_token"]
