-- One row per time-off plan of every org (its latest version; deleted ones marked), with how many of its dates
-- are blocked (the org's public holidays) or sent to manual review.
with plans as (
    select * from {{ ref('stg_genesys__time_off_plans') }}
    where is_latest
),

dates as (
    select
        org_key,
        time_off_plan_id,
        sum(case when override_type = 'Blocked' then 1 else 0 end) as blocked_dates,
        sum(case when override_type = 'ManualReview' then 1 else 0 end) as manual_review_dates
    from {{ ref('stg_genesys__time_off_plan_dates') }}
    where is_current
    group by org_key, time_off_plan_id
)

select
    plans.time_off_plan_key,
    plans.org_key,
    plans.business_unit_id,
    plans.time_off_plan_id,
    plans.time_off_plan_name,
    plans.time_off_plan_name_key,
    plans.management_unit_id,
    plans.activity_code_ids,
    plans.auto_approval_rule,
    plans.is_enabled,
    plans.count_against_time_off_limits,
    plans.time_off_limit_ids,
    plans.valid_to_utc as deleted_at_utc,
    coalesce(dates.blocked_dates, 0) as blocked_dates,
    coalesce(dates.manual_review_dates, 0) as manual_review_dates,
    not plans.is_current as is_deleted
from plans
left join dates on plans.org_key = dates.org_key and plans.time_off_plan_id = dates.time_off_plan_id
