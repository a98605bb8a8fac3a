// `obj[a:b:c]` as Python subscribes: lists, tuples and strings slice themselves; a host object
// gets a slice object in its `__getitem__`; anything else is a TypeError.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Environment, PySlice, TemplateError, tuple } from './index.js';

const env = new Environment();

const typeError = (pattern: RegExp) => (e: unknown) => e instanceof TemplateError && e.pyType === 'TypeError' && pattern.test(e.diagnostic.message);

test('a host __getitem__ is handed a slice object for obj[a:b:c], as in Python', () => {
  class Rows {
    __getitem__(key: unknown): unknown {
      return key instanceof PySlice ? tuple(key.select(['a', 'b', 'c', 'd'])) : undefined;
    }
  }
  const out = env.renderString('{{ r[1:3] }}|{{ r[::-2] }}|{{ r[-1:] }}|{{ r[n:] | length }}', { r: new Rows(), n: 2 });
  assert.equal(out, "('b', 'c')|('d', 'b')|('d',)|2");
});

test('slicing an object without __getitem__, or whose __getitem__ takes no slices, is a TypeError', () => {
  class Plain {}
  class Keyed {
    __getitem__(key: unknown): unknown {
      return key === 'k' ? 1 : undefined;
    }
  }
  assert.throws(() => env.renderString('{{ x[0:1] }}', { x: 5 }), typeError(/'int' object is not subscriptable/));
  assert.throws(() => env.renderString('{{ p[0:1] }}', { p: new Plain() }), typeError(/'Plain' object is not subscriptable/));
  assert.throws(() => env.renderString('{{ k[0:1] }}', { k: new Keyed() }), typeError(/'Keyed' object does not support slicing/));
  // not an Undefined: Jinja2 compiles a slice to Python's subscription, not to its getitem fallback
  assert.throws(() => env.renderString('{% for r in p[0:2] %}{{ r }}{% endfor %}', { p: new Plain() }), typeError(/not subscriptable/));
});

test('slice indices must be ints or None, as Python requires', () => {
  assert.equal(env.renderString('{{ x[b:] }}|{{ x[:n] }}', { x: [1, 2, 3], b: true, n: 2 }), '[2, 3]|[1, 2]');
  assert.throws(() => env.renderString('{{ x[f:] }}', { x: [1, 2, 3], f: 1.5 }), typeError(/slice indices must be integers or None or have an __index__ method/));
  assert.throws(() => env.renderString("{{ x['a':] }}", { x: [1, 2, 3] }), typeError(/slice indices must be integers/));
});

test("slice.indices() is Python's", () => {
  assert.deepEqual([...new PySlice(null, null, -1).indices(5)], [4, -1, -1]);
  assert.deepEqual([...new PySlice(-3, null, null).indices(5)], [2, 5, 1]);
  assert.deepEqual([...new PySlice(0, 100, 2).indices(5)], [0, 5, 2]);
  assert.deepEqual([...new PySlice(-100, -1, -1).indices(5)], [-1, 4, -1]);
  assert.equal(env.renderString('{{ s }}', { s: new PySlice(1, undefined, null) }), 'slice(1, None, None)');
});
