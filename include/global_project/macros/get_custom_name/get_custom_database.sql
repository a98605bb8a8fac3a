{#- The database (DuckDB catalog) a node is built in: its configured database, or the
    target's. -#}
{% macro generate_database_name(custom_database_name=none, node=none) -%}
{{ return(adapter.dispatch('generate_database_name', 'dbt')(custom_database_name, node)) }}
{%- endmacro %}

{% macro default__generate_database_name(custom_database_name=none, node=none) -%}
{{ target.database if custom_database_name is none else custom_database_name | trim }}
{%- endmacro %}
