// Python dicts keep insertion order for every key; a JS object would list keys such as '2024' first.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Environment } from './index.js';

test('dict literals keep insertion order for digit-only string keys', () => {
  const env = new Environment();
  const src = "{% set by_year = {'2025': 'later', '2019': 'earlier', 'total': 'all'} %}{% for k, v in by_year.items() %}{{ k }}={{ v }};{% endfor %}|{{ by_year }}";
  assert.equal(env.renderString(src), "2025=later;2019=earlier;total=all;|{'2025': 'later', '2019': 'earlier', 'total': 'all'}");
});

test("a digit-only string key stays a string: '7' and 7 are different keys", () => {
  const env = new Environment();
  assert.equal(env.renderString("{% set d = {'shelf': 1, '7': 'seven'} %}{{ d['7'] }}|{{ '7' in d }}|{{ 7 in d }}|{{ d | list }}"), "seven|True|False|['shelf', '7']");
  // keys with a leading zero or beyond the array-index range were never reordered; they stay as they were
  assert.equal(env.renderString("{% set d = {'b': 1, '07': 2, '4294967295': 3} %}{{ d | list }}"), "['b', '07', '4294967295']");
});
