"""Service goals and the staffing requirement a short-term forecast implies, per planning group and interval.

Genesys does not publish how WFM turns a forecast into a staffing requirement (and says it is not plain
Erlang C). This is the simulator's stand-in, chosen to behave the way planners see it behave:

- **immediate media** (voice, callback, chat, message): the fewest agents whose Erlang C service level
  reaches the goal on the traffic that stays in queue (offered x AHT / interval, net of the contacts
  expected to abandon), chat and messages handled ``CONCURRENCY`` at a time;
- **deferred media** (email, work items): the work arriving within the goal's answer time, spread over
  it: a rolling mean of the workload over the goal window (an email answered within 4 hours need not be
  staffed in the quarter hour it arrives).

Ground truth (``genesys_sim.truth``) and the staffing-requirement route both call ``requirement``.
"""

from __future__ import annotations

import math

from .catalog import SERVICE_GOALS
from .volume import ABANDON_RATE, INTERVAL

IMMEDIATE = ("Voice", "Callback", "Chat", "Message")
CONCURRENCY = {"Chat": 2, "Message": 2}
INTERVAL_SECONDS = INTERVAL.total_seconds()


def erlang_c_agents(traffic: float, aht: float, answer_seconds: float, target: float) -> int:
    """The smallest n > traffic with 1 - C(n) exp(-(n - A) t / AHT) >= target (Erlang B recursion)."""
    if traffic <= 0:
        return 0
    n, erlang_b = 1, traffic / (1 + traffic)
    while True:
        if n > traffic:
            wait = n * erlang_b / (n - traffic * (1 - erlang_b))
            if 1 - wait * math.exp(-(n - traffic) * answer_seconds / aht) >= target:
                return n
        n += 1
        erlang_b = traffic * erlang_b / (n + traffic * erlang_b)


def requirement(media_type: str, offered: list[float], aht: list[float]) -> list[float]:
    """Agents required per interval of one planning group's forecast (``offered``, ``aht`` seconds)."""
    target, seconds = SERVICE_GOALS[media_type]
    if media_type in IMMEDIATE:
        kept = 1 - ABANDON_RATE.get(media_type, 0.0)
        concurrency = CONCURRENCY.get(media_type, 1)
        return [
            float(erlang_c_agents(o * kept * a / INTERVAL_SECONDS / concurrency, a, seconds, target)) if a else 0.0
            for o, a in zip(offered, aht, strict=True)
        ]
    window = max(1, round(seconds / INTERVAL_SECONDS))
    workload = [o * a / INTERVAL_SECONDS for o, a in zip(offered, aht, strict=True)]
    return [round(sum(workload[max(0, i - window + 1) : i + 1]) / window, 4) for i in range(len(workload))]
