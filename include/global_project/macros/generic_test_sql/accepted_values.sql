{#- accepted_values: one row per distinct value outside the allowed list, with its row count.
    NULLs never fail (they are neither in nor out of a list). Values are written as string
    literals unless `quote: false`, joined by commas with no space. Compiles to dbt's text,
    whitespace included. -#}
{% macro test_accepted_values(model, column_name, values, quote=True) %}
    {% set accepted_sql = adapter.dispatch('test_accepted_values', 'dbt') %}
    {{ accepted_sql(model, column_name, values, quote) }}
{% endmacro %}

{% macro default__test_accepted_values(model, column_name, values, quote=True) %}

with all_values as (

    select
        {{ column_name }} as value_field,
        count(*) as n_records

    from {{ model }}
    group by {{ column_name }}

)

select *
from all_values
where value_field not in (
    {% for allowed in values -%}
        {{- ("'" ~ allowed ~ "'") if quote else allowed -}}
        {%- if not loop.last -%},{%- endif -%}
    {%- endfor %}
)

{% endmacro %}
