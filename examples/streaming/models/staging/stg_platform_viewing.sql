{{ config(tags=['billing', 'platform_db']) }}
{#-
  Viewing behaviour (hours per user and day) from the operational Postgres database once it has
  been ingested; until then the billing export's daily viewing stands in.
-#}
{%- set pg_viewing = source('platform', 'viewing_activity') -%}
{% if execute and load_relation(pg_viewing) is not none %}
select
    cast(user_id as varchar) as user_id,
    cast(watch_date as date) as watch_date,
    cast(hours_watched as double) as hours_watched,
    'postgres' as origin
from {{ pg_viewing }}
{% else %}
select
    user_id,
    watch_date,
    hours_watched,
    'billing_export' as origin
from {{ ref('stg_viewing_activity') }}
{% endif %}
