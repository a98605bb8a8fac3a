{#- A generic test's `model` argument passes through here, so that the test's `where` config
    narrows the rows it looks at. -#}
{% macro get_where_subquery(relation) -%}
{{ return(adapter.dispatch('get_where_subquery', 'dbt')(relation)) }}
{%- endmacro %}

{% macro default__get_where_subquery(relation) -%}
{%- set condition = config.get('where') -%}
{%- if condition -%}
    {{ return('(select * from ' ~ relation ~ ' where ' ~ condition ~ ') dbt_subquery') }}
{%- else -%}
    {{ return(relation) }}
{%- endif -%}
{%- endmacro %}
