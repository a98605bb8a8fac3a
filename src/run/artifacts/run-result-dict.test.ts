// End to end: each of on-run-end's `results` answers to_dict() as dbt's RunResult does, with its
// node as manifest.json writes a compiled node (elementary reads results only through to_dict()).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { newProject, runCli, writeProjectFile } from '../../cli/test-helpers.js';

let dir = '';

before(async () => {
  dir = await newProject('resdict', 'on-run-end: ["{{ show_results(results) }}"]\n');
  writeProjectFile(dir, 'models/plays.sql', 'select 1 as id\n');
  writeProjectFile(
    dir,
    'macros/show_results.sql',
    [
      '{% macro show_results(results) %}',
      '{% for r in results %}{% set d = r.to_dict() %}',
      "{{ print('RESULT ' ~ tojson({'keys': d.keys() | list, 'status': d.status, 'timing': d.timing | map(attribute='name') | list, 'node': d.node, 'own_keys': r.keys() | list})) }}",
      '{% endfor %}',
      '{% endmacro %}',
      '',
    ].join('\n'),
  );
});
after(() => rm(dir, { recursive: true, force: true }));

test("an on-run-end result's to_dict() gives dbt's RunResult fields and its node as manifest.json writes it", async () => {
  const run = await runCli(['run', '--project-dir', dir, '--profiles-dir', dir]);
  assert.equal(run.code, 0, run.err);
  const line = run.out.split('\n').find((l) => l.includes('RESULT {'))!;
  const seen = JSON.parse(line.slice(line.indexOf('RESULT {') + 7)) as { keys: string[]; status: string; timing: string[]; node: Record<string, unknown>; own_keys: string[] };
  assert.deepEqual(seen.keys, ['status', 'timing', 'thread_id', 'execution_time', 'adapter_response', 'message', 'failures', 'node', 'agate_table', 'batch_results']);
  assert.equal(seen.status, 'success');
  assert.deepEqual(seen.timing, ['compile', 'execute']);
  assert.equal(seen.node['unique_id'], 'model.resdict.plays');
  assert.equal(seen.node['compiled'], true);
  assert.equal(seen.node['compiled_code'], 'select 1 as id');
  assert.deepEqual(seen.node['contract'], { enforced: false, alias_types: true, checksum: null });
  assert.equal((seen.node['config'] as Record<string, unknown>)['materialized'], 'view');
  assert.equal('origin' in seen.node, false);
  // A method, as on dbt's RunResult: not one of the result's keys.
  assert.equal(seen.own_keys.includes('to_dict'), false);
});
