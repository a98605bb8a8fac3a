{#- Aggregates, casts and set operators whose spelling differs between warehouses. Each
    implementation renders the text dbt's (and dbt-duckdb's) renders, blank lines included, so
    target/compiled reads the same as under dbt. -#}
{% macro any_value(expression) -%}{{ return(adapter.dispatch('any_value', 'dbt')(expression)) }}{%- endmacro %}
{% macro default__any_value(expression) -%}any_value({{ expression }}){%- endmacro %}
{#- DuckDB's own name for "some value of the group". -#}
{% macro duckdb__any_value(expression) -%}arbitrary({{ expression }}){%- endmacro %}

{% macro bool_or(expression) -%}{{ return(adapter.dispatch('bool_or', 'dbt')(expression)) }}{%- endmacro %}
{% macro default__bool_or(expression) -%}bool_or({{ expression }}){%- endmacro %}

{#- A plain cast: dbt's default, which dbt-duckdb keeps, so a value that does not convert is
    an error on DuckDB too. -#}
{% macro safe_cast(field, type) -%}{{ return(adapter.dispatch('safe_cast', 'dbt')(field, type)) }}{%- endmacro %}
{% macro default__safe_cast(field, type) -%}
{{ '\n    \n    ' }}cast({{ field }} as {{ type }}){{ '\n' }}
{%- endmacro %}

{% macro cast(field, type) -%}{{ return(adapter.dispatch('cast', 'dbt')(field, type)) }}{%- endmacro %}
{% macro default__cast(field, type) -%}
{{ '\n    ' }}cast({{ field }} as {{ type }}){{ '\n' }}
{%- endmacro %}

{% macro except() -%}{{ return(adapter.dispatch('except', 'dbt')()) }}{%- endmacro %}
{% macro default__except() -%}{{ '\n\n    except\n\n' }}{%- endmacro %}

{% macro intersect() -%}{{ return(adapter.dispatch('intersect', 'dbt')()) }}{%- endmacro %}
{% macro default__intersect() -%}{{ '\n\n    intersect\n\n' }}{%- endmacro %}
