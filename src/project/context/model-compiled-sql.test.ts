import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRenderer } from './index.js';
import { makeNode, makeProject, RENDER_OPTIONS } from './testing/make-project.js';

test('once a node is compiled, model.compiled_sql holds its compiled code as in dbt, before that it is undefined', () => {
  const node = makeNode({ name: 'a', raw_code: "select {{ 1 + 1 }} as two" });
  const project = makeProject({ nodes: [node] });
  const renderer = createRenderer(project, RENDER_OPTIONS);
  const manifest = renderer.parse(project.manifest);
  const parsed = manifest.nodes[node.unique_id]!;
  assert.equal(renderer.renderString('{{ model.compiled_sql is defined }}', parsed), 'False');
  parsed.compiled_code = renderer.compile(parsed, manifest);
  assert.equal(renderer.renderString('{{ model.compiled_sql }}|{{ model.compiled_sql == model.compiled_code }}', parsed), 'select 2 as two|True');
  const check = makeNode({ name: 't', resource_type: 'test', raw_code: 'select 1' });
  check.compiled_code = 'select 1';
  assert.equal(renderer.renderString('{{ model.compiled_sql }}', check), 'select 1');
});
