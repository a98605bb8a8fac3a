// End to end: every snapshot's compiled and run SQL is nested under the file that defines it,
// by the snapshot's name, as dbt lays them out (snapshots/<file>/<name>.sql). A SQL file with
// several snapshots keeps one file each, and a YAML snapshot with a data test builds: its test's
// file nests under the same YAML file, so the snapshot's own file must not take that path.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { newProject, readArtifact, runCli, writeProjectFile } from './test-helpers.js';

describe('snapshot compiled paths', () => {
  let dir = '';
  before(async () => {
    dir = await newProject('ledger');
    writeProjectFile(dir, 'models/accounts.sql', "{{ config(materialized='table') }}\nselect 1 as id, 'open' as state\n");
    writeProjectFile(
      dir,
      'snapshots/accounts_history.sql',
      `{% snapshot accounts_history %}
{{ config(target_schema=schema, unique_key='id', strategy='check', check_cols='all') }}
select * from {{ ref('accounts') }}
{% endsnapshot %}

{% snapshot accounts_copy %}
{{ config(target_schema=schema, unique_key='id', strategy='check', check_cols='all') }}
select * from {{ ref('accounts') }}
{% endsnapshot %}
`,
    );
    writeProjectFile(
      dir,
      'snapshots/snapshots.yml',
      `snapshots:
  - name: accounts_yaml
    relation: ref('accounts')
    config:
      unique_key: id
      strategy: check
      check_cols: all
    columns:
      - name: id
        data_tests:
          - not_null
`,
    );
  });
  after(() => rm(dir, { recursive: true, force: true }));

  test('a YAML snapshot with a data test builds, each snapshot in its own nested file', async () => {
    const run = await runCli(['build', '--project-dir', dir, '--profiles-dir', dir]);
    assert.equal(run.code, 0, `${run.out}\n${run.err}`);
    for (const folder of ['compiled', 'run']) {
      for (const file of ['accounts_history.sql/accounts_history.sql', 'accounts_history.sql/accounts_copy.sql', 'snapshots.yml/accounts_yaml.sql']) {
        assert.ok(existsSync(join(dir, 'target', folder, 'ledger', 'snapshots', file)), `${folder}/${file}`);
      }
    }
    assert.ok(existsSync(join(dir, 'target', 'compiled', 'ledger', 'snapshots', 'snapshots.yml', 'not_null_accounts_yaml_id.sql')));
    const node = readArtifact<{ nodes: Record<string, { path: string; original_file_path: string }> }>(dir, 'manifest.json').nodes['snapshot.ledger.accounts_yaml'];
    assert.deepEqual([node?.path, node?.original_file_path], ['accounts_yaml.sql', 'snapshots/snapshots.yml']);
  });
});
