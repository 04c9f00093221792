-- Genesys' own figures beside ours: one row per org, date and metric (formulas in docs/metrics.md).
-- wfm_hub_value is computed from what the hub holds (schedules, exception lists, presence, conversation counts,
-- forecasts), genesys_value from Genesys' own figures for the same thing (historical adherence day metrics,
-- oServiceLevel, the forecast's staffing requirement), over the same agent-days, queues and intervals.
-- within_tolerance compares abs_diff with the metric's tolerance (seed reconciliation_tolerances: absolute for
-- percentages, relative to Genesys' value for minutes and agent-hours). local_date is the business unit's date for
-- the workforce metrics (a shift dated by its start, as Genesys dates it) and the UTC date for service level (a
-- queue belongs to no business unit); required_staff takes the business unit's date of each interval.
with day_metrics as (
    select * from {{ ref('fct_adherence_day_metric') }}
),

shifts as (
    select
        shifts.*,
        days.is_complete,
        days.extracted_at_utc,
        days.has_adherence,
        days.has_conformance
    from {{ ref('int_agent_shifts') }} as shifts
    inner join day_metrics as days
        on
            shifts.org_key = days.org_key and shifts.user_id = days.user_id
            and shifts.business_unit_date = days.business_date
),

-- the schedule's minutes up to the extraction (a day extracted before it ended counts its elapsed part only)
scheduled as (
    select
        org_key,
        user_id,
        business_unit_date,
        max(case when has_adherence then 1 else 0 end) as has_adherence,
        sum(
            case
                when is_complete then scheduled_minutes
                else greatest(0, least(scheduled_minutes, {{ minutes_between('shift_start_utc', 'extracted_at_utc') }}))
            end
        ) as scheduled_minutes,
        sum(on_queue_minutes) as on_queue_minutes
    from shifts
    group by org_key, user_id, business_unit_date
),

exceptions as (
    select
        org_key,
        user_id,
        business_unit_date,
        sum(minutes) as exception_minutes
    from {{ ref('fct_adherence_exception') }}
    group by org_key, user_id, business_unit_date
),

presence_coverage as (
    select
        org_key,
        min(interval_start_utc) as first_utc,
        max({{ dbt.dateadd('minute', 'interval_minutes', 'interval_start_utc') }}) as end_utc
    from {{ ref('fct_user_presence_interval') }}
    group by org_key
),

-- on-queue presence (any routing status but OFF_QUEUE) inside each shift's window, for the shifts whose window the
-- extracted presence covers whole
on_queue as (
    select
        shifts.org_key,
        shifts.user_id,
        shifts.business_unit_date,
        coalesce(sum(presence.seconds), 0) / 60.0 as on_queue_minutes
    from shifts
    inner join presence_coverage
        on
            shifts.org_key = presence_coverage.org_key
            and shifts.window_start_utc >= presence_coverage.first_utc
            and shifts.window_end_utc <= presence_coverage.end_utc
    left join {{ ref('fct_user_presence_interval') }} as presence
        on
            shifts.org_key = presence.org_key and shifts.user_id = presence.user_id
            and shifts.window_start_utc <= presence.interval_start_utc
            and shifts.window_end_utc > presence.interval_start_utc
            and presence.metric = 'tAgentRoutingStatus' and presence.qualifier <> 'OFF_QUEUE'
    where shifts.has_conformance
    group by shifts.org_key, shifts.user_id, shifts.business_unit_date
),

workforce as (
    select
        days.org_key,
        days.business_date as local_date,
        sum(days.schedule_length_seconds) / 60.0 as genesys_scheduled,
        sum(coalesce(scheduled.scheduled_minutes, 0)) as hub_scheduled,
        sum(days.exception_duration_seconds) / 60.0 as genesys_exceptions,
        sum(coalesce(exceptions.exception_minutes, 0)) as hub_exceptions,
        sum(case when days.has_adherence then days.exception_duration_seconds else 0 end) as genesys_adh_exc,
        sum(case when days.has_adherence then days.adherence_schedule_seconds else 0 end) as genesys_adh_sched,
        sum(case when days.has_adherence then coalesce(exceptions.exception_minutes, 0) else 0 end) as hub_adh_exc,
        sum(case when days.has_adherence then coalesce(scheduled.scheduled_minutes, 0) else 0 end) as hub_adh_sched,
        -- conformance on the account-days whose presence was extracted in full (on_queue has a row), both sides
        sum(case when on_queue.user_id is not null then days.conformance_actual_seconds end) as genesys_conf_actual,
        sum(case when on_queue.user_id is not null then days.conformance_schedule_seconds end) as genesys_conf_sched,
        sum(on_queue.on_queue_minutes) as hub_conf_actual,
        sum(case when on_queue.user_id is not null then scheduled.on_queue_minutes end) as hub_conf_sched
    from day_metrics as days
    left join scheduled
        on
            days.org_key = scheduled.org_key and days.user_id = scheduled.user_id
            and days.business_date = scheduled.business_unit_date
    left join exceptions
        on
            days.org_key = exceptions.org_key and days.user_id = exceptions.user_id
            and days.business_date = exceptions.business_unit_date
    left join on_queue
        on
            days.org_key = on_queue.org_key and days.user_id = on_queue.user_id
            and days.business_date = on_queue.business_unit_date
    group by days.org_key, days.business_date
),

