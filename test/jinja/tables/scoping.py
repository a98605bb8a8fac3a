"""Scoping and evaluation-order corners: what macros, loops, call blocks and sets can see."""
from _case import case, block

AREA = 'scoping'

CASES = [
    case('macro_sees_later_top_level_set', '{% macro m() %}[{{ x }}]{% endmacro %}{{ m() }}{% set x = 1 %}{{ m() }}{% set x = 2 %}{{ m() }}'),
    case('macro_default_uses_call_time_global', '{% set sep = "," %}{% macro j(items, s=sep) %}{{ items | join(s) }}{% endmacro %}{{ j(["a", "b"]) }}{% set sep = ";" %}{{ j(["a", "b"]) }}'),
    case('call_body_sees_call_site_loop', '{% macro m() %}<{{ caller() }}>{% endmacro %}{% for i in ["a", "b"] %}{% call m() %}{{ i }}{{ loop.index }}{% endcall %}{% endfor %}'),
    case('caller_with_kwargs', '{% macro m() %}{{ caller(x=1, y="z") }}{% endmacro %}{% call(x, y="d") m() %}{{ x }}{{ y }}{% endcall %}'),
    case('set_block_in_loop_does_not_leak', '{% set s = "top" %}{% for i in [1] %}{% set s %}loop{{ i }}{% endset %}{{ s }}{% endfor %}|{{ s }}'),
    case('set_in_nested_if_in_loop', '{% set found = "no" %}{% for i in [1, 2] %}{% if i == 2 %}{% set found = "yes" %}{% endif %}{{ found }}{% endfor %}|{{ found }}'),
    case('loop_variable_shadows_context', '{% for x in [1, 2] %}{{ x }}{% endfor %}{{ x }}', context={'x': 'ctx'}),
    case('integer_attribute_access', '{{ l.0 }}|{{ l.1.name }}|{{ t.0 }}{{ t.1 }}', context={'l': ['a', {'name': 'b'}], 't': ['x', 'y']}),
    case('unpack_strings_and_splits', '{% for a, b in ["xy", "zw"] %}{{ b }}{{ a }}{% endfor %}|{% set schema, table = "analytics.users".split(".") %}{{ table }}@{{ schema }}'),
    case('bool_arithmetic', '{{ true + true }}|{{ false * 3 }}|{{ [1, 2, 3] | sum / 3 }}|{{ (5 // 2) * 1.0 }}|{{ "0" | int + "1" | int }}|{{ "0" ~ "" if "0" else "falsy" }}'),
    case('namespace_in_macro', '{% macro count_odd(xs) %}{% set ns = namespace(n=0) %}{% for x in xs %}{% if x is odd %}{% set ns.n = ns.n + 1 %}{% endif %}{% endfor %}{{ ns.n }}{% endmacro %}{{ count_odd([1, 2, 3, 5]) }}|{{ count_odd([]) }}'),
    case('import_sees_only_its_own_globals', '{% set x = "caller" %}{% import "lib.jinja" as lib %}{{ lib.show() }}|{% import "lib.jinja" as lib2 with context %}{{ lib2.show() }}',
         templates={'lib.jinja': '{% macro show() %}[{{ x | default("none") }}]{% endmacro %}'}),
    case('loop_in_macro_called_in_loop', '{% macro inner(n) %}{% for j in range(n) %}{{ loop.index }}{% endfor %}{% endmacro %}{% for i in [1, 2, 3] %}{{ inner(i) }}/{{ loop.index }} {% endfor %}'),
    case('mutation_visible_across_scopes', '{% set acc = {"n": []} %}{% macro add(v) %}{% do acc.n.append(v) %}{% endmacro %}{% for i in range(3) %}{{ add(i) }}{% endfor %}{% if true %}{% do acc.n.append("if") %}{% endif %}{{ acc }}'),
    # a set block's and a filter block's bodies are scopes of their own: their assignments stay inside
    case('set_block_body_is_own_scope', '{% set kind = "view" %}{% set ddl %}{% set kind = "table" %}create {{ kind }} t{% endset %}{{ ddl }}|{{ kind }}|{% set sql %}{% set alias = "s" %}from src {{ alias }}{% endset %}{{ sql }}|[{{ alias }}]'),
    case('filter_block_body_is_own_scope', '{% set n = 1 %}{% filter upper %}{% set n = 2 %}{% set fresh = "f" %}v{{ n }}{{ fresh }}{% endfilter %}|{{ n }}|[{{ fresh }}]'),
    case('set_block_filter_sees_block_names', '{% set sep = "," %}{% set cols | replace("|", sep) %}{% set sep = ";" %}a|b|c{% endset %}{{ cols }}|{{ sep }}'),
    case('set_block_in_macro_keeps_locals', '{% macro m() %}{% set out = "o" %}{% set body %}{% set out = "b" %}{% macro helper() %}h{% endmacro %}{{ out }}{{ helper() }}{% endset %}{{ body }}|{{ out }}|{{ helper is defined }}{% endmacro %}{{ m() }}'),
]
