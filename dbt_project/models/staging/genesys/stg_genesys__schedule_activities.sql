with source as (
    {{ union_genesys_orgs('schedule_activities') }}
),

renamed as (
    select
        {{ colon_key(["org_key", "user_id", "start_date"]) }} as schedule_activity_key,
        org_key,
        business_unit_id,
        management_unit_id,
        schedule_id,
        week_date,
        user_id,
        shift_id,
        shift_start_date as shift_start_utc,
        shift_length_minutes,
        manually_edited as is_manually_edited,
        start_date as start_utc,
        {{ dbt.dateadd('minute', 'length_minutes', 'start_date') }} as end_utc,
        length_minutes as minutes,
        activity_code_id,
        paid as is_paid,
        payable_minutes,
        time_off_request_id,
        {{ scd2_validity(["org_key", "user_id", "start_date"]) }}
    from source
)

select * from renamed
