"""The catalogue file and the pure planner: no simulator, no warehouse."""

from __future__ import annotations

import json

import pytest

from genesys_sim.model.catalog import SHARED_CODES
from pipelines.activity_codes import (
    CatalogueError,
    Plan,
    load_catalogue,
    parse_catalogue,
    plan_business_unit,
)
from pipelines.activity_codes.catalogue import catalogue_from_hub
from pipelines.config import DEFAULT_CATALOGUE, ConfigError, load_config
from pipelines.names import name_key
from tests.sync.conftest import wire

ISSUE_ENFORCED = {"category", "lengthInMinutes", "countsAsPaidTime", "countsAsWorkTime", "agentTimeOffSelectable"}


def code(
    name,
    category="Meeting",
    length=30,
    paid=True,
    work=True,
    selectable=False,
    default=False,
    id_=None,
    version=1,
    **extra,
) -> dict:
    return {
        "id": id_ or f"id-{name}",
        "name": name,
        "category": category,
        "lengthInMinutes": length,
        "countsAsPaidTime": paid,
        "countsAsWorkTime": work,
        "agentTimeOffSelectable": selectable,
        "plannedShrinkage": True,
        "defaultCode": default,
        "metadata": {"version": version},
        **extra,
    }


def catalogue(*codes, enforce=None):
    raw = {"codes": [dict(c) for c in codes]}
    if enforce is not None:
        raw["enforce"] = enforce
    return parse_catalogue(raw, "test.yaml")


def test_the_shipped_catalogue_is_the_shared_codes_in_wire_terms():
    shipped = load_catalogue(DEFAULT_CATALOGUE)
    assert [c.name for c in shipped.codes] == [s.name for s in SHARED_CODES]
    for entry, spec in zip(shipped.codes, SHARED_CODES, strict=False):
        assert entry.attributes == wire(spec), entry.name
        assert set(entry.enforced) == ISSUE_ENFORCED, "plannedShrinkage is create-only"
    assert load_config().sync.catalogue == DEFAULT_CATALOGUE


def test_names_match_as_the_warehouse_and_dbt_match_them():
    """The sync compares ``pipelines.names.name_key`` (what the extraction stores and dbt groups by):
    spelled differently in a spoke, a catalogue code is the same code, never created a second time."""
    entry = catalogue({"name": "Team Meeting", "category": "Meeting", "lengthInMinutes": 30})
    for spelled in ("  Team   MEETING ", "Team-Meeting", "Team Meeting\u200b", "Téam Meeting", "team_meeting"):
        assert name_key(spelled) == name_key("Team Meeting"), spelled
        [action] = plan_business_unit(entry, "emea", "bu", "Care", [code(spelled)])
        assert (action.kind, action.code_id) == ("skip", f"id-{spelled}"), spelled
    assert [a.kind for a in plan_business_unit(entry, "emea", "bu", "Care", [code("Team Meetings")])] == [
        "create",
        "extra",
    ]


@pytest.mark.parametrize(
    "raw, message",
    [
        ({"codes": [{"name": "X", "category": "Lunch"}]}, "codes[0] (X).category must be one of"),
        ({"codes": [{"name": "X", "category": "Break", "lengthInMinutes": "30"}]}, "lengthInMinutes must be a whole"),
        ({"codes": [{"name": "X", "category": "Break", "paid": True}]}, "codes[0] (X).paid is not an activity-code"),
        ({"codes": [{"category": "Break"}]}, "codes[0].name is missing"),
        ({"codes": [{"name": "X"}]}, "category is missing"),
        (
            {"codes": [{"name": "Sick", "category": "TimeOff"}, {"name": " sick ", "category": "TimeOff"}]},
            "matches codes[0]",
        ),
        ({"enforce": ["colour"], "codes": [{"name": "X", "category": "Break"}]}, "unknown attribute(s) ['colour']"),
        ({"codes": []}, "non-empty `codes:` list"),
        ({"codes": [{"name": "X", "category": "Break"}], "version": 2}, "unknown top-level key(s) ['version']"),
        (
            {
                "codes": [
                    {"name": "Team Meeting", "category": "Meeting"},
                    {"name": "Team-Meeting", "category": "Meeting"},
                ]
            },
            "codes[1] (Team-Meeting): the name matches codes[0]",
        ),
        ({"codes": [{"name": "---", "category": "Break"}]}, "'---' has no letter or digit"),
    ],
)
def test_a_bad_catalogue_names_the_entry_the_field_and_the_fix(raw, message):
    with pytest.raises(CatalogueError) as err:
        parse_catalogue(raw, "test.yaml")
    assert message in str(err.value) and "test.yaml" in str(err.value)


