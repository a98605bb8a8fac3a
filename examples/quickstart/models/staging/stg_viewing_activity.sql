select
    user_id,
    cast(watch_date as date) as watch_date,
    cast(hours_watched as double) as hours_watched
from {{ ref('viewing_activity_raw') }}
