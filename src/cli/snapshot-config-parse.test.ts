// End to end: a snapshot config dbt 1.9+ rejects fails `parse` and `compile` (exit 2) with the
// snapshot's file and line, once config() in the block has been read; a custom strategy, a
// missing target_schema, and a disabled snapshot are not parse errors.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { newProject, runCli, writeProjectFile } from './test-helpers.js';

const block = (config: string) => `-- history of the tills\n\n{% snapshot till_history %}\n{{ config(${config}) }}\nselect * from {{ ref('tills') }}\n{% endsnapshot %}\n`;

describe('snapshot configs checked at parse', () => {
  let dir = '';
  before(async () => {
    dir = await newProject('shopfloor');
    writeProjectFile(dir, 'models/tills.sql', 'select 1 as till_id, 10 as float_cash, current_timestamp as counted_at\n');
  });
  after(() => rm(dir, { recursive: true, force: true }));

  const cases: [string, string, RegExp][] = [
    ['no strategy', "unique_key='till_id', updated_at='counted_at'", /Snapshots must be configured with a 'strategy' and 'unique_key'/],
    ['no unique_key', "strategy='timestamp', updated_at='counted_at'", /Snapshots must be configured with a 'strategy' and 'unique_key'/],
    ['an empty unique_key list', "strategy='timestamp', unique_key=[], updated_at='counted_at'", /Snapshots must be configured with a 'strategy' and 'unique_key'/],
    ['timestamp without updated_at', "strategy='timestamp', unique_key='till_id'", /timestamp strategy must specify an updated_at configuration/],
    ['timestamp with check_cols', "strategy='timestamp', unique_key='till_id', updated_at='counted_at', check_cols=['float_cash']", /A 'timestamp' snapshot should not have 'check_cols'/],
    ['check without check_cols', "strategy='check', unique_key='till_id'", /check strategy must specify a check_cols configuration/],
    ['check_cols a string other than all', "strategy='check', unique_key='till_id', check_cols='float_cash'", /Invalid value for 'check_cols': float_cash\. Expected 'all' or a list of strings/],
  ];
  for (const [name, config, message] of cases) {
    test(`${name} fails parse and compile at the snapshot's line`, async () => {
      writeProjectFile(dir, 'snapshots/tills.sql', block(config));
      for (const command of ['parse', 'compile']) {
        const run = await runCli([command, '--project-dir', dir, '--profiles-dir', dir]);
        assert.equal(run.code, 2, `${command}: ${run.out}\n${run.err}`);
        assert.match(run.err, /snapshots\/tills\.sql:3: /);
        assert.match(run.err, message);
      }
    });
  }

  test('a config given in the properties file is checked too', async () => {
    writeProjectFile(dir, 'snapshots/tills.sql', block("strategy='check'"));
    writeProjectFile(dir, 'snapshots/tills.yml', 'snapshots:\n  - name: till_history\n    config:\n      unique_key: till_id\n      check_cols: all\n');
    try {
      assert.equal((await runCli(['parse', '--project-dir', dir, '--profiles-dir', dir])).code, 0);
      writeProjectFile(dir, 'snapshots/tills.yml', 'snapshots:\n  - name: till_history\n    config:\n      check_cols: all\n');
      const run = await runCli(['parse', '--project-dir', dir, '--profiles-dir', dir]);
      assert.equal(run.code, 2);
      assert.match(run.err, /Snapshots must be configured with a 'strategy' and 'unique_key'/);
    } finally {
      await rm(`${dir}/snapshots/tills.yml`, { force: true });
    }
  });

  test('a custom strategy, no target_schema, or a disabled snapshot parse', async () => {
    writeProjectFile(dir, 'snapshots/tills.sql', block("strategy='rolling', unique_key='till_id'"));
    assert.equal((await runCli(['parse', '--project-dir', dir, '--profiles-dir', dir])).code, 0);
    writeProjectFile(dir, 'snapshots/tills.sql', block("strategy='timestamp', unique_key='till_id', updated_at='counted_at'"));
    assert.equal((await runCli(['parse', '--project-dir', dir, '--profiles-dir', dir])).code, 0);
    writeProjectFile(dir, 'snapshots/tills.sql', block('enabled=false'));
    assert.equal((await runCli(['parse', '--project-dir', dir, '--profiles-dir', dir])).code, 0);
  });
});
