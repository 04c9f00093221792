"""Records read by date range (resources/tracked.py): what is gone, where a read starts, what is forgotten."""

from __future__ import annotations

from datetime import date

from pipelines.genesys.resources.tracked import Tracked

OPEN = frozenset({"Pending"})


def test_a_record_missing_from_a_range_read_completely_is_gone_and_one_outside_it_is_not():
    state: dict = {}
    tracked = Tracked("t", OPEN, state=state)
    window = (date(2026, 11, 1), date(2026, 11, 15))
    loaded = {
        "a": (date(2026, 11, 2), "Approved"),
        "b": (date(2026, 11, 10), "Denied"),
        "c": (date(2026, 11, 14), "Pending"),
    }
    assert tracked.settle("bu", window, set(loaded), loaded) == []
    # the next run reads a later window: b vanished inside it; a lies before it (forgotten, never gone)
    later = (date(2026, 11, 8), date(2026, 11, 22))
    assert tracked.read_from("bu", later[0]) == later[0], "c (open) is inside the window already"
    assert tracked.settle("bu", later, {"c"}, {"c": (date(2026, 11, 14), "Approved")}) == ["b"]
    assert state["t"]["bu"] == {"c": ["2026-11-14", "Approved"]}


def test_a_record_returned_but_not_shaped_is_neither_gone_nor_updated():
    tracked = Tracked("t", OPEN, state={})
    window = (date(2026, 11, 1), date(2026, 11, 15))
    tracked.settle("bu", window, {"a"}, {"a": (date(2026, 11, 2), "Pending")})
    assert tracked.settle("bu", window, {"a"}, {}) == []
    assert tracked.known["bu"]["a"] == ["2026-11-02", "Pending"]


def test_an_open_record_pulls_the_read_back_at_most_the_extension_limit():
    tracked = Tracked("t", OPEN, max_extension_days=30, state={})
    tracked.settle(
        "bu",
        (date(2026, 9, 1), date(2026, 11, 1)),
        {"old", "p"},
        {
            "old": (date(2026, 9, 5), "Pending"),
            "p": (date(2026, 10, 20), "Pending"),
        },
    )
    assert tracked.read_from("bu", date(2026, 11, 1)) == date(2026, 10, 2), "capped 30 days back"
    assert tracked.read_from("other", date(2026, 11, 1)) == date(2026, 11, 1)
    # read from the cap: the open record past it is forgotten (it keeps its last status in the warehouse)
    assert (
        tracked.settle("bu", (date(2026, 10, 2), date(2026, 11, 15)), {"p"}, {"p": (date(2026, 10, 20), "Approved")})
        == []
    )
    assert tracked.known["bu"] == {"p": ["2026-10-20", "Approved"]}
    assert tracked.read_from("bu", date(2026, 11, 1)) == date(2026, 11, 1), "nothing open any more"
