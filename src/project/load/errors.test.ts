import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { loadProject } from './index.js';
import { CLEAN_ENV, writeProject } from './test-project.js';

type Located = Error & { diagnostic?: { code: string; location?: { file: string; line?: number; column?: number } } };

async function expectError(files: Record<string, string>, code: string, file: string, line: number, message?: RegExp): Promise<void> {
  const p = await writeProject(files);
  try {
    await assert.rejects(loadProject({ projectDir: p.dir, env: CLEAN_ENV }), (e: Located) => {
      assert.equal(e.diagnostic?.code, code, e.message);
      assert.equal(e.diagnostic?.location?.file, join(p.dir, file));
      assert.equal(e.diagnostic?.location?.line, line);
      if (message) assert.match(e.message, message);
      return true;
    });
  } finally {
    await p.cleanup();
  }
}

test('a missing dbt_project.yml says where and what to do', async () => {
  const p = await writeProject({ 'models/a.sql': 'select 1' });
  try {
    await assert.rejects(loadProject({ projectDir: p.dir, env: CLEAN_ENV }), (e: Located) => {
      assert.equal(e.diagnostic?.code, 'project-not-found');
      assert.equal(e.message, `No dbt_project.yml found at expected path ${join(p.dir, 'dbt_project.yml')}.`);
      return true;
    });
  } finally {
    await p.cleanup();
  }
});

test('invalid YAML points at the line and column', () =>
  expectError({ 'dbt_project.yml': 'name: shop\n', 'models/s.yml': 'models:\n  - name: a\n    columns: [a\n  - name: b\n' }, 'yaml-invalid', 'models/s.yml', 4));

test('wrong shapes, duplicate patches, bad tests and wrong project types are located', async () => {
  await expectError({ 'dbt_project.yml': 'name: shop\n', 'models/s.yml': 'version: 2\nmodels:\n  name: a\n' }, 'yaml-invalid-shape', 'models/s.yml', 2, /'models:' must be a list/);
  // dbt's wording, which scripts grep for: "'<key>' is not a list".
  await expectError({ 'dbt_project.yml': 'name: shop\n', 'models/s.yml': 'version: 2\nseeds:\n  name: a\n' }, 'yaml-invalid-shape', 'models/s.yml', 2, /'seeds' is not a list/);
  await expectError({ 'dbt_project.yml': 'name: shop\n', 'models/a.sql': 'select 1', 'models/s.yml': 'models:\n  - name: a\n', 'models/t.yml': 'models:\n\n  - name: a\n' }, 'duplicate-patch', 'models/t.yml', 3, /^dbt found two schema\.yml entries for the same resource named a\. Resources and their associated columns may only be described a single time\. To fix this, remove the resource entry for a in one of these files:\n - models\/t\.yml\nmodels\/s\.yml$/);
  await expectError({ 'dbt_project.yml': 'name: shop\n', 'models/a.sql': 'select 1', 'models/s.yml': 'models:\n  - name: a\n    columns:\n      - name: id\n        data_tests:\n          - unique: {}\n            not_null: {}\n' }, 'test-invalid', 'models/s.yml', 6);
  await expectError({ 'dbt_project.yml': 'name: shop\nmodel-paths: 3\n' }, 'project-invalid', 'dbt_project.yml', 2, /'model-paths' in dbt_project.yml must be a list of folder names/);
  await expectError({ 'dbt_project.yml': 'name: shop\n', 'macros/m.sql': '{% macro a() %}\nselect 1\n' }, 'jinja-syntax', 'macros/m.sql', 1);
});

test("an unknown dbt_project.yml key is refused, as dbt's project contract does", () =>
  expectError({ 'dbt_project.yml': 'name: shop\nmodles: {}\n' }, 'project-invalid', 'dbt_project.yml', 2, /^at path \[\]: Additional properties are not allowed \('modles' was unexpected\)$/));

test('an anchors: block in dbt_project.yml holds anchors the configs below use, and is no unknown key', async () => {
  const p = await writeProject({
    'dbt_project.yml': 'name: shop\nanchors:\n  - &tabled {+materialized: table}\nmodels:\n  shop:\n    <<: *tabled\n',
    'models/a.sql': 'select 1 as id',
  });
  try {
    const loaded = await loadProject({ projectDir: p.dir, env: CLEAN_ENV });
    assert.equal(loaded.manifest.nodes['model.shop.a']?.config['materialized'], 'table');
  } finally {
    await p.cleanup();
  }
});

test('patches for missing models are warnings; unknown property-file keys are debug notes', async () => {
  const p = await writeProject({ 'dbt_project.yml': 'name: shop\n', 'models/s.yml': 'modles: []\nmodels:\n  - name: ghost\n' });
  try {
    const loaded = await loadProject({ projectDir: p.dir, env: CLEAN_ENV });
    const codes = loaded.diagnostics.map((d) => `${d.code}:${d.severity}:${d.location?.line ?? ''}`);
    assert.ok(codes.includes('yaml-unknown-key:debug:1'), codes.join());
    assert.ok(codes.includes('patch-missing-node:warning:3'), codes.join());
  } finally {
    await p.cleanup();
  }
});
