-- One row per service goal template (the goals a planning group is staffed to: service level, ASA, abandon rate),
-- the latest version; one Genesys no longer lists is marked deleted and kept.
select
    service_goal_template_key,
    org_key,
    business_unit_id,
    service_goal_template_id,
    template_name as name,
    template_name_key as name_key,
    service_level_include,
    service_level_target,
    service_level_seconds,
    average_speed_of_answer_include,
    average_speed_of_answer_seconds,
    abandon_rate_include,
    abandon_rate_target,
    metadata_version,
    valid_to_utc as deleted_at_utc,
    not is_current as is_deleted
from {{ ref('stg_genesys__service_goal_templates') }}
where is_latest
