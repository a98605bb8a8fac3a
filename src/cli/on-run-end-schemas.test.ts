// End to end: the `schemas` and `database_schemas` an on-run-end hook sees are where models,
// seeds and snapshots were built; tests' audit schemas and failed nodes are left out, as in dbt.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { queryDb, runCli, writeProjectFile } from './test-helpers.js';

test('on-run-end schemas name only the schemas that built relations landed in', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'reelhouse-run-end-'));
  try {
    writeProjectFile(dir, 'dbt_project.yml', `name: ledger
profile: ledger
on-run-end:
  - "create or replace table main.hook_report as select '{{ schemas | sort | join(',') }}' as schemas, {{ database_schemas | length }} as pairs"
  - "{{ log('pairs ' ~ (database_schemas | sort | list), info=True) }}"
models:
  ledger:
    marts:
      +schema: marts
    broken:
      +schema: broken
`);
    writeProjectFile(dir, 'profiles.yml', 'ledger:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: ledger.duckdb\n');
    writeProjectFile(dir, 'seeds/accounts.csv', 'account_id,kind\n1,asset\n2,liability\n');
    writeProjectFile(dir, 'models/marts/balances.sql', "select account_id, kind from {{ ref('accounts') }}\n");
    writeProjectFile(dir, 'models/broken/bad_sums.sql', 'select no_such_column from (select 1 as x)\n');
    writeProjectFile(dir, 'models/marts/schema.yml', `version: 2
models:
  - name: balances
    columns:
      - name: kind
        data_tests:
          - accepted_values:
              values: ['asset']
              config:
                store_failures: true
`);
    const run = await runCli(['build', '--project-dir', dir]);
    assert.equal(run.code, 1, `${run.out}\n${run.err}`);
    const [rows] = await queryDb(join(dir, 'ledger.duckdb'), 'select schemas, pairs from main.hook_report');
    assert.deepEqual(rows!.map((r) => [r[0], Number(r[1])]), [['main,main_marts', 2]]);
    // Each pair is a (database, schema) tuple, printed as Python prints one.
    assert.match(run.out, /pairs \[\('ledger', 'main'\), \('ledger', 'main_marts'\)\]/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
