-- Workforce per person-local date for each org, region and GLOBAL (see _reports__models.yml and docs/metrics.md
-- for formulas). The grain underneath is account x local date (an account is one person in one org; a shift's
-- minutes belong to the day it started); org and region rows sum it, and headcount counts distinct canonical
-- agents, so a bi-regional person counts once in GLOBAL (and once in each org and region they work in).
-- Adherence and conformance are Genesys' own day metrics, only on days the org's adherence was extracted for.
{%- set scopes = [('org', 'org_key'), ('region', 'region'), ('global', "'GLOBAL'")] %}
{%- set routing_on_queue = "('IDLE', 'INTERACTING', 'COMMUNICATING', 'NOT_RESPONDING')" %}
with orgs as (
    select
        org_key,
        region
    from {{ ref('dim_org') }}
),

accounts as (
    select
        accounts.org_key,
        accounts.user_id,
        accounts.canonical_agent_id,
        agents.time_zone,
        cast({{ to_local('accounts.valid_from_utc', 'agents.time_zone') }} as date) as valid_from_date,
        cast({{ to_local('accounts.valid_to_utc', 'agents.time_zone') }} as date) as valid_to_date
    from {{ ref('dim_agent_account') }} as accounts
    inner join {{ ref('dim_agent') }} as agents on accounts.canonical_agent_id = agents.canonical_agent_id
),

days as (
    select distinct local_date from {{ ref('fct_agent_day') }}
),

employed as (
    select
        accounts.org_key,
        accounts.canonical_agent_id,
        days.local_date
    from accounts
    inner join days
        on
            accounts.valid_from_date <= days.local_date
            and (accounts.valid_to_date is null or accounts.valid_to_date >= days.local_date)
),

scheduled as (
    select
        org_key,
        canonical_agent_id,
        local_date,
        sum(minutes) as scheduled_minutes,
        sum(case when is_paid then minutes else 0 end) as paid_minutes,
        sum(case when is_on_queue then minutes else 0 end) as scheduled_on_queue_minutes,
        sum(case when is_planned_shrinkage then minutes else 0 end) as planned_shrinkage_minutes,
        sum(case when is_unplanned_shrinkage then minutes else 0 end) as unplanned_code_minutes
    from {{ ref('fct_schedule_activity') }}
    group by org_key, canonical_agent_id, local_date
),

full_days as (
    select
        org_key,
        canonical_agent_id,
        business_unit_date as local_date,
        sum(minutes) as minutes,
        sum(coalesce(payable_minutes, 0)) as paid_minutes,
        sum(case when is_planned_shrinkage then minutes else 0 end) as planned_shrinkage_minutes,
        sum(case when is_unplanned_shrinkage then minutes else 0 end) as unplanned_code_minutes
    from {{ ref('fct_full_day_time_off') }}
    group by org_key, canonical_agent_id, business_unit_date
),

exceptions as (
    select
        org_key,
        canonical_agent_id,
        local_date,
        sum(minutes) as exception_minutes,
        sum(case when impact = 'Negative' then minutes else 0 end) as negative_minutes
    from {{ ref('fct_adherence_exception') }}
    group by org_key, canonical_agent_id, local_date
),

genesys_days as (
    select
        org_key,
        canonical_agent_id,
        local_date,
        sum(case when has_adherence then adherence_schedule_seconds else 0 end) as adherence_schedule_seconds,
        sum(case when has_adherence then exception_duration_seconds else 0 end) as adherence_exception_seconds,
        sum(case when has_conformance then conformance_schedule_seconds else 0 end) as conformance_schedule_seconds,
        sum(case when has_conformance then conformance_actual_seconds else 0 end) as conformance_actual_seconds,
        min(case when is_complete then 1 else 0 end) as is_complete
    from {{ ref('fct_adherence_day_metric') }}
    group by org_key, canonical_agent_id, local_date
),

coverage as (
    select
        org_key,
        first_business_date,
        last_business_date
    from {{ ref('fct_adherence_coverage') }}
),

