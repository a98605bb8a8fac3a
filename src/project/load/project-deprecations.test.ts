import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isReelhouseError } from '../../core/diagnostic.js';
import { loadProject } from './index.js';
import { CLEAN_ENV, writeProject } from './test-project.js';

const codes = (diagnostics: { code: string }[]) => diagnostics.map((d) => d.code).filter((c) => c.startsWith('project-config-')).sort();

test('renamed and deprecated dbt_project.yml paths still work and each warns in dbt words', async () => {
  const p = await writeProject({
    'dbt_project.yml': 'name: cinema\nprofile: cinema\nsource-paths: ["films"]\ndata-paths: ["ticket_data"]\nlog-path: booth_logs\ntarget-path: reel_target\n',
    'films/showings.sql': 'select 1 as showing_id\n',
    'ticket_data/prices.csv': 'tier,price\nmatinee,8\n',
  });
  try {
    const loaded = await loadProject({ projectDir: p.dir, env: CLEAN_ENV });
    assert.ok(loaded.manifest.nodes['model.cinema.showings']);
    assert.ok(loaded.manifest.nodes['seed.cinema.prices']);
    assert.equal(loaded.project.targetPath, 'reel_target');
    assert.deepEqual(codes(loaded.diagnostics), ['project-config-data-paths', 'project-config-log-path', 'project-config-source-paths', 'project-config-target-path']);
    const data = loaded.diagnostics.find((d) => d.code === 'project-config-data-paths')!;
    assert.equal(data.message, 'The `data-paths` config has been renamed to `seed-paths`. Please update your `dbt_project.yml` configuration to reflect this change.');
    assert.equal(data.location?.line, 4);
  } finally {
    await p.cleanup();
  }
});

test("log-path and target-path spelled out at their defaults are no warning, as in dbt", async () => {
  const p = await writeProject({ 'dbt_project.yml': 'name: cinema\nprofile: cinema\nlog-path: logs\ntarget-path: "target"\n' });
  try {
    const loaded = await loadProject({ projectDir: p.dir, env: CLEAN_ENV });
    assert.deepEqual(codes(loaded.diagnostics), []);
  } finally {
    await p.cleanup();
  }
});

test('a renamed key beside its new name is an error', async () => {
  const p = await writeProject({ 'dbt_project.yml': 'name: cinema\nprofile: cinema\nseed-paths: ["seeds"]\ndata-paths: ["ticket_data"]\n' });
  try {
    await assert.rejects(loadProject({ projectDir: p.dir, env: CLEAN_ENV }), (error: unknown) => {
      assert.ok(isReelhouseError(error));
      assert.match(error.diagnostic.message, /^data-paths and seed-paths cannot both be defined/);
      return true;
    });
  } finally {
    await p.cleanup();
  }
});
