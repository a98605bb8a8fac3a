// A column in manifest.json lists its keys in the order of dbt's ColumnInfo fields, config (its
// meta and tags, dbt 1.10+) after quote, and then any extra properties the YAML gave it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readArtifact, runCli, withProjectFiles } from './test-helpers.js';

const PROJECT = {
  'dbt_project.yml': "name: reels\nversion: '1.0.0'\nprofile: reels\n",
  'profiles.yml': 'reels:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: reels.duckdb\n',
  'models/plays.sql': 'select 1 as play_id',
  'models/plays.yml': 'version: 2\nmodels:\n  - name: plays\n    columns:\n      - name: play_id\n        description: One play.\n        owner_note: kept\n',
};

test("a column's keys follow dbt's ColumnInfo: config right after quote, extra properties last", async () => {
  await withProjectFiles(PROJECT, {}, async (dir) => {
    const run = await runCli(['parse', '--project-dir', dir, '--profiles-dir', dir]);
    assert.equal(run.code, 0, `${run.out}\n${run.err}`);
    const nodes = readArtifact<{ nodes: Record<string, { columns: Record<string, Record<string, unknown>> }> }>(dir, 'manifest.json').nodes;
    const column = nodes['model.reels.plays']!.columns['play_id']!;
    assert.deepEqual(Object.keys(column), ['name', 'description', 'meta', 'data_type', 'constraints', 'quote', 'config', 'tags', 'granularity', 'doc_blocks', 'owner_note']);
    assert.deepEqual(column['config'], { meta: {}, tags: [] });
  });
});
