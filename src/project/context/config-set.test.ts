import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRenderer } from './index.js';
import { makeNode, makeProject, RENDER_OPTIONS } from './testing/make-project.js';

function parsedConfig(code: string): Record<string, unknown> {
  const node = makeNode({ name: 'daily_plays', raw_code: code });
  const project = makeProject({ nodes: [node] });
  const renderer = createRenderer(project, RENDER_OPTIONS);
  return renderer.parse(project.manifest).nodes[node.unique_id]!.config as Record<string, unknown>;
}

test('config.set while parsing lands in the node config, as config(name=value) does', () => {
  const config = parsedConfig("{% do config.set('cluster_hint', 'by_day') %}select 1");
  assert.equal(config['cluster_hint'], 'by_day');
});

test('set_sql_header stores its call block as the sql_header config', () => {
  const config = parsedConfig("{% call set_sql_header(config) %}set threads = 2;{% endcall %}select 1 as n");
  assert.equal(config['sql_header'], 'set threads = 2;');
});
