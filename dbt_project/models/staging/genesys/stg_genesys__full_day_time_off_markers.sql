with source as (
    {{ union_genesys_orgs('full_day_time_off', [
        'org_id:string',
        'org_key:string',
        'region:string',
        'business_unit_id:string',
        'management_unit_id:string',
        'week_date:date',
        'user_id:string',
        'business_unit_date:date',
        'length_minutes:bigint',
        'activity_code_id:string',
        'paid:bool',
        'payable_minutes:bigint',
        'time_off_request_id:string'
    ]) }}
),

renamed as (
    select
        {{ colon_key(["org_key", "user_id", "business_unit_date", "activity_code_id"]) }} as full_day_time_off_key,
        org_key,
        business_unit_id,
        management_unit_id,
        week_date,
        user_id,
        business_unit_date,
        length_minutes as minutes,
        activity_code_id,
        paid as is_paid,
        payable_minutes,
        time_off_request_id
    from source
)

select * from renamed
