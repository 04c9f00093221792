-- Per org, the days historical adherence was extracted for: the first and the newest business date (the org's
-- extraction horizon: adherence exists only inside it, per org), the newest date through which every extracted
-- day had ended when it was read (complete_through_date), and when the newest extraction ran.
with days as (
    select
        org_key,
        business_date,
        max(extracted_at_utc) as extracted_at_utc,
        min(case when is_complete then 1 else 0 end) as all_complete
    from {{ ref('fct_adherence_day_metric') }}
    group by org_key, business_date
),

first_incomplete as (
    select
        org_key,
        min(business_date) as first_incomplete_date
    from days
    where all_complete = 0
    group by org_key
)

select
    days.org_key,
    min(days.business_date) as first_business_date,
    max(days.business_date) as last_business_date,
    max(
        case
            when
                first_incomplete.first_incomplete_date is null
                or days.business_date < first_incomplete.first_incomplete_date
                then days.business_date
        end
    ) as complete_through_date,
    max(days.extracted_at_utc) as extracted_at_utc
from days
left join first_incomplete on days.org_key = first_incomplete.org_key
group by days.org_key