presence as (
    select
        presence.org_key,
        accounts.canonical_agent_id,
        cast({{ to_local('presence.interval_start_utc', 'accounts.time_zone') }} as date) as local_date,
        sum(case when presence.qualifier = 'INTERACTING' then presence.seconds else 0 end) as interacting_seconds,
        sum(case when presence.qualifier = 'COMMUNICATING' then presence.seconds else 0 end) as communicating_seconds,
        sum(case when presence.qualifier = 'IDLE' then presence.seconds else 0 end) as idle_seconds,
        sum(case when presence.qualifier in {{ routing_on_queue }} then presence.seconds else 0 end)
            as on_queue_seconds
    from {{ ref('fct_user_presence_interval') }} as presence
    inner join accounts on presence.org_key = accounts.org_key and presence.user_id = accounts.user_id
    where presence.metric = 'tAgentRoutingStatus'
    group by
        presence.org_key, accounts.canonical_agent_id,
        cast({{ to_local('presence.interval_start_utc', 'accounts.time_zone') }} as date)
),

-- presence is extracted for whole UTC days: a local day counts only if it lies inside them
presence_coverage as (
    select
        org_key,
        cast(min(cast(interval_start_utc as date)) as {{ dbt.type_timestamp() }}) as coverage_start_utc,
        cast({{ dbt.dateadd('day', 1, 'max(cast(interval_start_utc as date))') }} as {{ dbt.type_timestamp() }})
            as coverage_end_utc
    from {{ ref('fct_user_presence_interval') }}
    group by org_key
),

account_day_keys as (
    {%- for part in ['employed', 'scheduled', 'full_days', 'exceptions', 'genesys_days', 'presence'] %}
        select
            org_key,
            canonical_agent_id,
            local_date
        from {{ part }}
        {% if not loop.last %}union{% endif %}
    {%- endfor %}
),

account_days as (
    select
        keys.org_key,
        orgs.region,
        keys.canonical_agent_id,
        keys.local_date,
        employed.canonical_agent_id is not null as is_employed,
        coalesce(scheduled.scheduled_minutes, 0) as scheduled_minutes,
        coalesce(scheduled.paid_minutes, 0) + coalesce(full_days.paid_minutes, 0) as paid_minutes,
        coalesce(scheduled.scheduled_on_queue_minutes, 0) as scheduled_on_queue_minutes,
        coalesce(scheduled.scheduled_minutes, 0) + coalesce(full_days.minutes, 0) as shrinkage_base_minutes,
        coalesce(scheduled.planned_shrinkage_minutes, 0) + coalesce(full_days.planned_shrinkage_minutes, 0)
            as planned_shrinkage_minutes,
        -- inside the org's extracted adherence: 1, else 0 (measures from adherence count only there)
        case
            when keys.local_date between coverage.first_business_date and coverage.last_business_date then 1 else 0
        end as has_adherence,
        coalesce(scheduled.unplanned_code_minutes, 0) + coalesce(full_days.unplanned_code_minutes, 0)
            as unplanned_code_minutes,
        coalesce(exceptions.exception_minutes, 0) as exception_minutes,
        coalesce(exceptions.negative_minutes, 0) as negative_minutes,
        coalesce(genesys_days.adherence_schedule_seconds, 0) as adherence_schedule_seconds,
        coalesce(genesys_days.adherence_exception_seconds, 0) as adherence_exception_seconds,
        coalesce(genesys_days.conformance_schedule_seconds, 0) as conformance_schedule_seconds,
        coalesce(genesys_days.conformance_actual_seconds, 0) as conformance_actual_seconds,
        coalesce(genesys_days.is_complete, 1) as adherence_complete,
        -- 1: presence covers the whole local day; 0: not (yet); null: the org has no presence data at all
        case
            when presence_coverage.org_key is null then null
            when
                {{ local_midnight_utc('keys.local_date', 'agents.time_zone') }} >= presence_coverage.coverage_start_utc
                and {{ local_midnight_utc(dbt.dateadd('day', 1, 'keys.local_date'), 'agents.time_zone') }}
                <= presence_coverage.coverage_end_utc
                then 1
            else 0
        end as has_presence,
        coalesce(presence.interacting_seconds, 0) as interacting_seconds,
        coalesce(presence.communicating_seconds, 0) as communicating_seconds,
        coalesce(presence.idle_seconds, 0) as idle_seconds,
        coalesce(presence.on_queue_seconds, 0) as on_queue_seconds
    from account_day_keys as keys
    inner join {{ ref('dim_agent') }} as agents on keys.canonical_agent_id = agents.canonical_agent_id
    left join orgs on keys.org_key = orgs.org_key
    left join coverage on keys.org_key = coverage.org_key
    left join presence_coverage on keys.org_key = presence_coverage.org_key
    {%- for part in ['employed', 'scheduled', 'full_days', 'exceptions', 'genesys_days', 'presence'] %}
        left join {{ part }}
            on
                {{ part }}.org_key = keys.org_key and {{ part }}.canonical_agent_id = keys.canonical_agent_id
                and {{ part }}.local_date = keys.local_date
    {%- endfor %}
),

