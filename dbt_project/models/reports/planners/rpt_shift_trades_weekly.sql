-- Shift trades per org, business-unit week and management unit: how many were offered, how they ended, and how
-- long the reviewed ones waited (hours from the offer to the approval or denial). approval_rate = approved /
-- reviewed (null when none was reviewed).
select
    {{ colon_key(["org_key", "cast(week_date as " ~ dbt.type_string() ~ ")", "management_unit_id"]) }}
        as org_week_unit_key,
    org_key,
    week_date,
    management_unit_id,
    max(management_unit_name) as management_unit_name,
    count(*) as trades,
    sum(case when trade_state = 'Unmatched' then 1 else 0 end) as unmatched,
    sum(case when trade_state = 'Matched' then 1 else 0 end) as matched,
    sum(case when trade_state = 'Approved' then 1 else 0 end) as approved,
    sum(case when trade_state = 'Denied' then 1 else 0 end) as denied,
    sum(case when trade_state = 'Expired' then 1 else 0 end) as expired,
    sum(case when trade_state = 'Canceled' then 1 else 0 end) as canceled,
    sum(case when is_one_sided then 1 else 0 end) as one_sided,
    sum(case when crosses_local_midnight then 1 else 0 end) as across_midnight,
    1.0 * sum(case when trade_state = 'Approved' then 1 else 0 end)
    / nullif(sum(case when is_reviewed then 1 else 0 end), 0) as approval_rate,
    avg(hours_to_review) as avg_hours_to_review
from {{ ref('fct_shift_trade') }}
group by org_key, week_date, management_unit_id
