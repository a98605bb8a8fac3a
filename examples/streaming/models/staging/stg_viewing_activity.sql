{{ config(tags=['billing']) }}
select
    cast(user_id as varchar) as user_id,
    cast(watch_date as date) as watch_date,
    cast(hours_watched as double) as hours_watched
from {{ source('billing', 'viewing_activity') }}