scoped as (
    {%- for scope, key in scopes %}
        select
            local_date,
            '{{ scope }}' as scope,
            {{ key }} as scope_key,
            count(distinct case when is_employed then canonical_agent_id end) as headcount,
            sum(scheduled_minutes) as scheduled_minutes,
            sum(paid_minutes) as paid_minutes,
            sum(scheduled_on_queue_minutes) as scheduled_on_queue_minutes,
            sum(shrinkage_base_minutes) as shrinkage_base_minutes,
            sum(planned_shrinkage_minutes) as planned_shrinkage_minutes,
            max(has_adherence) as has_adherence,
            sum(has_adherence * shrinkage_base_minutes) as adherence_base_minutes,
            sum(has_adherence * (unplanned_code_minutes + negative_minutes)) as unplanned_shrinkage_minutes,
            sum(has_adherence * exception_minutes) as exception_minutes,
            sum(adherence_schedule_seconds) as adherence_schedule_seconds,
            sum(adherence_exception_seconds) as adherence_exception_seconds,
            sum(conformance_schedule_seconds) as conformance_schedule_seconds,
            sum(conformance_actual_seconds) as conformance_actual_seconds,
            min(case when has_adherence = 1 then adherence_complete end) as adherence_complete,
            -- a scope's day is measured only if every org with presence data covers it (null: none has any)
            min(has_presence) as has_presence,
            sum(case when has_presence = 1 then interacting_seconds else 0 end) as interacting_seconds,
            sum(case when has_presence = 1 then communicating_seconds else 0 end) as communicating_seconds,
            sum(case when has_presence = 1 then idle_seconds else 0 end) as idle_seconds,
            sum(case when has_presence = 1 then on_queue_seconds else 0 end) as on_queue_seconds
        from account_days
        group by local_date{% if scope != 'global' %}, {{ key }}{% endif %}
        {% if not loop.last %}union all{% endif %}
    {%- endfor %}
),

measured as (
    select
        scoped.*,
        case
            when scoped.shrinkage_base_minutes > 0
                then cast(scoped.planned_shrinkage_minutes as {{ type_double() }}) / scoped.shrinkage_base_minutes
        end as planned_shrinkage_pct,
        case
            when scoped.has_adherence = 1 and scoped.adherence_base_minutes > 0
                then cast(scoped.unplanned_shrinkage_minutes as {{ type_double() }}) / scoped.adherence_base_minutes
        end as unplanned_shrinkage_pct
    from scoped
)

select
    {{ dbt.concat(["scope", "':'", "scope_key", "':'", "cast(local_date as " ~ dbt.type_string() ~ ")"]) }}
        as workforce_day_key,
    local_date as date,
    scope,
    scope_key,
    headcount,
    cast(scheduled_minutes as {{ type_double() }}) / 60 as scheduled_hours,
    cast(paid_minutes as {{ type_double() }}) / 60 as paid_hours,
    cast(scheduled_on_queue_minutes as {{ type_double() }}) / 60 as scheduled_on_queue_hours,
    case when has_presence = 1 then cast(on_queue_seconds as {{ type_double() }}) / 3600 end as on_queue_hours,
    planned_shrinkage_pct,
    unplanned_shrinkage_pct,
    case
        when planned_shrinkage_pct is not null
            then planned_shrinkage_pct + coalesce(unplanned_shrinkage_pct, 0)
    end as shrinkage_pct,
    case
        when has_presence = 1
            then {{ safe_ratio('interacting_seconds', 'interacting_seconds + communicating_seconds + idle_seconds') }}
    end as occupancy_pct,
    case
        when has_adherence = 1 and adherence_schedule_seconds > 0
            then greatest(0, 1 - cast(adherence_exception_seconds as {{ type_double() }}) / adherence_schedule_seconds)
    end as adherence_pct,
    case
        when has_adherence = 1 and conformance_schedule_seconds > 0
            then cast(conformance_actual_seconds as {{ type_double() }}) / conformance_schedule_seconds
    end as conformance_pct,
    case when has_adherence = 1 then adherence_complete = 1 end as adherence_complete,
    cast(exception_minutes as {{ type_double() }}) as exception_minutes
from measured
order by local_date, case scope when 'org' then 1 when 'region' then 2 else 3 end, scope_key
