"""User presence read straight into Arrow is row for row what the ordinary decoding shapes, and anything
the fast reader does not understand falls back to that decoding instead of failing."""

from __future__ import annotations

import json

import orjson
import pytest

from pipelines.genesys.aggregates import presence_rows
from pipelines.genesys.helpers import arrow_page
from pipelines.genesys.presence_arrow import presence_answer, with_org
from pipelines.genesys.settings import TABLES

ORG = {"org_id": "1c8f3e2a-5b6d-4e7f-8a9b-0c1d2e3f4a5b", "org_key": "emea", "region": "mypurecloud.de"}
ANSWER = {
    "systemToOrganizationMappings": {"ON_QUEUE": ["on_queue-presence"]},
    "results": [
        {
            "group": {"userId": "u1"},
            "data": [
                {
                    "interval": "2026-11-16T08:00:00.000Z/2026-11-16T09:00:00.000Z",
                    "metrics": [
                        {"metric": "tAgentRoutingStatus", "qualifier": "IDLE", "stats": {"sum": 525580}},
                        {"metric": "tSystemPresence", "qualifier": "ON_QUEUE", "stats": {"sum": 3600000.5}},
                        {"metric": "tSystemPresence", "stats": {"count": 2}},  # no qualifier, no sum
                    ],
                },
                {"interval": "2026-11-16T09:00:00.000Z/2026-11-16T09:30:00.000Z", "metrics": []},
            ],
        },
        {"group": {}, "data": []},  # a group without a user, no buckets
        {
            "group": {"userId": "u2"},
            "data": [
                {
                    "interval": "2026-11-16T10:00:00.000Z/2026-11-16T11:00:00.000Z",
                    "metrics": [{"metric": "tAgentRoutingStatus", "qualifier": "OFF_QUEUE"}],  # no stats
                }
            ],
        },
    ],
}


def _rows(answer: dict):
    return arrow_page("user_presence", presence_rows(ORG, answer), TABLES["user_presence"]["columns"])


def test_the_arrow_reader_gives_the_rows_the_decoder_gives():
    fast = with_org(ORG, presence_answer(orjson.dumps(ANSWER)))
    assert fast.num_rows == 4
    assert fast.equals(_rows(ANSWER)), (fast.to_pylist(), _rows(ANSWER).to_pylist())
    assert fast.column("interval_minutes").to_pylist() == [60, 60, 60, 60]
    assert fast.column("milliseconds").to_pylist() == [525580.0, 3600000.5, 0.0, 0.0]


def test_an_answer_without_results_is_no_rows_and_line_breaks_change_nothing():
    assert with_org(ORG, presence_answer(b"{}")).num_rows == 0
    assert with_org(ORG, presence_answer(json.dumps(ANSWER, indent=2).encode())).equals(_rows(ANSWER))


@pytest.mark.parametrize(
    "content",
    [
        orjson.dumps(ANSWER) + b"\n" + orjson.dumps(ANSWER),  # two documents
        b"[]",  # not an object
        b'{"results": [{"group": {"userId": "u1"}, "data": [{"metrics": [{"metric": "m"}]}]}]}',  # no interval
        b'{"results": [{"group": {"userId": "u1"}}]}',  # no data at all
        b'{"results": [{"group": {"userId": "u1"}, "data": [{"interval": "x/y", "metrics": []}]}]}',  # bad times
        '{"results": [{"group": {"userId": "Ann\udc9f"}}]}'.encode("utf-8", "surrogateescape"),  # not UTF-8
    ],
)
def test_anything_else_is_refused_so_the_ordinary_decoding_reads_it(content):
    with pytest.raises(ValueError):
        presence_answer(content)
