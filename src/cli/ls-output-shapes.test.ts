// End to end: `ls --output name` prints dbt's search name, which qualifies sources and model versions;
// `--output json` prints configs in the shapes dbt's config classes give them.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeProjectFile, listLines } from './test-helpers.js';

let dir = '';

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'reelhouse-ls-name-'));
  writeProjectFile(dir, 'dbt_project.yml', 'name: orchard\nprofile: orchard\n');
  writeProjectFile(dir, 'profiles.yml', 'orchard:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: orchard.duckdb\n');
  writeProjectFile(dir, 'models/harvest.sql', "select 3 as crate_id\n");
  writeProjectFile(dir, 'models/harvest_v2.sql', "select 4 as crate_id\n");
  writeProjectFile(dir, 'models/pickers.sql', "select 1 as picker_id\n");
  writeProjectFile(
    dir,
    'models/orchard.yml',
    'models:\n  - name: harvest\n    latest_version: 1\n    versions:\n      - v: 1\n      - v: 2\n' +
      'sources:\n  - name: field_logs\n    tables:\n      - name: crates\n',
  );
  writeProjectFile(
    dir,
    'snapshots/crate_history.sql',
    "{% snapshot crate_history %}\n{{ config(unique_key='crate_id', strategy='check', check_cols='all') }}\nselect * from {{ ref('pickers') }}\n{% endsnapshot %}\n",
  );
  // Renaming some meta columns, in the file's config() and in properties YAML.
  writeProjectFile(
    dir,
    'snapshots/crate_renamed.sql',
    "{% snapshot crate_renamed %}\n{{ config(unique_key='crate_id', strategy='check', check_cols='all', snapshot_meta_column_names={'dbt_valid_from': 'valid_since'}) }}\nselect * from {{ ref('pickers') }}\n{% endsnapshot %}\n",
  );
  writeProjectFile(
    dir,
    'snapshots/crate_yaml.yml',
    "snapshots:\n  - name: crate_yaml\n    relation: ref('pickers')\n    config:\n      unique_key: picker_id\n      strategy: check\n      check_cols: all\n      snapshot_meta_column_names: {dbt_valid_to: valid_until}\n",
  );
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

test('ls --output name prints source_name.table for a source and name.vN for a model version', async () => {
  assert.deepEqual(await listLines(dir, '--resource-type', 'source', '--output', 'name'), ['field_logs.crates']);
  assert.deepEqual(await listLines(dir, '--resource-type', 'model', '--output', 'name'), ['harvest.v1', 'harvest.v2', 'pickers']);
  // the selector output is unchanged: fqn for models, type-prefixed for sources
  assert.deepEqual(await listLines(dir, '--resource-type', 'source'), ['source:orchard.field_logs.crates']);
});

test("ls --output json gives a snapshot's snapshot_meta_column_names all five names, null until renamed", async () => {
  const names = async (snapshot: string) => {
    const [line] = await listLines(dir, '--select', snapshot, '--output', 'json', '--output-keys', 'config.snapshot_meta_column_names');
    return (JSON.parse(line!) as Record<string, unknown>)['config.snapshot_meta_column_names'];
  };
  assert.deepEqual(await names('crate_history'), { dbt_scd_id: null, dbt_updated_at: null, dbt_valid_from: null, dbt_valid_to: null, dbt_is_deleted: null });
  // A partial renaming, from config() or from YAML, still lists all five.
  assert.deepEqual(await names('crate_renamed'), { dbt_scd_id: null, dbt_updated_at: null, dbt_valid_from: 'valid_since', dbt_valid_to: null, dbt_is_deleted: null });
  assert.deepEqual(await names('crate_yaml'), { dbt_scd_id: null, dbt_updated_at: null, dbt_valid_from: null, dbt_valid_to: 'valid_until', dbt_is_deleted: null });
});

test('ls --output json prints depends_on with macros before nodes, as dbt\'s DependsOn has them', async () => {
  const [line] = await listLines(dir, '--select', 'crate_renamed', '--output', 'json', '--output-keys', 'depends_on');
  assert.equal(line, '{"depends_on": {"macros": [], "nodes": ["model.orchard.pickers"]}}');
});
