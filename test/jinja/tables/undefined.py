"""Undefined values in the default (lenient) mode, and what strict mode still allows."""
from _case import case, block

AREA = 'undefined'

CASES = [
    case('lenient_prints_empty', '[{{ missing }}]|[{{ d.missing }}]|[{{ d["missing"] }}]|[{{ l[9] }}]', context={'d': {}, 'l': []}),
    case('lenient_is_defined', '{{ missing is defined }}|{{ missing is undefined }}|{{ d.a is defined }}|{{ d.b is defined }}', context={'d': {'a': None}}),
    case('lenient_default_filter', '{{ missing|default("fallback") }}|{{ missing|d }}|{{ d.x|default(d.y|default("deep")) }}', context={'d': {}}),
    case('lenient_in_conditions', '{% if missing %}yes{% else %}no{% endif %}|{{ "t" if missing else "f" }}|{{ not missing }}|{{ missing or "or" }}|[{{ missing and "and" }}]'),
    case('lenient_iteration_and_length', '{% for x in missing %}{{ x }}{% endfor %}|{{ missing|length }}|{{ missing|list }}|{{ missing|join(",") }}'),
    case('lenient_filters_on_undefined', '[{{ missing|upper }}]|[{{ missing|trim }}]|[{{ missing|string }}]|{{ missing|lower }}|{{ missing|capitalize }}'),
    case('lenient_concat_and_format', '[{{ "a" ~ missing ~ "b" }}]|[{{ "%s"|format(missing) }}]|{{ missing is none }}|{{ missing == none }}'),
    case('lenient_comparisons', '{{ missing == missing }}|{{ missing != 1 }}|{{ 1 in [missing] }}|{{ missing is string }}'),
    case('lenient_in_macro_args', '{% macro m(a) %}[{{ a }}][{{ a|default("def") }}]{% endmacro %}{{ m(missing) }}'),
    case('lenient_set_from_undefined', '{% set x = missing %}[{{ x }}]|{{ x is defined }}'),
    case('strict_allows_defined_test', '{{ missing is defined }}|{{ missing is undefined }}|{{ missing|default("ok") }}|{{ d.nope is defined }}', context={'d': {}}, strict=True),
    case('strict_renders_defined_values', '{% for c in cols %}{{ c }}{% endfor %}|{{ d.a }}|{{ d.get("zz", "got") }}', context={'cols': ['a'], 'd': {'a': 1}}, strict=True),
    case('strict_none_is_defined', '{{ n }}|{{ n is none }}|{{ n|default("dflt") }}|{{ n|default("dflt", true) }}', context={'n': None}, strict=True),
    case('strict_macro_missing_arg_default', '{% macro m(a, b="b") %}{{ a }}{{ b }}{% endmacro %}{{ m(1) }}', strict=True),
    # the implicit else of `x if cond` is a lenient undefined even in strict mode
    case('strict_inline_if_without_else', "select {{ 'distinct ' if is_distinct }}id{{ ', ' ~ extra if extra }} from t{{ (' where ' ~ filter) if filter }}", context={'is_distinct': False, 'extra': '', 'filter': None}, strict=True),
]
