{{ config(tags=['streams']) }}
{#- Per game and day: how many channels streamed it, their average viewers and how viewers spread across channels. -#}
select
    stream_date,
    game_id,
    any_value(game_name) as game_name,
    count(*) as channels,
    round(avg(avg_viewer_count), 2) as avg_viewers,
    round(quantile_cont(avg_viewer_count, 0.25), 2) as p25_viewers,
    round(median(avg_viewer_count), 2) as median_viewers,
    round(quantile_cont(avg_viewer_count, 0.75), 2) as p75_viewers,
    round(quantile_cont(avg_viewer_count, 0.90), 2) as p90_viewers,
    round(sum(avg_viewer_count), 2) as total_avg_viewers
from {{ ref('fact_streams') }}
group by stream_date, game_id
