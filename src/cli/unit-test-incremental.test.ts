// End to end: unit tests of incremental models, as dbt runs them: `input: this` gives the rows
// already in the model's table, and is_incremental must be overridden with a boolean.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resultStatuses, runCli, writeProjectFile } from './test-helpers.js';

let dir = '';
const cli = (...args: string[]) => runCli([...args, '--project-dir', dir, '--profiles-dir', dir]);
const unitTests = (body: string) => writeProjectFile(dir, 'models/ledger_tests.yml', `unit_tests:\n${body}`);

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'reelhouse-ut-inc-'));
  writeProjectFile(dir, 'dbt_project.yml', 'name: ledger\nprofile: ledger\n');
  writeProjectFile(dir, 'profiles.yml', 'ledger:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: ledger.duckdb\n');
  writeProjectFile(dir, 'models/entries.sql', "select 10 as entry_no, 'open' as kind union all select 11, 'close'\n");
  writeProjectFile(dir, 'models/entry_log.sql', [
    "{{ config(materialized='incremental') }}",
    "select entry_no, kind from {{ ref('entries') }}",
    '{% if is_incremental() %} where entry_no > (select max(entry_no) from {{ this }}) {% endif %}',
    '',
  ].join('\n'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

test('input: this stands for the incremental model\'s existing rows', async () => {
  unitTests([
    '  - name: only_new_entries',
    '    model: entry_log',
    '    overrides: {macros: {is_incremental: true}}',
    '    given:',
    "      - input: ref('entries')",
    '        rows: [{entry_no: 4, kind: a}, {entry_no: 5, kind: b}, {entry_no: 6, kind: c}]',
    '      - input: this',
    '        rows: [{entry_no: 5, kind: b}]',
    '    expect:',
    '      rows: [{entry_no: 6, kind: c}]',
    '  - name: first_run_takes_all',
    '    model: entry_log',
    '    overrides: {macros: {is_incremental: false}}',
    '    given:',
    "      - input: ref('entries')",
    '        rows: [{entry_no: 4, kind: a}]',
    '    expect:',
    '      rows: [{entry_no: 4, kind: a}]',
    '',
  ].join('\n'));
  // dbt types the `this` rows by the model's table: before the first build there is none, so the
  // unit test fails (and skips the model) until an empty build makes the table, as dbt documents.
  const first = await cli('build');
  assert.equal(first.code, 1, `${first.out}\n${first.err}`);
  assert.equal(resultStatuses(dir).get('unit_test.ledger.entry_log.only_new_entries'), 'error');
  assert.match(first.out + first.err, /Compilation Error in model entry_log \(models\/ledger_tests\.yml\)\n[\d: ]+Not able to get columns for unit test 'entry_log' from relation "ledger"\."main"\."entry_log" because the relation doesn't exist/);
  assert.match(first.out + first.err, /--empty/);
  assert.equal((await cli('run', '--select', 'entry_log', '--empty')).code, 0);
  const run = await cli('build');
  assert.equal(run.code, 0, `${run.out}\n${run.err}`);
  assert.equal(resultStatuses(dir).get('unit_test.ledger.entry_log.only_new_entries'), 'pass');
});

test('a unit test of an incremental model needs a boolean is_incremental, and a this input when true', async () => {
  const base = ['  - name: no_flag', '    model: entry_log', '    given:', "      - input: ref('entries')", '        rows: [{entry_no: 1, kind: a}]', '    expect:', '      rows: [{entry_no: 1, kind: a}]', ''];
  unitTests(base.join('\n'));
  const missing = await cli('parse');
  assert.equal(missing.code, 2);
  assert.match(missing.err, /Boolean override for 'is_incremental' must be provided for unit test 'no_flag' in model 'entry_log'/);
  unitTests([...base.slice(0, 2), '    overrides: {macros: {is_incremental: "yes"}}', ...base.slice(2)].join('\n'));
  assert.match((await cli('parse')).err, /Boolean override for 'is_incremental'/);
  unitTests([...base.slice(0, 2), '    overrides: {macros: {is_incremental: true}}', ...base.slice(2)].join('\n'));
  const noThis = await cli('parse');
  assert.equal(noThis.code, 2);
  assert.match(noThis.err, /Unit test 'no_flag' for incremental model 'entry_log' must have a 'this' input/);
});

test('the is_incremental override is asked for by a call to is_incremental(), not by the materialization', async () => {
  // An incremental model that never calls is_incremental() needs no override; a table that calls it does.
  writeProjectFile(dir, 'models/entry_copy.sql', "{{ config(materialized='incremental') }}\nselect entry_no from {{ ref('entries') }}\n");
  writeProjectFile(dir, 'models/entry_check.sql', "select entry_no from {{ ref('entries') }}\n{% if is_incremental() %} where entry_no > 0 {% endif %}\n");
  const unit = (name: string, model: string, extra = '') => [`  - name: ${name}`, `    model: ${model}`, ...(extra ? [extra] : []), '    given:',
    "      - input: ref('entries')", '        rows: [{entry_no: 1}]', '    expect:', '      rows: [{entry_no: 1}]'].join('\n');
  unitTests(`${unit('copies', 'entry_copy')}\n`);
  const plain = await cli('parse');
  assert.equal(plain.code, 0, plain.err);
  unitTests(`${unit('copies', 'entry_copy')}\n${unit('checks', 'entry_check')}\n`);
  const table = await cli('parse');
  assert.equal(table.code, 2);
  assert.match(table.err, /Boolean override for 'is_incremental' must be provided for unit test 'checks' in model 'entry_check'/);
  unitTests(`${unit('checks', 'entry_check', '    overrides: {macros: {is_incremental: false}}')}\n`);
  assert.equal((await cli('parse')).code, 0);
  await rm(join(dir, 'models/entry_copy.sql'));
  await rm(join(dir, 'models/entry_check.sql'));
});

test('a ref rendered only when is_incremental is true needs an input too, not a read of its table', async () => {
  writeProjectFile(dir, 'models/voided.sql', 'select 11 as entry_no\n');
  writeProjectFile(dir, 'models/live_entries.sql', [
    "{{ config(materialized='incremental') }}",
    "select entry_no from {{ ref('entries') }}",
    "{% if is_incremental() %} where entry_no not in (select entry_no from {{ ref('voided') }}) {% endif %}",
    '',
  ].join('\n'));
  const live = (voided: string) => [
    '  - name: skips_voided',
    '    model: live_entries',
    '    overrides: {macros: {is_incremental: true}}',
    '    given:',
    "      - input: ref('entries')",
    '        rows: [{entry_no: 11, kind: a}, {entry_no: 12, kind: b}]',
    '      - input: this',
    '        rows: []',
    voided,
    '    expect:',
    '      rows: [{entry_no: 11}]',
    '',
  ].filter(Boolean).join('\n');
  unitTests(live(''));
  assert.equal((await cli('run', '--select', 'entries', 'voided', 'live_entries')).code, 0);
  const missing = await cli('test', '--select', 'test_name:skips_voided');
  assert.equal(missing.code, 1);
  assert.match(missing.out, /depends on a node named 'voided' which was not found/);
  unitTests(live("      - input: ref('voided')\n        rows: [{entry_no: 12}]"));
  const given = await cli('test', '--select', 'test_name:skips_voided');
  assert.equal(given.code, 0, `${given.out}\n${given.err}`);
});
