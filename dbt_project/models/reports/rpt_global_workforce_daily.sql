-- Workforce per person-local date for each org, region and GLOBAL (see _reports__models.yml for formulas).
-- The grain underneath is account x local date (an account is one person in one org); org and region rows
-- sum its minutes, and headcount counts distinct canonical agents, so a bi-regional person counts once in
-- GLOBAL (and once in each org and region they work in).
{%- set scopes = [('org', 'org_key'), ('region', 'region'), ('global', "'GLOBAL'")] %}
{#- adherence is measured on the local days inside the org's extracted historical adherence -#}
{%- set adherence_day = "keys.local_date between adherence_through.first_date and adherence_through.last_date" %}
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
        sum(case when is_paid and not is_on_queue then minutes else 0 end) as planned_shrinkage_minutes
    from {{ ref('fct_schedule_activity') }}
    group by org_key, canonical_agent_id, local_date
),

full_days as (
    select
        org_key,
        canonical_agent_id,
        business_unit_date as local_date,
        sum(coalesce(payable_minutes, 0)) as paid_minutes
    from {{ ref('fct_full_day_time_off') }}
    group by org_key, canonical_agent_id, business_unit_date
),

exceptions as (
    select
        org_key,
        canonical_agent_id,
        local_date,
        sum(minutes) as exception_minutes,
        sum(case when impact = 'Negative' then minutes else 0 end) as unplanned_minutes
    from {{ ref('fct_adherence_exception') }}
    group by org_key, canonical_agent_id, local_date
),

adherence_through as (
    {{ extracted_dates(ref('fct_adherence_day_metric'), 'business_date') }}
),

presence as (
    select
        presence.org_key,
        accounts.canonical_agent_id,
        cast({{ to_local('presence.interval_start_utc', 'accounts.time_zone') }} as date) as local_date,
        sum(case when presence.qualifier = 'INTERACTING' then presence.seconds else 0 end) as interacting_seconds,
        sum(case when presence.qualifier = 'IDLE' then presence.seconds else 0 end) as idle_seconds,
        sum(case when presence.qualifier <> 'OFF_QUEUE' then presence.seconds else 0 end) as on_queue_seconds
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
    select
        org_key,
        canonical_agent_id,
        local_date
    from employed
    union
    select
        org_key,
        canonical_agent_id,
        local_date
    from scheduled
    union
    select
        org_key,
        canonical_agent_id,
        local_date
    from full_days
    union
    select
        org_key,
        canonical_agent_id,
        local_date
    from exceptions
    union
    select
        org_key,
        canonical_agent_id,
        local_date
    from presence
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
        coalesce(scheduled.planned_shrinkage_minutes, 0) + coalesce(full_days.paid_minutes, 0)
            as planned_shrinkage_minutes,
        case when {{ adherence_day }} then 1 else 0 end as has_adherence,
        case when {{ adherence_day }} then coalesce(scheduled.scheduled_minutes, 0) else 0 end
            as adherence_scheduled_minutes,
        case
            when {{ adherence_day }} then coalesce(scheduled.paid_minutes, 0) + coalesce(full_days.paid_minutes, 0)
            else 0
        end as adherence_paid_minutes,
        coalesce(exceptions.exception_minutes, 0) as exception_minutes,
        coalesce(exceptions.unplanned_minutes, 0) as unplanned_minutes,
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
        coalesce(presence.idle_seconds, 0) as idle_seconds,
        coalesce(presence.on_queue_seconds, 0) as on_queue_seconds
    from account_day_keys as keys
    inner join {{ ref('dim_agent') }} as agents on keys.canonical_agent_id = agents.canonical_agent_id
    left join orgs on keys.org_key = orgs.org_key
    left join adherence_through on keys.org_key = adherence_through.org_key
    left join presence_coverage on keys.org_key = presence_coverage.org_key
    {%- for part in ['employed', 'scheduled', 'full_days', 'exceptions', 'presence'] %}
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
            sum(planned_shrinkage_minutes) as planned_shrinkage_minutes,
            max(has_adherence) as has_adherence,
            sum(adherence_scheduled_minutes) as adherence_scheduled_minutes,
            sum(adherence_paid_minutes) as adherence_paid_minutes,
            sum(exception_minutes) as exception_minutes,
            sum(unplanned_minutes) as unplanned_minutes,
            -- a scope's day is measured only if every org with presence data covers it (null: none has any)
            min(has_presence) as has_presence,
            sum(case when has_presence = 1 then interacting_seconds else 0 end) as interacting_seconds,
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
            when
                scoped.paid_minutes > 0
                then cast(scoped.planned_shrinkage_minutes as {{ type_double() }}) / scoped.paid_minutes
        end
            as planned_shrinkage_pct,
        case
            when scoped.has_adherence = 1 and scoped.adherence_paid_minutes > 0
                then cast(scoped.unplanned_minutes as {{ type_double() }}) / scoped.adherence_paid_minutes
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
        when has_presence = 1 and interacting_seconds + idle_seconds > 0
            then cast(interacting_seconds as {{ type_double() }}) / (interacting_seconds + idle_seconds)
    end as occupancy_pct,
    case
        when has_adherence = 1 and adherence_scheduled_minutes > 0
            then greatest(0, 1 - cast(exception_minutes as {{ type_double() }}) / adherence_scheduled_minutes)
    end
        as adherence_pct,
    cast(exception_minutes as {{ type_double() }}) as exception_minutes
from measured
order by local_date, case scope when 'org' then 1 when 'region' then 2 else 3 end, scope_key
