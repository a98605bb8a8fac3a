{{ config(tags=['engagement', 'content']) }}
select
    title_id,
    title,
    title_type,
    primary_genre,
    genres,
    release_date,
    runtime_minutes,
    maturity_rating
from {{ ref('stg_titles') }}
