// End to end: on-run-end's `results` read as dbt's RunResult objects do in the "log results"
// macros projects and packages write: timing as datetimes (printed, strftime, isoformat), the
// status compared with a string, the node's config, the adapter response, and to_dict().
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { newProject, queryDb, runCli, writeProjectFile } from '../../cli/test-helpers.js';

let dir = '';

before(async () => {
  dir = await newProject('reslog', 'on-run-end: ["{{ upload_results(results) }}"]\n');
  writeProjectFile(dir, 'models/plays.sql', "{{ config(materialized='table') }}\nselect 1 as id union all select 2\n");
  writeProjectFile(dir, 'models/plays_view.sql', "select * from {{ ref('plays') }}\n");
  writeProjectFile(dir, 'models/schema.yml', 'version: 2\nmodels:\n  - name: plays\n    columns:\n      - name: id\n        data_tests: [unique]\n');
  writeProjectFile(
    dir,
    'macros/upload_results.sql',
    [
      '{% macro upload_results(results) %}',
      '{% do run_query("create or replace table main.executions (node_id varchar, status varchar, is_success boolean, materialized varchar, rows_affected integer,'
        + ' compile_started_at timestamp, started_text varchar, started_strftime varchar, started_iso varchar, epoch double, seconds double,'
        + ' dict_started varchar, dict_node varchar, skipped boolean, agate varchar, batches varchar)") %}',
      '{% for r in results %}',
      '{% set execute = r.timing | selectattr("name", "equalto", "execute") | first %}',
      'insert into main.executions values (',
      "'{{ r.node.unique_id }}', '{{ r.status }}', {{ r.status == 'success' }}, '{{ r.node.config.materialized }}', {{ r.adapter_response.get('rows_affected', 'null') }},",
      '{% for stage in r.timing if stage.name == "compile" %}{% if loop.length == 0 %}null{% else %}\'{{ stage.started_at }}\'{% endif %}{% endfor %},',
      "'{{ execute.started_at }}', '{{ execute.started_at.strftime('%Y-%m-%d %H:%M:%S') }}', '{{ execute.started_at.isoformat() }}',",
      "{{ execute.started_at.timestamp() }}, {{ (execute.completed_at - execute.started_at).total_seconds() }},",
      "'{{ r.to_dict()['timing'][1]['started_at'] }}', '{{ r.to_dict()['node']['unique_id'] }}', {{ r.skipped }}, '{{ r.agate_table }}', '{{ r.batch_results }}');",
      '{% endfor %}',
      '{% endmacro %}',
      '',
    ].join('\n'),
  );
});
after(() => rm(dir, { recursive: true, force: true }));

test("on-run-end results expose dbt's RunResult attributes: datetime timing, status, node config, adapter response, to_dict()", async () => {
  const run = await runCli(['build', '--project-dir', dir, '--profiles-dir', dir]);
  assert.equal(run.code, 0, `${run.out}\n${run.err}`);
  const [rows] = await queryDb(
    join(dir, 'reslog.duckdb'),
    'select node_id, status, is_success, materialized, rows_affected, compile_started_at is not null, started_text, started_strftime, started_iso, epoch, seconds, dict_started, dict_node, skipped, agate, batches from main.executions order by node_id',
  );
  const byId = new Map(rows.map((r) => [String(r[0]), r]));
  assert.deepEqual([...byId.keys()], ['model.reslog.plays', 'model.reslog.plays_view', 'test.reslog.unique_plays_id.0e2a47f49a']);
  const table = byId.get('model.reslog.plays')!;
  assert.deepEqual(table.slice(1, 6), ['success', true, 'table', 2, true]);
  // str() of a naive UTC datetime, its strftime and isoformat (no offset: dbt's timing datetimes carry no zone).
  const [text, strf, iso, epoch, seconds] = table.slice(6, 11) as [string, string, string, number, number];
  assert.match(text, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d{6})?$/);
  assert.equal(strf, text.slice(0, 19));
  assert.equal(iso, text.replace(' ', 'T'));
  // timestamp() keeps the microseconds the timing was recorded with.
  assert.ok(Math.abs(epoch - Date.parse(`${iso}Z`) / 1000) < 0.001);
  assert.equal(Math.round(epoch * 1e6) % 1e6, Number(iso.slice(20, 26) || 0));
  assert.ok(seconds >= 0);
  // to_dict() serialises the datetimes as dbt does, ISO with a Z; the node comes along as data.
  assert.match(String(table[11]), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
  assert.deepEqual(table.slice(12), ['model.reslog.plays', false, 'None', 'None']);
  assert.deepEqual(byId.get('model.reslog.plays_view')!.slice(1, 5), ['success', true, 'view', -1]);
  const testRow = [...byId.values()].find((r) => String(r[0]).startsWith('test.'))!;
  // A data test's adapter response is dbt-duckdb's {_message: 'OK'}: it has no row count.
  assert.deepEqual(testRow.slice(1, 5), ['pass', false, 'test', null]);
});