def test_a_bad_sync_section_fails_like_the_rest_of_the_config(tmp_path):
    base = '[[orgs]]\nkey = "emea"\nname = "Acme EMEA"\nregion = "mypurecloud.de"\n'
    for section, message in [
        ('[sync]\nhub_org = "apac"\n', "sync.hub_org 'apac' is not a configured org"),
        ('[sync]\nhub_business_unit = "X"\n', "sync.hub_business_unit needs sync.hub_org"),
        ('[sync]\ncatalog = "x.yaml"\n', "sync.catalog is not a sync setting"),
    ]:
        path = tmp_path / "orgs.toml"
        path.write_text(section + base)
        with pytest.raises(ConfigError, match=message.replace("(", r"\(").replace(")", r"\)")):
            load_config(path)
    (tmp_path / "orgs.toml").write_text('[sync]\nhub_org = "emea"\ncatalogue = "c.yaml"\n' + base)
    sync = load_config(tmp_path / "orgs.toml").sync
    assert sync.hub_org == "emea" and sync.catalogue.name == "c.yaml" and sync.catalogue.is_absolute()
    with pytest.raises(CatalogueError, match="sync.catalogue: .*not found"):
        load_catalogue(tmp_path / "missing.yaml")


def test_plan_creates_updates_skips_and_reports_extras():
    cat = catalogue(
        {"name": "Team Meeting", "category": "Meeting", "lengthInMinutes": 30},
        {"name": "Coaching", "category": "Training", "lengthInMinutes": 30},
        {"name": "Email Backlog", "category": "OffQueueWork", "lengthInMinutes": 60, "plannedShrinkage": False},
    )
    codes = [
        code("team  meeting", length=45),
        code("Coaching", category="Training"),
        code("Works Council"),
        code("Meeting", default=True),
    ]
    actions = {a.code: a for a in plan_business_unit(cat, "apac", "bu1", "APAC Sydney", codes)}
    update = actions["Team Meeting"]
    assert update.kind == "update" and update.code_id == "id-team  meeting" and update.version == 1
    assert [(d.field, d.before, d.after) for d in update.diffs] == [("lengthInMinutes", 45, 30)]
    assert update.body == {"lengthInMinutes": 30}, "only the differing enforced attributes are sent"
    assert actions["Coaching"].kind == "skip"
    create = actions["Email Backlog"]
    assert create.kind == "create" and create.body == {
        "name": "Email Backlog",
        "category": "OffQueueWork",
        "lengthInMinutes": 60,
        "plannedShrinkage": False,
    }
    assert actions["Works Council"].kind == "extra" and "never deleted" in actions["Works Council"].note
    assert "Meeting" not in actions, "default codes are neither extras nor touched"


def test_default_codes_are_never_touched_even_when_the_catalogue_names_one():
    cat = catalogue({"name": "Break", "category": "Break", "lengthInMinutes": 20})
    [action] = plan_business_unit(cat, "emea", "bu1", "X", [code("Break", category="Break", length=15, default=True)])
    assert action.kind == "skip" and action.body is None and "default code" in action.note


