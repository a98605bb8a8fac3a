// End to end: manifest.json (v12) and run_results.json (v6) written by real builds validate
// against dbt's published JSON schemas.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { loadSchemaValidator } from '../run/artifacts/schema-validator.js';
import { copyProject, readArtifact, runCli } from './test-helpers.js';

const validateManifest = loadSchemaValidator('manifest/v12.json');
const validateRunResults = loadSchemaValidator('run-results/v6.json');

for (const project of ['test/fixtures/jaffle', 'examples/quickstart']) {
  describe(`artifacts of ${project}`, () => {
    let dir = '';
    before(async () => {
      dir = await copyProject(project);
    });
    after(() => rm(dir, { recursive: true, force: true }));

    test('a successful build writes artifacts that validate', async () => {
      const run = await runCli(['build', '--project-dir', dir, '-q']);
      assert.equal(run.code, 0, run.err);
      const manifest = readArtifact(dir, 'manifest.json');
      const m = validateManifest(manifest);
      assert.ok(m.valid, m.errors);
      const results = readArtifact<{ results: unknown[] }>(dir, 'run_results.json');
      assert.ok(results.results.length > 5);
      const r = validateRunResults(results);
      assert.ok(r.valid, r.errors);
      const meta = (manifest as { metadata: { dbt_schema_version: string; project_name?: string } }).metadata;
      assert.equal(meta.dbt_schema_version, 'https://schemas.getdbt.com/dbt/manifest/v12.json');
    });

    test('artifacts of a models-only build, a compile and a parse validate too', async () => {
      const models = await runCli(['build', '--project-dir', dir, '-q', '--select', 'resource_type:model', '--exclude', 'resource_type:test']);
      assert.equal(models.code, 0, models.err);
      const r = validateRunResults(readArtifact(dir, 'run_results.json'));
      assert.ok(r.valid, r.errors);
      const compile = await runCli(['compile', '--project-dir', dir, '-q']);
      assert.equal(compile.code, 0, compile.err);
      const c = validateRunResults(readArtifact(dir, 'run_results.json'));
      assert.ok(c.valid, c.errors);
      const parse = await runCli(['parse', '--project-dir', dir, '-q']);
      assert.equal(parse.code, 0, parse.err);
      const m = validateManifest(readArtifact(dir, 'manifest.json'));
      assert.ok(m.valid, m.errors);
    });
  });
}

describe('artifacts with errors, skips, warnings and unit tests', () => {
  let dir = '';
  before(async () => {
    dir = await copyProject('test/fixtures/jaffle');
  });
  after(() => rm(dir, { recursive: true, force: true }));

  test('run_results.json with error, skipped and warn statuses validates', async () => {
    const { appendFileSync, writeFileSync, readFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    appendFileSync(join(dir, 'seeds/raw_orders.csv'), '100,1,2018-04-10,placed\n');
    const file = join(dir, 'models/marts/customers.sql');
    writeFileSync(file, readFileSync(file, 'utf8').replace('select * from final', 'select *, missing_col from final'));
    const run = await runCli(['build', '--project-dir', dir, '-q']);
    assert.equal(run.code, 1);
    const results = readArtifact<{ results: { status: string }[] }>(dir, 'run_results.json');
    const statuses = new Set(results.results.map((r) => r.status));
    for (const s of ['success', 'pass', 'error', 'skipped', 'warn']) assert.ok(statuses.has(s), `${s} in ${[...statuses].join(', ')}`);
    const r = validateRunResults(results);
    assert.ok(r.valid, r.errors);
    const m = validateManifest(readArtifact(dir, 'manifest.json'));
    assert.ok(m.valid, m.errors);
  });
});
