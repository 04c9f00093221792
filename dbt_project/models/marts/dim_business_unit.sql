select
    business_unit_key,
    org_key,
    business_unit_id,
    business_unit_name as name,
    business_unit_name_key as name_key,
    time_zone,
    start_day_of_week,
    valid_to_utc as deleted_at_utc,
    not is_current as is_deleted
from {{ ref('stg_genesys__business_units') }}
where is_latest
