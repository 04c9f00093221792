"""Requests per second the simulator serves for a 100-user page and a ~500-row schedule page.

Two client threads with keep-alive connections hammer one endpoint for a few seconds each (the
machine has two cores: one for the simulator, one for the clients). Run: ``python bench/sim_throughput.py``.
"""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path

import httpx

from tests.simproc import start_sim, token

ROOT = Path(__file__).resolve().parents[1]

WFM = "/api/v2/workforcemanagement"


def measure(call, seconds: float = 5.0, threads: int = 2) -> float:
    counts = [0] * threads
    stop = time.monotonic() + seconds

    def worker(i):
        while time.monotonic() < stop:
            response = call()
            assert response.status_code == 200, response.text[:200]
            counts[i] += 1

    pool = [threading.Thread(target=worker, args=(i,)) for i in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    return sum(counts) / seconds


def main() -> None:
    sim = start_sim("demo", "2026-11-23", "--rate-limit", "1000000")
    try:
        org = sim.org("emea")
        client = httpx.Client(base_url=org["api_base_url"], headers={"Authorization": f"Bearer {token(org)}"})
        bu = client.get(f"{WFM}/businessunits").json()["entities"][0]["id"]
        mu = client.get(f"{WFM}/businessunits/{bu}/managementunits").json()["entities"][0]["id"]
        week = "2026-11-09"
        schedule = client.get(f"{WFM}/businessunits/{bu}/weeks/{week}/schedules").json()["entities"][0]["id"]
        users = [u["id"] for u in client.get(f"{WFM}/managementunits/{mu}/users").json()["entities"]]
        path = f"{WFM}/businessunits/{bu}/weeks/{week}/schedules/{schedule}/agentschedules/query"
        chosen, rows = [], 0
        for user in users:  # enough agents for ~500 activity rows in one answer
            answer = client.post(path, json={"managementUnitId": mu, "userIds": [user]}).json()
            rows += sum(len(s["activities"]) for a in answer["result"]["agentSchedules"] for s in a["shifts"])
            chosen.append(user)
            if rows >= 500:
                break
        results = {
            "users_page_100_rps": measure(lambda: client.get("/api/v2/users", params={"pageSize": 100})),
            "schedule_query_rows": rows,
            "schedule_query_rps": measure(lambda: client.post(path, json={"managementUnitId": mu, "userIds": chosen})),
        }
        print(json.dumps(results, indent=2))
    finally:
        sim.stop()


if __name__ == "__main__":
    main()
