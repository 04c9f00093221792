select
    schedule_key,
    org_key,
    schedule_id,
    business_unit_id,
    week_date,
    week_count,
    is_published,
    forecast_id,
    schedule_version,
    modified_at_utc
from {{ ref('stg_genesys__schedules') }}
