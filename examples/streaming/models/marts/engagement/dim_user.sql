{{ config(tags=['engagement']) }}
{#- Viewers as the player sees them: where and on what they watch. -#}
select
    user_id,
    mode(country) as country,
    mode(device) as primary_device,
    min(watch_date) as first_watch_date,
    max(watch_date) as last_watch_date,
    count(*) as sessions
from {{ ref('fct_watch') }}
group by user_id
