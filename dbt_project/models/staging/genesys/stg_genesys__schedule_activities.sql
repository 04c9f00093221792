with source as (
    {{ union_genesys_orgs('schedule_activities', [
        'org_id:string',
        'org_key:string',
        'region:string',
        'business_unit_id:string',
        'management_unit_id:string',
        'schedule_id:string',
        'week_date:date',
        'user_id:string',
        'shift_id:string',
        'shift_start_date:timestamp',
        'shift_length_minutes:bigint',
        'manually_edited:bool',
        'start_date:timestamp',
        'length_minutes:bigint',
        'activity_code_id:string',
        'description:string',
        'paid:bool',
        'payable_minutes:bigint',
        'time_off_request_id:string',
        '_dlt_valid_from:timestamp',
        '_dlt_valid_to:timestamp'
    ]) }}
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
        _dlt_valid_from as valid_from_utc,
        _dlt_valid_to as valid_to_utc,
        _dlt_valid_to is null as is_current
    from source
)

select * from renamed
