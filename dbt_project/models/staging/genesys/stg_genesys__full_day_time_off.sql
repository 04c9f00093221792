with source as (
    {{ union_genesys_orgs('full_day_time_off') }}
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
