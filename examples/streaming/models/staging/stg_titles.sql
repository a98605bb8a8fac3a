{{ config(tags=['content']) }}
{#- The catalog API is snapshotted on every ingest run: keep each title's latest version. -#}
select
    cast(title_id as integer) as title_id,
    title,
    lower(type) as title_type,
    string_split(genres, '|') as genres,
    string_split(genres, '|')[1] as primary_genre,
    cast(release_date as date) as release_date,
    cast(runtime_minutes as integer) as runtime_minutes,
    maturity_rating,
    cast(_extracted_at as timestamp) as extracted_at
from {{ source('catalog', 'titles') }}
qualify row_number() over (partition by title_id order by _extracted_at desc) = 1
