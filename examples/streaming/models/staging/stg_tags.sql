{{ config(tags=['content']) }}
select
    cast(userId as bigint) as tagger_id,
    cast(movieId as integer) as title_id,
    lower(trim(tag)) as tag,
    to_timestamp(cast("timestamp" as bigint))::timestamp as tagged_at
from {{ source('movielens', 'tags') }}
