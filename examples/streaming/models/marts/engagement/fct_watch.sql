{{
    config(
        materialized='incremental',
        unique_key='session_id',
        on_schema_change='fail',
        tags=['engagement']
    )
}}
{#-
  One row per viewing session (play to stop) from the player events. An incremental run
  recomputes the sessions touching the latest loaded day and anything newer, so a session
  that crossed midnight is completed when its second day arrives.
-#}
with events as (
    select *
    from {{ ref('stg_events') }}
    {% if is_incremental() %}
    where session_id in (
        select session_id from {{ ref('stg_events') }}
        where event_date >= (select max(last_event_date) from {{ this }})
    )
    {% endif %}
)
select
    session_id,
    any_value(user_id) as user_id,
    any_value(title_id) as title_id,
    min(event_ts) as started_at,
    cast(min(event_ts) as date) as watch_date,
    max(event_date) as last_event_date,
    arg_min(device, event_ts) as device,
    arg_min(country, event_ts) as country,
    count(*) as events,
    sum(watched_seconds) as watch_seconds,
    sum(buffering_seconds) as buffering_seconds,
    count(*) filter (where event_type = 'buffer_start') as buffering_events,
    bool_or(event_type = 'stop') as is_complete
from events
group by session_id
