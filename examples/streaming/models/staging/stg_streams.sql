{{
    config(
        materialized='incremental',
        tags=['streams'],
        on_schema_change='append_new_columns'
    )
}}
{#- Loads each snapshot file once: an incremental run reads only files it has not loaded yet. -#}
select
    regexp_replace(replace(filename, '\', '/'), '^.*/', '') as file_name,
    cast(_extracted_at as timestamp) as snapshot_at,
    cast(id as varchar) as id,
    cast(user_id as varchar) as user_id,
    user_login,
    user_name,
    cast(game_id as varchar) as game_id,
    game_name,
    type as stream_type,
    title,
    cast(viewer_count as bigint) as viewer_count,
    cast(started_at as timestamp) as started_at,
    language,
    is_mature,
    current_timestamp as loaded_at
from {{ source('helix', 'streams') }}
{% if is_incremental() %}
where regexp_replace(replace(filename, '\', '/'), '^.*/', '') not in (select file_name from {{ this }})
{% endif %}
