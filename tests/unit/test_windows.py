"""Extraction windows: backfill per window family, re-read windows, explicit backfills."""

from __future__ import annotations

from datetime import date, timedelta

from pipelines.config import ExtractSettings
from pipelines.genesys.helpers import Windows
from pipelines.genesys.resources.adherence import adherence_items

TODAY = date(2026, 11, 23)
S = ExtractSettings()


def test_only_families_never_loaded_backfill():
    w = Windows.for_run(S, TODAY, {"adherence"})
    assert w.adherence == (TODAY - timedelta(days=56), TODAY)
    assert w.volume == (TODAY - timedelta(days=3), TODAY)
    assert w.schedules == (TODAY - timedelta(days=14), TODAY + timedelta(days=14))
    assert w.time_off == (TODAY - timedelta(days=14), TODAY + timedelta(days=42))


def test_a_first_run_backfills_every_family_and_a_nightly_none():
    first, nightly = Windows.for_run(S, TODAY, True), Windows.for_run(S, TODAY, False)
    assert {w[0] for w in (first.schedules, first.adherence, first.volume, first.time_off)} == {
        TODAY - timedelta(days=56)
    }
    assert nightly.adherence[0] == TODAY - timedelta(days=3) and not nightly.explicit


def test_an_explicit_window_is_the_same_for_every_family():
    w = Windows.for_run(S, TODAY, False, date(2026, 11, 1), date(2026, 11, 8))
    assert w.explicit and w.schedules == w.adherence == w.volume == w.time_off == (date(2026, 11, 1), date(2026, 11, 8))


def test_adherence_items_never_exceed_seven_days_of_hours():
    # Berlin leaves summer time on 2026-10-25: the local week of 2026-10-19 has 169 hours
    items = adherence_items((date(2026, 10, 19), date(2026, 10, 26)), "Europe/Berlin", ["mu1"])
    spans = [(i["startDate"], i["endDate"]) for i in items]
    assert spans == [
        ("2026-10-18T22:00:00.000Z", "2026-10-24T22:00:00.000Z"),
        ("2026-10-24T22:00:00.000Z", "2026-10-25T23:00:00.000Z"),
    ]
    plain = adherence_items((date(2026, 11, 2), date(2026, 11, 16)), "Europe/Berlin", ["mu1", "mu2"])
    assert len(plain) == 4  # two weeks of 168 hours, two units
