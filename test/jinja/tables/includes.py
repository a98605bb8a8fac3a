"""include, import and from-import, with and without context."""
from _case import case, block

AREA = 'includes'

MACROS = block('''
    {% macro quote(x) %}"{{ x }}"{% endmacro %}
    {% macro schema_name() %}{{ target.schema if target is defined else 'no_target' }}{% endmacro %}
    {% macro _private() %}hidden{% endmacro %}
    {% set version = '1.2' %}
    top-level text is not rendered by import
    ''')

T = {'macros.jinja': MACROS, 'header.jinja': '-- header for {{ model }}\n', 'row.jinja': '{{ item }}:{{ loop is defined }}\n',
     'setter.jinja': '{% set leaked = "from include" %}inc\n', 'nested.jinja': '<{% include "header.jinja" %}>'}
CTX = {'model': 'users', 'target': {'schema': 'analytics'}}

CASES = [
    case('include_basic', '{% include "header.jinja" %}select 1\n', context=CTX, templates=T),
    case('include_sees_context_and_locals', '{% set model = "orders" %}{% include "header.jinja" %}|{% for item in ["a", "b"] %}{% include "row.jinja" %}{% endfor %}', context=CTX, templates=T),
    case('include_sets_do_not_leak', '{% include "setter.jinja" %}[{{ leaked }}]', templates=T),
    case('include_nested', '{% include "nested.jinja" %}|{% include "nested.jinja" without context %}', context=CTX, templates=T),
    case('include_ignore_missing_and_list', '{% include "nope.jinja" ignore missing %}|{% include ["nope.jinja", "header.jinja"] %}', context=CTX, templates=T),
    case('include_variable_name', '{% include name %}', context={'name': 'header.jinja', 'model': 'm'}, templates=T),
    case('import_as', '{% import "macros.jinja" as m %}{{ m.quote("id") }}|{{ m.version }}|{{ m.schema_name() }}|[{{ m._private }}]', context=CTX, templates=T),
    case('import_with_context', '{% import "macros.jinja" as m with context %}{{ m.schema_name() }}', context=CTX, templates=T),
    case('from_import', '{% from "macros.jinja" import quote, version as v %}{{ quote("a") }}{{ v }}', templates=T),
    case('from_import_with_context', '{% set target = {"schema": "local"} %}{% from "macros.jinja" import schema_name with context %}{{ schema_name() }}|{% from "macros.jinja" import schema_name as s2 %}{{ s2() }}', context=CTX, templates=T),
    case('import_in_macro_and_loop', '{% macro m() %}{% import "macros.jinja" as h %}{{ h.quote("in-macro") }}{% endmacro %}{{ m() }}|{% for c in ["x", "y"] %}{% from "macros.jinja" import quote %}{{ quote(c) }}{% endfor %}', templates=T),
    case('include_whitespace_and_trailing_newline', 'before\n{% include "header.jinja" %}\nafter\n', context=CTX, templates=T),
]
