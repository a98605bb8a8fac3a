{#- date_spine(datepart, start_date, end_date): one row per `datepart` step from start_date,
    in a column named date_<datepart>, up to but not including end_date when it falls on a
    step. The portable version counts the steps with a query at compile time and numbers
    them with generate_series; DuckDB computes both in the query itself. -#}

{#- The number of `datepart` steps between two dates, asked of the warehouse (1 while
    parsing, when nothing runs). -#}
{% macro get_intervals_between(start_date, end_date, datepart) -%}
{{ return(adapter.dispatch('get_intervals_between', 'dbt')(start_date, end_date, datepart)) }}
{%- endmacro %}
{% macro default__get_intervals_between(start_date, end_date, datepart) -%}
{%- call statement('get_intervals_between', fetch_result=True) -%}
select {{ dbt.datediff(start_date, end_date, datepart) }} as step_count
{%- endcall -%}
{%- set answer = load_result('get_intervals_between') -%}
{%- set rows = answer['data'] if answer else [] -%}
{{ return(rows[0][0] if rows else 1) }}
{%- endmacro %}

{#- The smallest p >= 1 with 2**p >= upper_bound: how many binary digits count to it. -#}
{% macro get_powers_of_two(upper_bound) -%}
{{ return(adapter.dispatch('get_powers_of_two', 'dbt')(upper_bound)) }}
{%- endmacro %}
{% macro default__get_powers_of_two(upper_bound) -%}
{%- if upper_bound <= 0 -%}
{{ exceptions.raise_compiler_error('get_powers_of_two: upper bound must be positive, got ' ~ upper_bound) }}
{%- endif -%}
{%- set digits = namespace(count=1) -%}
{%- for _ in range(64) -%}
{%- if 2 ** digits.count < upper_bound -%}{%- set digits.count = digits.count + 1 -%}{%- endif -%}
{%- endfor -%}
{{ return(digits.count) }}
{%- endmacro %}

{#- Rows numbered 1..upper_bound in a column named generated_number. -#}
{% macro generate_series(upper_bound) -%}
{{ return(adapter.dispatch('generate_series', 'dbt')(upper_bound)) }}
{%- endmacro %}
{#- Each binary digit is a two-row table; their cross product counts 0..2**p - 1. -#}
{% macro default__generate_series(upper_bound) -%}
{%- set digit_count = dbt.get_powers_of_two(upper_bound) -%}
select n as generated_number
from (
    select 1{% for d in range(digit_count) %} + bit{{ d }}.v * {{ 2 ** d }}{% endfor %} as n
    from {% for d in range(digit_count) -%}
    (select 0 as v union all select 1 as v) as bit{{ d }}{{ ' cross join ' if not loop.last }}
    {%- endfor %}
) as numbers
where n <= {{ upper_bound }}
order by n
{%- endmacro %}
{% macro duckdb__generate_series(upper_bound) -%}
select generate_series as generated_number from generate_series(1, {{ upper_bound }})
{%- endmacro %}

{% macro date_spine(datepart, start_date, end_date) -%}
{{ return(adapter.dispatch('date_spine', 'dbt')(datepart, start_date, end_date)) }}
{%- endmacro %}
{% macro default__date_spine(datepart, start_date, end_date) -%}
{%- set step_count = dbt.get_intervals_between(start_date, end_date, datepart) -%}
select date_{{ datepart }}
from (
    select {{ dbt.dateadd(datepart, 'steps.generated_number - 1', start_date) }} as date_{{ datepart }}
    from ({{ dbt.generate_series(step_count) }}) as steps
) as spine
where date_{{ datepart }} <= {{ end_date }}
{%- endmacro %}
{#- DuckDB counts and numbers the steps in SQL, so start and end may be subqueries and
    nothing runs at compile time. -#}
{% macro duckdb__date_spine(datepart, start_date, end_date) -%}
select date_{{ datepart }}
from (
    select {{ dbt.dateadd(datepart, 'step', start_date) }} as date_{{ datepart }}
    from (select unnest(range({{ dbt.datediff(start_date, end_date, datepart) }})) as step) as steps
) as spine
where date_{{ datepart }} <= {{ end_date }}
order by 1
{%- endmacro %}
