// End to end: a DuckDB output whose database: names one of its attach: aliases instead of the
// file's stem. dbt-duckdb accepts that, and the attached database becomes the target's: models,
// tests and the catalog all live there. Any other name that differs from the stem is refused.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { queryDb, runCli, writeProjectFile } from './test-helpers.js';

const profile = (database: string) => `lakeside:
  target: dev
  outputs:
    dev:
      type: duckdb
      path: local.duckdb
      database: ${database}
      attach:
        - path: shared.duckdb
          alias: shared
`;

describe('a DuckDB output whose database: is an attach: alias', () => {
  let dir = '';
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'reelhouse-attach-target-'));
    writeProjectFile(dir, 'dbt_project.yml', "name: lakeside\nversion: '1.0.0'\nprofile: lakeside\nmodels:\n  lakeside:\n    +materialized: table\n");
    writeProjectFile(dir, 'models/boats.sql', "select 1 as boat_id, 'skiff' as kind\n");
    writeProjectFile(dir, 'models/boat_kinds.sql', "select kind, '{{ this.database }}' as built_in from {{ ref('boats') }}\n");
    writeProjectFile(dir, 'models/schema.yml', 'version: 2\nmodels:\n  - name: boats\n    columns:\n      - name: boat_id\n        data_tests: [unique, not_null]\n');
  });
  after(() => rm(dir, { recursive: true, force: true }));

  test('builds into the attached database, which the catalog reports', async () => {
    writeProjectFile(dir, 'profiles.yml', profile('shared'));
    const run = await runCli(['build', '--project-dir', dir, '--profiles-dir', dir]);
    assert.equal(run.code, 0, run.out + run.err);
    assert.deepEqual(await queryDb(join(dir, 'shared.duckdb'), 'select kind, built_in from main.boat_kinds'), [[['skiff', 'shared']]]);
    const docs = await runCli(['docs', 'generate', '--project-dir', dir, '--profiles-dir', dir]);
    assert.equal(docs.code, 0, docs.out + docs.err);
    const catalog = JSON.parse(readFileSync(join(dir, 'target', 'catalog.json'), 'utf8')) as { nodes: Record<string, { metadata: { database: string } }> };
    assert.equal(catalog.nodes['model.lakeside.boats']?.metadata.database, 'shared');
  });

  test('a database: that is neither the stem nor an alias is refused as dbt-duckdb refuses it', async () => {
    writeProjectFile(dir, 'profiles.yml', profile('elsewhere'));
    const run = await runCli(['parse', '--project-dir', dir, '--profiles-dir', dir]);
    assert.notEqual(run.code, 0);
    assert.match(run.out + run.err, /the 'database' property must be set to 'local' to match the 'path'/);
  });
});
