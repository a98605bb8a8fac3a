{#- Date arithmetic. `datepart` is a unit name (day, week, month, quarter, year, hour, ...);
    dates are SQL expressions. -#}
{% macro dateadd(datepart, interval, from_date_or_timestamp) -%}
{{ return(adapter.dispatch('dateadd', 'dbt')(datepart, interval, from_date_or_timestamp)) }}
{%- endmacro %}
{% macro default__dateadd(datepart, interval, from_date_or_timestamp) -%}
dateadd({{ datepart }}, {{ interval }}, {{ from_date_or_timestamp }})
{%- endmacro %}
{#- `interval` may be any integer expression, so it scales a one-unit interval. -#}
{% macro duckdb__dateadd(datepart, interval, from_date_or_timestamp) -%}
(({{ from_date_or_timestamp }}) + ({{ interval }}) * interval 1 {{ datepart }})
{%- endmacro %}

{#- How many `datepart` boundaries lie between the two dates (negative when the second is
    earlier). -#}
{% macro datediff(first_date, second_date, datepart) -%}
{{ return(adapter.dispatch('datediff', 'dbt')(first_date, second_date, datepart)) }}
{%- endmacro %}
{% macro default__datediff(first_date, second_date, datepart) -%}
datediff({{ datepart }}, {{ first_date }}, {{ second_date }})
{%- endmacro %}
{#- DuckDB's own 'week' difference is whole days / 7; dbt counts the Sunday-started week
    boundaries crossed, as other warehouses do. Shifting both dates a day on makes each
    Sunday the Monday that date_trunc('week') aligns to. -#}
{% macro duckdb__datediff(first_date, second_date, datepart) -%}
{%- if datepart | lower == 'week' -%}
(datediff('day', date_trunc('week', cast(({{ first_date }}) as date) + 1), date_trunc('week', cast(({{ second_date }}) as date) + 1)) // 7)
{%- else -%}
datediff('{{ datepart }}', cast(({{ first_date }}) as timestamp), cast(({{ second_date }}) as timestamp))
{%- endif -%}
{%- endmacro %}

{% macro date_trunc(datepart, date) -%}
{{ return(adapter.dispatch('date_trunc', 'dbt')(datepart, date)) }}
{%- endmacro %}
{% macro default__date_trunc(datepart, date) -%}date_trunc('{{ datepart }}', {{ date }}){%- endmacro %}

{#- The last date of the `datepart` period holding `date`: the period's start, one period
    on, one day back. `default_last_day` is that rule built from the other macros, for
    adapters to reuse. -#}
{% macro last_day(date, datepart) -%}
{{ return(adapter.dispatch('last_day', 'dbt')(date, datepart)) }}
{%- endmacro %}
{% macro default_last_day(date, datepart) -%}
{%- set next_period = dbt.dateadd(datepart, '1', dbt.date_trunc(datepart, date)) -%}
cast({{ dbt.dateadd('day', '-1', next_period) }} as date)
{%- endmacro %}
{% macro default__last_day(date, datepart) -%}{{ dbt.default_last_day(date, datepart) }}{%- endmacro %}
{% macro duckdb__last_day(date, datepart) -%}
cast(date_trunc('{{ datepart }}', {{ date }}) + interval 1 {{ datepart }} - interval 1 day as date)
{%- endmacro %}

{% macro current_timestamp() -%}{{ adapter.dispatch('current_timestamp', 'dbt')() }}{%- endmacro %}
{% macro default__current_timestamp() -%}current_timestamp{%- endmacro %}
{% macro duckdb__current_timestamp() -%}now(){%- endmacro %}

{% macro current_timestamp_backcompat() -%}
{{ return(adapter.dispatch('current_timestamp_backcompat', 'dbt')()) }}
{%- endmacro %}
{% macro default__current_timestamp_backcompat() -%}cast(current_timestamp as timestamp){%- endmacro %}

{% macro current_timestamp_in_utc_backcompat() -%}
{{ return(adapter.dispatch('current_timestamp_in_utc_backcompat', 'dbt')()) }}
{%- endmacro %}
{% macro default__current_timestamp_in_utc_backcompat() -%}{{ return(dbt.current_timestamp_backcompat()) }}{%- endmacro %}

{#- The time snapshots stamp rows with; a plain timestamp (no time zone) on DuckDB. -#}
{% macro snapshot_get_time() -%}{{ adapter.dispatch('snapshot_get_time', 'dbt')() }}{%- endmacro %}
{% macro default__snapshot_get_time() -%}{{ current_timestamp() }}{%- endmacro %}
{% macro duckdb__snapshot_get_time() -%}cast({{ current_timestamp() }} as timestamp){%- endmacro %}

{#- A timestamp string as a SQL timestamp literal, as snapshots compare against it. -#}
{% macro snapshot_string_as_time(timestamp) -%}{{ adapter.dispatch('snapshot_string_as_time', 'dbt')(timestamp) }}{%- endmacro %}
{% macro default__snapshot_string_as_time(timestamp) -%}{{ return("cast('" ~ timestamp ~ "' as timestamp)") }}{%- endmacro %}
{% macro duckdb__snapshot_string_as_time(timestamp) -%}{{ return("'" ~ timestamp ~ "'::timestamp") }}{%- endmacro %}

{#- A date literal from its parts; an impossible date (2023, 2, 30) is a compile error. -#}
{% macro date(year, month, day) -%}
{{ return(adapter.dispatch('date', 'dbt')(year, month, day)) }}
{%- endmacro %}
{% macro default__date(year, month, day) -%}
to_date('{{ modules.datetime.date(year, month, day).isoformat() }}', 'YYYY-MM-DD')
{%- endmacro %}
{% macro duckdb__date(year, month, day) -%}
date '{{ modules.datetime.date(year, month, day).isoformat() }}'
{%- endmacro %}
