"""The pure rules that decide whether an answer is data: decoding, required keys, paging, download URLs."""

from __future__ import annotations

import pytest

from pipelines.genesys.answers import Paging, PagingError, decode, download_problem, missing, redact


def page(ids, *, total=None, page_count=None, next_uri=True):
    body = {"entities": [{"id": i} for i in ids]}
    if total is not None:
        body["total"] = total
    if page_count is not None:
        body["pageCount"] = page_count
    if next_uri:
        body["nextUri"] = "/api/v2/users?pageNumber=2"
    return body


def walk(pages, size=2, max_pages=50):
    paging, read = Paging(size, max_pages), []
    for body in pages:
        fresh, more = paging.accept(body)
        read += [e["id"] for e in fresh]
        if not more:
            return read, paging.number
    raise AssertionError("the paging asked for more pages than the test gave")


def test_an_unpaired_surrogate_is_repaired_and_its_record_named():
    value, warnings = decode(b'{"entities": [{"id": "u1", "name": "Ann\\ud83d"}, {"id": "u2", "name": "Bo"}]}')
    assert value["entities"][0]["name"] == "Ann\ufffd"
    assert value["entities"][1]["name"] == "Bo"
    assert warnings == ["record u1: undecodable text replaced by U+FFFD"]


def test_invalid_utf8_bytes_are_repaired_and_named():
    value, warnings = decode(b'{"id": "q1", "name": "Caf\xe9"}')
    assert value["name"] == "Caf\ufffd" and warnings == ["record q1: undecodable text replaced by U+FFFD"]


def test_a_body_that_is_not_json_still_raises():
    with pytest.raises(ValueError):
        decode(b'{"entities": [{"id": "broken"<html>502 Bad Gateway</html>')


def test_missing_names_the_first_absent_key_path():
    assert missing({"entities": []}, ("entities",)) is None
    assert missing({}, ("entities",)) == "the answer has no 'entities'"
    assert missing({"settings": {}}, ("settings.timeZone",)) == "the answer has no 'settings.timeZone'"
    assert missing([], ()) == "the answer is a list, not an object"
    assert missing({}, ()) is None  # any object (analytics answers without results)
    assert missing({"job": {"id": None}}, ("job.id",)) == "the answer has no 'job.id'"


def test_paging_without_page_count_follows_total_and_next_uri():
    read, pages = walk([page(["a", "b"], total=5), page(["c", "d"]), page(["e"], next_uri=False)])
    assert read == ["a", "b", "c", "d", "e"] and pages == 3


def test_paging_stops_when_total_is_read_whatever_page_count_claims():
    read, pages = walk([page(["a", "b"], total=3, page_count=1_000_000), page(["c"], page_count=1_000_000)])
    assert read == ["a", "b", "c"] and pages == 2


def test_paging_that_ends_before_total_is_an_error():
    # pageCount and nextUri say done, total says not: a shorter listing is never a success
    with pytest.raises(PagingError, match=r"its last page \(1\) after 2 of its 5 records"):
        walk([page(["a", "b"], total=5, page_count=1, next_uri=False)])
    with pytest.raises(PagingError, match="an empty page"):
        walk([page(["a", "b"], total=5), page([])])


def test_a_page_of_repeats_is_a_loop():
    with pytest.raises(PagingError, match="paging loop"):
        walk([page(["a", "b"]), page(["a", "b"])])
    with pytest.raises(PagingError, match="repeated records"):
        walk([page(["a", "b"], total=9), page(["a", "b"])])


def test_endless_listing_without_total_is_bounded():
    endless = (page([f"u{n}", f"v{n}"]) for n in range(1000))
    with pytest.raises(PagingError, match="bound of 7"):
        walk(endless, max_pages=7)


def test_listing_without_total_ends_on_an_empty_page_or_the_last_page():
    assert walk([page(["a", "b"]), page([])]) == (["a", "b"], 2)
    assert walk([page(["a", "b"], page_count=2, next_uri=False), page(["c"], page_count=2, next_uri=False)]) == (
        ["a", "b", "c"],
        2,
    )


def test_redact_keeps_host_and_path_only():
    signed = "https://bucket.s3.amazonaws.com:443/a/b.json?X-Amz-Signature=abc&X-Amz-Credential=k"
    assert redact(signed) == "https://bucket.s3.amazonaws.com:443/a/b.json"
    assert redact("https://user:pw@host/x?y=1") == "https://host/x"


@pytest.mark.parametrize(
    "url, api, problem",
    [
        ("https://files.mypurecloud.de/x?sig=1", "https://api.mypurecloud.de", None),
        ("http://files.mypurecloud.de/x", "https://api.mypurecloud.de", "not https on the default port"),
        ("https://files.mypurecloud.de:8443/x", "https://api.mypurecloud.de", "not https on the default port"),
        ("ftp://files.mypurecloud.de/x", "https://api.mypurecloud.de", "not https on the default port"),
        ("http://localhost:8765/_downloads/k?sig=1", "http://127.0.0.1:8765/orgs/emea", None),
        ("http://localhost:8765/_downloads/k", "https://api.mypurecloud.de", "not https on the default port"),
        ("http://10.0.0.5:8765/_downloads/k", "http://127.0.0.1:8765/orgs/emea", "not https on the default port"),
        (None, "https://api.mypurecloud.de", "missing"),
    ],
)
def test_download_urls_are_https_or_the_local_simulator(url, api, problem):
    found = download_problem(url, api)
    assert (found is None) if problem is None else (problem in found), found
    if found and url:
        assert "sig=" not in found
