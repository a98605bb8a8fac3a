// End to end: on-run-end after `source freshness` sees the checks as dbt's freshness results:
// each source with its verdict, max_loaded_at and snapshotted_at as UTC datetimes and its age in
// seconds, and a check that failed with its error as the message.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { newProject, queryDb, runCli, writeProjectFile } from '../../cli/test-helpers.js';

let dir = '';

before(async () => {
  dir = await newProject(
    'freshhook',
    [
      'on-run-start: ["create table if not exists main.plays as select now() - interval 2 day as played_at"]',
      'on-run-end: ["{{ save_freshness(results) }}"]',
      '',
    ].join('\n'),
  );
  writeProjectFile(
    dir,
    'models/sources.yml',
    [
      'version: 2',
      'sources:',
      '  - name: app',
      '    schema: main',
      '    loaded_at_field: played_at',
      '    freshness:',
      '      warn_after: {count: 1, period: day}',
      '    tables:',
      '      - name: plays',
      '      - name: missing_table',
      '',
    ].join('\n'),
  );
  writeProjectFile(
    dir,
    'macros/save_freshness.sql',
    [
      '{% macro save_freshness(results) %}',
      '{% do run_query("create or replace table main.checks (node_id varchar, status varchar, source_name varchar, age_hours integer, loaded_year varchar, snapshot_tz varchar, has_message boolean, dict_status varchar)") %}',
      '{% for r in results %}',
      "{% set fresh = r.age is defined %}",
      "{% do run_query(\"insert into main.checks values ('\" ~ r.node.unique_id ~ \"', '\" ~ r.status ~ \"', '\" ~ r.node.source_name ~ \"', \"",
      "   ~ ((r.age / 3600) | int if fresh else 'null') ~ \", '\" ~ (r.max_loaded_at.strftime('%Y') if fresh else '') ~ \"', '\"",
      "   ~ (r.snapshotted_at.tzinfo if fresh else '') ~ \"', \" ~ (r.message is not none) ~ \", '\" ~ r.to_dict()['status'] ~ \"')\") %}",
      '{% endfor %}',
      '{% endmacro %}',
      '',
    ].join('\n'),
  );
});
after(() => rm(dir, { recursive: true, force: true }));

test('on-run-end after source freshness sees each check as a freshness result', async () => {
  const run = await runCli(['source', 'freshness', '--project-dir', dir, '--profiles-dir', dir]);
  assert.equal(run.code, 1, `${run.out}\n${run.err}`);
  const [rows] = await queryDb(join(dir, 'freshhook.duckdb'), 'select * from main.checks order by node_id');
  assert.deepEqual(rows, [
    ['source.freshhook.app.missing_table', 'runtime error', 'app', null, '', '', true, 'runtime error'],
    ['source.freshhook.app.plays', 'warn', 'app', 48, String(new Date(Date.now() - 2 * 86400e3).getUTCFullYear()), 'UTC', false, 'warn'],
  ]);
});
