{#- date_spine(datepart, start_date, end_date): one row per `datepart` step from start_date,
    in a column named date_<datepart>, up to but not including end_date when it falls on a
    step. As in dbt (dbt-duckdb keeps it), the steps are counted with a query at compile time
    and numbered with generate_series; the text rendered is dbt's, blank lines included. -#}

{#- The number of `datepart` steps between two dates, asked of the warehouse (1 while
    parsing, when nothing runs). -#}
{% macro get_intervals_between(start_date, end_date, datepart) -%}
{{ return(adapter.dispatch('get_intervals_between', 'dbt')(start_date, end_date, datepart)) }}
{%- endmacro %}
{% macro default__get_intervals_between(start_date, end_date, datepart) -%}
{%- call statement('get_intervals_between', fetch_result=True) -%}
{{ '\n\n        ' }}select {{ dbt.datediff(start_date, end_date, datepart) }}
{%- endcall -%}
{%- set answer = load_result('get_intervals_between') -%}
{%- set rows = answer['data'] if answer else none -%}
{{ return(rows[0][0] if rows else 1) }}
{%- endmacro %}

{#- The smallest p >= 1 with 2**p >= upper_bound: how many binary digits count to it. -#}
{% macro get_powers_of_two(upper_bound) -%}
{{ return(adapter.dispatch('get_powers_of_two', 'dbt')(upper_bound)) }}
{%- endmacro %}
{% macro default__get_powers_of_two(upper_bound) -%}
{%- if upper_bound <= 0 -%}
{{ exceptions.raise_compiler_error('upper bound must be positive') }}
{%- endif -%}
{%- set digits = namespace(count=1) -%}
{%- for _ in range(98) -%}
{%- if 2 ** digits.count < upper_bound -%}{%- set digits.count = digits.count + 1 -%}{%- endif -%}
{%- endfor -%}
{{ return(digits.count) }}
{%- endmacro %}

{#- Rows numbered 1..upper_bound in a column named generated_number. -#}
{% macro generate_series(upper_bound) -%}
{{ return(adapter.dispatch('generate_series', 'dbt')(upper_bound)) }}
{%- endmacro %}
{#- Each binary digit is a two-row table p; their cross product counts 0..2**n - 1. -#}
{% macro default__generate_series(upper_bound) -%}
{%- set n = dbt.get_powers_of_two(upper_bound) -%}
{%- set blank = '\n    ' -%}
{{ '\n\n    \n\n    ' }}with p as (
        select 0 as generated_number union all select 1
    ), unioned as (

    select

    {% for i in range(n) -%}
    {{ blank ~ 'p' ~ i ~ '.generated_number * power(2, ' ~ i ~ ')' ~ blank ~ (' + ' if not loop.last else '') ~ blank }}
    {%- endfor %}
    + 1
    as generated_number

    from

    {% for i in range(n) -%}
    {{ blank ~ 'p as p' ~ i ~ blank ~ (' cross join ' if not loop.last else '') ~ blank }}
    {%- endfor %}

    )

    select *
    from unioned
    where generated_number <= {{ upper_bound }}
    order by generated_number{{ '\n\n' }}
{%- endmacro %}
{% macro duckdb__generate_series(upper_bound) -%}
{{ '\n    ' }}select
        generate_series as generated_number
    from generate_series(1, {{ upper_bound }}){{ '\n' }}
{%- endmacro %}

{% macro date_spine(datepart, start_date, end_date) -%}
{{ return(adapter.dispatch('date_spine', 'dbt')(datepart, start_date, end_date)) }}
{%- endmacro %}
{#- Numbers the series' rows from 0 and steps start_date on by that many dateparts, then keeps
    those on or before end_date. -#}
{% macro default__date_spine(datepart, start_date, end_date) -%}
{%- set series = dbt.generate_series(dbt.get_intervals_between(start_date, end_date, datepart)) -%}
{%- set stepped = dbt.dateadd(datepart, 'row_number() over (order by 1) - 1', start_date) -%}
{%- set column = 'date_' ~ datepart -%}
{{ '\n\n\n    \n\n\n    ' }}with rawdata as (

        {{ series }}

    ),

    all_periods as (

        select (
            {{ stepped }}
        ) as {{ column }}
        from rawdata

    ),

    filtered as (

        select *
        from all_periods
        where {{ column }} <= {{ end_date }}

    )

    select * from filtered{{ '\n\n' }}
{%- endmacro %}
