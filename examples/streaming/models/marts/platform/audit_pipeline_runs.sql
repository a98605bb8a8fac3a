{{
    config(
        materialized='incremental',
        unique_key='run_id',
        tags=['engagement', 'platform']
    )
}}
-- depends_on: {{ ref('fct_watch') }}
-- depends_on: {{ ref('stg_events') }}
{#-
  One row per finished pipeline run, from Reelhouse's run history (the orchestrator exports
  .reelhouse/runs.jsonl to raw_reelhouse after every run). A run gets its row in the first build
  after it finished, together with what the facts held then; rows never change afterwards.
  Before any pipeline has run the history does not exist and the model is empty. The facts are
  read only when the history exists, so their refs are declared above, as dbt requires.
-#}
{%- set runs = source('reelhouse', 'pipeline_runs') -%}
{%- set nodes = source('reelhouse', 'node_results') -%}
{%- set have_history = execute and load_relation(runs) is not none and load_relation(nodes) is not none -%}
{% if have_history %}
with finished as (
    select *
    from {{ runs }}
    where finished_at is not null
    {% if is_incremental() %}
    and run_id not in (select run_id from {{ this }})
    {% endif %}
),
built as (
    select
        run_id,
        count(*) filter (where unique_id like 'model.%') as models_built,
        coalesce(sum(rows_affected) filter (where unique_id = 'model.streaming.fct_watch'), 0) as watch_rows_written,
        count(*) filter (where status in ('error', 'fail')) as failed_nodes
    from {{ nodes }}
    group by run_id
)
select
    r.run_id,
    r.pipeline,
    r."trigger" as run_trigger,
    r.status,
    cast(r.started_at as timestamp) as run_started_at,
    cast(r.duration_seconds as double) as duration_seconds,
    cast(r.run_date as varchar) as run_date,
    coalesce(b.models_built, 0) as models_built,
    cast(coalesce(b.watch_rows_written, 0) as bigint) as watch_rows_written,
    coalesce(b.failed_nodes, 0) as failed_nodes,
    current_timestamp::timestamp as audited_at,
    (select count(*) from {{ ref('fct_watch') }}) as watch_sessions,
    (select sum(events) from {{ ref('fct_watch') }}) as watch_events,
    (select max(last_event_date) from {{ ref('fct_watch') }}) as latest_event_date,
    (select count(distinct event_date) from {{ ref('stg_events') }}) as lake_partitions,
    (select count(*) from {{ ref('stg_events') }}) as lake_events
from finished r
left join built b on b.run_id = r.run_id
{% else %}
select
    cast(null as varchar) as run_id,
    cast(null as varchar) as pipeline,
    cast(null as varchar) as run_trigger,
    cast(null as varchar) as status,
    cast(null as timestamp) as run_started_at,
    cast(null as double) as duration_seconds,
    cast(null as varchar) as run_date,
    cast(0 as bigint) as models_built,
    cast(0 as bigint) as watch_rows_written,
    cast(0 as bigint) as failed_nodes,
    cast(null as timestamp) as audited_at,
    cast(0 as bigint) as watch_sessions,
    cast(0 as hugeint) as watch_events,
    cast(null as date) as latest_event_date,
    cast(0 as bigint) as lake_partitions,
    cast(0 as bigint) as lake_events
where false
{% endif %}
