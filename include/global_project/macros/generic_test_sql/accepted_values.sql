{#- accepted_values: one row per distinct value outside the allowed list, with its row count.
    NULLs never fail (they are neither in nor out of a list). Values are written as string
    literals unless `quote: false`. -#}
{% macro test_accepted_values(model, column_name, values, quote=True) -%}
{{ adapter.dispatch('test_accepted_values', 'dbt')(model, column_name, values, quote) }}
{%- endmacro %}

{% macro default__test_accepted_values(model, column_name, values, quote=True) -%}
{%- set literals = [] -%}
{%- for allowed in values -%}
    {%- do literals.append("'" ~ allowed ~ "'" if quote else allowed | string) -%}
{%- endfor -%}
select {{ column_name }} as value_field, count(*) as n_records
from {{ model }}
where {{ column_name }} not in ({{ literals | join(', ') }})
group by {{ column_name }}
{%- endmacro %}
