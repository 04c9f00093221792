with source as (
    {{ union_genesys_orgs('presence_definitions') }}
),

renamed as (
    select
        {{ colon_key(["org_key", "presence_definition_id"]) }} as presence_definition_key,
        org_key,
        presence_definition_id,
        name as presence_name,
        name_key as presence_name_key,
        type as presence_type,
        system_presence,
        division_id,
        deactivated as is_deactivated,
        language_labels,
        {{ scd2_validity(["org_key", "presence_definition_id"]) }}
    from source
)

select * from renamed
