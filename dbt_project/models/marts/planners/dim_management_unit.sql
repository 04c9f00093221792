-- One row per management unit of every org (its latest version; deleted ones marked).
select
    management_unit_key,
    org_key,
    management_unit_id,
    business_unit_id,
    management_unit_name,
    management_unit_name_key,
    time_zone,
    start_day_of_week,
    valid_to_utc as deleted_at_utc,
    not is_current as is_deleted
from {{ ref('stg_genesys__management_units') }}
where is_latest
