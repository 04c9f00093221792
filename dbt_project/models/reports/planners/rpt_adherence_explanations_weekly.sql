-- Adherence explanations per org and week (Monday of the person's local date): how many were submitted,
-- how they were reviewed and how long reviews took (hours from the explained start to the review).
select
    {{ colon_key(["org_key", "cast(" ~ week_start_date('local_date') ~ " as " ~ dbt.type_string() ~ ")"]) }}
        as org_week_key,
    org_key,
    {{ week_start_date('local_date') }} as week_start_date,
    count(*) as explanations,
    sum(case when explanation_status = 'Pending' then 1 else 0 end) as pending,
    sum(case when explanation_status = 'Approved' then 1 else 0 end) as approved,
    sum(case when explanation_status = 'Denied' then 1 else 0 end) as denied,
    sum(length_minutes) as explained_minutes,
    sum(case when explanation_status = 'Approved' then explained_exception_minutes else 0 end)
        as approved_exception_minutes,
    avg(minutes_to_review) / 60.0 as avg_hours_to_review
from {{ ref('fct_adherence_explanation') }}
group by org_key, {{ week_start_date('local_date') }}
