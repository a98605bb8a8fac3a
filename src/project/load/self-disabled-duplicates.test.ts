// Two files with one model name clash, unless one disables itself with config(enabled=false):
// that one is listed under disabled and the other is the model.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadProject } from './index.js';
import { CLEAN_ENV, writeProject } from './test-project.js';

test('a namesake that calls config(enabled=false) goes to disabled instead of clashing', async () => {
  const p = await writeProject({
    'dbt_project.yml': 'name: quarry\n',
    'models/a_old/slate.sql': "{{ config(materialized='table', enabled=False) }}\nselect 1 as grade",
    'models/b_new/slate.sql': "{{ config(materialized='table') }}\nselect 2 as grade",
    'models/c_older/slate.sql': '{{ config(enabled = false) }}\nselect 0 as grade',
  });
  try {
    const { manifest } = await loadProject({ projectDir: p.dir, env: CLEAN_ENV });
    assert.equal(manifest.nodes['model.quarry.slate']?.original_file_path, 'models/b_new/slate.sql');
    const disabled = (manifest.disabled['model.quarry.slate'] ?? []) as { original_file_path: string; config: { enabled: boolean } }[];
    assert.deepEqual(disabled.map((n) => [n.original_file_path, n.config.enabled]).sort(), [['models/a_old/slate.sql', false], ['models/c_older/slate.sql', false]]);
  } finally {
    await p.cleanup();
  }
  const q = await writeProject({
    'dbt_project.yml': 'name: quarry\n',
    'models/one/granite.sql': 'select 1 as grade',
    'models/two/granite.sql': 'select 2 as grade',
  });
  try {
    await assert.rejects(loadProject({ projectDir: q.dir, env: CLEAN_ENV }), /found two models with the name "granite"/);
  } finally {
    await q.cleanup();
  }
});
