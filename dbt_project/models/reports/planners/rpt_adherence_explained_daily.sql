-- Adherence per person and local day with and without the approved explanations (all orgs combined).
-- adherence_pct is fct_agent_adherence_daily's (Genesys' day metric where extracted); excluding approved:
-- the minutes approved explanations cover no longer count as out of adherence, added back on the same
-- basis. Pending and denied ones change nothing; they are counted so a supervisor sees what waits for review.
with days as (
    select * from {{ ref('fct_agent_adherence_daily') }}
),

explanations as (
    select
        canonical_agent_id,
        local_date,
        count(*) as explanations,
        sum(case when explanation_status = 'Pending' then 1 else 0 end) as pending,
        sum(case when explanation_status = 'Approved' then 1 else 0 end) as approved,
        sum(case when explanation_status = 'Denied' then 1 else 0 end) as denied,
        sum(case when explanation_status = 'Approved' then explained_exception_minutes else 0 end)
            as approved_minutes
    from {{ ref('fct_adherence_explanation') }}
    group by canonical_agent_id, local_date
)

select
    days.agent_day_key,
    days.canonical_agent_id,
    days.local_date,
    days.org_keys,
    days.scheduled_minutes,
    days.exception_minutes,
    days.adherence_pct,
    coalesce(explanations.explanations, 0) as explanations,
    coalesce(explanations.pending, 0) as pending_explanations,
    coalesce(explanations.approved, 0) as approved_explanations,
    coalesce(explanations.denied, 0) as denied_explanations,
    coalesce(explanations.approved_minutes, 0) as approved_explained_minutes,
    case
        when days.scheduled_minutes > 0 and days.adherence_pct is not null
            then least(1, days.adherence_pct + coalesce(explanations.approved_minutes, 0) / days.scheduled_minutes)
    end as adherence_pct_excluding_approved
from days
left join explanations
    on days.canonical_agent_id = explanations.canonical_agent_id and days.local_date = explanations.local_date
