"""Every builtin test, used with `is`, `is not` and through select/reject."""
from _case import case, block

AREA = 'tests'

V = {'s': 'text', 'i': 3, 'f': 2.5, 'l': [1, 2], 'd': {'a': 1}, 'n': None, 't': True, 'e': ''}


def t(name, expr_template, values, context=None):
    """One case testing one predicate against several values, printed as a row."""
    body = '|'.join(expr_template.replace('$', v) for v in values)
    return case(name, body, context=context or V)


CASES = [
    t('defined', '{{ $ is defined }}', ['s', 'missing', 'n', 'd.a', 'd.b']),
    t('undefined', '{{ $ is undefined }}', ['s', 'missing', 'n', 'd.b']),
    t('none', '{{ $ is none }}', ['n', 'none', 'e', '0', 'missing', 'd.get("x")']),
    t('string', '{{ $ is string }}', ['s', 'e', 'i', 'l', 'n', '"x"', '("x"|string)']),
    t('number', '{{ $ is number }}', ['i', 'f', 's', 't', '1e3', 'n', '"1"']),
    t('integer', '{{ $ is integer }}', ['i', 'f', '3', '3.0', 't', '"3"', '(7 // 2)', '(7 / 1)']),
    t('float', '{{ $ is float }}', ['i', 'f', '3.0', '1e2', '(4 / 2)', '"1.5"']),
    t('mapping', '{{ $ is mapping }}', ['d', 'l', 's', '{}', 'dict(a=1)', 'n']),
    t('sequence', '{{ $ is sequence }}', ['l', 's', 'd', 'i', '(1, 2)', 'n', 'range(2)']),
    t('iterable', '{{ $ is iterable }}', ['l', 's', 'd', 'i', 'n', 'range(2)', 'l|reverse']),
    t('callable', '{{ $ is callable }}', ['range', 'dict', 's', 's.upper', 'l.append', 'i']),
    case('callable_macro', '{% macro m() %}{% endmacro %}{{ m is callable }}|{{ caller is defined }}|{{ namespace is callable }}'),
    case('sameas', '{% set a = [1] %}{% set b = a %}{{ a is sameas b }}|{{ a is sameas [1] }}|{{ n is sameas none }}|{{ t is sameas true }}|{{ 1 is sameas true }}|{{ false is sameas false }}', context=V),
    t('eq_ne', '{{ $ }}', ['i is eq 3', 'i is eq(4)', 's is equalto "text"', 'i is ne 3', 'i == 3', 'i is not ne 3', 'f is eq 2.5', '1 is eq true']),
    t('ordering_tests', '{{ $ }}', ['i is lt 4', 'i is lt 3', 'i is le 3', 'i is gt 2', 'i is ge 4', 'i is greaterthan 1', 'i is lessthan 1', 'f is gt i', '"b" is gt "a"']),
    t('in_test', '{{ $ }}', ['1 is in l', '5 is in l', '"a" is in d', '"ex" is in s', '"z" is not in s', '3 is in range(5)']),
    t('true_false_tests', '{{ $ }}', ['t is true', '1 is true', 'e is false', 'false is false', '0 is false', 'n is false', 't is not false']),
    t('boolean_test', '{{ $ is boolean }}', ['t', 'false', '1', 'n', '"true"', '(1 == 1)']),
    t('divisibleby', '{{ $ }}', ['9 is divisibleby 3', '10 is divisibleby 3', '0 is divisibleby 5', 'i is divisibleby(3)', '12 is divisibleby 4']),
    t('even_odd', '{{ $ }}', ['2 is even', '3 is even', '0 is even', '-1 is odd', '7 is odd', 'i is odd', '-4 is even']),
    t('lower_upper_tests', '{{ $ }}', ['"abc" is lower', '"aBc" is lower', '"ABC" is upper', '"AB1" is upper', '"a1" is lower', '"123" is upper', '"" is lower']),
    case('tests_in_if', block('''
        {% for v in values %}
        {%- if v is none %}none{% elif v is string %}str:{{ v }}{% elif v is mapping %}map{% elif v is sequence %}seq{% elif v is number %}num:{{ v }}{% else %}other{% endif %};
        {%- endfor %}
        '''), context={'values': [None, 'x', {'a': 1}, [1], 4, True, 1.5]}),
    case('test_precedence_with_not_and_filters', '{{ not i is odd }}|{{ l|length is odd }}|{{ (l|length) is even }}|{{ i is odd and i is divisibleby 3 }}|{{ s is string or false }}', context=V),
    case('select_reject_with_tests', '{{ values|select("string")|list }}|{{ values|reject("none")|list }}|{{ values|select("mapping")|list }}|{{ values|select("defined")|list|length }}|{{ values|select("sameas", none)|list }}',
         context={'values': ['a', None, {'k': 1}, 2, 'b']}),
    case('test_with_parenthesized_args', '{{ 10 is divisibleby(5) }}|{{ "a" is in(["a"]) }}|{{ 3 is ge(3) }}|{{ x is sameas(none) }}', context={'x': None}),
    case('boolean_of_context_values', '{% for k, v in vals.items() %}{{ k }}:{{ "T" if v else "F" }} {% endfor %}',
         context={'vals': {'zero': 0, 'one': 1, 'empty_str': '', 'str': 'x', 'empty_list': [], 'list': [0], 'empty_dict': {}, 'none': None, 'false': False, 'float': 0.5}}),
]