service_level_settings as (
    select
        orgs.org_key,
        coalesce(org_settings.include_short_abandons, all_orgs.include_short_abandons, true) as include_short_abandons,
        coalesce(org_settings.include_flow_outs, all_orgs.include_flow_outs, false) as include_flow_outs
    from {{ ref('dim_org') }} as orgs
    left join {{ ref('service_level_settings') }} as org_settings on orgs.org_key = org_settings.org_key
    left join {{ ref('service_level_settings') }} as all_orgs on all_orgs.org_key is null
),

service_level as (
    select
        volume.org_key,
        volume.utc_date as local_date,
        sum(coalesce(volume.sl_numerator, 0)) as genesys_numerator,
        sum(coalesce(volume.sl_denominator, 0)) as genesys_denominator,
        sum(volume.answered - volume.over_sla) as hub_numerator,
        sum(
            volume.answered + volume.abandoned
            - case when settings.include_short_abandons then 0 else volume.short_abandoned end
            + case when settings.include_flow_outs then volume.flow_out else 0 end
        ) as hub_denominator
    from {{ ref('fct_interaction_volume') }} as volume
    inner join service_level_settings as settings on volume.org_key = settings.org_key
    where volume.is_inbound
    group by volume.org_key, volume.utc_date
),

staffing as (
    select
        gaps.org_key,
        cast({{ to_local('gaps.interval_start_utc', 'units.time_zone') }} as date) as local_date,
        sum(gaps.required_agents * gaps.interval_minutes) / 60.0 as genesys_agent_hours,
        sum(gaps.erlang_c_agents * gaps.interval_minutes) / 60.0 as hub_agent_hours
    from {{ ref('rpt_staffing_gap') }} as gaps
    inner join {{ ref('dim_business_unit') }} as units
        on gaps.org_key = units.org_key and gaps.business_unit_id = units.business_unit_id
    where gaps.erlang_c_agents is not null and gaps.required_agents is not null
    group by gaps.org_key, cast({{ to_local('gaps.interval_start_utc', 'units.time_zone') }} as date)
),

metrics as (
    select
        org_key,
        local_date,
        'adherence_pct' as metric,
        case when hub_adh_sched > 0 then greatest(0, 1 - cast(hub_adh_exc as {{ type_double() }}) / hub_adh_sched) end
            as wfm_hub_value,
        case
            when genesys_adh_sched > 0
                then greatest(0, 1 - cast(genesys_adh_exc as {{ type_double() }}) / genesys_adh_sched)
        end as genesys_value
    from workforce
    union all
    select
        org_key,
        local_date,
        'conformance_pct' as metric,
        {{ safe_ratio('hub_conf_actual', 'hub_conf_sched') }} as wfm_hub_value,
        {{ safe_ratio('genesys_conf_actual', 'genesys_conf_sched') }} as genesys_value
    from workforce
    union all
    select
        org_key,
        local_date,
        'exception_minutes' as metric,
        cast(hub_exceptions as {{ type_double() }}) as wfm_hub_value,
        cast(genesys_exceptions as {{ type_double() }}) as genesys_value
    from workforce
    union all
    select
        org_key,
        local_date,
        'scheduled_minutes' as metric,
        cast(hub_scheduled as {{ type_double() }}) as wfm_hub_value,
        cast(genesys_scheduled as {{ type_double() }}) as genesys_value
    from workforce
    union all
    select
        org_key,
        local_date,
        'service_level_pct' as metric,
        {{ safe_ratio('hub_numerator', 'hub_denominator') }} as wfm_hub_value,
        {{ safe_ratio('genesys_numerator', 'genesys_denominator') }} as genesys_value
    from service_level
    union all
    select
        org_key,
        local_date,
        'required_staff' as metric,
        cast(hub_agent_hours as {{ type_double() }}) as wfm_hub_value,
        cast(genesys_agent_hours as {{ type_double() }}) as genesys_value
    from staffing
),

tolerances as (
    select
        metric,
        tolerance_kind,
        tolerance
    from {{ ref('reconciliation_tolerances') }}
)

select
    {{ colon_key(["metrics.org_key", "cast(metrics.local_date as " ~ dbt.type_string() ~ ")", "metrics.metric"]) }}
        as reconciliation_key,
    metrics.org_key,
    metrics.local_date,
    metrics.metric,
    metrics.wfm_hub_value,
    metrics.genesys_value,
    abs(metrics.wfm_hub_value - metrics.genesys_value) as abs_diff,
    tolerances.tolerance_kind,
    tolerances.tolerance,
    case
        when metrics.wfm_hub_value is null or metrics.genesys_value is null then null
        when tolerances.tolerance_kind = 'relative'
            then abs(metrics.wfm_hub_value - metrics.genesys_value) <= tolerances.tolerance * abs(metrics.genesys_value)
        else abs(metrics.wfm_hub_value - metrics.genesys_value) <= tolerances.tolerance
    end as within_tolerance
from metrics
left join tolerances on metrics.metric = tolerances.metric
order by metrics.local_date, metrics.org_key, metrics.metric
