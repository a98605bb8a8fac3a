{#- Column introspection for macros: of an existing relation, of a rows-and-types table, or
    of a query (found by running it so that it returns no rows). -#}
{% macro get_columns_in_relation(relation) -%}
{{ return(adapter.get_columns_in_relation(relation)) }}
{%- endmacro %}

{% macro sql_convert_columns_in_relation(table) -%}
{%- set found = [] -%}
{%- for described in table -%}{%- do found.append(api.Column(*described)) -%}{%- endfor -%}
{{ return(found) }}
{%- endmacro %}

{% macro get_empty_subquery_sql(select_sql, select_sql_header=none) -%}
{{ return(adapter.dispatch('get_empty_subquery_sql', 'dbt')(select_sql, select_sql_header)) }}
{%- endmacro %}

{% macro default__get_empty_subquery_sql(select_sql, select_sql_header=none) -%}
{%- if select_sql_header is not none %}{{ select_sql_header }}
{% endif -%}
select * from (
{{ select_sql }}
) as shape_probe
where 1 = 0
{%- endmacro %}

{% macro get_columns_in_query(select_sql) -%}
{{ return(adapter.dispatch('get_columns_in_query', 'dbt')(select_sql)) }}
{%- endmacro %}

{% macro default__get_columns_in_query(select_sql) -%}
{%- call statement('get_columns_in_query', fetch_result=True, auto_begin=False) -%}
{{ get_empty_subquery_sql(select_sql) }}
{%- endcall -%}
{%- set probe = load_result('get_columns_in_query') -%}
{{ return(probe.table.columns | map(attribute='name') | list) }}
{%- endmacro %}
