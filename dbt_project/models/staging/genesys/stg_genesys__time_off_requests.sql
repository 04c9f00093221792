with source as (
    {{ union_genesys_orgs('time_off_requests') }}
),

renamed as (
    select
        {{ colon_key(["org_key", "request_id"]) }} as time_off_request_key,
        org_key,
        request_id,
        management_unit_id,
        user_id,
        status,
        substatus,
        is_full_day,
        activity_code_id,
        paid as is_paid,
        daily_duration_minutes as minutes_per_day,
        full_day_dates,
        partial_day_start_date_times,
        submitted_date as submitted_at_utc,
        reviewed_date as reviewed_at_utc,
        date_modified as modified_at_utc
    from source
    -- a tombstone removes its request when dlt loads it (hard delete); one never lingers as a request
    where not coalesce(deleted, false)
)

select * from renamed
