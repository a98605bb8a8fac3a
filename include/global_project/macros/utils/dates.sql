{#- Date arithmetic. `datepart` is a unit name (day, week, month, quarter, year, hour, ...);
    dates are SQL expressions. The DuckDB versions render what dbt-duckdb's render, blank lines
    included, so target/compiled reads the same as under dbt. -#}
{% macro dateadd(datepart, interval, from_date_or_timestamp) -%}
{{ return(adapter.dispatch('dateadd', 'dbt')(datepart, interval, from_date_or_timestamp)) }}
{%- endmacro %}
{% macro default__dateadd(datepart, interval, from_date_or_timestamp) -%}
{{ '\n\n    ' }}dateadd(
        {{ datepart }},
        {{ interval }},
        {{ from_date_or_timestamp }}
        ){{ '\n\n' }}
{%- endmacro %}
{#- `interval` may be any integer expression (a column, say): it scales a one-unit interval.
    Quarters and weeks are counted as 3 months and 7 days. -#}
{% macro duckdb__dateadd(datepart, interval, from_date_or_timestamp) -%}
{%- set unit = datepart | lower -%}
{%- set steps = 'cast(' ~ interval ~ ' as bigint)' -%}
{%- set scaled = {'quarter': ['(' ~ steps ~ ' * 3)', 'month'], 'week': ['(' ~ steps ~ ' * 7)', 'day']}.get(unit, [steps, unit]) -%}
{{ '\n\n    ' }}({{ from_date_or_timestamp }} + {{ scaled[0] }} * interval 1 {{ scaled[1] }})
{%- endmacro %}

{#- How many `datepart` boundaries lie between the two dates (negative when the second is
    earlier). -#}
{% macro datediff(first_date, second_date, datepart) -%}
{{ return(adapter.dispatch('datediff', 'dbt')(first_date, second_date, datepart)) }}
{%- endmacro %}
{% macro default__datediff(first_date, second_date, datepart) -%}
datediff(
        {{ datepart }},
        {{ first_date }},
        {{ second_date }}
        )
{%- endmacro %}
{#- DuckDB's date_diff, except for weeks: whole days // 7, plus one more boundary when the
    second date's weekday comes before the first's (Sunday-started weeks, as other warehouses
    count them). -#}
{% macro duckdb__datediff(first_date, second_date, datepart) -%}
{%- if datepart == 'week' -%}
{%- set forward = first_date ~ ' <= ' ~ second_date -%}
{{ '\n            (' }}{{ datediff(first_date, second_date, 'day') }} // 7 + case
            when date_part('dow', ({{ first_date }})::timestamp) <= date_part('dow', ({{ second_date }})::timestamp) then
                case when {{ forward }} then 0 else -1 end
            else
                case when {{ forward }} then 1 else 0 end
        end){{ '\n    ' }}
{%- else -%}
{{ '\n        ' }}(date_diff('{{ datepart }}', {{ first_date }}::timestamp, {{ second_date }}::timestamp )){{ '\n    ' }}
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
cast(
        {{ dbt.dateadd('day', '-1', next_period) }}
        as date)
{%- endmacro %}
{% macro default__last_day(date, datepart) -%}{{ dbt.default_last_day(date, datepart) }}{%- endmacro %}
{#- A quarter is stepped as three months on DuckDB, with the SQL comment dbt-duckdb leaves. -#}
{% macro duckdb__last_day(date, datepart) -%}
{%- if datepart == 'quarter' -%}
{%- set next_quarter = dbt.dateadd('month', '3', dbt.date_trunc(datepart, date)) -%}
-- duckdb dateadd does not support quarter interval.
    cast(
        {{ dbt.dateadd('day', '-1', next_quarter) }}
        as date)
{%- else -%}
{{ dbt.default_last_day(date, datepart) }}
{%- endif -%}
{%- endmacro %}

{% macro current_timestamp() -%}{{ adapter.dispatch('current_timestamp', 'dbt')() }}{%- endmacro %}
{% macro default__current_timestamp() -%}
{{ exceptions.raise_not_implemented('current_timestamp macro not implemented for adapter ' ~ adapter.type()) }}
{%- endmacro %}
{% macro duckdb__current_timestamp() -%}now(){%- endmacro %}

{#- Kept for projects written against dbt_utils' older current_timestamp. -#}
{% macro current_timestamp_backcompat() -%}
{{ return(adapter.dispatch('current_timestamp_backcompat', 'dbt')()) }}
{%- endmacro %}
{% macro default__current_timestamp_backcompat() -%}{{ '\n    current_timestamp::timestamp\n' }}{%- endmacro %}

{% macro current_timestamp_in_utc_backcompat() -%}
{{ return(adapter.dispatch('current_timestamp_in_utc_backcompat', 'dbt')()) }}
{%- endmacro %}
{% macro default__current_timestamp_in_utc_backcompat() -%}{{ return(adapter.dispatch('current_timestamp_backcompat', 'dbt')()) }}{%- endmacro %}

{#- The time snapshots stamp rows with; a plain timestamp (no time zone) on DuckDB. -#}
{% macro snapshot_get_time() -%}{{ adapter.dispatch('snapshot_get_time', 'dbt')() }}{%- endmacro %}
{% macro default__snapshot_get_time() -%}{{ '\n    ' ~ current_timestamp() ~ '\n' }}{%- endmacro %}
{% macro duckdb__snapshot_get_time() -%}{{ current_timestamp() }}::timestamp{%- endmacro %}

{#- A timestamp string as a SQL timestamp literal, as snapshots compare against it. -#}
{% macro snapshot_string_as_time(timestamp) -%}{{ adapter.dispatch('snapshot_string_as_time', 'dbt')(timestamp) }}{%- endmacro %}
{% macro default__snapshot_string_as_time(timestamp) -%}{{ return("cast('" ~ timestamp ~ "' as timestamp)") }}{%- endmacro %}
{% macro duckdb__snapshot_string_as_time(timestamp) -%}{{ return("'" ~ timestamp ~ "'::timestamp") }}{%- endmacro %}

{#- A date from its parts. The portable version checks the date at compile time (2023, 2, 30
    is a compile error); DuckDB builds it in the query with make_date. -#}
{% macro date(year, month, day) -%}
{{ return(adapter.dispatch('date', 'dbt')(year, month, day)) }}
{%- endmacro %}
{% macro default__date(year, month, day) -%}
to_date('{{ modules.datetime.date(year, month, day).isoformat() }}', 'YYYY-MM-DD')
{%- endmacro %}
{% macro duckdb__date(year, month, day) -%}make_date({{ year }}, {{ month }}, {{ day }}){%- endmacro %}
