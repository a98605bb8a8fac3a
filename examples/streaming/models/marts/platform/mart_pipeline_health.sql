{{ config(tags=['engagement', 'platform']) }}
{#- Health of the pipeline per run: growth since the run before and how fresh the data is. -#}
select
    invocation_id,
    run_started_at,
    watch_sessions,
    watch_sessions - coalesce(lag(watch_sessions) over (order by run_started_at), 0) as new_watch_sessions,
    latest_event_date,
    lake_partitions,
    lake_events,
    lake_events = (select sum(events) from {{ ref('fct_watch') }}) or run_started_at < max(run_started_at) over () as events_reconciled,
    row_number() over (order by run_started_at desc) = 1 as is_latest
from {{ ref('audit_pipeline_runs') }}
