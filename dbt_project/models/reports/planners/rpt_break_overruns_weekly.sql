-- Break and meal overruns per org, work team (the agent's team now) and week (Monday of the person's local date):
-- scheduled breaks/meals whose business-unit day has extracted adherence, how many ran over (overrun >= 1 minute),
-- the minutes they ran over, and the worst one as "scheduled -> actual minutes" (a 15-minute break that lasted 24:
-- "15 -> 24").
with breaks as (
    select
        breaks.*,
        coalesce(teams.team_key, breaks.org_key || ':no-team') as team_key,
        coalesce(teams.team_name, '(no team)') as team_name,
        {{ week_start_date('breaks.local_date') }} as week_start_date
    from {{ ref('fct_break_overrun') }} as breaks
    left join {{ ref('fct_team_member') }} as teams
        on breaks.org_key = teams.org_key and breaks.user_id = teams.user_id
    where breaks.has_adherence
),

ranked as (
    select
        *,
        row_number() over (
            partition by team_key, week_start_date, category order by overrun_minutes desc, break_key asc
        ) as overrun_rank
    from breaks
)

select
    {{ colon_key(["team_key", "cast(week_start_date as " ~ dbt.type_string() ~ ")", "category"]) }}
        as team_week_category_key,
    org_key,
    team_key,
    max(team_name) as team_name,
    week_start_date,
    category,
    count(*) as scheduled_count,
    sum(case when overrun_minutes >= 1 then 1 else 0 end) as overran_count,
    1.0 * sum(case when overrun_minutes >= 1 then 1 else 0 end) / count(*) as overran_share,
    sum(overrun_minutes) as overrun_minutes,
    avg(actual_minutes) as avg_actual_minutes,
    max(case when overrun_rank = 1 then scheduled_minutes end) as worst_scheduled_minutes,
    max(case when overrun_rank = 1 then actual_minutes end) as worst_actual_minutes
from ranked
group by org_key, team_key, week_start_date, category
