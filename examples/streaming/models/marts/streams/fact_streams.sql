{{
    config(
        materialized='external',
        location=var('output_dir') ~ '/fact_streams',
        format='parquet',
        partition_by='stream_date',
        incremental_strategy='insert_overwrite',
        tags=['streams']
    )
}}
{#-
  Average viewers per day, channel and game, written as Parquet partitioned by stream_date.
  An incremental run recomputes from the latest partition on, so older partitions' files
  are never rewritten.
-#}
{#- is_incremental() is only true for incremental models: find the latest partition written so far from the files. -#}
{%- set latest_partition = none -%}
{%- if execute and not flags.FULL_REFRESH and adapter.load_relation(this) is not none -%}
    {%- set found = run_query(
        "select max(regexp_extract(replace(file, '\\', '/'), 'stream_date=([0-9-]+)/', 1)) from glob('"
        ~ var('output_dir') ~ "/fact_streams/*/*.parquet')"
    ) -%}
    {%- set latest_partition = found.columns[0].values()[0] -%}
{%- endif %}
select
    user_id,
    user_login,
    game_id,
    any_value(game_name) as game_name,
    count(distinct file_name) as snapshots,
    round(avg(viewer_count), 2) as avg_viewer_count,
    max(viewer_count) as max_viewer_count,
    snapshot_date as stream_date
from {{ ref('int_streams') }}
{% if latest_partition %}
where snapshot_date >= date '{{ latest_partition }}'
{% endif %}
group by snapshot_date, user_id, user_login, game_id
