-- Intraday changes to published schedules (Genesys' schedule Audit view), per agent, day and shift, from the
-- scd2 history of schedule activities: each load that retired or added rows of a shift after its week was
-- first loaded is a change. The shift before (rows valid just before the load) and after (valid just after):
-- add = no shift before; delete = no shift after; move = both, another start; edit = same start, other end
-- or activities. Loads that leave a shift as it was are no change.
with versions as (
    select * from {{ ref('fct_schedule_activity_version') }}
),

week_first_loads as (
    select
        org_key,
        business_unit_id,
        week_date,
        min(valid_from_utc) as first_loaded_utc
    from versions
    group by org_key, business_unit_id, week_date
),

moments as (
    select
        versions.org_key,
        versions.user_id,
        versions.shift_id,
        versions.valid_from_utc as detected_at_utc
    from versions
    inner join week_first_loads
        on
            versions.org_key = week_first_loads.org_key
            and versions.business_unit_id = week_first_loads.business_unit_id
            and versions.week_date = week_first_loads.week_date
    where versions.valid_from_utc > week_first_loads.first_loaded_utc
    union
    select
        org_key,
        user_id,
        shift_id,
        valid_to_utc
    from versions
    where valid_to_utc is not null
),

{#- rows valid just before the load (retired by it or still current), and just after (added by it or kept) -#}
{% set sides = {
    'before': 'versions.valid_from_utc < moments.detected_at_utc'
        ~ ' and (versions.valid_to_utc is null or versions.valid_to_utc >= moments.detected_at_utc)',
    'after': 'versions.valid_from_utc <= moments.detected_at_utc'
        ~ ' and (versions.valid_to_utc is null or versions.valid_to_utc > moments.detected_at_utc)'
} %}
{% for side, valid in sides.items() %}
    {{ side }}_shift as (
        select
            moments.org_key,
            moments.user_id,
            moments.shift_id,
            moments.detected_at_utc,
            max(versions.business_unit_id) as business_unit_id,
            max(versions.management_unit_id) as management_unit_id,
            max(versions.schedule_id) as schedule_id,
            max(versions.week_date) as week_date,
            min(versions.start_utc) as start_utc,
            max(versions.end_utc) as end_utc,
            sum(versions.minutes) as minutes,
            count(*) as activities,
        {{ sorted_list_agg(dbt.concat([
            "cast(versions.start_utc as " ~ dbt.type_string() ~ ")", "'/'",
            "cast(versions.minutes as " ~ dbt.type_string() ~ ")", "'/'",
            "coalesce(versions.activity_code_id, '')"])) }} as activity_signature
        from moments
        inner join versions
            on
                moments.org_key = versions.org_key
                and moments.user_id = versions.user_id
                and moments.shift_id = versions.shift_id
                and {{ valid }}
        group by moments.org_key, moments.user_id, moments.shift_id, moments.detected_at_utc
    ),
{% endfor %}

classified as (
    select
        moments.org_key,
        moments.user_id,
        moments.shift_id,
        moments.detected_at_utc,
        before_shift.start_utc as before_start_utc,
        before_shift.end_utc as before_end_utc,
        before_shift.minutes as before_minutes,
        before_shift.activities as before_activities,
        after_shift.start_utc as after_start_utc,
        after_shift.end_utc as after_end_utc,
        after_shift.minutes as after_minutes,
        after_shift.activities as after_activities,
        case
            when before_shift.shift_id is null and after_shift.shift_id is not null then 'add'
            when after_shift.shift_id is null and before_shift.shift_id is not null then 'delete'
            when before_shift.start_utc <> after_shift.start_utc then 'move'
            when
                before_shift.end_utc <> after_shift.end_utc
                or before_shift.activity_signature <> after_shift.activity_signature then 'edit'
        end as change_type,
        coalesce(after_shift.business_unit_id, before_shift.business_unit_id) as business_unit_id,
        coalesce(after_shift.management_unit_id, before_shift.management_unit_id) as management_unit_id,
        coalesce(after_shift.schedule_id, before_shift.schedule_id) as schedule_id,
        coalesce(after_shift.week_date, before_shift.week_date) as week_date
    from moments
    left join before_shift
        on
            moments.org_key = before_shift.org_key and moments.user_id = before_shift.user_id
            and moments.shift_id = before_shift.shift_id and moments.detected_at_utc = before_shift.detected_at_utc
    left join after_shift
        on
            moments.org_key = after_shift.org_key and moments.user_id = after_shift.user_id
            and moments.shift_id = after_shift.shift_id and moments.detected_at_utc = after_shift.detected_at_utc
),

accounts as (
    select
        accounts.org_key,
        accounts.user_id,
        accounts.canonical_agent_id,
        agents.display_name,
        agents.time_zone
    from {{ ref('dim_agent_account') }} as accounts
    inner join {{ ref('dim_agent') }} as agents on accounts.canonical_agent_id = agents.canonical_agent_id
),

schedules as (
    select
        org_key,
        schedule_id,
        schedule_version,
        modified_at_utc
    from {{ ref('dim_schedule') }}
)

select
    {{ dbt.concat(["classified.org_key", "':'", "classified.user_id", "':'", "classified.shift_id", "':'",
                   "cast(classified.detected_at_utc as " ~ dbt.type_string() ~ ")"]) }} as schedule_change_key,
    classified.change_type,
    classified.org_key,
    accounts.canonical_agent_id,
    accounts.display_name,
    classified.user_id,
    cast({{ to_local('coalesce(classified.after_start_utc, classified.before_start_utc)',
                     "coalesce(accounts.time_zone, 'UTC')") }} as date) as local_date,
    classified.business_unit_id,
    classified.management_unit_id,
    classified.week_date,
    classified.shift_id,
    classified.before_start_utc,
    classified.before_end_utc,
    classified.before_minutes,
    classified.before_activities,
    classified.after_start_utc,
    classified.after_end_utc,
    classified.after_minutes,
    classified.after_activities,
    case
        when classified.change_type = 'move'
            then cast(
                {{ minutes_between('classified.before_start_utc', 'classified.after_start_utc') }}
                as {{ type_double() }}
            )
    end as moved_by_minutes,
    classified.detected_at_utc,
    schedules.schedule_version,
    schedules.modified_at_utc as schedule_modified_at_utc
from classified
left join accounts on classified.org_key = accounts.org_key and classified.user_id = accounts.user_id
left join schedules on classified.org_key = schedules.org_key and classified.schedule_id = schedules.schedule_id
where classified.change_type is not null
order by local_date, classified.org_key, accounts.canonical_agent_id, classified.detected_at_utc
