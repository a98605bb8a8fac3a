import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Environment } from './index.js';

const templates: Record<string, string> = {
  'utils.sql': `{% macro quote(x) %}"{{ x }}"{% endmacro %}{% macro uses_ctx() %}{{ who }}{% endmacro %}{% set version = 2 %}{% set _private = 1 %}`,
  'header.sql': `-- {{ title }} ({{ local_var }})`,
  'base.sql': `{% block head %}base{% endblock %}:{% block body %}{% endblock %}`,
  'child.sql': `{% extends 'base.sql' %}{% block body %}child+{{ super() }}{% endblock %}{% block head %}[{{ super() }}]{% endblock %}`,
};
const env = new Environment({ loader: (n) => (templates[n] === undefined ? undefined : { source: templates[n]!, filename: n }) });

test('import binds a module of macros and exported variables', () => {
  assert.equal(env.renderString(`{% import 'utils.sql' as u %}{{ u.quote('a') }}{{ u.version }}[{{ u._private }}]`), '"a"2[]');
});

test('from-import with alias, and with context', () => {
  assert.equal(env.renderString(`{% from 'utils.sql' import quote as q %}{{ q(1) }}`), '"1"');
  assert.equal(env.renderString(`{% from 'utils.sql' import uses_ctx with context %}{{ uses_ctx() }}`, { who: 'me' }), 'me');
  assert.equal(env.renderString(`{% from 'utils.sql' import uses_ctx %}[{{ uses_ctx() }}]`, { who: 'me' }), '[]');
});

test('include sees the context and local variables', () => {
  assert.equal(env.renderString(`{% for local_var in [1] %}{% include 'header.sql' %}{% endfor %}`, { title: 'T' }), '-- T (1)');
  assert.equal(env.renderString(`{% include 'missing.sql' ignore missing %}ok`), 'ok');
  assert.throws(() => env.renderString(`{% include 'missing.sql' %}`), /missing\.sql/);
});

test('extends renders the parent with overridden blocks and super()', () => {
  assert.equal(env.renderString(`{% include 'child.sql' %}`), '[base]:child+');
});
