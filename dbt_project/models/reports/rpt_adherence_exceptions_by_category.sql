-- Historical adherence exceptions per org, person-local date (the day of the shift they belong to), scheduled and
-- actual activity category and impact: how many and how many minutes, with each org's and region's share of the
-- day's minutes out of adherence. Where the time goes when agents are out of adherence (a late login is scheduled
-- OnQueueWork, actual Unavailable; an overrun break scheduled OnQueueWork, actual Break; work outside the shift
-- scheduled Unscheduled, actual OnQueueWork).
with exceptions as (
    select
        exceptions.org_key,
        orgs.region,
        exceptions.local_date,
        exceptions.scheduled_category,
        exceptions.actual_category,
        exceptions.impact,
        exceptions.minutes
    from {{ ref('fct_adherence_exception') }} as exceptions
    left join {{ ref('dim_org') }} as orgs on exceptions.org_key = orgs.org_key
),

grouped as (
    select
        org_key,
        region,
        local_date,
        scheduled_category,
        actual_category,
        impact,
        count(*) as exceptions,
        sum(minutes) as minutes
    from exceptions
    group by org_key, region, local_date, scheduled_category, actual_category, impact
)

select
    {{ colon_key(["org_key", "cast(local_date as " ~ dbt.type_string() ~ ")", "scheduled_category",
                  "actual_category", "impact"]) }} as exception_category_key,
    org_key,
    region,
    local_date,
    scheduled_category,
    actual_category,
    impact,
    exceptions,
    cast(minutes as {{ type_double() }}) as minutes,
    cast(minutes as {{ type_double() }}) / sum(minutes) over (partition by org_key, local_date) as share_of_org_day
from grouped
order by local_date asc, org_key asc, minutes desc