def test_only_enforced_attributes_are_compared():
    cat = catalogue(
        {
            "name": "Sick Leave",
            "category": "TimeOff",
            "lengthInMinutes": 480,
            "plannedShrinkage": False,
            "countsAsPaidTime": True,
            "enforce": ["category"],
        }
    )
    [action] = plan_business_unit(
        cat, "emea", "bu1", "X", [code("Sick Leave", category="TimeOff", length=240, paid=False)]
    )
    assert action.kind == "skip", "lengthInMinutes and countsAsPaidTime are create-only for this code"
    cat = catalogue(
        {"name": "Sick Leave", "category": "TimeOff", "countsAsPaidTime": True}, enforce=["countsAsPaidTime"]
    )
    [action] = plan_business_unit(cat, "emea", "bu1", "X", [code("Sick Leave", category="Meeting", paid=False)])
    assert action.kind == "update" and action.body == {"countsAsPaidTime": True}


def test_two_codes_with_one_name_are_a_conflict_not_a_guess():
    cat = catalogue({"name": "Vacation", "category": "TimeOff"})
    [action] = plan_business_unit(cat, "emea", "bu1", "X", [code("Vacation", id_="a"), code("VACATION", id_="b")])
    assert action.kind == "conflict" and "a, b" in action.note and not action.is_write


def test_a_plan_is_json_for_asset_metadata_and_text_for_people():
    cat = catalogue({"name": "Team Meeting", "category": "Meeting", "lengthInMinutes": 30})
    plan = Plan(
        cat.source,
        {c.name: list(c.enforced) for c in cat.codes},
        plan_business_unit(cat, "apac", "bu1", "APAC Sydney", [code("Team Meeting", length=45)]),
    )
    data = json.loads(json.dumps(plan.to_dict()))
    assert data["summary"] == {"create": 0, "update": 1, "skip": 0, "extra": 0, "conflict": 0}
    assert data["actions"][0]["diffs"] == [{"field": "lengthInMinutes", "before": 45, "after": 30}]
    assert "update   Team Meeting             lengthInMinutes: 45 -> 30" in plan.render()


def test_a_hub_org_catalogue_is_its_custom_codes_and_must_agree_across_its_units():
    units = [
        ("Care", [code("Team Meeting"), code("Break", category="Break", default=True)]),
        ("Back Office", [code("Team Meeting"), code("Works Council", length=60)]),
    ]
    cat = catalogue_from_hub("emea", units)
    assert [c.name for c in cat.codes] == ["Team Meeting", "Works Council"] and cat.source.startswith("hub org emea")
    assert [c.name for c in catalogue_from_hub("emea", units, "back office").codes] == ["Team Meeting", "Works Council"]
    with pytest.raises(CatalogueError, match="'Team Meeting' differs between business units 'Care'"):
        catalogue_from_hub("emea", [("Care", [code("Team Meeting")]), ("BO", [code("Team Meeting", length=45)])])
    with pytest.raises(CatalogueError, match="'Nope' is not a business unit of hub org emea"):
        catalogue_from_hub("emea", units, "Nope")


def test_the_plan_is_published_as_plain_text_whatever_the_names():
    """A code name from an org cannot close a code fence and inject markdown into the Dagster UI."""
    import dagster as dg

    from assets.sync import plan_metadata

    hostile = "Break\n```\n# Injected\n[click](https://evil.example)"
    plan = Plan("test.yaml", {"Break": ["category"]})
    plan.actions = plan_business_unit(catalogue({"name": "Break", "category": "Break"}), "emea", "bu", "Care", [])
    plan.actions += plan_business_unit(
        catalogue({"name": "Break", "category": "Break"}), "emea", "bu", "Care", [code(hostile)]
    )
    meta = plan_metadata(plan, applied=False)
    assert isinstance(meta["plan_text"], dg.TextMetadataValue) and meta["plan_text"].value == plan.render()
    assert hostile in meta["plan_text"].value  # shown exactly, as text
    assert not any(isinstance(v, dg.MarkdownMetadataValue) for v in meta.values())
    assert (meta["create"], meta["extra"], meta["writes"]) == (2, 1, 2)
