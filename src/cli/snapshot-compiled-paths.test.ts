// End to end, as dbt 1.10 lays out a snapshot's SQL: no target/compiled file (compiled_path stays
// null), and the run SQL at the path of the file that defines it: a SQL file's own path, which its
// snapshots share, and for a YAML snapshot its path (`<yaml file>/<name>.sql`) under the YAML
// file. A YAML snapshot with a data test builds: the test's compiled file nests under the same
// YAML file.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, statSync } from 'node:fs';
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

  test("a YAML snapshot with a data test builds; snapshots compile to no file and run into their file's path", async () => {
    const run = await runCli(['build', '--project-dir', dir, '--profiles-dir', dir]);
    assert.equal(run.code, 0, `${run.out}\n${run.err}`);
    const snapshots = (folder: string, ...file: string[]) => join(dir, 'target', folder, 'ledger', 'snapshots', ...file);
    assert.ok(statSync(snapshots('run', 'accounts_history.sql')).isFile());
    // dbt's path for it is snapshots.yml/accounts_yaml.sql, which its run file joins to the YAML file's.
    assert.ok(existsSync(snapshots('run', 'snapshots.yml', 'snapshots.yml', 'accounts_yaml.sql')));
    assert.ok(existsSync(snapshots('compiled', 'snapshots.yml', 'not_null_accounts_yaml_id.sql')));
    assert.equal(existsSync(snapshots('compiled', 'accounts_history.sql')), false);
    assert.equal(existsSync(snapshots('compiled', 'snapshots.yml', 'accounts_yaml.sql')), false);
    type Node = { path: string; original_file_path: string; compiled_path: string | null; build_path: string | null; compiled_code: string };
    const nodes = readArtifact<{ nodes: Record<string, Node> }>(dir, 'manifest.json').nodes;
    const yaml = nodes['snapshot.ledger.accounts_yaml'];
    assert.deepEqual([yaml?.path, yaml?.original_file_path, yaml?.compiled_path], ['snapshots.yml/accounts_yaml.sql', 'snapshots/snapshots.yml', null]);
    assert.equal(yaml?.build_path, 'target/run/ledger/snapshots/snapshots.yml/snapshots.yml/accounts_yaml.sql');
    const copy = nodes['snapshot.ledger.accounts_copy'];
    assert.deepEqual([copy?.path, copy?.compiled_path, copy?.build_path], ['accounts_history.sql', null, 'target/run/ledger/snapshots/accounts_history.sql']);
    assert.match(copy?.compiled_code ?? '', /from "[^"]+"\."main"\."accounts"/u);
  });
});
