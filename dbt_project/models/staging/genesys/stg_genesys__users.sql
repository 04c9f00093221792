with source as (
    {{ union_genesys_orgs('users', [
        'org_id:string',
        'org_key:string',
        'region:string',
        'user_id:string',
        'name:string',
        'email:string',
        'state:string',
        'employee_id:string',
        'date_hire:date',
        'title:string',
        'department:string',
        'division_id:string',
        '_dlt_valid_from:timestamp',
        '_dlt_valid_to:timestamp'
    ]) }}
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
        _dlt_valid_from as valid_from_utc,
        _dlt_valid_to as valid_to_utc,
        _dlt_valid_to is null as is_current
    from source
)

select * from renamed
