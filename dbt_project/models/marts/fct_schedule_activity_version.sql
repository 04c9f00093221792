-- Every version of every scheduled activity (dlt's scd2 history by business-unit week): what each load of a
-- published week held, so intraday changes can be told (rpt_schedule_changes). fct_schedule_activity holds
-- the current versions only.
select
    {{ colon_key(["versions.schedule_activity_key", "cast(versions.valid_from_utc as " ~ dbt.type_string() ~ ")"]) }}
        as schedule_activity_version_key,
    versions.schedule_activity_key,
    versions.org_key,
    identity.canonical_agent_id,
    versions.user_id,
    versions.business_unit_id,
    versions.management_unit_id,
    versions.schedule_id,
    versions.week_date,
    versions.shift_id,
    versions.activity_code_id,
    versions.start_utc,
    versions.end_utc,
    versions.minutes,
    versions.valid_from_utc,
    versions.valid_to_utc,
    versions.is_current
from {{ ref('stg_genesys__schedule_activities') }} as versions
{{ join_person('versions') }}
