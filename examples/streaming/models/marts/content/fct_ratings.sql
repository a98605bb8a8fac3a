{{
    config(
        materialized='incremental',
        unique_key=['rater_id', 'title_id', 'rated_at'],
        on_schema_change='fail',
        tags=['content']
    )
}}
{#- Ratings as they arrive: an incremental run adds only ratings newer than the newest loaded one. -#}
select
    md5(concat_ws('|', rater_id, title_id, rated_at)) as rating_key,
    rater_id,
    title_id,
    rating,
    rated_at,
    cast(rated_at as date) as rating_date
from {{ ref('stg_ratings') }}
where rating is not null
{% if is_incremental() %}
  and rated_at > (select max(rated_at) from {{ this }})
{% endif %}
