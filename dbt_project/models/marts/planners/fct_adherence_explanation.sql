-- One row per adherence explanation (all orgs), by person: what it explains of the adherence exceptions.
-- explained_exception_minutes = minutes of the agent's exceptions inside [start_utc, end_utc); the exception
-- it explains is the one it overlaps most (Genesys explains a late start: one exception).
with explanations as (
    select * from {{ ref('stg_genesys__adherence_explanations') }}
),

exceptions as (
    select * from {{ ref('fct_adherence_exception') }}
),

spans as (
    select
        explanations.*,
        {{ dbt.dateadd('minute', 'explanations.length_minutes', 'explanations.start_utc') }} as end_utc
    from explanations
),

overlapping as (
    select
        spans.adherence_explanation_key,
        exceptions.adherence_exception_key,
        {{ minutes_between(
            'greatest(spans.start_utc, exceptions.start_utc)', 'least(spans.end_utc, exceptions.end_utc)'
        ) }} as minutes
    from spans
    inner join exceptions
        on
            spans.org_key = exceptions.org_key
            and spans.user_id = exceptions.user_id
            and spans.end_utc > exceptions.start_utc
            and spans.start_utc < exceptions.end_utc
),

ranked as (
    select
        *,
        row_number() over (partition by adherence_explanation_key order by minutes desc, adherence_exception_key asc)
            as overlap_rank
    from overlapping
),

explained as (
    select
        adherence_explanation_key,
        sum(minutes) as explained_exception_minutes,
        max(case when overlap_rank = 1 then adherence_exception_key end) as adherence_exception_key
    from ranked
    group by adherence_explanation_key
)

select
    spans.adherence_explanation_key,
    spans.org_key,
    account.canonical_agent_id,
    spans.user_id,
    spans.business_unit_id,
    spans.management_unit_id,
    spans.explanation_type,
    spans.explanation_status,
    spans.start_utc,
    spans.end_utc,
    spans.length_minutes,
    cast({{ to_local('spans.start_utc', 'agent.time_zone') }} as date) as local_date,
    spans.business_unit_date,
    spans.reviewed_by,
    spans.reviewed_at_utc,
    case
        when spans.reviewed_at_utc is not null then {{ minutes_between('spans.start_utc', 'spans.reviewed_at_utc') }}
    end
        as minutes_to_review,
    explained.adherence_exception_key,
    coalesce(explained.explained_exception_minutes, 0) as explained_exception_minutes
from spans
{{ join_agent_account('spans') }}
left join explained on spans.adherence_explanation_key = explained.adherence_explanation_key
