"""Retention on a real warehouse (tiny, loaded by the pipeline): old detail dropped, people long gone
pseudonymized, both audited and idempotent; and the settings are validated like every setting."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta

import pytest

from pipelines.config import ConfigError, RetentionSettings, load_config
from tests.privacy.scan import table_hits
from tests.warehouse import ANCHOR, fast_extract, hub_env, query, run_pipeline

pytestmark = pytest.mark.slow


def test_retention_drops_old_detail_and_pseudonymizes_people_long_gone(tmp_path, tiny_sim):
    from pipelines.privacy.retention import apply_retention

    run_pipeline(tiny_sim, tmp_path, fast_extract())
    with hub_env(tiny_sim, tmp_path, fast_extract()) as db:
        # deactivations are dated when the hub saw them (this load): 40 days on, they are over a month old
        now = datetime.now(UTC) + timedelta(days=40)
        cutoff = ANCHOR - timedelta(days=7)  # tiny's detail spans the two weeks before the anchor
        detail_days = (now.date() - cutoff).days
        old = "from genesys_emea.user_presence where cast(interval_start as date) < "
        (old_rows,) = query(db, f"select count(*) {old} '{cutoff}'")[0]
        (kept_rows,) = query(db, f"select count(*) {old.replace('<', '>=')} '{cutoff}'")[0]
        gone = query(
            db, "select name, email from genesys_apac.users where state = 'inactive' and _dlt_valid_to is null"
        )
        active = query(db, "select name from genesys_emea.users where state = 'active' and _dlt_valid_to is null")
        assert old_rows and kept_rows and gone and active

        config = dataclasses.replace(load_config(), retention=RetentionSettings(1, detail_days))
        report = apply_retention(config, now=now, extra_dirs=[])
        assert report.detail_cutoff == cutoff
        assert report.detail_rows["genesys_emea.user_presence"] == old_rows
        assert query(db, f"select count(*) {old} '{cutoff}'") == [(0,)]
        assert query(db, f"select count(*) {old.replace('<', '>=')} '{cutoff}'") == [(kept_rows,)]
        assert report.pseudonymized >= len(gone)
        needles = [v.lower() for row in gone for v in row if v]
        assert table_hits(db, needles) == {}
        assert {n for (n,) in query(db, "select name from genesys_emea.users where state = 'active'")} >= {
            n for (n,) in active
        }
        kinds = {k for (k,) in query(db, "select distinct selector_kind from wfm_hub_ops.erasure_audit")}
        assert kinds == {"retention-detail", "retention-pseudonymize"}

        again = apply_retention(config, now=now, extra_dirs=[])
        assert again.pseudonymized == 0 and again.detail_rows == {}
        assert report.metadata()["people_pseudonymized"] == report.pseudonymized


@pytest.mark.parametrize(
    "section, message",
    [
        ("raw_detail_days = 30", "inside the extraction's own windows"),
        ("pseudonymize_after_months = -1", "retention.pseudonymize_after_months must be a whole number"),
        ("keep_forever = true", "retention.keep_forever is not a retention setting"),
    ],
)
def test_retention_settings_are_validated(tmp_path, section, message):
    path = tmp_path / "orgs.toml"
    path.write_text(f'[retention]\n{section}\n[[orgs]]\nkey = "emea"\nname = "E"\nregion = "mypurecloud.de"\n')
    with pytest.raises(ConfigError, match=message):
        load_config(path)
