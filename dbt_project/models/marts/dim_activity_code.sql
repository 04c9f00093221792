select
    activity_code_key,
    org_key,
    business_unit_id,
    activity_code_id,
    activity_name as name,
    activity_name_key as name_key,
    category,
    is_default,
    is_active,
    length_minutes,
    counts_as_paid_time,
    counts_as_work_time,
    counts_toward_shrinkage,
    planned_shrinkage,
    valid_to_utc as deleted_at_utc,
    not is_current as is_deleted
from {{ ref('stg_genesys__activity_codes') }}
where is_latest
