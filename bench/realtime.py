"""``make bench`` stage ``realtime``: the adherence stream's event-to-warehouse latency, and its requests per
hour against polling every 5 minutes, on the demo orgs.

``measure(spec)`` runs in its own process (``python -m bench.realtime '<json>'``, last stdout line JSON)
with the environment of a private installation pointed at a demo simulator:

1. **Polling**: one snapshot of every org as ``realtime_snapshot`` takes it (``pipelines.run`` with the
   ``realtime_adherence`` resource), its requests per org counted by the simulator; x 12 per hour.
2. **Steady**: the simulator's clock runs at wall-clock speed from a weekday 13:00 UTC (EMEA afternoon,
   AMER morning: about 1,200 adherence events an hour over 731 agents, at whole minutes) while the stream
   (``wfm-hub listen``'s ``StreamService``, in this process) loads them; its requests after the start are
   counted, and per hour add the subscription check (every ``verify_seconds`` per channel).
3. **Storm**: the clock runs ``storm_rate`` times faster: an hour of events a minute.

Latency = when the load that carried an event committed (the writer's callback) minus when the simulator
emitted it. Emission is exact for the events that announce a new adherence state: the change's minute
(``adherenceChangeTime``) mapped back to wall time through the clock's runs (the same definition as
``fct_adherence_event.event_lag_seconds``, which uses the write's start instead of its commit). At
wall-clock speed every other event (routing, presence) was emitted at the last whole minute before it was
received, so the steady phase measures every event; the storm, the announcing ones. The simulator emits
at its first 0.1 s tick after a minute: up to 0.1 s of each figure is the simulator's.
"""

from __future__ import annotations

import json
import statistics
import sys
import threading
import time
from datetime import UTC, datetime

import httpx

START = "2026-11-23T13:00:00.000Z"  # a Monday at the anchor the bench uses
PROFILES = {
    "standard": {"steady_s": 600, "storm_s": 60, "storm_rate": 60},
    "smoke": {"steady_s": 60, "storm_s": 15, "storm_rate": 60},
}


