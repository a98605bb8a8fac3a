{#- Fails with every row that has a null in any column of the model (all columns checked at once). -#}
{% test no_nulls_in_columns(model, exclude=[]) %}
{%- set columns = adapter.get_columns_in_relation(model) -%}
select *
from {{ model }}
where
{%- set checked = [] %}
{%- for col in columns if col.name not in exclude %}
    {%- do checked.append(col.name) %}
    {{ 'or ' if not loop.first }}{{ adapter.quote(col.name) }} is null
{%- endfor %}
{%- if checked | length == 0 %} false{% endif %}
{% endtest %}
