-- Every org's time-off requests in one list, each tagged with its org, sorted by submission time, with the
-- requests per status of the week its time off starts (local, ISO week from Monday) and org on every row.
-- Requests are extracted by the dates they take off, so a count per week is whole only for weeks the extraction
-- covered end to end: is_complete_week is false for a week the org's extracted dates only partly cover (the first
-- and last weeks of the window); the report shows complete weeks only. Counting by submission week would cut
-- both ends (a request submitted in a week is extracted only if its dates fall in the window).
with requests as (
    select * from {{ ref('fct_time_off_request') }}
),

orgs as (
    select
        org_key,
        region
    from {{ ref('dim_org') }}
),

-- the requested dates extracted per org (every PENDING request is read whatever its dates, so it is left out)
coverage as (
    select
        org_key,
        min(start_local_date) as first_date,
        max(start_local_date) as last_date
    from requests
    where status <> 'PENDING'
    group by org_key
),

weekly as (
    select
        {{ week_start_date('requests.start_local_date') }} as week_start_date,
        requests.*
    from requests
)

select
    row_number() over (order by weekly.submitted_at_utc, weekly.org_key, weekly.request_id) as submission_order,
    weekly.week_start_date,
    coalesce(
        weekly.week_start_date >= coverage.first_date
        and {{ dbt.dateadd('day', 6, 'weekly.week_start_date') }} <= coverage.last_date,
        false
    ) as is_complete_week,
    weekly.org_key,
    orgs.region,
    weekly.time_off_request_key,
    weekly.request_id,
    weekly.canonical_agent_id,
    weekly.user_id,
    weekly.management_unit_id,
    weekly.status,
    weekly.is_full_day,
    weekly.is_paid,
    weekly.activity_name_key,
    weekly.submitted_at_utc,
    weekly.reviewed_at_utc,
    weekly.start_local_date,
    weekly.end_local_date,
    weekly.minutes_per_day,
    cast(count(*) over (partition by weekly.week_start_date, weekly.org_key) as {{ dbt.type_bigint() }})
        as week_org_requests,
    {%- for status in ['PENDING', 'APPROVED', 'DENIED', 'CANCELED'] %}
        cast(sum(case when weekly.status = '{{ status }}' then 1 else 0 end)
            over (partition by weekly.week_start_date, weekly.org_key)
        as {{ dbt.type_bigint() }})
            as week_org_{{ status | lower }}
        {%- if not loop.last %},{% endif %}
    {%- endfor %}
from weekly
left join orgs on weekly.org_key = orgs.org_key
left join coverage on weekly.org_key = coverage.org_key
order by submission_order
