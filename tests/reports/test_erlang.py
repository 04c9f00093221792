"""Erlang C in Python (tests/reports/erlang.py) against the closed form, on the textbook case and around it."""

from __future__ import annotations

import math
from fractions import Fraction

import pytest

from tests.reports import erlang


def closed_form_wait(agents: int, load: int) -> Fraction:
    """C(n, A) = (A^n / n!) (n / (n - A)) / (sum_{k<n} A^k / k! + (A^n / n!) (n / (n - A))), exactly."""
    top = Fraction(load ** agents, math.factorial(agents)) * Fraction(agents, agents - load)
    return top / (sum(Fraction(load ** k, math.factorial(k)) for k in range(agents)) + top)


def test_textbook_case_100_contacts_in_30_minutes_at_180_seconds_needs_14_agents_for_80_in_20():
    load = erlang.traffic(100, 180, 30 * 60)
    assert load == 10
    # the exact waiting probabilities, and the service levels they give with 20 s answer time
    assert float(closed_form_wait(13, 10)) == pytest.approx(0.285270, abs=1e-6)
    assert float(closed_form_wait(14, 10)) == pytest.approx(0.174132, abs=1e-6)
    level_13 = 1 - float(closed_form_wait(13, 10)) * math.exp(-3 * 20 / 180)
    level_14 = 1 - float(closed_form_wait(14, 10)) * math.exp(-4 * 20 / 180)
    assert level_13 == pytest.approx(0.795595, abs=1e-6) and level_13 < 0.8  # 13 agents fall short
    assert level_14 == pytest.approx(0.888350, abs=1e-6)
    staffing = erlang.required_agents(load, 180, 20, 0.8)
    assert staffing.agents == 14
    assert staffing.service_level == pytest.approx(level_14, abs=1e-12)
    assert staffing.wait_probability == pytest.approx(float(closed_form_wait(14, 10)), abs=1e-12)
    assert staffing.occupancy == pytest.approx(10 / 14)
    assert erlang.with_shrinkage(staffing.agents, 0.1) == 16  # ceil(14 / 0.9)
    assert erlang.with_shrinkage(staffing.agents, 0.3) == 20


@pytest.mark.parametrize("load", [1, 3, 7, 10, 25])
def test_recursion_equals_the_closed_form(load):
    for agents in range(load + 1, load + 12):
        assert erlang.wait_probability(agents, load) == pytest.approx(float(closed_form_wait(agents, load)), rel=1e-12)


def test_service_level_grows_with_agents_and_the_minimum_is_the_first_to_reach_the_target():
    load, aht, answer = 7.3, 240, 30
    levels = [erlang.service_level(n, load, aht, answer) for n in range(1, 20)]
    assert levels[:7] == [0.0] * 7  # n <= A: the queue never empties
    assert all(a < b for a, b in zip(levels[7:], levels[8:]))
    needed = erlang.required_agents(load, aht, answer, 0.9).agents
    assert levels[needed - 1] >= 0.9 > levels[needed - 2]


def test_no_traffic_needs_no_agents():
    assert erlang.required_agents(0, 300, 20, 0.8).agents == 0
