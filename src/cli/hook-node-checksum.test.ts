// End to end: a project hook's checksum in manifest.json is dbt's checksum of the dbt_project.yml
// that declares it: the sha256 of the file's text with its surrounding whitespace stripped.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readArtifact, runCli, withProjectFiles } from './test-helpers.js';

const PROJECT_YML = "name: shop\r\nversion: '1.0.0'\r\nprofile: shop\r\non-run-start: ['select 1']\r\n\r\n";

test("a hook's checksum is the sha256 of its dbt_project.yml with surrounding whitespace stripped", async () => {
  await withProjectFiles({
    'dbt_project.yml': PROJECT_YML,
    'profiles.yml': 'shop:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: shop.duckdb\n',
    'models/orders.sql': 'select 1 as id',
  }, {}, async (dir) => {
    const run = await runCli(['parse', '--project-dir', dir, '--profiles-dir', dir]);
    assert.equal(run.code, 0, `${run.out}\n${run.err}`);
    const hook = readArtifact<{ nodes: Record<string, { checksum: { name: string; checksum: string } }> }>(dir, 'manifest.json').nodes['operation.shop.shop-on-run-start-0']!;
    const stripped = createHash('sha256').update(PROJECT_YML.trim()).digest('hex');
    assert.deepEqual(hook.checksum, { name: 'sha256', checksum: stripped });
  });
});
