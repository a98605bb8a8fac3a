{{
    config(
        materialized='incremental',
        unique_key='invocation_id',
        tags=['engagement', 'platform']
    )
}}
{#- One row per build that reached this model: when it ran and how much data the facts held. -#}
select
    '{{ invocation_id }}' as invocation_id,
    cast('{{ run_started_at }}' as timestamp) as run_started_at,
    (select count(*) from {{ ref('fct_watch') }}) as watch_sessions,
    (select max(last_event_date) from {{ ref('fct_watch') }}) as latest_event_date,
    (select count(distinct event_date) from {{ ref('stg_events') }}) as lake_partitions,
    (select count(*) from {{ ref('stg_events') }}) as lake_events
