-- Scheduled vs contracted paid hours per person, org and business-unit week (weeks with a published schedule):
-- the bounds of the work plan the person worked under that week and the paid hours scheduled. gap_hours = hours
-- below the minimum (negative) or above the maximum (positive); 0 within the plan's weekly paid time.
select
    weeks.agent_week_work_plan_key,
    weeks.org_key,
    weeks.canonical_agent_id,
    agents.display_name,
    weeks.management_unit_id,
    weeks.week_date,
    weeks.work_plan_name,
    weeks.contract_status,
    weeks.weekly_minimum_paid_minutes / 60.0 as contract_minimum_hours,
    weeks.weekly_maximum_paid_minutes / 60.0 as contract_maximum_hours,
    weeks.scheduled_paid_minutes / 60.0 as scheduled_hours,
    case
        when
            weeks.contract_status = 'under'
            then (weeks.scheduled_paid_minutes - weeks.weekly_minimum_paid_minutes) / 60.0
        when
            weeks.contract_status = 'over'
            then (weeks.scheduled_paid_minutes - weeks.weekly_maximum_paid_minutes) / 60.0
        else 0
    end as gap_hours
from {{ ref('fct_agent_week_work_plan') }} as weeks
left join {{ ref('dim_agent') }} as agents on weeks.canonical_agent_id = agents.canonical_agent_id
where weeks.has_schedule
