// selectors.yml is rendered with var()/env_var()/target like dbt_project.yml; macro properties
// merge top-level meta/docs with those under config:.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadProject } from './index.js';
import { CLEAN_ENV, writeProject } from './test-project.js';

test('selectors.yml renders var(): a missing var is an error, a given one decides default', async () => {
  const p = await writeProject({
    'dbt_project.yml': 'name: tide_tables\n',
    'models/high_tide.sql': 'select 1 as metres',
    'selectors.yml': "selectors:\n  - name: harbour_only\n    default: \"{{ var('tide_mode') == 'harbour' | as_bool }}\"\n    definition:\n      method: fqn\n      value: high_tide\n",
  });
  try {
    await assert.rejects(loadProject({ projectDir: p.dir, env: CLEAN_ENV }), /Required var 'tide_mode' not found/);
    const harbour = await loadProject({ projectDir: p.dir, env: CLEAN_ENV, vars: { tide_mode: 'harbour' } });
    assert.equal((harbour.selectors['harbour_only'] as { default: unknown }).default, true);
    const open = await loadProject({ projectDir: p.dir, env: CLEAN_ENV, vars: { tide_mode: 'open_sea' } });
    assert.equal((open.selectors['harbour_only'] as { default: unknown }).default, false);
  } finally {
    await p.cleanup();
  }
});

test('macro properties: meta and docs from the top level and config: merge, config winning key by key', async () => {
  const p = await writeProject({
    'dbt_project.yml': 'name: tide_tables\n',
    'macros/m.sql': '{% macro ebb() %}{% endmacro %}{% macro flow() %}{% endmacro %}{% macro slack() %}{% endmacro %}',
    'macros/m.yml': `macros:
  - name: ebb
    meta: {moon: full}
    docs: {show: true, node_color: "#123456"}
  - name: flow
    config:
      meta: {current: strong}
      docs: {show: false, node_color: "#654321"}
  - name: slack
    meta: {moon: new}
    docs: {show: true, node_color: "#111111"}
    config:
      meta: {current: none}
      docs: {node_color: "#222222"}
`,
  });
  try {
    const { manifest } = await loadProject({ projectDir: p.dir, env: CLEAN_ENV });
    const macro = (name: string) => manifest.macros[`macro.tide_tables.${name}`]!;
    assert.deepEqual([macro('ebb').meta, macro('ebb').docs], [{ moon: 'full' }, { show: true, node_color: '#123456' }]);
    assert.deepEqual([macro('flow').meta, macro('flow').docs], [{ current: 'strong' }, { show: false, node_color: '#654321' }]);
    assert.deepEqual([macro('slack').meta, macro('slack').docs], [{ moon: 'new', current: 'none' }, { show: true, node_color: '#222222' }]);
    assert.equal(macro('slack').patch_path, 'tide_tables://macros/m.yml');
  } finally {
    await p.cleanup();
  }
});
