{{
    config(
        materialized='incremental',
        unique_key=['file_name', 'id'],
        tags=['streams']
    )
}}
{#- Paging through a live list can return a stream twice in one snapshot: keep one row per snapshot and stream. -#}
with ranked as (
    select
        *,
        row_number() over (partition by file_name, id order by viewer_count desc, user_id) as copy_number
    from {{ ref('stg_streams') }}
    {% if is_incremental() %}
    where snapshot_at > (select coalesce(max(snapshot_at), timestamp '1900-01-01') from {{ this }})
    {% endif %}
)
select
    file_name,
    snapshot_at,
    cast(snapshot_at as date) as snapshot_date,
    id,
    user_id,
    user_login,
    game_id,
    game_name,
    title,
    viewer_count,
    started_at,
    language,
    is_mature
from ranked
where copy_number = 1
