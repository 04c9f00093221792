select
    business_unit_key,
    org_key,
    business_unit_id,
    business_unit_name as name,
    business_unit_name_key as name_key,
    time_zone,
    start_day_of_week
from {{ ref('stg_genesys__business_units') }}
