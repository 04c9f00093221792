"""dlt pipeline names built from org keys can never collide (each name is a working directory and state)."""

from __future__ import annotations

from itertools import combinations

from pipelines.config import KEY_PATTERN
from pipelines.warehouse import pipeline_name, status_pipeline_name

GROUPS = ("dimensions", "activity", "realtime")  # assets/extract.py GROUPS
FIXED = ("wfm_hub_ops_failures", "wfm_hub_ops_activity_code_audit")  # failures.py, activity_codes/audit.py
# Keys that the old "_" joins made collide with each other, with groups or with the fixed pipelines.
KEYS = ["emea", "emea_activity", "activity", "realtime", "a", "b", "a_b", "failures", "activity_code_audit", "e1"]


def test_the_cli_org_and_an_asset_group_of_another_org_never_share_a_pipeline():
    assert pipeline_name("emea_activity") != pipeline_name("emea", "activity")
    assert pipeline_name("emea", "activity") == "genesys_emea__activity"
    assert pipeline_name("emea") == "genesys_emea"  # the CLI's name (and its state) is unchanged


def test_every_name_from_valid_keys_is_distinct():
    assert all(KEY_PATTERN.match(k) for k in KEYS)
    sets = [[k] for k in KEYS] + [list(pair) for pair in combinations(KEYS, 2)]
    names = (
        [pipeline_name(k, g) for k in KEYS for g in (None, *GROUPS)]
        + [status_pipeline_name(keys, g) for keys in sets for g in (None, *GROUPS)]
        + list(FIXED)
    )
    assert len(names) == len(set(names))
    assert status_pipeline_name(["a", "b"]) == status_pipeline_name(["b", "a"])  # one name per org set


def test_keys_that_could_make_names_ambiguous_are_refused():
    for key in ("emea__west", "emea_", "_emea", "Emea", "1emea", "x" * 32):
        assert not KEY_PATTERN.match(key), key
