-- Genesys' staffing requirement per forecast, planning group and interval (the forecast's own, per its download):
-- the on-queue agents WFM plans the planning group's interval with. Every forecast loaded; rpt_staffing_gap uses
-- the forecast each week uses (fct_forecast_interval.is_in_use).
select
    staffing_requirement_key,
    org_key,
    business_unit_id,
    planning_group_id,
    {{ colon_key(["org_key", "planning_group_id"]) }} as planning_group_key,
    forecast_id,
    week_date,
    week_number,
    interval_index,
    interval_start_utc,
    interval_minutes,
    required_staff,
    minimum_staff,
    effective_staff
from {{ ref('stg_genesys__staffing_requirements') }}
