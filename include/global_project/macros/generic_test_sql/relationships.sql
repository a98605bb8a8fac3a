{#- relationships: one row per child row whose non-NULL key has no match in the parent. -#}
{% macro test_relationships(model, column_name, to, field) -%}
{{ adapter.dispatch('test_relationships', 'dbt')(model, column_name, to, field) }}
{%- endmacro %}

{% macro default__test_relationships(model, column_name, to, field) -%}
with child_keys as (
    select {{ column_name }} as from_field
    from {{ model }}
    where {{ column_name }} is not null
),
parent_keys as (
    select {{ field }} as to_field
    from {{ to }}
)
select from_field
from child_keys
where not exists (
    select 1 from parent_keys where parent_keys.to_field = child_keys.from_field
)
{%- endmacro %}
