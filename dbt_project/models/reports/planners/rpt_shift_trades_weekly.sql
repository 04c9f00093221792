-- Shift trades per org, business-unit week and work team of the agent who offered the shift (the team they are in
-- now; "(no team)" for an agent in none): how many were offered, how they ended, and how long the reviewed ones
-- waited (hours from the offer to the approval or denial). approval_rate = approved / reviewed (null when none was
-- reviewed).
with trades as (
    select
        trades.*,
        coalesce(teams.team_key, trades.org_key || ':no-team') as team_key,
        coalesce(teams.team_name, '(no team)') as team_name
    from {{ ref('fct_shift_trade') }} as trades
    left join {{ ref('fct_team_member') }} as teams
        on trades.org_key = teams.org_key and trades.user_id = teams.user_id
)

select
    {{ colon_key(["cast(week_date as " ~ dbt.type_string() ~ ")", "team_key"]) }} as week_team_key,
    org_key,
    week_date,
    team_key,
    max(team_name) as team_name,
    count(*) as trades,
    sum(case when trade_state = 'Unmatched' then 1 else 0 end) as unmatched,
    sum(case when trade_state = 'Matched' then 1 else 0 end) as matched,
    sum(case when trade_state = 'Approved' then 1 else 0 end) as approved,
    sum(case when trade_state = 'Denied' then 1 else 0 end) as denied,
    sum(case when trade_state = 'Expired' then 1 else 0 end) as expired,
    sum(case when trade_state = 'Canceled' then 1 else 0 end) as canceled,
    sum(case when is_one_sided then 1 else 0 end) as one_sided,
    sum(case when crosses_local_midnight then 1 else 0 end) as across_midnight,
    1.0 * sum(case when trade_state = 'Approved' then 1 else 0 end)
    / nullif(sum(case when is_reviewed then 1 else 0 end), 0) as approval_rate,
    avg(hours_to_review) as avg_hours_to_review
from trades
group by org_key, week_date, team_key
