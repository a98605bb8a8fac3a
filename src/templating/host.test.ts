import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ReelhouseError } from '../core/diagnostic.js';
import { Environment, Kwargs, TemplateError } from './index.js';

const env = new Environment();

test('keyword arguments reach host functions as a trailing Kwargs', () => {
  const seen: unknown[][] = [];
  const config = (...args: unknown[]): string => {
    seen.push(args);
    return '';
  };
  env.renderString(`{{ config(materialized='table') }}{{ config('x', 1) }}{{ config(*['a'], **{'k': 2}) }}`, { config });
  assert.equal(seen.length, 3);
  assert.ok(seen[0]![0] instanceof Kwargs);
  assert.deepEqual((seen[0]![0] as Kwargs).values, { materialized: 'table' });
  assert.deepEqual(seen[1], ['x', 1]);
  assert.equal(seen[2]![0], 'a');
  assert.deepEqual((seen[2]![1] as Kwargs).values, { k: 2 });
});

test('class instances expose bound methods and properties; plain objects act as dicts', () => {
  class Adapter {
    prefix = 'p_';
    quote(name: string): string {
      return `"${this.prefix}${name}"`;
    }
  }
  const out = env.renderString(`{{ adapter.quote('x') }}|{{ adapter['prefix'] }}|{{ d.items() | list }}|{{ d.k }}|{{ d.get('zz', 0) }}`, {
    adapter: new Adapter(),
    d: { k: 1 },
  });
  assert.equal(out, `"p_x"|p_|[('k', 1)]|1|0`);
});

test('functions stored on plain objects are callable as methods', () => {
  const out = env.renderString(`{{ api.get('a') }}`, { api: { get: (k: string) => `got ${k}` } });
  assert.equal(out, 'got a');
});

test('a ReelhouseError from a host function gets the template location', () => {
  const ref = (): never => {
    throw new ReelhouseError({ code: 'ref-not-found', severity: 'error', message: "model 'x' not found" });
  };
  try {
    env.renderString('select 1\nfrom {{ ref("x") }}', { ref }, 'models/a.sql');
    assert.fail('expected an error');
  } catch (e) {
    assert.ok(e instanceof ReelhouseError);
    assert.equal(e.diagnostic.code, 'ref-not-found');
    assert.deepEqual(e.diagnostic.location, { file: 'models/a.sql', line: 2 });
    assert.equal(e.diagnostic.excerpt, 'from {{ ref("x") }}');
  }
});

test('a plain Error from a host function becomes a located TemplateError', () => {
  const boom = (): never => {
    throw new Error('connection lost');
  };
  try {
    env.renderString('a\n\n{% set x = boom() %}', { boom }, 'models/b.sql');
    assert.fail('expected an error');
  } catch (e) {
    assert.ok(e instanceof TemplateError);
    assert.equal(e.diagnostic.message, 'connection lost');
    assert.equal(e.diagnostic.location?.file, 'models/b.sql');
    assert.equal(e.diagnostic.location?.line, 3);
  }
});

test('host filters and tests receive args and Kwargs', () => {
  const e2 = new Environment();
  e2.addFilter('wrap', (v, ...a) => `${String(a[0])}${String(v)}${a[1] instanceof Kwargs ? String(a[1].values.end) : ''}`);
  e2.addTest('short', (v) => String(v).length < 3);
  e2.addGlobal('answer', 42);
  assert.equal(e2.renderString(`{{ 'x' | wrap('<', end='>') }}|{{ 'ab' is short }}|{{ answer }}`), '<x>|True|42');
});
