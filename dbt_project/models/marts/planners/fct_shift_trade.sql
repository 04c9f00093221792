-- One row per shift trade of every org, with both people (canonical agents) and the offered shift in the
-- initiating person's local time. Shift minutes come from the UTC instants, so a shift across a DST change keeps
-- its real length; crosses_local_midnight says whether it ends on another local date than it starts.
with trades as (
    select
        *,
        initiating_user_id as user_id
    from {{ ref('stg_genesys__shift_trades') }}
),

receiving as (
    select
        org_key,
        user_id,
        canonical_agent_id
    from {{ ref('dim_agent_account') }}
),

units as (
    select
        management_unit_key,
        management_unit_name
    from {{ ref('dim_management_unit') }}
)

select
    trades.shift_trade_key,
    trades.org_key,
    trades.business_unit_id,
    trades.management_unit_id,
    units.management_unit_name,
    trades.week_date,
    trades.trade_state,
    trades.trade_state in ('Matched', 'Approved', 'Denied') as is_matched,
    trades.trade_state in ('Approved', 'Denied') as is_reviewed,
    account.canonical_agent_id as initiating_agent_id,
    trades.user_id,
    receiving.canonical_agent_id as receiving_agent_id,
    trades.receiving_user_id,
    trades.is_one_sided,
    trades.target_user_id is not null as is_directed,
    trades.initiating_shift_start_utc,
    trades.initiating_shift_end_utc,
    cast(
        {{ minutes_between('trades.initiating_shift_start_utc', 'trades.initiating_shift_end_utc') }}
        as {{ type_double() }}
    ) as shift_minutes,
    cast({{ to_local('trades.initiating_shift_start_utc', 'agent.time_zone') }} as date) as shift_local_date,
    cast({{ to_local('trades.initiating_shift_start_utc', 'agent.time_zone') }} as date)
    <> cast({{ to_local('trades.initiating_shift_end_utc', 'agent.time_zone') }} as date) as crosses_local_midnight,
    trades.receiving_shift_start_utc,
    trades.receiving_shift_end_utc,
    trades.created_at_utc,
    trades.expires_at_utc,
    trades.reviewed_at_utc,
    trades.reviewed_by,
    case
        when trades.reviewed_at_utc is not null
            then
                cast({{ minutes_between('trades.created_at_utc', 'trades.reviewed_at_utc') }} as {{ type_double() }})
                / 60
    end as hours_to_review
from trades
{{ join_agent_account('trades') }}
left join receiving on trades.org_key = receiving.org_key and trades.receiving_user_id = receiving.user_id
left join units
    on {{ colon_key(["trades.org_key", "trades.management_unit_id"]) }} = units.management_unit_key
