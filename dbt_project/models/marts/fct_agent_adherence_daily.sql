-- One row per person and local day with Genesys' adherence day metrics (every org they work in, each day dated by
-- its shift's start in the person's time zone). Rows exist only where adherence was extracted, per org: no
-- extracted day, no row (never a 100%). Sums of Genesys' own seconds, over the account-days where Genesys defines
-- the measure (a no-show day has none): adherence_pct = 1 - exceptions / adherence schedule (floored at 0),
-- conformance_pct = on-queue actual / on-queue schedule. is_complete: every day in it had ended when extracted.
with days as (
    select * from {{ ref('fct_adherence_day_metric') }}
    where canonical_agent_id is not null
),

summed as (
    select
        canonical_agent_id,
        local_date,
        {{ sorted_list_agg('org_key') }} as org_keys,
        sum(schedule_length_seconds) / 60.0 as scheduled_minutes,
        sum(exception_duration_seconds) / 60.0 as exception_minutes,
        sum(case when has_adherence then adherence_schedule_seconds else 0 end) as adherence_schedule_seconds,
        sum(case when has_adherence then exception_duration_seconds else 0 end) as adherence_exception_seconds,
        sum(case when has_conformance then conformance_schedule_seconds else 0 end) as conformance_schedule_seconds,
        sum(case when has_conformance then conformance_actual_seconds else 0 end) as conformance_actual_seconds,
        min(case when is_no_show then 1 else 0 end) = 1 as is_no_show,
        min(case when is_complete then 1 else 0 end) = 1 as is_complete
    from days
    group by canonical_agent_id, local_date
)

select
    {{ dbt.concat(["canonical_agent_id", "':'", "cast(local_date as " ~ dbt.type_string() ~ ")"]) }} as agent_day_key,
    canonical_agent_id,
    local_date,
    org_keys,
    scheduled_minutes,
    exception_minutes,
    adherence_schedule_seconds,
    adherence_exception_seconds,
    conformance_schedule_seconds,
    conformance_actual_seconds,
    is_no_show,
    is_complete,
    case
        when adherence_schedule_seconds > 0
            then greatest(0, 1 - {{ safe_ratio('adherence_exception_seconds', 'adherence_schedule_seconds') }})
    end as adherence_pct,
    {{ safe_ratio('conformance_actual_seconds', 'conformance_schedule_seconds') }} as conformance_pct
from summed
