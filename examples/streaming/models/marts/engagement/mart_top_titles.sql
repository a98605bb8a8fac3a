{{ config(tags=['engagement', 'content']) }}
{#- Titles ranked by hours watched. -#}
select
    t.title_id,
    t.title,
    t.primary_genre,
    count(*) as plays,
    count(distinct w.user_id) as viewers,
    round(sum(w.watch_seconds) / 3600.0, 1) as hours_watched,
    rank() over (order by sum(w.watch_seconds) desc) as watch_rank
from {{ ref('fct_watch') }} w
join {{ ref('dim_title') }} t on t.title_id = w.title_id
group by all
