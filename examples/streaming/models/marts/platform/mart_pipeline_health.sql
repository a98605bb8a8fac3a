{{ config(tags=['engagement', 'platform']) }}
{#- Health of the pipeline per run (from audit_pipeline_runs): outcome, growth since the run before, freshness. -#}
select
    run_id,
    pipeline,
    status,
    run_started_at,
    duration_seconds,
    models_built,
    watch_rows_written,
    watch_sessions,
    watch_sessions - coalesce(lag(watch_sessions) over (order by run_started_at), 0) as new_watch_sessions,
    latest_event_date,
    lake_partitions,
    lake_events,
    lake_events = watch_events as events_reconciled,
    row_number() over (order by run_started_at desc) = 1 as is_latest
from {{ ref('audit_pipeline_runs') }}
