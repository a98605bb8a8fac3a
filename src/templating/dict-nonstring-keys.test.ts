// A dict made empty (`{}`) and then given tuple or number keys (`d.update({(i, j): x})`) gives
// those keys back as they were given, as Python does, when it is iterated.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Environment } from './index.js';

test('tuple keys added to an empty dict come back as tuples from items(), keys() and iteration', () => {
  const env = new Environment();
  const src =
    '{% set d = {} %}{% for i in range(2) %}{% for j in range(i + 1) %}{% do d.update({(i, j): i * 10 + j}) %}{% endfor %}{% endfor %}' +
    "{% for k, v in d.items() %}i{{ k[0] }}j{{ k[1] }}={{ v }};{% endfor %}|{% for k in d %}{{ k is sequence }}{{ k | length }};{% endfor %}|{{ d.keys() | list }}|{{ d[(1, 0)] }}|{{ (1, 1) in d }}";
  assert.equal(env.renderString(src), 'i0j0=0;i1j0=10;i1j1=11;|True2;True2;True2;|[(0, 0), (1, 0), (1, 1)]|10|True');
});

test('number and None keys set on a plain dict keep their type; a copy keeps them, pop and clear drop them', () => {
  const env = new Environment();
  const src =
    "{% set d = {'a': 1} %}{% do d.update({-2: 'minus two', none: 'nothing'}) %}{% do d.setdefault(3.5, 'x') %}" +
    '{% set c = d.copy() %}{% do d.pop(-2) %}' +
    "{{ d.keys() | list }}|{{ c.keys() | list }}|{% for k in c %}{{ k + 1 if k is number else k }};{% endfor %}|{% do c.clear() %}{% do c.update({'2': 'text'}) %}{{ c | list }}";
  assert.equal(env.renderString(src), "['a', None, 3.5]|['a', -2, None, 3.5]|a;-1;None;4.5;|['2']");
});

test('number keys and digit-only string keys added to a dict keep insertion order, as Python lists them', () => {
  const env = new Environment();
  const src =
    "{% set by_year = {} %}{% for y in [2024, 2019, 2021] %}{% do by_year.update({y: y - 2000}) %}{% endfor %}{% do by_year.setdefault('total', 0) %}" +
    "{% do by_year.pop(2019) %}{% do by_year.update({'7': 'seven'}) %}" +
    '{{ by_year.keys() | list }}|{{ by_year.values() | list }}|{% for k, v in by_year.copy().items() %}{{ k }}={{ v }};{% endfor %}';
  assert.equal(env.renderString(src), "[2024, 2021, 'total', '7']|[24, 21, 0, 'seven']|2024=24;2021=21;total=0;7=seven;");
});
