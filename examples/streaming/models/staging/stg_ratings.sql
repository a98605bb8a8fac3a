{{ config(tags=['content']) }}
select
    cast(userId as bigint) as rater_id,
    cast(movieId as integer) as title_id,
    cast(rating as decimal(2, 1)) as rating,
    to_timestamp(cast("timestamp" as bigint))::timestamp as rated_at
from {{ source('movielens', 'ratings') }}
