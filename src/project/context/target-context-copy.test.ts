import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRenderer } from './index.js';
import { makeNode, makeProject, RENDER_OPTIONS } from './testing/make-project.js';

const STORE = `
{%- macro keep(key, value) -%}
  {%- set data = target.get('kept') or {} -%}
  {{ data.update({key: value}) or "" }}
  {%- do target.update({'kept': data}) -%}
{%- endmacro %}
{%- macro kept() -%}{{ return(target.get('kept') or {}) }}{%- endmacro %}
`;

test('what a model writes into target stays with that model: macros of one render share it, the next model starts from the profile', () => {
  const project = makeProject({
    macros: { 'store.sql': STORE },
    nodes: [
      makeNode({ name: 'first', raw_code: "{{ keep('a', '1 as a') }}{{ keep('b', '2 as b') }}select {{ kept().values() | list | join(', ') }}" }),
      makeNode({ name: 'second', raw_code: "select {{ kept() | length }} as n, '{{ target.get('kept') }}' as k, '{{ target.name }}' as t" }),
      makeNode({ name: 'third', raw_code: "{% do target.update({'schema': 'elsewhere'}) %}select '{{ target.schema }}' as s" }),
      makeNode({ name: 'fourth', raw_code: "select '{{ target.schema }}' as s" }),
    ],
  });
  const renderer = createRenderer(project, RENDER_OPTIONS);
  const manifest = renderer.parse(project.manifest);
  const compile = (name: string): string => renderer.compile(manifest.nodes[`model.shop.${name}`]!, manifest).trim();
  assert.equal(compile('first'), 'select 1 as a, 2 as b');
  assert.equal(compile('second'), "select 0 as n, 'None' as k, 'dev' as t");
  assert.equal(compile('third'), "select 'elsewhere' as s");
  assert.equal(compile('fourth'), "select 'main' as s");
  // the parse rendered every model first: its writes did not carry into the compile either
  assert.equal(compile('first'), 'select 1 as a, 2 as b');
});