def _parse(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


class Clock:
    """The simulator's clock runs: (simulated start, wall start, rate) per run, to map a simulated moment back
    to when the simulator published it."""

    def __init__(self, base_url: str):
        self.base, self.runs = base_url, []

    def run(self, rate: float, now: str | None = None) -> None:
        before = time.time()
        answer = httpx.post(f"{self.base}/_sim/realtime", json={"rate": rate, **({"now": now} if now else {})}).json()
        wall = (before + time.time()) / 2
        self.runs.append((_parse(answer["now"]), wall, rate))

    def locate(self, moment: datetime) -> tuple[float, float] | None:
        """(wall time the simulator published a change at ``moment``, the rate the clock ran at then)."""
        for sim_start, wall_start, rate in reversed(self.runs):
            if moment >= sim_start:
                return (wall_start + (moment - sim_start).total_seconds() / rate, rate) if rate else None
        return None

    def minute_before(self, received: datetime) -> float | None:
        """At wall-clock speed only: when the simulator published the change a message received at ``received``
        carries, i.e. the last whole simulated minute before it (changes happen only at whole minutes, and a
        message arrives well within a minute of its publication)."""
        for sim_start, wall_start, rate in reversed(self.runs):
            if received.timestamp() >= wall_start:
                if rate != 1.0:
                    return None
                moment = sim_start + (received - datetime.fromtimestamp(wall_start, UTC))
                minute = moment.replace(second=0, microsecond=0)
                return wall_start + (minute - sim_start).total_seconds() if minute >= sim_start else None
        return None


def _percentiles(values: list[float]) -> dict:
    if not values:
        return {"events": 0}
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
    return {"events": len(values), "p50_s": round(statistics.median(ordered), 3), "p95_s": round(p95, 3),
            "max_s": round(ordered[-1], 3)}  # fmt: skip


def _requests(base: str) -> dict[str, int]:
    return {k: v["requests"] for k, v in httpx.get(f"{base}/_sim/stats").json()["orgs"].items()}


def measure(spec: dict) -> dict:
    from pipelines.realtime.rows import StreamOptions
    from pipelines.realtime.service import StreamService
    from pipelines.run import run

    base, profile = spec["sim"], PROFILES[spec.get("profile", "standard")]
    httpx.post(f"{base}/_sim/clock", json={"now": START})
    httpx.post(f"{base}/_sim/stats")
    polled = run(resources=["realtime_adherence"], snapshot_at=datetime.now(UTC).isoformat())
    assert not polled.failed, [r.error for r in polled.failed]
    per_poll = _requests(base)

    clock, lags = Clock(base), {"steady": [], "storm": []}
    last_change: dict[tuple[str, str], str] = {}
    lock = threading.Lock()

    def committed(org_key: str, rows: list[dict], at: datetime) -> None:
        with lock:
            for row in rows:
                key, change = (org_key, row["user_id"]), row["adherence_change_time"]
                previous, last_change[key] = last_change.get(key), change
                if row["source"] != "notification" or previous is None:
                    continue
                if previous != change:  # announces a new adherence state: emitted at its change, exactly
                    found = clock.locate(_parse(change))
                    if found is not None:
                        lags["steady" if found[1] == 1.0 else "storm"].append(at.timestamp() - found[0])
                elif (emitted := clock.minute_before(row["received_at"])) is not None:
                    lags["steady"].append(at.timestamp() - emitted)

    options = StreamOptions()
    httpx.post(f"{base}/_sim/stats")
    service = StreamService(options=options, on_committed=committed).start()
    try:
        deadline = time.monotonic() + 120
        while not all(s.state == "streaming" for s in service.streams.values()) or service.writer.pending():
            if time.monotonic() > deadline:
                raise SystemExit(f"the stream did not start: {[(k, s.reason) for k, s in service.streams.items()]}")
            time.sleep(0.5)
        time.sleep(3)  # the start's repair snapshots are loaded
        setup = _requests(base)
        httpx.post(f"{base}/_sim/stats")
        events_before = {k: s.counts["events"] for k, s in service.streams.items()}
        clock.run(1.0)
        time.sleep(profile["steady_s"])
        steady_requests = _requests(base)
        steady_events = {k: s.counts["events"] - events_before[k] for k, s in service.streams.items()}
        clock.run(profile["storm_rate"])
        time.sleep(profile["storm_s"])
        clock.run(0)
        time.sleep(5)  # the storm's last loads
        storm_events = {k: s.counts["events"] - events_before[k] - steady_events[k] for k, s in service.streams.items()}
        channels = {k: len(s.channels) for k, s in service.streams.items()}
    finally:
        service.stop()
    hours = profile["steady_s"] / 3600
    return {
        "profile": spec.get("profile", "standard"),
        "orgs": sorted(per_poll),
        "steady_s": profile["steady_s"],
        "storm_s": profile["storm_s"],
        "storm_rate": profile["storm_rate"],
        "events_per_minute": {k: round(v / (profile["steady_s"] / 60), 1) for k, v in steady_events.items()},
        "storm_events": storm_events,
        "latency_steady": _percentiles(lags["steady"]),
        "latency_storm": _percentiles(lags["storm"]),
        "polling_requests_per_snapshot": per_poll,
        "polling_requests_per_hour": {k: v * 12 for k, v in per_poll.items()},
        "stream_setup_requests": setup,
        "stream_requests_per_hour": {
            k: round(steady_requests.get(k, 0) / hours + channels[k] * 3600 / options.verify_seconds, 1)
            for k in per_poll
        },
        "writer": service.writer.stats,
    }


def render_section(result: dict) -> str:
    """The section of docs/benchmarks.md between its markers."""
    orgs = result["orgs"]
    rows = [
        f"| {org} | {result['events_per_minute'].get(org, 0)} | {result['stream_setup_requests'].get(org, 0)} | "
        f"{result['stream_requests_per_hour'][org]} | {result['polling_requests_per_snapshot'][org]} | "
        f"{result['polling_requests_per_hour'][org]} |"
        for org in orgs
    ]
    steady, storm = result["latency_steady"], result["latency_storm"]
    return "\n".join(
        [
            f"Measured {result['measured']} on the demo orgs (profile `{result['profile']}`): "
            f"{result['steady_s'] // 60} minutes at wall-clock speed from a weekday 13:00 UTC, then "
            f"{result['storm_s']} s at {result['storm_rate']}x (an hour of events a minute).",
            "",
            "| phase | events measured | p50 | p95 | max |",
            "|---|---|---|---|---|",
            f"| steady | {steady['events']:,} | {steady.get('p50_s', '-')} s | {steady.get('p95_s', '-')} s | "
            f"{steady.get('max_s', '-')} s |",
            f"| storm | {storm['events']:,} | {storm.get('p50_s', '-')} s | {storm.get('p95_s', '-')} s | "
            f"{storm.get('max_s', '-')} s |",
            "",
            "| org | events / min (steady) | stream: start requests | stream: requests / hour | "
            "polling: requests / snapshot | polling every 5 min: requests / hour |",
            "|---|---|---|---|---|---|",
            *rows,
            "",
            f"Writer: {result['writer']['loads']:,} loads, {result['writer']['rows']:,} rows, "
            f"{result['writer']['load_seconds']:.1f} s loading, {result['writer']['failed_loads']} failed.",
        ]
    )


START_MARK, END_MARK = "<!-- bench:realtime:start -->", "<!-- bench:realtime:end -->"


def render(result: dict, doc) -> None:
    text = doc.read_text()
    if START_MARK not in text:
        text += f"\n## Real-time adherence: pushed vs polled\n\n{START_MARK}\n{END_MARK}\n"
    head, _, rest = text.partition(START_MARK)
    _, _, tail = rest.partition(END_MARK)
    doc.write_text(f"{head}{START_MARK}\n{render_section(result)}\n{END_MARK}{tail}")


if __name__ == "__main__":
    result = measure(json.loads(sys.argv[1]))
    print(json.dumps({**result, "measured": datetime.now(UTC).isoformat(timespec="seconds")}, default=str))
