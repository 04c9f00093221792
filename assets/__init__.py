"""wfm-hub's Dagster definitions: per-org extraction assets, dbt assets, jobs, schedules, sensors."""
