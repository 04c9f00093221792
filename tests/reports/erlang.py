"""Erlang C (M/M/N), the queueing model behind rpt_staffing_gap, in plain Python: the tests' oracle.

The dbt model computes the same thing in SQL (dbt_project/macros/erlang_c.sql); the tests compare the
two on every interval. Traffic A (Erlangs) = offered x AHT / interval seconds; with n agents:

    Erlang B:  B(0) = 1, B(k) = A B(k-1) / (k + A B(k-1))      (stable recursion)
    P(wait):   C(n) = n B(n) / (n - A (1 - B(n)))                (n > A; else every contact waits)
    SL(n, t):  1 - C(n) exp(-(n - A) t / AHT)                   (share answered within t seconds)
"""

from __future__ import annotations

import math
from dataclasses import dataclass


def traffic(offered: float, aht_seconds: float, interval_seconds: float) -> float:
    """Offered load in Erlangs."""
    return offered * aht_seconds / interval_seconds


def erlang_b(agents: int, load: float) -> float:
    b = 1.0
    for k in range(1, agents + 1):
        b = load * b / (k + load * b)
    return b


def wait_probability(agents: int, load: float) -> float:
    """Erlang C: the probability that a contact waits (1 when the queue is unstable, n <= A)."""
    if agents <= load:
        return 1.0
    b = erlang_b(agents, load)
    return agents * b / (agents - load * (1 - b))


def service_level(agents: int, load: float, aht_seconds: float, answer_seconds: float) -> float:
    """Share of contacts answered within ``answer_seconds`` (0 when n <= A)."""
    if load <= 0:
        return 1.0
    if agents <= load:
        return 0.0
    return 1 - wait_probability(agents, load) * math.exp(-(agents - load) * answer_seconds / aht_seconds)


@dataclass(frozen=True)
class Staffing:
    agents: int
    service_level: float
    wait_probability: float
    occupancy: float


def required_agents(
    load: float, aht_seconds: float, answer_seconds: float, target: float, max_agents: int = 10_000
) -> Staffing:
    """The fewest agents whose service level reaches ``target`` (0 agents without traffic)."""
    if load <= 0:
        return Staffing(0, 1.0, 0.0, 0.0)
    b, n = 1.0, 0
    while n < max_agents:
        n += 1
        b = load * b / (n + load * b)  # Erlang B, one step of the recursion
        if n > load:
            wait = n * b / (n - load * (1 - b))
            level = 1 - wait * math.exp(-(n - load) * answer_seconds / aht_seconds)
            if level >= target:
                return Staffing(n, level, wait, load / n)
    raise ValueError(f"more than {max_agents} agents needed for {load} Erlangs")


def with_shrinkage(agents: int, shrinkage: float) -> int:
    """Agents to schedule so that ``agents`` remain after ``shrinkage`` (0..1) is lost."""
    return math.ceil(agents / (1 - shrinkage))
