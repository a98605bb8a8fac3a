{#- relationships: one row per child row whose non-NULL key has no match in the parent.
    Compiles to dbt's text, whitespace included. -#}
{% macro test_relationships(model, column_name, to, field) %}
    {% set relationships_sql = adapter.dispatch('test_relationships', 'dbt') %}
    {{ relationships_sql(model, column_name, to, field) }}
{% endmacro %}

{% macro default__test_relationships(model, column_name, to, field) %}

with child as (
    select {{ column_name }} as from_field
    from {{ model }}
    where {{ column_name }} is not null
),

parent as (
    select {{ field }} as to_field
    from {{ to }}
)

select
    from_field

from child
left join parent
    on child.from_field = parent.to_field

where parent.to_field is null

{% endmacro %}
