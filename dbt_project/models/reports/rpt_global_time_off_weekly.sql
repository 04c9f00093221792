-- Every org's time-off requests in one list, each tagged with its org, sorted by submission time, with the
-- requests per status of its submission week (UTC, ISO week from Monday) and org on every row.
with requests as (
    select * from {{ ref('fct_time_off_request') }}
),

orgs as (
    select
        org_key,
        region
    from {{ ref('dim_org') }}
),

weekly as (
    select
        {{ week_start_date('requests.submitted_at_utc') }} as week_start_date,
        requests.*
    from requests
)

select
    row_number() over (order by weekly.submitted_at_utc, weekly.org_key, weekly.request_id) as submission_order,
    weekly.week_start_date,
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
order by submission_order
