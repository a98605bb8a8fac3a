{{ config(tags=['engagement']) }}
{#- Daily engagement by day, country and device. -#}
select
    watch_date,
    country,
    device,
    count(*) as plays,
    count(distinct user_id) as daily_active_users,
    round(avg(watch_seconds), 1) as avg_watch_seconds,
    sum(watch_seconds) as watch_seconds,
    sum(buffering_seconds) as buffering_seconds
from {{ ref('fct_watch') }}
group by all
