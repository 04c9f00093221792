-- Local days are 23 or 25 hours long on DST changes and shifts keep their real length across one.
-- Each row is a failure.
with cases as (
    select
        listed.tz,
        listed.expected_hours,
        cast(listed.day_text as date) as day
    from (
        values
        ('Europe/Berlin', '2026-10-25', 25),
        ('Europe/Berlin', '2026-03-29', 23),
        ('America/New_York', '2026-11-01', 25),
        ('Australia/Sydney', '2026-10-04', 23),
        ('Asia/Manila', '2026-10-25', 24),
        ('Europe/Berlin', '2026-11-23', 24)
    ) as listed (tz, day_text, expected_hours)
),

measured as (
    select
        tz,
        day,
        expected_hours,
        {{ minutes_between(local_midnight_utc('day', 'tz'), local_midnight_utc(dbt.dateadd('day', 1, 'day'), 'tz')) }}
        / 60
            as hours
    from cases
),

-- 2026-10-25 00:30 UTC is 02:30 CEST; three hours later (03:30 UTC) the wall clock says 04:30 CET:
-- two hours on the clock, three in reality.
spanning_shift as (
    select
        {{ to_local("cast('2026-10-25 00:30:00' as timestamp)", "'Europe/Berlin'") }} as local_start,
        {{ to_local("cast('2026-10-25 03:30:00' as timestamp)", "'Europe/Berlin'") }} as local_end
)

select
    tz,
    day,
    cast(hours as {{ dbt.type_string() }}) as problem
from measured
where hours <> expected_hours
union all
select
    'Europe/Berlin' as tz,
    cast('2026-10-25' as date) as day,
    'shift spanning the change' as problem
from spanning_shift
where
    local_start <> cast('2026-10-25 02:30:00' as timestamp)
    or local_end <> cast('2026-10-25 04:30:00' as timestamp)
