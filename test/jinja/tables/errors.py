"""Templates Jinja2 rejects: syntax errors at compile time and failures while rendering.

The expected file records Python's exception, message, template and line; the engine must
throw a TemplateError whose diagnostic points at a file and line.
"""
from _case import case, block

AREA = 'errors'

T = {'broken.jinja': 'line one\n{{ 1 + missing_fn() }}\n', 'lib.jinja': '{% macro boom(x) %}\n  {{ x.y.z }}\n{% endmacro %}\n'}

CASES = [
    # syntax
    case('unclosed_if', block('''
        select *
        {% if incremental %}
        where ts > 1
        ''')),
    case('unclosed_for', '{% for c in cols %}\n  {{ c }},\n'),
    case('unclosed_macro', '{% macro m() %}\nbody\n'),
    case('unclosed_call_block', '{% macro m() %}{{ caller() }}{% endmacro %}\n{% call m() %}\ninside\n'),
    case('unclosed_expression', 'select\n  {{ col \nfrom t\n'),
    case('unclosed_comment', 'a\n{# never closed\nb\n'),
    case('unclosed_raw', '{% raw %}\n{{ x }}\n'),
    case('unclosed_string', "select\n{{ 'abc }}\n"),
    case('colon_after_end_tag', '{% if x: %}\nyes\n{% endif: %}\n', context={'x': True}),
    case('colon_after_set_expression', 'a\n{% set x = 1: %}\n'),
    case('colon_after_with_header', 'a\n{% with a = 1: %}{{ a }}{% endwith %}\n'),
    case('unknown_tag', 'select 1\n{% frobnicate x %}\n'),
    case('unknown_end_tag', '{% if x %}\na\n{% endfi %}\n'),
    case('bad_expression_dangling_operator', 'select\n  {{ 1 + }}\n'),
    case('bad_expression_two_names', '{{ foo bar }}'),
    case('bad_expression_unbalanced_parens', 'x\n{{ (1 + 2 }}\n'),
    case('empty_if_condition', '{% if %}x{% endif %}'),
    case('endif_without_if', 'a\n{% endif %}\n'),
    case('endfor_for_if', '{% for x in y %}\n{% endif %}\n'),
    case('stray_else', 'text\n{% else %}\n'),
    case('endmacro_without_macro', '{% endmacro %}'),
    case('invalid_for_target', '{% for 1 in items %}{% endfor %}'),
    case('invalid_set_target', '{% set 1 = 2 %}'),
    case('macro_non_default_after_default', '{% macro m(a=1, b) %}{% endmacro %}'),
    case('break_outside_loop', 'a\n{% break %}\n'),
    case('unknown_filter', 'select\n  {{ name | frobnicate }}\n', context={'name': 'x'}),
    case('unknown_test', '{% if x is frobnicated %}y{% endif %}', context={'x': 1}),
    case('int_filter_on_undefined', 'a\n{{ missing|int }}\n'),
    # runtime
    case('strict_undefined_print', 'select\n  {{ missing_var }}\n', strict=True),
    case('strict_undefined_in_if', '{% if missing_flag %}\nx\n{% endif %}\n', strict=True),
    case('strict_undefined_in_for', 'a\n{% for c in missing_cols %}{{ c }}{% endfor %}\n', strict=True),
    case('strict_undefined_attribute', '{{ cfg.materialized }}\n{{ cfg.missing_key }}\n', context={'cfg': {'materialized': 'view'}}, strict=True),
    case('strict_undefined_concat', '{{ "a" ~ missing }}', strict=True),
    case('attribute_of_undefined', 'select\n  {{ model.config.schema }}\n'),
    case('item_of_undefined', '{{ missing["key"] }}'),
    case('undefined_arithmetic', 'x\n{{ missing + 1 }}\n'),
    case('calling_non_callable', '{{ value() }}', context={'value': 1}),
    case('calling_undefined', '\n\n{{ not_a_macro("x") }}\n'),
    case('calling_missing_method', "{{ 'abc'.nomethod() }}"),
    case('macro_too_many_args', '{% macro m(a) %}{{ a }}{% endmacro %}\n{{ m(1, 2) }}\n'),
    case('macro_unknown_kwarg', '{% macro m(a) %}{{ a }}{% endmacro %}\n{{ m(1, b=2) }}\n'),
    case('macro_duplicate_arg', '{% macro m(a) %}{{ a }}{% endmacro %}{{ m(1, a=2) }}'),
    case('division_by_zero', 'select\n  {{ 1 / 0 }}\n'),
    case('floor_division_by_zero', '{{ 5 // 0 }}'),
    case('modulo_by_zero', '{{ 5 % 0 }}'),
    case('int_plus_string', "{{ 1 + 'a' }}"),
    case('list_pop_empty', '{% set l = [] %}\n{{ l.pop() }}\n'),
    case('dict_pop_missing_key', "{% set d = {} %}{% do d.pop('k') %}"),
    case('list_remove_missing', '{% do [1].remove(2) %}'),
    case('str_index_not_found', "{{ 'abc'.index('z') }}"),
    case('set_attribute_on_dict', "{% set d = {} %}\n{% set d.x = 1 %}\n"),
    case('round_bad_method', "{{ 1.5|round(0, 'up') }}"),
    case('include_missing_template', 'a\n{% include "nowhere.jinja" %}\n'),
    case('import_missing_template', '{% import "nowhere.jinja" as n %}'),
    case('error_in_included_template', 'first\n{% include "broken.jinja" %}\n', templates=T),
    case('error_inside_imported_macro', '{% import "lib.jinja" as lib %}\n\n{{ lib.boom({}) }}\n', templates=T),
    case('error_in_macro_body_line', block('''
        {% macro cols(relation) %}
          {% for c in relation.columns %}
            {{ c.name }}
          {% endfor %}
          {{ relation.columns.missing.attr }}
        {% endmacro %}
        select {{ cols({'columns': []}) }}
        ''')),
    case('error_deep_in_loop_line', block('''
        {% for r in rows %}
        {{ r.a }}
        {{ r.b.c }}
        {% endfor %}
        '''), context={'rows': [{'a': 1, 'b': {'c': 2}}, {'a': 3}]}),
    case('for_target_named_loop', '{% for row in rows %}ok{% endfor %}\n{% for loop in rows %}{{ loop }}{% endfor %}', context={'rows': [1]}),
    case('macro_caller_parameter_without_default', '{% macro ok(a, caller=none) %}{% endmacro %}\n{% macro bad(a, caller) %}{{ caller() }}{% endmacro %}'),
]
