import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRenderer } from './index.js';
import { makeNode, makeProject, RENDER_OPTIONS } from './testing/make-project.js';

function renderOne(code: string, options: Parameters<typeof makeProject>[0] = {}): string {
  const node = makeNode({ name: 'a', raw_code: code });
  const project = makeProject({ ...options, nodes: [node] });
  const renderer = createRenderer(project, RENDER_OPTIONS);
  const manifest = renderer.parse(project.manifest);
  return renderer.compile(manifest.nodes[node.unique_id]!, manifest);
}

const packageMacros = {
  helpers: {
    'h.sql': "{% macro clean(s) %}{{ return(s | trim) }}{% endmacro %}{% macro shout(s) %}{{ return(helpers.clean(s) | upper) }}{% endmacro %}",
  },
};

test('a package namespace is a dict: a macro written over with update is what later calls reach, until put back', () => {
  const macros = { 'mock.sql': "{% macro fake_clean(s) %}{{ return('mocked') }}{% endmacro %}" };
  const code = [
    "{% set original = helpers['clean'] %}",
    "{{ helpers.shout(' a ') }}",
    "{% do helpers.update({'clean': fake_clean}) %}",
    " {{ helpers.shout(' a ') }}",
    "{% do helpers.update({'clean': original}) %}",
    " {{ helpers.shout(' a ') }}",
  ].join('');
  assert.equal(renderOne(code, { macros, packageMacros }), 'A MOCKED A');
});

test('a package namespace answers get, keys and in as a dict of its macros', () => {
  assert.equal(
    renderOne("{{ helpers.get('nope', 'dflt') }} {{ helpers.get('clean') is not none }} {{ 'shout' in helpers }} {{ 'get' in helpers }} {{ helpers.keys() | sort | join(',') }}", { packageMacros }),
    'dflt True True False clean,shout',
  );
});

test('a package namespace and dbt are mappings to Jinja, as dbt\'s namespace dicts are', () => {
  assert.equal(renderOne('{{ helpers is mapping }} {{ dbt is mapping }} {{ helpers.clean is mapping }}', { packageMacros }), 'True True False');
});

test("calling a macro a package does not define fails as Jinja says it of a dict: 'dict object' has no attribute", () => {
  assert.throws(() => renderOne('{{ helpers.nope() }}', { packageMacros }), (e: Error & { diagnostic?: { message: string } }) =>
    (e.diagnostic?.message ?? e.message).includes("'dict object' has no attribute 'nope'"));
});
