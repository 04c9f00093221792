with source as (
    {{ union_genesys_orgs('users') }}
),

renamed as (
    select
        {{ colon_key(["org_key", "user_id"]) }} as account_key,
        org_id,
        org_key,
        region,
        user_id,
        name as display_name,
        email,
        lower(trim(email)) as email_normalized,
        nullif(trim(employee_id), '') as employee_id,
        state,
        state = 'active' as is_active,
        date_hire as hire_date,
        title,
        department,
        {{ scd2_validity(["org_key", "user_id"]) }}
    from source
)

select * from renamed
