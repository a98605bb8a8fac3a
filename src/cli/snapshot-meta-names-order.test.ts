// A snapshot's snapshot_meta_column_names is written in the order of dbt's
// SnapshotMetaColumnNames fields (dbt_valid_to, dbt_valid_from, dbt_scd_id, dbt_updated_at,
// dbt_is_deleted), whether the project renames none, some or all of them, in any order.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readArtifact, runCli, withProjectFiles } from './test-helpers.js';

const ORDER = ['dbt_valid_to', 'dbt_valid_from', 'dbt_scd_id', 'dbt_updated_at', 'dbt_is_deleted'];

const snapshot = (name: string, config: string) =>
  `{% snapshot ${name} %}\n{{ config(unique_key='id', strategy='check', check_cols='all', target_schema='snaps'${config}) }}\nselect 1 as id\n{% endsnapshot %}\n`;

const PROJECT = {
  'dbt_project.yml': "name: reels\nversion: '1.0.0'\nprofile: reels\n",
  'profiles.yml': 'reels:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: reels.duckdb\n',
  'snapshots/plain.sql': snapshot('plain', ''),
  'snapshots/renamed.sql': snapshot('renamed', ", snapshot_meta_column_names={'dbt_is_deleted': 'gone', 'dbt_scd_id': 'scd', 'dbt_updated_at': 'upd', 'dbt_valid_from': 'since', 'dbt_valid_to': 'until'}"),
};

test("snapshot_meta_column_names lists dbt's five meta columns in its field order", async () => {
  await withProjectFiles(PROJECT, {}, async (dir) => {
    const run = await runCli(['parse', '--project-dir', dir, '--profiles-dir', dir]);
    assert.equal(run.code, 0, `${run.out}\n${run.err}`);
    const nodes = readArtifact<{ nodes: Record<string, { config: { snapshot_meta_column_names: Record<string, string | null> } }> }>(dir, 'manifest.json').nodes;
    assert.deepEqual(Object.keys(nodes['snapshot.reels.plain']!.config.snapshot_meta_column_names), ORDER);
    const renamed = nodes['snapshot.reels.renamed']!.config.snapshot_meta_column_names;
    assert.deepEqual(Object.entries(renamed), [['dbt_valid_to', 'until'], ['dbt_valid_from', 'since'], ['dbt_scd_id', 'scd'], ['dbt_updated_at', 'upd'], ['dbt_is_deleted', 'gone']]);
  });
});
