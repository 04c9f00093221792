"""The alerts file is validated at load: every error names the field and the fix."""

from __future__ import annotations

import pytest

from pipelines.alerts.config import load_alerts
from pipelines.config import ConfigError

BASE = 'dagster_base_url = "https://dagster.example.com"\n[[channels]]\nname = "ops"\nkind = "slack"\n'


@pytest.mark.parametrize(
    "text, message",
    [
        (
            BASE + '[business]\nadherence_target = 0.9\nadherence_column = "adherence"\n',
            "business.adherence_column: rpt_global_workforce_daily has no column 'adherence'",
        ),
        (
            BASE + '[business]\nstaffing_gap_agent_hours = 10\nstaffing_gap_column = "shortfall"\n',
            "rpt_staffing_gap has no column 'shortfall'",
        ),
        (BASE + "[business]\nadherence_target = 90\n", "business.adherence_target must be from 0 to 1"),
        (BASE.replace('"slack"', '"pager"'), "channels[0].kind must be one of"),
        (
            BASE.replace('kind = "slack"', 'kind = "slack"\nurl = "https://hooks.slack.com/x"'),
            "channels[0].url: secrets never go in this file; remove it and set ALERTS__CHANNELS__OPS__URL",
        ),
        (BASE.replace("https://dagster.example.com", "dagster"), "dagster_base_url must be"),
        (BASE + "[rules]\nstale_after_hours = 0\n", "rules.stale_after_hours must be from 1"),
        (
            'dagster_base_url = "https://d.example.com"\n[[channels]]\nname = "mail"\nkind = "email"\n',
            "channels[0].smtp_host is missing",
        ),
    ],
)
def test_bad_alerts_files_are_refused_naming_the_field(tmp_path, text, message):
    path = tmp_path / "alerts.toml"
    path.write_text(text)
    with pytest.raises(ConfigError, match=message.replace("(", r"\(").replace("[", r"\[")):
        load_alerts(path)


def test_no_file_means_alerts_off_and_a_missing_secret_is_named(tmp_path, monkeypatch):
    assert load_alerts(tmp_path / "absent.toml") is None
    path = tmp_path / "alerts.toml"
    path.write_text(BASE + "[business]\nadherence_target = 0.9\nstaffing_gap_agent_hours = 40\n")
    config = load_alerts(path)
    assert config.business.adherence_column == "adherence_pct" and config.business.staffing_gap_column == "gap"
    monkeypatch.delenv("ALERTS__CHANNELS__OPS__URL", raising=False)
    with pytest.raises(ConfigError, match="ALERTS__CHANNELS__OPS__URL"):
        config.channels[0].url()


def test_the_example_file_is_valid():
    from pipelines.config import ROOT

    config = load_alerts(ROOT / "config" / "alerts.example.toml")
    assert [c.kind for c in config.channels] == ["slack", "teams", "email"]
    assert config.business.adherence_target == 0.85 and config.rules.stale_after_hours == 30
