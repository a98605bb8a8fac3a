{{ config(tags=['platform']) }}
{#-
  One row per orchestrated pipeline run from Reelhouse's run history (exported to the
  raw_reelhouse schema after each pipeline run): status, duration, steps, failures and
  rows written. Before any pipeline has run the history does not exist yet and the model
  is empty, so a plain `build` still works.
-#}
{%- set runs = source('reelhouse', 'pipeline_runs') -%}
{%- set steps = source('reelhouse', 'step_runs') -%}
{%- set nodes = source('reelhouse', 'node_results') -%}
{%- set have_history = execute and load_relation(runs) is not none and load_relation(steps) is not none and load_relation(nodes) is not none -%}
{% if have_history %}
with step_totals as (
    select
        run_id,
        count(*) as step_attempts,
        count(*) filter (where status not in ('success', 'skipped')) as failed_step_attempts
    from {{ steps }}
    group by run_id
),
node_totals as (
    select
        run_id,
        count(*) as nodes,
        count(*) filter (where status in ('error', 'fail')) as failed_nodes,
        coalesce(sum(rows_affected), 0) as rows_affected
    from {{ nodes }}
    group by run_id
)
select
    r.run_id,
    r.pipeline,
    r."trigger" as run_trigger,
    r.status,
    cast(r.started_at as timestamp) as started_at,
    cast(r.finished_at as timestamp) as finished_at,
    cast(r.duration_seconds as double) as duration_seconds,
    cast(r.run_date as varchar) as run_date,
    coalesce(s.step_attempts, 0) as step_attempts,
    coalesce(s.failed_step_attempts, 0) as failed_step_attempts,
    coalesce(n.nodes, 0) as nodes,
    coalesce(n.failed_nodes, 0) as failed_nodes,
    cast(coalesce(n.rows_affected, 0) as bigint) as rows_affected,
    r.error
from {{ runs }} r
left join step_totals s on s.run_id = r.run_id
left join node_totals n on n.run_id = r.run_id
{% else %}
select
    cast(null as varchar) as run_id,
    cast(null as varchar) as pipeline,
    cast(null as varchar) as run_trigger,
    cast(null as varchar) as status,
    cast(null as timestamp) as started_at,
    cast(null as timestamp) as finished_at,
    cast(null as double) as duration_seconds,
    cast(null as varchar) as run_date,
    cast(0 as bigint) as step_attempts,
    cast(0 as bigint) as failed_step_attempts,
    cast(0 as bigint) as nodes,
    cast(0 as bigint) as failed_nodes,
    cast(0 as bigint) as rows_affected,
    cast(null as varchar) as error
where false
{% endif %}
