{{ config(tags=['content']) }}
select
    cast(title_id as integer) as title_id,
    title,
    lower(type) as title_type,
    string_split(genres, '|') as genres,
    string_split(genres, '|')[1] as primary_genre,
    cast(release_date as date) as release_date,
    cast(runtime_minutes as integer) as runtime_minutes,
    maturity_rating
from {{ source('catalog', 'titles') }}
