// End to end: an incremental model reports its build as dbt-duckdb does, `[OK in ...]` on the
// console and `OK` as its run result message, the first time and on later runs; the row count
// stays in the adapter response.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { newProject, readArtifact, runCli, writeProjectFile } from './test-helpers.js';

let dir = '';
before(async () => {
  dir = await newProject('ledger');
  writeProjectFile(dir, 'models/entries.sql', 'select range as entry_id from range(1, {{ var("upto", 3) }})\n');
  writeProjectFile(dir, 'models/entry_log.sql', [
    "{{ config(materialized='incremental', unique_key='entry_id') }}",
    "select entry_id, entry_id * 10 as amount from {{ ref('entries') }}",
    '{% if is_incremental() %} where entry_id > (select max(entry_id) from {{ this }}) {% endif %}',
    '',
  ].join('\n'));
});
after(() => rm(dir, { recursive: true, force: true }));

interface Results { results: { unique_id: string; message: string; adapter_response: Record<string, unknown> }[] }

test('an incremental model prints OK like a table and keeps its row count in adapter_response', async () => {
  const first = await runCli(['run', '--project-dir', dir, '--profiles-dir', dir]);
  assert.equal(first.code, 0, first.out + first.err);
  assert.match(first.out, /OK created sql incremental model main\.entry_log \.+ \[OK in \d+\.\d\ds\]/);
  const second = await runCli(['run', '--project-dir', dir, '--profiles-dir', dir, '--vars', '{upto: 6}']);
  assert.equal(second.code, 0, second.out + second.err);
  assert.match(second.out, /OK created sql incremental model main\.entry_log \.+ \[OK in \d+\.\d\ds\]/);
  const log = readArtifact<Results>(dir, 'run_results.json').results.find((r) => r.unique_id === 'model.ledger.entry_log');
  assert.equal(log?.message, 'OK');
  assert.equal(log?.adapter_response['rows_affected'], 3);
});
