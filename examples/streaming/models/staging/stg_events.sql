{{ config(tags=['engagement']) }}
select
    event_id,
    user_id,
    title_id,
    session_id,
    event_ts,
    cast(event_date as date) as event_date,
    event_type,
    position_seconds,
    watched_seconds,
    buffering_seconds,
    lower(device) as device,
    upper(country) as country,
    app_version
from {{ source('lake', 'events') }}
