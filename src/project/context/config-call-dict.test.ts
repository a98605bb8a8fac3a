// End to end: a node's config_call_dict holds what its config() calls passed, merged call over
// call as dbt collects them (the first call as made, then tags and hooks appended, meta updated,
// pre_hook named pre-hook), in the graph and on each result's node an on-run-end hook reads;
// dbt's own not_null and unique tests record their YAML config unrendered (severity
// upper-cased), other generic tests their rendered config() call.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { newProject, runCli, writeProjectFile } from '../../cli/test-helpers.js';

let dir = '';

before(async () => {
  dir = await newProject('loom', 'on-run-end: ["{{ show_calls(results) }}"]\n');
  writeProjectFile(dir, 'models/bolts.sql', [
    "{{ config(materialized='table', tags='nightly') }}",
    "{{ config(tags=['weekly'], meta={'owner': 'ines'}) }}",
    "{{ config(meta={'tier': 2}, pre_hook='select 1') }}",
    'select 1 as bolt_id, 2 as width',
  ].join('\n'));
  writeProjectFile(dir, 'models/threads.sql', "{{ config(tags='solo') }}\nselect 1 as thread_id\n");
  writeProjectFile(dir, 'models/spools.sql', 'select 1 as spool_id\n');
  writeProjectFile(dir, 'models/bolts.yml', [
    'models:',
    '  - name: bolts',
    '    columns:',
    '      - name: bolt_id',
    '        data_tests:',
    '          - not_null:',
    '              config: {severity: warn}',
    '      - name: width',
    '        data_tests:',
    '          - accepted_values:',
    '              arguments: {values: [2]}',
    '              config: {severity: warn}',
    '',
  ].join('\n'));
  writeProjectFile(dir, 'macros/show_calls.sql', [
    '{% macro show_calls(results) %}',
    '{% for r in results %}',
    "{% do log('CALLS ' ~ r.node.name ~ ' ' ~ tojson(r.node.config_call_dict) ~ ' | ' ~ tojson(graph.nodes[r.node.unique_id].config_call_dict) ~ ' | ' ~ tojson(r.node.to_dict()['config_call_dict']), info=true) %}",
    '{% endfor %}',
    '{% endmacro %}',
  ].join('\n'));
});
after(async () => rm(dir, { recursive: true, force: true }));

test("config_call_dict holds a node's merged config() calls in the graph and on its result, as dbt's node keeps them", async () => {
  const run = await runCli(['build', '--project-dir', dir, '--profiles-dir', dir]);
  assert.equal(run.code, 0, run.out + run.err);
  const calls = new Map<string, string[]>();
  for (const m of run.out.matchAll(/CALLS (\S+) (.*)$/gmu)) calls.set(m[1]!, m[2]!.split(' | '));
  const expect = (name: string, json: string): void => assert.deepEqual(calls.get(name), [json, json, json], name);
  expect('bolts', '{"materialized": "table", "tags": ["nightly", "weekly"], "meta": {"owner": "ines", "tier": 2}, "pre-hook": ["select 1"]}');
  // A lone call is kept as it was made: its tags stay a string.
  expect('threads', '{"tags": "solo"}');
  expect('spools', '{}');
  expect('not_null_bolts_bolt_id', '{"severity": "WARN"}');
  expect('accepted_values_bolts_width__2', '{"severity": "warn"}');
});
