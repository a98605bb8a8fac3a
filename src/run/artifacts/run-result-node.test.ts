// End to end: each on-run-end result's `node` reads as dbt's node object rather than a dict: its
// config answers keys the node's kind has none of with None (a test has no full_refresh), as
// run-logging packages rely on when they fall back to the --full-refresh flag, and to_dict()
// gives the node as plain data, whose config has only the node's own keys.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { newProject, queryDb, runCli, writeProjectFile } from '../../cli/test-helpers.js';

let dir = '';

before(async () => {
  dir = await newProject('noderes', 'on-run-end: ["{{ log_runs(results) }}"]\n');
  writeProjectFile(dir, 'models/shows.sql', "{{ config(materialized='table') }}\nselect 1 as id\n");
  writeProjectFile(dir, 'models/schema.yml', 'version: 2\nmodels:\n  - name: shows\n    columns:\n      - name: id\n        data_tests: [not_null]\n');
  writeProjectFile(
    dir,
    'macros/log_runs.sql',
    [
      '{% macro log_runs(results) %}',
      '{% do run_query("create or replace table main.runs (node_id varchar, full_refresh varchar, by_key varchar, missing_is_none boolean, as_dict varchar, dict_id varchar, dict_lacks_key boolean)") %}',
      '{% for r in results %}',
      '{% set fr = r.node.config.full_refresh %}{% if fr is none %}{% set fr = flags.FULL_REFRESH %}{% endif %}',
      '{% set d = r.node.to_dict() %}',
      "insert into main.runs values ('{{ r.node.unique_id }}', '{{ fr }}', '{{ r.node.config['no_such_key'] }}', {{ r.node.config.no_such_key is none }},",
      "'{{ d is mapping }}', '{{ d.unique_id }}', {{ d.config.no_such_key is not defined }});",
      '{% endfor %}',
      '{% endmacro %}',
      '',
    ].join('\n'),
  );
});
after(() => rm(dir, { recursive: true, force: true }));

test("on-run-end results' node config reads a key the node lacks as None, and node.to_dict() gives the node as data", async () => {
  const run = await runCli(['build', '--project-dir', dir, '--profiles-dir', dir]);
  assert.equal(run.code, 0, `${run.out}\n${run.err}`);
  const [rows] = await queryDb(join(dir, 'noderes.duckdb'), 'select * from main.runs order by node_id');
  assert.deepEqual(rows, [
    ['model.noderes.shows', 'False', 'None', true, 'True', 'model.noderes.shows', true],
    ['test.noderes.not_null_shows_id.286efc9f6f', 'False', 'None', true, 'True', 'test.noderes.not_null_shows_id.286efc9f6f', true],
  ]);
});
