// End to end: var() hands templates the values PyYAML reads from dbt_project.yml and --vars
// (dates, datetimes, floats that print `.0`, YAML 1.1 numbers), while run_results.json writes
// them as dbt's JSON encoder does (a date as its isoformat()).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { newProject, readArtifact, runCli, writeProjectFile } from './test-helpers.js';

const PROJECT_VARS = `vars:
  start: 2020-01-01
  stamp: 2020-01-01 10:00:00
  ratio: 1.0
  big: 1e3
  signed_exp: 1.5e+3
  e3: text key
  hex: 0x1F
  octal: 017
  not_octal: 0o17
  leading_zero: 08
  grouped: 1_000
  minutes: 1:30
  nothing: ~
  infinite: .inf
  kennel:
    scoped_ratio: 2.50
`;

test('var() gives templates dates, datetimes and floats as PyYAML reads them, and artifacts write them as dbt does', async () => {
  const dir = await newProject('kennel', PROJECT_VARS);
  try {
    writeProjectFile(
      dir,
      'models/walks.sql',
      `select 1 as id
-- start={{ var('start') }} next={{ var('start') + modules.datetime.timedelta(days=1) }}
-- stamp={{ var('stamp') }} later={{ var('stamp') + modules.datetime.timedelta(hours=2) }}
-- ratio={{ var('ratio') }} big={{ var('big') }} signed_exp={{ var('signed_exp') }} e3={{ var('e3') }}
-- hex={{ var('hex') }} octal={{ var('octal') }} not_octal={{ var('not_octal') }} leading_zero={{ var('leading_zero') }}
-- grouped={{ var('grouped') }} minutes={{ var('minutes') }} nothing={{ var('nothing') }} infinite={{ var('infinite') }}
-- scoped_ratio={{ var('scoped_ratio') }} listed={{ [var('start'), var('ratio')] }}
-- cli_day={{ var('day') + modules.datetime.timedelta(days=1) }} cli_float={{ var('cli_float') }}
`,
    );
    const run = await runCli(['run', '--project-dir', dir, '--vars', '{day: 2021-05-06, cli_float: 2.0}']);
    assert.equal(run.code, 0, `${run.out}\n${run.err}`);
    const sql = readFileSync(join(dir, 'target', 'compiled', 'kennel', 'models', 'walks.sql'), 'utf8');
    const lines = sql.split('\n').slice(1, 8);
    assert.deepEqual(lines, [
      '-- start=2020-01-01 next=2020-01-02',
      '-- stamp=2020-01-01 10:00:00 later=2020-01-01 12:00:00',
      '-- ratio=1.0 big=1e3 signed_exp=1500.0 e3=text key',
      '-- hex=31 octal=15 not_octal=0o17 leading_zero=08',
      '-- grouped=1000 minutes=90 nothing=None infinite=inf',
      '-- scoped_ratio=2.5 listed=[datetime.date(2020, 1, 1), 1.0]',
      '-- cli_day=2021-05-07 cli_float=2.0',
    ]);
    const results = readArtifact<{ args: { vars: Record<string, unknown> } }>(dir, 'run_results.json');
    assert.deepEqual(results.args.vars, { day: '2021-05-06', cli_float: 2 });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
